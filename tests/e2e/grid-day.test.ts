/**
 * Issue 9, the grid as a day's tool, through the built app: frozen names in line (measured in
 * px), every arriving character kept, a typed score kept across a rule change, findings by
 * severity, the side panel folded at 1024 px, find/replace, filters, fill-down and zoom.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, cell, cellText, freshPage, importJson, text, typeInto, until, waitSaved } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Top of the frozen 三级 cell minus top of the master 分值 cell, for each row drawn in both. */
function drift(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const grid = document.querySelector('[data-testid="indicator-grid"]');
    const rows = (overlay: string) => [...(grid?.querySelectorAll<HTMLTableRowElement>(`.${overlay} .htCore tbody tr`) ?? [])];
    const master = rows('ht_master');
    const frozen = rows('ht_clone_inline_start');
    return frozen.slice(0, master.length).map((tr, i) => Math.round(tr.getBoundingClientRect().top - (master[i] as HTMLTableRowElement).getBoundingClientRect().top));
  });
}

async function selectedLeafName(page: Page): Promise<string> {
  return ((await page.getByTestId('rule-path').textContent()) ?? '').split('›').pop()?.trim() ?? '';
}

describe('the grid as a day’s tool', () => {
  it('keeps the frozen names in line after Enter on the last row, which stays on that row', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    // Wrapped long texts make the rows tall: the case where the names drifted 29 px.
    await page.getByTestId('density').selectOption('comfortable');
    // The whole width for the grid, so 扣分原因 is drawn beside the long texts.
    await page.getByTestId('side-toggle').click();
    const reason = await cell(page, '使用人员满意度', '扣分原因');
    await reason.click();
    await page.keyboard.press('F2');
    await page.keyboard.type('补充说明');
    await page.keyboard.press('Enter');
    await until(() => cellText(page, '使用人员满意度', '扣分原因').then((t) => t.endsWith('补充说明')), true);
    await until(() => selectedLeafName(page), '使用人员满意度');
    await expect.poll(async () => (await drift(page)).filter((dy) => Math.abs(dy) > 1)).toEqual([]);
    expect((await drift(page)).length).toBeGreaterThan(0);
    await context.close();
  });

  it('keeps every character committed without a key, and every key under CPU load', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await (await cell(page, '软件开发数', '实际完成值')).click();
    await page.keyboard.insertText('≥12套');
    await page.keyboard.press('Enter');
    await until(() => cellText(page, '软件开发数', '实际完成值'), '≥12套');

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    try {
      await (await cell(page, '资金到位率', '实际完成值')).click();
      await page.keyboard.type('95%');
      await cdp.send('Input.insertText', { text: '≥' });
      await page.keyboard.press('Enter');
      await until(() => cellText(page, '资金到位率', '实际完成值'), '95%≥', 15_000);
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.detach();
    }
    await context.close();
  });

  it('keeps a typed score, pinned and said so, when 手工打分 becomes 分档计分', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await until(text(page, 'total-score'), '91.56');
    await (await cell(page, '使用人员满意度', '得分')).click();
    await page.getByTestId('rule-type').selectOption('manual');
    await (await cell(page, '使用人员满意度', '得分')).click();
    await page.keyboard.type('5.36');
    await page.keyboard.press('Enter');
    await until(text(page, 'total-score'), '91.56');
    await page.getByTestId('rule-type').selectOption('bands');
    await until(text(page, 'total-score'), '91.56');
    expect(await text(page, 'grade')()).toBe('优');
    expect(await text(page, 'rule-kept-note')()).toContain('5.36');
    expect(await page.getByTestId('rule-pinned').count()).toBe(1);
    // Compact rows cut the long texts to one line: the side panel has them whole.
    expect(await text(page, 'rule-fulltext')()).toContain('按调查问卷设定分值计算');
    await context.close();
  });

  it('lists errors first under 截尾 and counts only errors and warnings in the badge; filters by severity', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await page.getByTestId('toggle-header').click();
    await page.getByTestId('rounding').selectOption('truncate');
    await until(text(page, 'total-score'), '91.54');
    await page.getByTestId('tab-findings').click();
    const severities = await page.getByTestId('finding').evaluateAll((els) => els.map((el) => el.getAttribute('data-severity')));
    const rank = severities.map((s) => ['error', 'warning', 'info'].indexOf(s ?? ''));
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expect(severities[0]).toBe('error');
    const serious = severities.filter((s) => s !== 'info').length;
    expect(await text(page, 'findings-count')()).toBe(String(serious));
    await page.getByTestId('findings-filter-warning').uncheck();
    await page.getByTestId('findings-filter-info').uncheck();
    await expect.poll(() => page.getByTestId('finding').evaluateAll((els) => els.map((el) => el.getAttribute('data-severity')))).toEqual(
      severities.filter((s) => s === 'error'),
    );
    await context.close();
  });

  it('at 1024×700 folds the side panel (remembered) and shows 得分 on screen', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(inject('appUrl'));
    await importJson(page, FIXTURE_000);
    // 000's long texts open it compact: one line per cell.
    expect(await page.getByTestId('density').locator('option:checked').textContent()).toContain('紧凑');
    const heights = await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
    // Only a one-row group (000's 产出成本, one leaf) is taller: its wrapped label and subtotal.
    expect(heights.filter((h) => h >= 60).length).toBeLessThanOrEqual(1);
    expect(heights.length).toBeGreaterThan(10);
    await page.getByTestId('side-toggle').click();
    await expect.poll(() => page.locator('aside.side').isVisible()).toBe(false);
    const scoreHeader = page.locator('[data-testid="indicator-grid"] .ht_clone_top thead th', { hasText: /^得分$/ }).first();
    await expect.poll(async () => {
      const box = await scoreHeader.boundingBox();
      return box !== null && box.x + box.width <= 1024;
    }).toBe(true);
    await page.screenshot({ path: '/tmp/grid-1024.png' }).catch(() => undefined);
    await page.reload();
    await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor();
    expect(await page.locator('aside.side').isVisible()).toBe(false);
    await page.getByTestId('side-toggle').click();
    await expect.poll(() => page.locator('aside.side').isVisible()).toBe(true);
    await context.close();
  });

  it('finds and replaces (Ctrl+H; replace all is one undo step), filters rows, fills down (Ctrl+D) and zooms (remembered)', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await (await cell(page, '资金到位率', '实际完成值')).click();
    await page.keyboard.press('Control+h');
    await page.getByTestId('find-bar').waitFor();
    await page.getByTestId('find-query').fill('满意度');
    await until(async () => /^1 \/ \d+$/.test(await text(page, 'find-count')()), true);
    await page.getByTestId('replace-with').fill('满意率');
    await page.getByTestId('replace-all').click();
    await until(async () => (await cellText(page, '使用人员满意率', '分值')) !== '', true);
    await page.getByTestId('undo').click();
    await until(async () => (await cellText(page, '使用人员满意度', '分值')) !== '', true);

    await page.getByTestId('grid-filter').selectOption('findings');
    const drawnNames = () =>
      page.evaluate(() => {
        const master = document.querySelector('[data-testid="indicator-grid"] .ht_master');
        const heads = [...(master?.querySelectorAll('thead tr:last-child th') ?? [])];
        const at = heads.findIndex((th) => (th.textContent ?? '').trim() === '三级指标');
        return [...(master?.querySelectorAll<HTMLTableRowElement>('tbody tr') ?? [])].map((tr) => (tr.cells[at]?.textContent ?? '').trim());
      });
    await expect.poll(async () => (await drawnNames()).includes('资金到位率')).toBe(false);
    expect(await drawnNames()).toContain('预算执行率');
    await page.getByTestId('grid-filter').selectOption('all');
    await expect.poll(async () => (await drawnNames()).includes('资金到位率')).toBe(true);

    // Fill down: 资金到位率's 实际完成值 over 预算执行率's, then one undo puts it back.
    const before = await cellText(page, '预算执行率', '实际完成值');
    await (await cell(page, '资金到位率', '实际完成值')).click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+d');
    await until(() => cellText(page, '预算执行率', '实际完成值'), await cellText(page, '资金到位率', '实际完成值'));
    await page.getByTestId('undo').click();
    await until(() => cellText(page, '预算执行率', '实际完成值'), before);

    await page.getByTestId('zoom-in').click();
    await until(text(page, 'zoom-level'), '110%');
    await waitSaved(page);
    await page.reload();
    await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor();
    expect(await text(page, 'zoom-level')()).toBe('110%');
    await context.close();
  });

  it('keeps the undo history across a reload of the same evaluation', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await typeInto(page, '使用人员满意度', '实际完成值', '20%');
    await until(text(page, 'total-score'), '87.60');
    await typeInto(page, '资金到位率', '实际完成值', '90%');
    await until(text(page, 'total-score'), '84.60');
    await waitSaved(page);
    await page.reload();
    await until(text(page, 'total-score'), '84.60');
    await expect.poll(() => page.getByTestId('undo').isEnabled()).toBe(true);
    await page.getByTestId('undo').click();
    await until(text(page, 'total-score'), '87.60');
    await page.getByTestId('undo').click();
    await until(text(page, 'total-score'), '91.56');
    await page.getByTestId('redo').click();
    await until(text(page, 'total-score'), '87.60');
    await context.close();
  });

  it('shows the whole shortcuts popover above the grid at 1440×900', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await page.getByTestId('shortcuts').click();
    const panel = page.getByRole('dialog', { name: '键盘快捷键' });
    await panel.waitFor();
    const covered = await panel.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const misses: string[] = [];
      for (const fx of [0.1, 0.5, 0.9]) {
        for (const fy of [0.1, 0.5, 0.95]) {
          const x = box.left + box.width * fx;
          const y = box.top + box.height * fy;
          const hit = document.elementFromPoint(x, y);
          if (!hit || !el.contains(hit)) misses.push(`${Math.round(x)},${Math.round(y)}: ${hit?.className ?? 'nothing'}`);
        }
      }
      return { misses, bottom: box.bottom, height: window.innerHeight };
    });
    expect(covered.misses).toEqual([]);
    expect(covered.bottom).toBeLessThanOrEqual(covered.height);
    expect(await panel.textContent()).toContain('Ctrl+D');
    await context.close();
  });
});
