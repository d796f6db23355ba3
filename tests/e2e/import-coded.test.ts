/**
 * The coded family of issue 9 through the built app: the .xls of a table printed in blocks per
 * 一级 (二级 rows after their 三级 rows, a summary block above), previewed with its levels and
 * the summary's figures that differ, imported, and opened at the total its rows give.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright';
import { launchChromium } from './browser.ts';
import { freshPage, text, until, waitForGrid, waitSaved } from './helpers.ts';

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('coded tables in the app', () => {
  it('imports the .xls to 89 (9 + 17 + 37 + 26), the levels as the rows give them', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await page.getByTestId('import').click();
    await page.getByTestId('import-file-input').setInputFiles(fixturePath('coded-sections.xls'));
    const table = page.getByTestId('import-table').first();
    await table.waitFor({ timeout: 20_000 });
    const summary = (await table.locator('.summary').textContent()) ?? '';
    expect(summary).toContain('2023 年度');
    expect(summary).toContain('3 级指标（分节标题 / 编号 A1 / 编号 A11），17 个末级指标，表中合计 89');
    expect(await table.getByTestId('import-stated-differs').count()).toBe(0);
    await page.getByTestId('import-confirm').click();
    await waitForGrid(page);
    await waitSaved(page);
    await until(text(page, 'total-score'), '89.00', 10_000);
    expect(await text(page, 'total-score')()).toBe('89.00');
    // The home list shows the 年度 the title gave and the total.
    await page.getByTestId('back-home').click();
    const row = page.getByTestId('evaluation-row').first();
    await row.waitFor();
    await expect.poll(async () => ((await row.textContent()) ?? '').replace(/\s+/g, ' ')).toMatch(/2023.*89\.00/);
    await context.close();
  });

  it('a summary block that states other figures: listed in the preview before importing', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await page.getByTestId('import').click();
    await page.getByTestId('import-file-input').setInputFiles(fixturePath('coded-summary-mismatch.xlsx'));
    const stated = page.getByTestId('import-stated-differs').first();
    await stated.waitFor({ timeout: 20_000 });
    expect((await stated.locator('li').allTextContents()).map((t) => t.trim())).toEqual(['表中合计 90.00，计算得 89.00', '项目过程：表中小计 18.00，计算得 17.00']);
    await context.close();
  });
});
