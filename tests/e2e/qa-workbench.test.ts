/**
 * The workbench as a demanding evaluator uses it: Chinese typed straight into cells, the
 * keyboard after a finding is clicked, the rule panel's fields and the undo history.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './browser.ts';
import {
  FIXTURE_000,
  cell,
  cellText,
  compactColumns,
  createFromTemplate,
  freshPage,
  imeType,
  importJson,
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

/** Undo until there is nothing left; how many steps that took. */
async function undoAll(page: Page): Promise<number> {
  let steps = 0;
  while (await page.getByTestId('undo').isEnabled()) {
    await page.getByTestId('undo').click();
    steps++;
    if (steps > 50) break;
  }
  return steps;
}

describe('typing', () => {
  it('takes Chinese typed through an IME into a selected cell, and keys after a finding is clicked', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await until(text(page, 'total-score'), '91.56');

    await (await cell(page, '使用人员满意度', '扣分原因')).click();
    await imeType(page, '满意度调查样本偏少');
    await until(() => cellText(page, '使用人员满意度', '扣分原因'), '满意度调查样本偏少');

    // A finding selects its cell; the next keys edit that cell (they used to go nowhere).
    await page.getByTestId('tab-findings').click();
    await page.getByTestId('finding').filter({ hasText: '预算执行率' }).first().click();
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await until(() => cellText(page, '预算执行率', '得分'), '2.00');
    await until(text(page, 'total-score'), '92.36');
    await context.close();
  });
});

describe('the rule panel', () => {
  it('pins the whole number typed, shows the worked line, and makes one undo step per field', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await createFromTemplate(page, 'national-2020');
    await compactColumns(page);
    await typeInto(page, '服务对象满意度', '实际完成值', '92%');
    await (await cell(page, '服务对象满意度', '得分')).click();
    await until(text(page, 'rule-score'), '6.00');
    expect(await text(page, 'rule-explain')()).toContain('得 6 分');

    // 满意度 bands: lowering the top band to 90% gives the full 8; typed digit by digit.
    await page.getByTestId('band-min-0').click();
    await page.getByTestId('band-min-0').press('Control+a');
    await page.keyboard.type('90');
    await until(text(page, 'rule-score'), '8.00');

    // Pinning from the panel: the field stays while typing, so 7.5 is pinned, not 7.
    await page.getByTestId('rule-pin-score').click();
    await page.keyboard.type('7.5');
    await until(() => cellText(page, '服务对象满意度', '得分'), '7.50');
    await expect.poll(() => page.getByTestId('rule-pinned').count()).toBe(1);

    // actual, band (one step for its two keystrokes), pin (one step for three).
    expect(await undoAll(page)).toBe(3);
    expect(await cellText(page, '服务对象满意度', '实际完成值')).toBe('');
    await context.close();
  });
});

describe('the home list by keyboard', () => {
  it('puts the keyboard in the dialog, Escape cancels, and the keyboard returns to the row', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await page.getByTestId('new-evaluation').click();
    await page.getByTestId('template-blank').click();
    await waitSaved(page);
    await page.getByTestId('back-home').click();
    const row = page.getByTestId('evaluation-row').first();
    await row.waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

    await row.getByTestId('rename').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('dialog-input');
    // The old name is selected: typing replaces it.
    await page.keyboard.type('Pension 2024');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('Pension 2024');

    await row.getByTestId('delete').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('dialog-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('home-dialog').count()).toBe(0);
    expect(await focused()).toBe('delete');
    expect(await page.getByTestId('evaluation-row').count()).toBe(1);
    await context.close();
  });
});
