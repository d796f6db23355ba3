/**
 * The review desk as a workbook (ExcelJS, loaded on demand): 复核清单, one row per table with
 * its figures or the message why it could not be read, and 全部问题, every finding of every
 * table. Every text is written as a string cell, never a formula (a file name or a finding may
 * begin with = + - @: formula-safety.ts), every figure as a number.
 */
import type * as ExcelJSTypes from 'exceljs';
import { cleanText } from '../domain/index.ts';
import { MAX_CELL_TEXT } from './export-sheet.ts';

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

function setRow(ws: ExcelJSTypes.Worksheet, r: number, values: readonly (string | number | null)[]): void {
  values.forEach((v, i) => {
    const cell = ws.getCell(r, i + 1);
    if (typeof v === 'number') cell.value = v;
    // A JS string is written as a string cell (t="s"), which no program evaluates, whatever it starts with.
    else if (typeof v === 'string') cell.value = cleanText(v).slice(0, MAX_CELL_TEXT);
    else cell.value = null;
  });
}

export async function exportDesk(rows: readonly DeskExportRow[]): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jixiao 绩效评价工作台';
  const list = wb.addWorksheet(DESK_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const head = ['文件', '工作表', '项目名称', '年度', '表中总分', '计算总分', '等级', '错误数', '警告数', '最主要的问题', '同一项目', '无法读取的原因'];
  setRow(list, 1, head);
  rows.forEach((row, i) => {
    setRow(list, i + 2, [
      row.fileName, row.sheet, row.project, row.year, row.statedTotal, row.total, row.grade,
      row.message ? null : row.errors, row.message ? null : row.warnings, row.message ? '' : row.worst, row.duplicate, row.message,
    ]);
  });
  [28, 14, 30, 8, 10, 10, 8, 8, 8, 60, 30, 50].forEach((w, i) => { list.getColumn(i + 1).width = w; });
  list.getRow(1).font = { bold: true };

  const all = wb.addWorksheet(DESK_FINDINGS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  setRow(all, 1, ['文件', '工作表', '项目名称', '级别', '问题']);
  let r = 2;
  for (const row of rows) {
    if (row.message) {
      setRow(all, r++, [row.fileName, row.sheet, row.project, '无法读取', row.message]);
      continue;
    }
    for (const f of row.findings) setRow(all, r++, [row.fileName, row.sheet, row.project, SEVERITY[f.severity], f.message]);
  }
  [28, 14, 30, 8, 90].forEach((w, i) => { all.getColumn(i + 1).width = w; });
  all.getRow(1).font = { bold: true };
  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
