/**
 * The whole working loop on one spreadsheet, as the offline and single-file tests walk it:
 * import the 2022 自评表 through the dialog (the import worker must load), change a score
 * (it must be saved), export .xlsx (the lazily loaded ExcelJS must load) and read the
 * download back with the Node importer.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Page } from 'playwright';
import { importAll } from '../../src/io/import-workbook.ts';
import { allIndicators } from '../../src/domain/index.ts';
import { text, typeInto, until, waitForGrid, waitSaved } from './helpers.ts';

export const SELF_EVAL_XLSX = fileURLToPath(new URL('../fixtures/selfeval-2022.xlsx', import.meta.url));

export async function importSelfEval(page: Page): Promise<void> {
  await page.getByTestId('import').click();
  await page.getByTestId('import-file-input').setInputFiles(SELF_EVAL_XLSX);
  await page.getByTestId('import-table').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('import-confirm').click();
  await waitForGrid(page);
  await until(text(page, 'total-score'), '96.63');
}

/** 安全责任事故 is scored by hand (10 of 10): 7 takes 3 points off the total. */
export async function editAndSave(page: Page): Promise<void> {
  await typeInto(page, '安全责任事故', '得分', '7');
  await until(text(page, 'total-score'), '93.63');
  await waitSaved(page);
}

/** Exports .xlsx through the 导出 menu; the download carries the edited score. */
export async function exportAndCheck(page: Page): Promise<void> {
  await page.getByTestId('export-menu').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toBe('社区综合服务站建设项目-2022-评分表.xlsx');
  const bytes = new Uint8Array(readFileSync(await download.path()));
  const out = importAll(bytes, download.suggestedFilename());
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
  expect(out.value.evaluations).toHaveLength(1);
  expect(allIndicators(out.value.evaluations[0]!).find((n) => n.name === '安全责任事故')?.enteredScore).toBe(7);
}
