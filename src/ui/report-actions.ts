/**
 * What the report view's buttons do: copy a table (HTML for Word/WPS, tab-separated text for
 * Excel), save tables as .xlsx, save the chart as PNG, and write the Word annex. The writers
 * (ExcelJS, docx) are loaded on first use.
 */
import type { Evaluation, EvaluationResult, Id } from '../domain/index.ts';
import type { ReportGrid } from '../io/export-report-xlsx.ts';
import { download } from './io/export-actions.ts';
import { chartModel, chartPng, chartSvg } from './report-chart.ts';
import { gridHtml, gridTsv, reportData } from './report-tables.ts';
import type { DocxRequest, DocxResponse } from './report-docx.worker.ts';
import { startDocxWorker } from './report-docx-start.ts';

/** "项目名-2021-报告表格.xlsx", without the characters Windows refuses. */
export function reportFileName(evaluation: Evaluation, what: string, suffix: string): string {
  const base = `${evaluation.meta.projectName || '绩效评价'}${evaluation.meta.year ? `-${evaluation.meta.year}` : ''}-${what}`;
  return `${base.replace(/[\\/:*?"<>|\r\n\t]+/g, '_').slice(0, 120)}.${suffix}`;
}

/** Copies the table; falls back to plain text where the browser has no ClipboardItem. */
export async function copyGrid(grid: ReportGrid): Promise<void> {
  const tsv = gridTsv(grid);
  if (typeof ClipboardItem !== 'undefined' && navigator.clipboard?.write) {
    const html = `<html><head><meta charset="utf-8"></head><body>${gridHtml(grid)}</body></html>`;
    await navigator.clipboard.write([new ClipboardItem({
      'text/html': new Blob([html], { type: 'text/html' }),
      'text/plain': new Blob([tsv], { type: 'text/plain' }),
    })]);
    return;
  }
  await navigator.clipboard.writeText(tsv);
}

export async function saveGridsXlsx(evaluation: Evaluation, grids: readonly ReportGrid[], what: string): Promise<void> {
  const { exportReportXlsx } = await import('../io/export-report-xlsx.ts');
  await painted();
  download(await exportReportXlsx(grids), reportFileName(evaluation, what, 'xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}

function chartOf(evaluation: Evaluation, result: EvaluationResult, groups?: readonly Id[]): SVGSVGElement {
  return chartSvg(chartModel(evaluation, result, reportData(evaluation, result, groups).completion.counts));
}

export async function saveChartPng(evaluation: Evaluation, result: EvaluationResult, groups?: readonly Id[]): Promise<void> {
  const { png } = await chartPng(chartOf(evaluation, result, groups));
  download(png, reportFileName(evaluation, '得分率图', 'png'), 'image/png');
}

/** Resolves after the next frame is painted: the progress indicator shows before a long job holds the main thread. */
export function painted(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/** The worker failed to start or died (not an error in the annex itself). */
class WorkerUnavailable extends Error {}

function docxInWorker(request: DocxRequest): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startDocxWorker();
    } catch {
      reject(new WorkerUnavailable());
      return;
    }
    worker.onmessage = (event: MessageEvent<DocxResponse>) => {
      worker.terminate();
      if (event.data.ok) resolve(event.data.bytes);
      else reject(new Error(event.data.message));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new WorkerUnavailable());
    };
    worker.postMessage(request);
  });
}

/**
 * The Word annex, with the chart as a picture (left out, not fatal, if the browser cannot draw
 * it). Written in a worker; where none can start (a page opened from file://), in the page.
 */
export async function exportDocxFile(evaluation: Evaluation, result: EvaluationResult, groups?: readonly Id[]): Promise<void> {
  let chart: Awaited<ReturnType<typeof chartPng>> | null = null;
  try {
    chart = await chartPng(chartOf(evaluation, result, groups));
  } catch (error) {
    console.warn('图表未能转换为图片，Word 附件中不含图表', error);
  }
  const completionGroups = groups ? [...groups] : undefined;
  let bytes: Uint8Array;
  try {
    bytes = await docxInWorker({ evaluation, chart, completionGroups });
  } catch (error) {
    if (!(error instanceof WorkerUnavailable)) throw error;
    const { exportDocx } = await import('../io/export-docx.ts');
    await painted();
    bytes = await exportDocx(evaluation, { result, chart, completionGroups });
  }
  download(bytes, reportFileName(evaluation, '评分表附件', 'docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
}
