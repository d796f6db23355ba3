/**
 * The review desk as a workbook (ExcelJS, loaded on demand): 复核清单, one row per table with
 * its figures or the message why it could not be read, and 全部问题, every finding of every
 * table. Every text is written as a string cell, never a formula (a file name or a finding may
 * begin with = + - @: formula-safety.ts), every figure as a number.
 */
import type * as ExcelJSTypes from 'exceljs';
import { cleanText } from '../domain/index.ts';
import { MAX_CELL_TEXT } from './export-sheet.ts';
import { textHeight } from './export-row-height.ts';

export interface DeskExportRow {
  fileName: string;
  sheet: string;
  project: string;
  year: string;
  statedTotal: number | null;
  total: number | null;
  grade: string;
  errors: number;
  warnings: number;
  /** The most serious finding, or the message of a table that could not be read. */
  worst: string;
  /** "与 … 为同一项目", or ''. */
  duplicate: string;
  /** '' for a table that was read. */
  message: string;
  findings: readonly { severity: 'error' | 'warning' | 'info'; message: string }[];
}

export const DESK_SHEET = '复核清单';
export const DESK_FINDINGS_SHEET = '全部问题';

const SEVERITY: Record<'error' | 'warning' | 'info', string> = { error: '错误', warning: '警告', info: '提示' };

async function loadExcelJS(): Promise<typeof ExcelJSTypes> {
  const mod = (await import('exceljs')) as unknown as { default?: typeof ExcelJSTypes } & typeof ExcelJSTypes;
  return mod.default ?? mod;
}

const FONT_SIZE = 11;

/** Writes a row and makes it as tall as its wrapped texts need (no program sizes rows on opening). */
function setRow(ws: ExcelJSTypes.Worksheet, r: number, values: readonly (string | number | null)[]): void {
  let height = 0;
  values.forEach((v, i) => {
    const column = ws.getColumn(i + 1);
    if (typeof v === 'string' && v && column.alignment?.wrapText) height = Math.max(height, textHeight(v, column.width ?? 10, FONT_SIZE));
    const cell = ws.getCell(r, i + 1);
    if (typeof v === 'number') cell.value = v;
    // A JS string is written as a string cell (t="s"), which no program evaluates, whatever it starts with.
    else if (typeof v === 'string') cell.value = cleanText(v).slice(0, MAX_CELL_TEXT);
    else cell.value = null;
  });
  if (height > 20) ws.getRow(r).height = height;
}

/** A4 landscape, as wide as the page, the header row on every page; long texts wrap. */
function page(ws: ExcelJSTypes.Worksheet, widths: readonly number[], wrapped: readonly number[]): void {
  widths.forEach((w, i) => {
    const column = ws.getColumn(i + 1);
    column.width = w;
    column.alignment = wrapped.includes(i + 1) ? { wrapText: true, vertical: 'top' } : { vertical: 'top' };
  });
  ws.pageSetup = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } };
}

export async function exportDesk(rows: readonly DeskExportRow[]): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jixiao 绩效评价工作台';
  const list = wb.addWorksheet(DESK_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  page(list, [24, 12, 30, 7, 9, 9, 7, 7, 7, 50, 26, 40], [1, 3, 10, 11, 12]);
  const head = ['文件', '工作表', '项目名称', '年度', '表中总分', '计算总分', '等级', '错误数', '警告数', '最主要的问题', '同一项目', '无法读取的原因'];
  setRow(list, 1, head);
  rows.forEach((row, i) => {
    setRow(list, i + 2, [
      row.fileName, row.sheet, row.project, row.year, row.statedTotal, row.total, row.grade,
      row.message ? null : row.errors, row.message ? null : row.warnings, row.message ? '' : row.worst, row.duplicate, row.message,
    ]);
  });
  list.getRow(1).font = { bold: true };

  const all = wb.addWorksheet(DESK_FINDINGS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  page(all, [24, 12, 30, 8, 90], [1, 3, 5]);
  setRow(all, 1, ['文件', '工作表', '项目名称', '级别', '问题']);
  let r = 2;
  for (const row of rows) {
    if (row.message) {
      setRow(all, r++, [row.fileName, row.sheet, row.project, '无法读取', row.message]);
      continue;
    }
    for (const f of row.findings) setRow(all, r++, [row.fileName, row.sheet, row.project, SEVERITY[f.severity], f.message]);
  }
  all.getRow(1).font = { bold: true };
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
