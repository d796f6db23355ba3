import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright';
import { launchChromium } from './browser.ts';
import {
  FIXTURE_000,
  cell,
  cellPosition,
  cellText,
  compactColumns,
  createFromTemplate,
  freshPage,
  importJson,
  levelScore,
  text,
  typeInto,
  until,
  waitSaved,
} from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the workbench', () => {
  it('creates an evaluation from the national framework template', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await createFromTemplate(page, 'national-2020');
    expect(await page.getByTestId('max-total').textContent()).toBe('100');
    expect(await page.getByTestId('level-total').count()).toBe(4);
    // Nothing is scored yet: the bar says the total and grade are not a verdict.
    expect(await text(page, 'pending-note')()).toMatch(/^\d+ 项未评分/);
    // Leaves with a target but no actual yet have no completion status: 待判定.
    expect(await text(page, 'status-counts')()).toMatch(/^已完成 0 · 部分完成 0 · 未完成 0 · 待判定 [1-9]\d*$/);
    await waitSaved(page);
    await page.getByTestId('back-home').click();
    await expect.poll(() => page.getByTestId('evaluation-row').count()).toBe(1);
    expect(await page.getByTestId('evaluation-row').first().textContent()).toContain('第三方评价');
    await context.close();
  });

  it('follows an actual typed into the grid: leaf score, subtotal, total and grade', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    // 四舍五入: 预算执行率 39.96% × 3 = 1.1988 → 1.20, so 91.56 (the report truncated it to 1.19).
    await until(text(page, 'total-score'), '91.56');
    expect(await text(page, 'grade')()).toBe('优');
    expect(await page.getByTestId('pending-note').count()).toBe(0);
    // 000 表3 counts 11 + 3 over its 产出/效益 leaves; 资金到位率 and 预算执行率 have targets too.
    expect(await text(page, 'status-counts')()).toBe('已完成 12 · 部分完成 4 · 未完成 0');
    expect(await cellText(page, '使用人员满意度', '得分')).toBe('5.36');
    expect(await levelScore(page, 3)).toBe('26.36');

    // 满意度 20% × 7 = 1.40: 效益 26.36 → 22.40, total 91.56 → 87.60, 优 → 良.
    await typeInto(page, '使用人员满意度', '实际完成值', '20%');
    await until(text(page, 'total-score'), '87.60');
    expect(await cellText(page, '使用人员满意度', '得分')).toBe('1.40');
    expect(await levelScore(page, 3)).toBe('22.40');
    expect(await text(page, 'grade')()).toBe('良');
    await waitSaved(page);

    // Nothing is lost on reload: the list shows the new total, the evaluation the new actual.
    await page.reload();
    await until(text(page, 'total-score'), '87.60');
    expect(await cellText(page, '使用人员满意度', '实际完成值')).toBe('20%');
    await page.getByTestId('back-home').click();
    await until(async () => (await page.getByTestId('row-total').first().textContent())?.trim(), '87.60');
    await context.close();
  });

  it('pins a score over a rule, shows it pinned, and unpins', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await until(text(page, 'total-score'), '91.56');
    // 预算执行率 is ruled (ratio): typing a score pins it.
    await typeInto(page, '预算执行率', '得分', '2');
    await until(async () => cellText(page, '预算执行率', '得分'), '2.00');
    await until(text(page, 'total-score'), '92.36');
    await page.getByTestId('tab-rule').click();
    await (await cell(page, '预算执行率', '得分')).click();
    await expect.poll(() => page.getByTestId('rule-pinned').count()).toBe(1);
    expect(await text(page, 'rule-type')()).toContain('比例计分');
    // A finding says the pin differs from what the rule computes.
    await page.getByTestId('tab-findings').click();
    await expect.poll(async () => (await page.getByTestId('finding').allTextContents()).some((t) => t.includes('预算执行率'))).toBe(true);
    await page.getByTestId('tab-rule').click();
    await page.getByTestId('unpin').click();
    await until(text(page, 'total-score'), '91.56');
    expect(await page.getByTestId('rule-pinned').count()).toBe(0);
    await context.close();
  });

  it('undoes and redoes cell edits and structural changes', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await until(text(page, 'total-score'), '91.56');
    await typeInto(page, '使用人员满意度', '实际完成值', '20%');
    await until(text(page, 'total-score'), '87.60');

    // Structural: delete a leaf with the toolbar (the grid selection is on 使用人员满意度's row).
    await (await cell(page, '使用人员满意度', '实际完成值')).click();
    await page.getByTestId('delete-indicator').click();
    await until(text(page, 'total-score'), '86.20');
    await expect(cellPosition(page, '使用人员满意度', '得分')).rejects.toThrow();

    // Ctrl+Z from outside the grid (the toolbar has focus) restores the row, then the actual.
    await page.getByTestId('undo').focus();
    await page.keyboard.press('Control+z');
    await until(text(page, 'total-score'), '87.60');
    expect(await cellText(page, '使用人员满意度', '实际完成值')).toBe('20%');
    await page.getByTestId('undo').click();
    await until(text(page, 'total-score'), '91.56');
    expect(await cellText(page, '使用人员满意度', '实际完成值')).toBe('76.57%');

    await page.getByTestId('redo').click();
    await until(text(page, 'total-score'), '87.60');
    await page.keyboard.press('Control+y');
    await until(text(page, 'total-score'), '86.20');
    await waitSaved(page);
    await page.reload();
    await until(text(page, 'total-score'), '86.20');
    await context.close();
  });

  it('pastes a block of actuals from a spreadsheet', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await createFromTemplate(page, 'self-2022');
    await compactColumns(page);
    // Select 完成项目数量 / 实际完成值 and paste two rows × one column, as copied from Excel.
    await (await cell(page, '完成项目数量', '实际完成值')).click();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '10个\r\n500人次\r\n');
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await until(() => cellText(page, '服务覆盖人次', '实际完成值'), '500人次');
    expect(await cellText(page, '完成项目数量', '实际完成值')).toBe('10个');
    // 10 ≥ 10 → full 10; 500 / 1000 = 50% × 10 → 5.
    await until(() => cellText(page, '服务覆盖人次', '得分'), '5.00');
    expect(await cellText(page, '完成项目数量', '得分')).toBe('10.00');
    // One paste is one undo step.
    await page.getByTestId('undo').click();
    await until(() => cellText(page, '服务覆盖人次', '实际完成值'), '');
    expect(await cellText(page, '完成项目数量', '实际完成值')).toBe('');
    await context.close();
  });
});
