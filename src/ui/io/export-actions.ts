/**
 * The export buttons: bytes from src/io, handed to the browser as a download.
 */
import type { Evaluation } from '../../domain/index.ts';
import { exportCsv as csvBytes } from '../../io/export-csv.ts';
import { exportXlsx as xlsxBytes, type XlsxExportOptions } from '../../io/export-xlsx.ts';

/** A file name without the characters Windows refuses. */
export function exportFileName(evaluation: Evaluation, suffix: string): string {
  const base = `${evaluation.meta.projectName || '绩效评价'}${evaluation.meta.year ? `-${evaluation.meta.year}` : ''}-评分表`;
  return `${base.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 120)}.${suffix}`;
}

export function download(bytes: Uint8Array, fileName: string, type: string): void {
  const blob = new Blob([bytes as BlobPart], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the object URL; free it after the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The workbook in the layout chosen in the menu (by default the one the evaluation came from). */
export async function exportXlsx(evaluation: Evaluation, options: Pick<XlsxExportOptions, 'layout' | 'keepEmptyColumns'> = {}): Promise<void> {
  download(await xlsxBytes(evaluation, options), exportFileName(evaluation, 'xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}

export function exportCsv(evaluation: Evaluation): void {
  download(csvBytes(evaluation), exportFileName(evaluation, 'csv'), 'text/csv;charset=utf-8');
}
