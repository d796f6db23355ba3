/**
 * Report tables (表2, 表3, 表4–表7, 扣分汇总) as a workbook: one sheet per table, its title in a
 * merged first row, the header row frozen, scores as numbers and rates as percents. Text is
 * written as text cells (never formulas), so "=SUM(…)" typed in a reason stays that text.
 */
import type * as ExcelJSTypes from 'exceljs';

/** One cell: its display text, and the number behind it when it is a figure. */
export interface ReportCell { text: string; value?: number | null; percent?: boolean }

export interface ReportGrid {
  /** Sheet and table title: "绩效评价得分情况表". */
  title: string;
  headers: string[];
  rows: ReportCell[][];
  /** A sentence printed under the table (表3's counts, the 统计范围). */
  notes?: string[];
  /** Column widths in characters (default from the text). */
  widths?: number[];
}

/** Excel's sheet-name rules: ≤ 31 characters, none of []:*?/\, unique in the workbook. */
export function sheetName(title: string, taken: Set<string>): string {
  const base = (title.replace(/[[\]:*?/\\]/g, '_').trim() || '表').slice(0, 28);
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base.slice(0, 28 - String(i).length - 1)}-${i}`;
  taken.add(name.toLowerCase());
  return name;
}

const widthOf = (text: string) => Array.from(text).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);

export async function exportReportXlsx(grids: readonly ReportGrid[]): Promise<Uint8Array> {
  const mod = (await import('exceljs')) as unknown as { default?: typeof ExcelJSTypes } & typeof ExcelJSTypes;
  const ExcelJS = mod.default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jixiao 绩效评价工作台';
  const taken = new Set<string>();
  const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
  const border = { top: thin, bottom: thin, left: thin, right: thin };
  for (const grid of grids) {
    const ws = wb.addWorksheet(sheetName(grid.title, taken), {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      views: [{ state: 'frozen', ySplit: 2 }],
    });
    const n = Math.max(1, grid.headers.length);
    ws.getCell(1, 1).value = grid.title;
    ws.getCell(1, 1).font = { bold: true, size: 13 };
    ws.getCell(1, 1).alignment = { horizontal: 'center' };
    if (n > 1) ws.mergeCells(1, 1, 1, n);
    grid.headers.forEach((h, c) => {
      const cell = ws.getCell(2, c + 1);
      cell.value = h;
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
      cell.border = border;
    });
    grid.rows.forEach((row, r) => {
      row.forEach((c, i) => {
        const cell = ws.getCell(r + 3, i + 1);
        const isNumber = typeof c.value === 'number' && Number.isFinite(c.value);
        // A string value is a text cell in ExcelJS: it is never read as a formula.
        cell.value = isNumber ? c.value! : c.text === '' ? null : c.text;
        if (isNumber) cell.numFmt = c.percent ? '0.00%' : '0.##';
        cell.alignment = { vertical: 'middle', wrapText: true, horizontal: isNumber ? 'center' : 'left' };
        cell.border = border;
      });
    });
    (grid.notes ?? []).forEach((note, i) => {
      ws.getCell(grid.rows.length + 4 + i, 1).value = note;
    });
    for (let c = 0; c < n; c++) {
      const longest = Math.max(widthOf(grid.headers[c] ?? ''), ...grid.rows.map((row) => widthOf(row[c]?.text ?? '')));
      ws.getColumn(c + 1).width = grid.widths?.[c] ?? Math.min(60, Math.max(8, longest + 2));
    }
  }
  if (grids.length === 0) wb.addWorksheet('报告');
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
