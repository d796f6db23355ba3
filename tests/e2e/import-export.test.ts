/**
 * The spreadsheet path as a user walks it in the built app: import a 自评表 through the
 * dialog, open it from the list, read its figures in the workbench, export it as .xlsx through
 * the 导出 menu, and check with the Node-side importer that the download carries the same
 * evaluation. And a file that is not a spreadsheet: the message in the dialog, the list as it was.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import { importAll } from '../../src/io/import-workbook.ts';
import { withoutIds } from '../unit/io/helpers.ts';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, freshPage, importJson, levelScore, text, until, waitForGrid, waitSaved } from './helpers.ts';

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const SELF_EVAL_XLSX = fixturePath('selfeval-2022.xlsx');
const NOT_A_SPREADSHEET = fixturePath('bad-not-a-spreadsheet.xlsx');
const SHANGHAI_XLSX = fixturePath('shanghai-2019-selfeval.xlsx');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const rows = (page: Page) => page.getByTestId('evaluation-row');
const rowTexts = async (page: Page) => (await rows(page).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());

function importNode(bytes: Uint8Array, name: string) {
  const out = importAll(bytes, name);
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
  return out.value;
}

describe('spreadsheet import and export in the app', () => {
  it('imports the four Shanghai tables at once; a two-level table shows no 三级 column and its 执行率 as stated funds', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await page.getByTestId('import').click();
    await page.getByTestId('import-file-input').setInputFiles(SHANGHAI_XLSX);
    await expect.poll(() => page.getByTestId('import-table').count(), { timeout: 20_000 }).toBe(4);
    await page.getByTestId('import-confirm').click();
    await expect.poll(() => rows(page).count()).toBe(4);
    expect((await rowTexts(page)).filter((t) => t.includes('优秀'))).toHaveLength(4);

    await rows(page).filter({ hasText: '上海市12371党建服务热线系统' }).getByTestId('open-evaluation').click();
    await waitForGrid(page);
    await until(text(page, 'total-score'), '99.00');
    expect(await text(page, 'grade')()).toBe('优秀');
    // Weight 0: the stated funds give no points; the bar shows the rate they imply.
    expect(await text(page, 'funds-total')()).toMatch(/^预算执行率\s*99\.41%$/);
    const headers = await page.locator('[data-testid="indicator-grid"] .ht_master thead th').allTextContents();
    expect(headers.map((h) => h.trim())).toContain('二级指标');
    expect(headers.map((h) => h.trim())).not.toContain('三级指标');
    await context.close();
  });

  it('imports the 2022 自评表, shows its funds block and total, exports .xlsx that re-imports to the same evaluation', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await page.getByTestId('import').click();
    await page.getByTestId('import-file-input').setInputFiles(SELF_EVAL_XLSX);
    await page.getByTestId('import-table').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('import-table').count()).toBe(1);
    await page.getByTestId('import-confirm').click();
    await waitForGrid(page);
    await waitSaved(page);

    // Open it from the home list, as a user coming back to it would.
    await page.getByTestId('back-home').click();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect((await rowTexts(page))[0]).toContain('社区综合服务站建设项目');
    const id = await rows(page).first().getAttribute('data-id');
    expect(id).toBeTruthy();
    await rows(page).first().getByTestId('open-evaluation').click();
    await waitForGrid(page);

    // 10 × 99.31 / 100 = 9.93; levels 47.7 + 29 + 10; total 96.63 (the sheet states 97.13).
    await until(text(page, 'total-score'), '96.63');
    expect(await text(page, 'grade')()).toBe('优');
    expect(await text(page, 'funds-total')()).toMatch(/^项目资金\s*9\.93 \/ 10\s*执行率 99\.31%$/);
    expect([await levelScore(page, 0), await levelScore(page, 1), await levelScore(page, 2)]).toEqual(['47.70', '29.00', '10.00']);
    await page.getByTestId('toggle-header').click();
    await until(text(page, 'funds-score'), '9.93');
    expect(await text(page, 'funds-rate')()).toBe('99.31%');
    expect([
      await page.getByTestId('funds-initial').inputValue(),
      await page.getByTestId('funds-annual').inputValue(),
      await page.getByTestId('funds-executed').inputValue(),
    ]).toEqual(['100', '100', '99.31']);

    await page.getByTestId('export-menu').click();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('社区综合服务站建设项目-2022-评分表.xlsx');
    const path = await download.path();
    const exported = importNode(new Uint8Array(readFileSync(path)), download.suggestedFilename());

    // The app keeps the ids its importer drew, and the export carries that evaluation whole
    // in its hidden sheet.
    expect(exported.analysis.restored).toHaveLength(1);
    expect(exported.evaluations).toHaveLength(1);
    const { createdAt, updatedAt, ...roundTrip } = exported.evaluations[0]!;
    expect(roundTrip.id).toBe(id);
    // The store stamps the times when it saves the import; the sheet has none.
    expect([typeof createdAt, typeof updatedAt]).toEqual(['number', 'number']);
    // A second import of the fixture draws new ids; everything else is the same.
    const direct = importNode(new Uint8Array(readFileSync(SELF_EVAL_XLSX)), 'selfeval-2022.xlsx').evaluations[0]!;
    expect(direct.createdAt).toBeUndefined();
    expect(withoutIds(roundTrip)).toEqual(withoutIds(direct));
    await context.close();
  });

  it('a file that is not a spreadsheet: the Chinese message in the dialog, nothing imported', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await waitSaved(page);
    await page.getByTestId('back-home').click();
    await expect.poll(() => rows(page).count()).toBe(1);
    const before = await rowTexts(page);

    await page.getByTestId('import').click();
    await page.getByTestId('import-file-input').setInputFiles(NOT_A_SPREADSHEET);
    const error = page.getByTestId('import-error');
    await error.first().waitFor({ timeout: 20_000 });
    expect(await error.allTextContents()).toEqual(['文件“bad-not-a-spreadsheet.xlsx”不是电子表格（支持 .xlsx、.xls、.csv、.ods）。']);
    expect(await page.getByTestId('import-table').count()).toBe(0);
    expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' });

    expect(await rowTexts(page)).toEqual(before);
    await page.reload();
    await expect.poll(() => rows(page).count()).toBe(1);
    expect(await rowTexts(page)).toEqual(before);
    await context.close();
  });
});
