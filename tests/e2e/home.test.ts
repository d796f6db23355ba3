import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './browser.ts';
import {
  FIXTURE_000,
  cell,
  cellText,
  compactColumns,
  createFromTemplate,
  freshPage,
  importJson,
  text,
  typeInto,
  until,
  waitForGrid,
  waitSaved,
} from './helpers.ts';

const ANNEX3_XLSX = fileURLToPath(new URL('../fixtures/annex3-scoring-table.xlsx', import.meta.url));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const rows = (page: Page) => page.getByTestId('evaluation-row');
const rowTexts = async (page: Page) => (await rows(page).allTextContents()).map((t) => t.replace(/\s+/g, ' '));

describe('the home list', () => {
  it('renames, duplicates into next year, deletes and undoes the delete', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await waitSaved(page);
    await page.getByTestId('back-home').click();
    await expect.poll(() => rows(page).count()).toBe(1);

    await rows(page).first().getByTestId('rename').click();
    await page.getByTestId('dialog-input').fill('智慧党建指挥中心');
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(async () => (await rowTexts(page))[0]).toContain('智慧党建指挥中心');

    await rows(page).first().getByTestId('duplicate').click();
    expect(await page.getByTestId('dialog-input').inputValue()).toBe('2022');
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(() => rows(page).count()).toBe(2);
    const texts = await rowTexts(page);
    expect(texts.filter((t) => t.includes('智慧党建指挥中心')).length).toBe(2);
    expect(texts.some((t) => t.includes('2022'))).toBe(true);
    expect(texts.some((t) => t.includes('2021'))).toBe(true);

    // The copy is its own evaluation: open it, it scores the same.
    await rows(page).filter({ hasText: '2022' }).getByTestId('open-evaluation').click();
    await waitForGrid(page);
    await until(text(page, 'total-score'), '91.56');
    await page.getByTestId('back-home').click();

    await rows(page).filter({ hasText: '2021' }).getByTestId('delete').click();
    await page.getByTestId('dialog-confirm').click();
    await expect.poll(() => rows(page).count()).toBe(1);
    await page.getByTestId('undo-delete').click();
    await expect.poll(() => rows(page).count()).toBe(2);
    await page.reload();
    await expect.poll(() => rows(page).count()).toBe(2);
    await context.close();
  });

  it('imports a 附件3 workbook through the import dialog and opens it', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await page.getByTestId('import').click();
    await page.getByTestId('import-file-input').setInputFiles(ANNEX3_XLSX);
    await page.getByTestId('import-table').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('import-confirm').click();
    await waitForGrid(page);
    await expect.poll(() => text(page, 'total-score')(), { timeout: 5000 }).toMatch(/^91\.5[56]$/);
    expect(await text(page, 'grade')()).toBe('优');
    await waitSaved(page);
    await page.getByTestId('back-home').click();
    await expect.poll(() => rows(page).count()).toBe(1);
    await context.close();
  });

  it('edits the header metadata and keeps it', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await createFromTemplate(page, 'self-2022');
    await page.getByTestId('toggle-header').click();
    await page.getByTestId('meta-projectName').fill('社区养老服务补助');
    await until(async () => (await page.getByTestId('open-project-name').textContent())?.trim(), '社区养老服务补助');
    await page.getByTestId('funds-annual').fill('100');
    await page.getByTestId('funds-executed').fill('99.31');
    // 10 × 99.31% = 9.93, part of the total.
    await until(text(page, 'funds-score'), '9.93');
    await until(text(page, 'total-score'), '9.93');
    await waitSaved(page);
    await page.reload();
    await until(async () => (await page.getByTestId('open-project-name').textContent())?.trim(), '社区养老服务补助');
    await until(text(page, 'total-score'), '9.93');
    await context.close();
  });

  it('lists findings, and a click selects the cell they are about', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await createFromTemplate(page, 'self-2022');
    await compactColumns(page);
    // 500 / 1000 人次 → 5 of 10 points with no 扣分原因: a finding on that leaf's reason.
    await typeInto(page, '服务覆盖人次', '实际完成值', '500人次');
    await until(() => cellText(page, '服务覆盖人次', '得分'), '5.00');
    await page.getByTestId('tab-findings').click();
    const finding = page.getByTestId('finding').filter({ hasText: '服务覆盖人次' }).first();
    await finding.waitFor();
    await (await cell(page, '完成项目数量', '指标值')).click();
    await finding.click();
    await expect.poll(async () => (await (await cell(page, '服务覆盖人次', '扣分原因')).getAttribute('class')) ?? '').toContain('current');
    await page.getByTestId('tab-rule').click();
    expect(await text(page, 'rule-path')()).toContain('服务覆盖人次');
    await context.close();
  });
});

describe('the rule panel', () => {
  it('changes a leaf rule and its parameters with form fields, the score following', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await createFromTemplate(page, 'self-2022');
    await compactColumns(page);
    await typeInto(page, '服务覆盖人次', '实际完成值', '500人次');
    await (await cell(page, '服务覆盖人次', '得分')).click();
    await page.getByTestId('tab-rule').click();
    await until(text(page, 'rule-score'), '5.00');

    await page.getByTestId('rule-type').selectOption('binary');
    await until(text(page, 'rule-score'), '0.00');
    // 每低于指标值的10%扣1分: 50% short → 5 steps → 5; 2 points a step → 0.
    await page.getByTestId('rule-type').selectOption('step');
    await until(text(page, 'rule-score'), '5.00');
    await page.getByTestId('step-deduction').fill('2');
    await until(text(page, 'rule-score'), '0.00');
    await page.getByTestId('step-size').fill('25');
    await until(text(page, 'rule-score'), '6.00');
    expect(await text(page, 'rule-description')()).toContain('25%');
    await until(() => cellText(page, '服务覆盖人次', '得分'), '6.00');

    // Undo walks back through the rule changes too.
    await page.getByTestId('undo').click();
    await until(text(page, 'rule-score'), '0.00');
    await context.close();
  });
});
