/**
 * The smaller promises the hostile probe checked, each as the user meets it: leaving while
 * 保存失败 never drops the edits (every way out asks, and a document left anyway is kept and
 * saved once there is space); a paste that adds rows is one undo step; bidi controls show as
 * marks; a 1 MB project name leaves the home list's buttons on screen; the app refuses to run
 * inside another site's frame.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, breakDisk, cell, cellText, compactColumns, fixtureText, freeDisk, freshPage, importJson, text, typeInto, until, waitForGrid, waitSaved } from './helpers.ts';
import { eventually, openId, storedDocument } from './probe-tools.ts';

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'jixiao-guards-'));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The fixture with changes, written as a backup file to import. */
function variant(name: string, change: (doc: Record<string, unknown> & { meta: Record<string, unknown>; indicators: unknown[] }) => void): string {
  const doc = JSON.parse(fixtureText(FIXTURE_000));
  change(doc);
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('probe: guards', () => {
  it('asks before every way out while 保存失败, keeps the edit, and saves it once there is space', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await waitSaved(page);
    const id = await openId(page);
    await breakDisk(page);
    await typeInto(page, '使用人员满意度', '实际完成值', '20%');
    await until(text(page, 'save-state'), '保存失败');

    // ← 列表: asked; 留下 keeps the workbench and the edit.
    await page.getByTestId('back-home').click();
    await page.getByTestId('leave-dialog').waitFor();
    expect(await page.getByTestId('leave-dialog').textContent()).toContain('仍然离开');
    await page.getByTestId('leave-stay').click();
    await expect.poll(() => page.getByTestId('leave-dialog').count()).toBe(0);
    expect(await openId(page)).toBe(id);
    expect(await cellText(page, '使用人员满意度', '实际完成值')).toBe('20%');

    // A typed hash change and the browser's Back: asked each time.
    await page.evaluate(() => (location.hash = '#/'));
    await page.getByTestId('leave-dialog').waitFor();
    await page.getByTestId('leave-stay').click();
    await expect.poll(() => openId(page)).toBe(id);
    await page.goBack();
    await page.getByTestId('leave-dialog').waitFor();
    // 导出备份 downloads the document as it is in the page.
    const download = page.waitForEvent('download');
    await page.getByTestId('leave-export').click();
    expect((await download).suggestedFilename()).toContain('备份.json');
    // 仍然离开: the home list, the edit kept in the page.
    await page.getByTestId('leave-anyway').click();
    await page.getByTestId('evaluation-row').first().waitFor();
    expect((await storedDocument(page, id))!.leaves.find((l) => l.name === '使用人员满意度')!.actual).not.toBe('20%');

    // Space is freed: the kept document is saved without anyone pressing 重试.
    await freeDisk(page);
    expect(await eventually(async () => (await storedDocument(page, id))!.leaves.find((l) => l.name === '使用人员满意度')!.actual === '20%', 15_000)).toBe(true);
    await page.getByTestId('open-evaluation').first().click();
    await waitForGrid(page);
    await until(() => cellText(page, '使用人员满意度', '实际完成值'), '20%');
    await context.close();
  });

  it('gives a left document back, unsaved, when it is opened again in the same page', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await waitSaved(page);
    await breakDisk(page);
    await typeInto(page, '使用人员满意度', '实际完成值', '30%');
    await until(text(page, 'save-state'), '保存失败');
    await page.getByTestId('back-home').click();
    await page.getByTestId('leave-anyway').click();
    await page.getByTestId('open-evaluation').first().click();
    await waitForGrid(page);
    expect(await text(page, 'session-notice')()).toContain('未保存的修改');
    await until(() => cellText(page, '使用人员满意度', '实际完成值'), '30%');
    await freeDisk(page);
    await waitSaved(page);
    await context.close();
  });

  it('makes a paste that adds rows one save and one undo step', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await waitSaved(page);
    const id = await openId(page);
    const before = (await storedDocument(page, id))!;
    // From the last leaf down: one row fits, four are new.
    await (await cell(page, '使用人员满意度', '实际完成值')).click();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '91%\r\nx1\r\nx2\r\nx3\r\nx4\r\n');
      (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await waitSaved(page);
    const after = (await storedDocument(page, id))!;
    expect(after.leaves.length).toBe(before.leaves.length + 4);
    expect(after.leaves.find((l) => l.name === '使用人员满意度')!.actual).toBe('91%');
    expect(after.revision).toBe(before.revision + 1);
    await page.getByTestId('undo').click();
    await waitSaved(page);
    const undone = (await storedDocument(page, id))!;
    expect(undone.leaves.length).toBe(before.leaves.length);
    expect(undone.leaves.find((l) => l.name === '使用人员满意度')!.actual).toBe(before.leaves.find((l) => l.name === '使用人员满意度')!.actual);
    await context.close();
  });

  it('shows bidi controls as marks, and a 1 MB name keeps the list usable', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    const path = variant('bidi', (doc) => {
      doc.meta.projectName = `名称\u202E${'x'.repeat(1024 * 1024)}`;
      const first = (doc.indicators[0] as { children: { children: { reason: string }[] }[] }).children[0]!.children[0]!;
      first.reason = 'abc\u202Edef';
    });
    await importJson(page, path);
    await compactColumns(page);
    expect(await cellText(page, '立项依据充分性', '扣分原因')).toBe('abc⟨U+202E⟩def');
    const title = (await page.getByTestId('open-project-name').textContent()) ?? '';
    expect(title).toContain('⟨U+202E⟩');
    expect(title).not.toContain('\u202E');
    await page.getByTestId('back-home').click();
    const row = page.getByTestId('evaluation-row').first();
    await row.waitFor();
    for (const button of ['rename', 'duplicate', 'delete']) {
      const box = (await row.getByTestId(button).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1600);
    }
    expect(await row.getByTestId('open-evaluation').textContent()).not.toContain('\u202E');
    await context.close();
  });

  it('re-imports its own export as a copy, or replacing the original after a confirm', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await waitSaved(page);
    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-xlsx').click()]);
    const exported = join(dir, 'exported.xlsx');
    await download.saveAs(exported);
    await page.getByTestId('back-home').click();
    const rows = page.getByTestId('evaluation-row');
    await expect.poll(() => rows.count()).toBe(1);

    // Offered, not refused: 导入为副本 is the default.
    await page.getByTestId('import').click();
    await page.getByTestId('import-file-input').setInputFiles(exported);
    await page.getByTestId('import-clash').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('import-as-copy').isChecked()).toBe(true);
    await page.getByTestId('import-confirm').click();
    await waitForGrid(page);
    expect(await page.getByTestId('open-project-name').textContent()).toContain('（副本）');
    await page.getByTestId('back-home').click();
    await expect.poll(() => rows.count()).toBe(2);

    // 替换现有: asked once more, then the original goes (to the trash) and the import takes its place.
    const originalName = ((await rows.filter({ hasNotText: '（副本）' }).getByTestId('open-evaluation').textContent()) ?? '').trim();
    await page.getByTestId('import').click();
    await page.getByTestId('import-file-input').setInputFiles(exported);
    await page.getByTestId('import-clash').waitFor({ timeout: 20_000 });
    await page.getByTestId('import-replace').check();
    await page.getByTestId('import-confirm').click();
    expect(await page.getByTestId('import-replace-warning').textContent()).toContain('回收站');
    await page.getByTestId('import-confirm').click();
    await waitForGrid(page);
    expect(((await page.getByTestId('open-project-name').textContent()) ?? '').trim()).toBe(originalName);
    await page.getByTestId('back-home').click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: '（副本）' }).count()).toBe(1);
    await context.close();
  });

  it('draws the start of a huge cell, not a megabyte of wrapped text, and answers at once', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await waitSaved(page);
    await (await cell(page, '预算执行率', '扣分原因')).click();
    // The time from the paste to the badge's answer (已保存, or 保存失败 past the store's length limit).
    const log = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const badge = document.querySelector('[data-testid="save-state"]')!;
          const t0 = performance.now();
          const observer = new MutationObserver(() => {
            const state = (badge.textContent ?? '').trim();
            if (state === '已保存' || state === '保存失败') {
              observer.disconnect();
              resolve(`${state} after ${Math.round(performance.now() - t0)} ms`);
            }
          });
          observer.observe(badge, { subtree: true, childList: true, characterData: true });
          const data = new DataTransfer();
          data.setData('text/plain', 'y'.repeat(1024 * 1024));
          (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }),
    );
    console.log(`1 MB pasted into a cell: ${log}`);
    const shown = await cellText(page, '预算执行率', '扣分原因');
    expect(shown.length).toBeLessThan(6000);
    expect(shown).toContain('共 1,048,576 字');
    await context.close();
  });

  it('refuses to run inside another site’s frame', async () => {
    // A page served by the test counts as a public site, which Chromium would not let reach
    // 127.0.0.1 at all: that check is lifted, so the frame loads and the app's own guard acts.
    const open = await chromium.launch({
      executablePath: chromiumPath(),
      args: [...chromiumArgs, '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessChecks'],
      headless: true,
    });
    const context = await open.newContext();
    const page = await context.newPage();
    // Another origin (localhost, not 127.0.0.1) whose page frames the app; served by the test.
    const app = new URL(inject('appUrl'));
    const outside = `http://localhost:${app.port}/framing-site.html`;
    await page.route(outside, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><iframe src="${app.href}" width="800" height="600"></iframe>` }),
    );
    await page.goto(outside);
    const frame = page.frameLocator('iframe');
    await frame.getByTestId('framed').waitFor();
    expect(await frame.getByTestId('framed').textContent()).toContain('不能在其他网页的框架中使用');
    expect(await frame.getByTestId('app-title').count()).toBe(0);
    await open.close();
  });
});

