/**
 * The 导出 menu offers the three .xlsx layouts, the evaluation's own first: seed 000 (a
 * third-party 评分表) exports as the 评分表 by default, as the Shanghai table when chosen, and
 * with its empty columns when 评分表保留空列 is ticked; each download re-imports to the same
 * evaluation.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright';
import * as XLSX from 'xlsx';
import { importAll } from '../../src/io/import-workbook.ts';
import { withoutIds } from '../unit/io/helpers.ts';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, freshPage, importJson, waitSaved } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function download(page: Page, testId: string): Promise<Uint8Array> {
  await page.getByTestId('export-menu').click();
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  return new Uint8Array(readFileSync(await file.path()));
}

const headerOf = (bytes: Uint8Array, sheet: string): unknown[] => {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(bytes).Sheets[sheet]!, { header: 1, defval: null });
  return rows.find((r) => r.includes('一级指标')) ?? [];
};

describe('the 导出 menu: three .xlsx layouts', () => {
  it('exports seed 000 as its 评分表, as the Shanghai table, and with the empty columns kept', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await waitSaved(page);
    await page.getByTestId('export-menu').click();
    expect((await page.getByTestId('export-xlsx').textContent())?.trim()).toBe('Excel 评分表（第三方评价） (.xlsx)');
    await expect.poll(() => page.getByTestId('export-xlsx-shanghai').count()).toBe(1);
    await page.getByTestId('export-menu').click();

    const scoring = await download(page, 'export-xlsx');
    expect(headerOf(scoring, '评分表')).not.toContain('指标说明');
    const shanghai = await download(page, 'export-xlsx-shanghai');
    expect(headerOf(shanghai, '自评表').filter(Boolean)).toEqual(['一级指标', '二级指标', '指标名称', '指标解释', '权重', '自评分', '备注']);

    await page.getByTestId('export-menu').click();
    await page.getByTestId('export-keep-empty').check();
    await page.getByTestId('export-menu').click();
    const kept = await download(page, 'export-xlsx');
    expect(headerOf(kept, '评分表')).toContain('指标说明');

    const back = [scoring, shanghai, kept].map((bytes) => {
      const out = importAll(bytes, 'download.xlsx');
      if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
      expect(out.value.evaluations).toHaveLength(1);
      const { createdAt: _c, updatedAt: _u, ...ev } = out.value.evaluations[0]!;
      return withoutIds(ev);
    });
    expect(back[1]).toEqual(back[0]);
    expect(back[2]).toEqual(back[0]);
    await context.close();
  }, 120_000);
});
