// Work across files (issue 10), driven through the built app: a 自评表 imported into an open
// evaluation as its second score set (the 004-style pair built in tests/fixtures/build/pair-004.ts:
// 自评 100 against 评价 84.94), a template saved, listed, used and round-tripped as a file, the
// next-year copy, and an indicator inserted from the library.
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, cellText, freshPage, importJson, text, typeInto, until, waitForGrid, waitSaved } from './helpers.ts';
import { evaluation, selfTable } from '../fixtures/build/pair-004.ts';
import { exportXlsx } from '../../src/io/export-xlsx.ts';

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'jixiao-across-'));
});
afterAll(async () => {
  await browser?.close();
});

const rows = (page: Page) => page.getByTestId('evaluation-row');

async function backHome(page: Page): Promise<void> {
  await waitSaved(page);
  await page.getByTestId('back-home').click();
  await page.getByTestId('new-evaluation').waitFor();
}

describe('自评 beside 评价', () => {
  it('imports a 自评表 into the open evaluation: both totals, differences per 一级 and per leaf, the evaluator’s scores untouched', async () => {
    const evalFile = join(dir, 'evaluation.json');
    writeFileSync(evalFile, JSON.stringify({ ...evaluation(), meta: { ...evaluation().meta, projectName: '培训项目绩效评价' } }));
    const selfFile = join(dir, '部门自评表.xlsx');
    writeFileSync(selfFile, await exportXlsx({ ...selfTable(), meta: { ...selfTable().meta, projectName: '培训项目', type: '自评' } }));

    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, evalFile);
    await until(text(page, 'total-score'), '84.94');
    const headers = () => page.locator('[data-testid="indicator-grid"] .ht_master thead th').allTextContents();
    expect((await headers()).map((h) => h.trim())).not.toContain('自评分');
    await page.getByTestId('tab-self').click();
    await page.getByTestId('self-file').setInputFiles(selfFile);
    await page.getByTestId('self-preview').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('self-matched').textContent()).toContain('已对应 9 项');
    expect(await page.getByTestId('self-unmatched-table').textContent()).toContain('本评价中没有同名指标');
    // Nothing changes before the user confirms.
    expect(await text(page, 'total-score')()).toBe('84.94');
    await page.getByTestId('self-confirm').click();

    await until(text(page, 'self-total'), '100.00');
    expect(await text(page, 'eval-total')()).toBe('84.94');
    expect(await text(page, 'self-grade')()).toBe('优');
    // The totals bar shows both totals and grades.
    expect(await text(page, 'totals-self-score')()).toBe('100.00');
    expect(await page.getByTestId('totals-self').textContent()).toContain('优');
    expect(await text(page, 'grade')()).toBe('良');
    expect(await text(page, 'total-score')()).toBe('84.94');
    const diffRows = await page.getByTestId('self-diff-row').allTextContents();
    expect(diffRows[0]).toContain('学员满意度');
    expect(diffRows[0]).toContain('-6.00');
    expect(diffRows[1]).toContain('课程数量');
    // The grid shows 自评分 and 差异 beside 得分; a 自评分 typed in the grid is one more entry of the set.
    await until(() => cellText(page, '学员满意度', '自评分'), '30.00');
    expect(await cellText(page, '学员满意度', '差异')).toBe('-6.00');
    expect(await cellText(page, '学员满意度', '得分')).toBe('24.00');
    await typeInto(page, '课程数量', '自评分', '14');
    await until(text(page, 'self-total'), '99.00');
    await until(() => cellText(page, '课程数量', '差异'), '-2.00');
    expect(await text(page, 'total-score')()).toBe('84.94');
    await page.getByTestId('undo').click();
    await until(text(page, 'self-total'), '100.00');
    const levels = await page.getByTestId('self-level-table').locator('tbody tr').allTextContents();
    expect(levels.map((l) => l.replace(/\s+/g, ''))).toEqual(['效益3030.0024.00-6.00', '决策2020.0014.50-5.50', '产出3030.0027.00-3.00', '过程2020.0019.44-0.56']);

    // Kept across a reload; removing the 自评 set leaves the evaluator's scoring as it was, and undo brings it back.
    await waitSaved(page);
    await page.reload();
    await waitForGrid(page);
    await page.getByTestId('tab-self').click();
    await until(text(page, 'self-total'), '100.00');
    await page.getByTestId('self-remove').click();
    await expect.poll(() => page.getByTestId('self-total').count()).toBe(0);
    expect(await text(page, 'total-score')()).toBe('84.94');
    await page.getByTestId('undo').click();
    await until(text(page, 'self-total'), '100.00');
    await context.close();
  });
});

describe('templates and reuse', () => {
  it('saves a template without scores, lists it, creates from it, exports and imports it as a file', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await page.getByTestId('tab-library').click();
    await page.getByTestId('template-name').fill('智慧党建评价模板');
    await page.getByTestId('save-template').click();
    await backHome(page);
    await expect.poll(() => page.getByTestId('template-row').count()).toBe(1);
    expect(await page.getByTestId('template-name').first().textContent()).toBe('智慧党建评价模板');

    // Used from the 新建评价 menu: the 附件3 structure, nothing scored.
    await page.getByTestId('new-evaluation').click();
    await page.getByTestId('template-user').click();
    await waitForGrid(page);
    await until(text(page, 'total-score'), '0.00');
    expect(await cellText(page, '使用人员满意度', '得分')).toBe('');
    expect(await cellText(page, '使用人员满意度', '分值')).toBe('7');
    await backHome(page);
    await expect.poll(() => rows(page).count()).toBe(2);

    // Exported as a file, deleted, imported back.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-export').click()]);
    const file = join(dir, 'template.json');
    await download.saveAs(file);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('jixiao-template');
    await page.getByTestId('template-delete').click();
    await expect.poll(() => page.getByTestId('template-row').count()).toBe(0);
    await page.getByTestId('template-file').setInputFiles(file);
    await expect.poll(() => page.getByTestId('template-row').count()).toBe(1);

    // A file that is not a template: a Chinese message, nothing saved.
    const bogus = join(dir, 'notes.json');
    writeFileSync(bogus, '{"hello": 1}');
    await page.getByTestId('template-file').setInputFiles(bogus);
    await expect.poll(async () => (await page.locator('[role="status"], .toast, [data-testid="toast"]').allTextContents()).join('')).toContain('不是模板文件');
    expect(await page.getByTestId('template-row').count()).toBe(1);
    await context.close();
  });

  it('复制为下一年度: the year advances, targets stay, actuals, scores and reasons are cleared', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await backHome(page);
    const before = await rows(page).first().textContent();
    await page.getByTestId('next-year').first().click();
    await expect.poll(() => rows(page).count()).toBe(2);
    const texts = await rows(page).allTextContents();
    const year = Number(/20\d\d/.exec(before ?? '')?.[0]);
    expect(texts.some((t) => t.includes(String(year + 1)))).toBe(true);
    const next = rows(page).filter({ hasText: String(year + 1) });
    await next.getByTestId('open-evaluation').click();
    await waitForGrid(page);
    expect(await cellText(page, '使用人员满意度', '得分')).toBe('');
    expect(await cellText(page, '使用人员满意度', '扣分原因')).toBe('');
    expect(await cellText(page, '使用人员满意度', '分值')).toBe('7');
    await context.close();
  });

  it('inserts an indicator from the library with its criteria and rule', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await page.getByTestId('tab-library').click();
    await page.getByTestId('library-search').fill('资金到位率');
    await expect.poll(() => page.getByTestId('library-entry').count()).toBeGreaterThan(0);
    expect(await text(page, 'max-total')()).toBe('100');
    const entry = (await page.getByTestId('library-entry').first().textContent()) ?? '';
    const weight = Number(/([\d.]+) 分/.exec(entry)?.[1]);
    expect(weight).toBeGreaterThan(0);
    await page.getByTestId('library-insert').first().click();
    await waitSaved(page);
    // The new leaf adds its weight (a finding says the weights no longer add up) and is selected, with its rule.
    await until(text(page, 'max-total'), String(100 + weight));
    await page.getByTestId('tab-rule').click();
    await expect.poll(() => page.getByTestId('rule-path').textContent()).toContain('资金到位率');
    expect(await page.getByTestId('rule-type').inputValue()).toBe('binary');
    await page.getByTestId('undo').click();
    await until(text(page, 'max-total'), '100');
    await context.close();
  });
});
