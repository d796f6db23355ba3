/**
 * Bytes → plain cell grids, with every way a file can be unreadable turned into a message.
 * SheetJS reads .xlsx/.xlsm/.xls/.ods/.csv; this decides first what the bytes are, because
 * SheetJS reads almost any bytes as a one-column CSV and would "succeed" on a PNG renamed .csv.
 */
import * as XLSX from 'xlsx';
import { cellText, unescapeFormulaGuard, type Cell } from './cell-values.ts';
import { IMPORT_LIMITS, formatMegabytes } from './limits.ts';
import { importError, type Outcome } from './messages.ts';

export interface CellRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

export interface SheetGrid {
  name: string;
  hidden: boolean;
  /** Row-major, 0-based; ragged (a row is as long as its last non-empty cell). */
  rows: Cell[][];
  merges: CellRange[];
}

export type WorkbookFormat = 'xlsx' | 'xls' | 'ods' | 'csv' | 'html';

export interface WorkbookGrid {
  fileName: string;
  format: WorkbookFormat;
  sheets: SheetGrid[];
}

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

function extensionOf(fileName: string): string {
  const m = /\.([A-Za-z0-9]+)$/.exec(fileName);
  return m?.[1]?.toLowerCase() ?? '';
}

/** UTF-8 (with or without BOM), else GB18030 as Excel and WPS write CSV on Chinese Windows. */
export function decodeText(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) {
    if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
    if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
    return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
}

type Sniffed = { kind: 'binary'; format: WorkbookFormat } | { kind: 'text'; text: string; format: 'csv' | 'html' } | { kind: 'unknown' };

function sniff(bytes: Uint8Array, ext: string): Sniffed {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'binary', format: ext === 'ods' ? 'ods' : 'xlsx' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'binary', format: 'xls' };
  const text = decodeText(bytes);
  if (text === null) return { kind: 'unknown' };
  const start = text.replace(/^\ufeff/, '').trimStart().slice(0, 512).toLowerCase();
  // Old web systems export HTML tables named .xls; SpreadsheetML 2003 is XML. Both are tables.
  if (/^(<\?xml[^>]*>\s*)?<(html|table|!doctype html|workbook|\?mso-application)/.test(start)) return { kind: 'text', text, format: 'html' };
  if (['csv', 'txt', 'tsv', 'tab'].includes(ext)) return { kind: 'text', text, format: 'csv' };
  return { kind: 'unknown' };
}

function cellValue(cell: XLSX.CellObject | undefined, format: WorkbookFormat): Cell {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      // A cell formatted as percent shows "99.71%": keep that meaning rather than 0.9971.
      // A number shown with its unit ("485家", "≥500家" by a format with quoted text) means that text.
      if (typeof cell.z === 'string' && cell.z.includes('"') && typeof cell.w === 'string') return cell.w;
      if (typeof cell.z === 'string' && cell.z.includes('%')) return `${Number((v * 100).toPrecision(12))}%`;
      return v;
    }
    case 's': {
      const text = String(cell.v ?? '');
      return format === 'csv' ? unescapeFormulaGuard(text) : text;
    }
    case 'b':
      return Boolean(cell.v);
    case 'e':
      return cell.w ?? '#错误';
    case 'd':
      return cell.w ?? String(cell.v);
    default:
      return cell.v === undefined || cell.v === null ? null : cellText(String(cell.v));
  }
}

function toGrid(ws: XLSX.WorkSheet, name: string, hidden: boolean, format: WorkbookFormat): SheetGrid {
  const data = (ws as XLSX.DenseSheet)['!data'] ?? [];
  const rows: Cell[][] = [];
  for (let r = 0; r < data.length; r++) {
    const src = data[r];
    const row: Cell[] = [];
    if (src) {
      let last = -1;
      for (let c = 0; c < src.length; c++) {
        const v = cellValue(src[c], format);
        row[c] = v;
        if (v !== null && v !== '') last = c;
      }
      row.length = last + 1;
      for (let c = 0; c < row.length; c++) if (row[c] === undefined) row[c] = null;
    }
    rows.push(row);
  }
  const merges = (ws['!merges'] ?? []).map((m) => ({ s: { r: m.s.r, c: m.s.c }, e: { r: m.e.r, c: m.e.c } }));
  return { name, hidden, rows, merges };
}

/** Reads the bytes of a spreadsheet file into grids, or says in Chinese why it cannot. */
export function readWorkbook(bytes: Uint8Array, fileName: string): Outcome<WorkbookGrid> {
  const file = fileName;
  if (bytes.byteLength === 0) return fail('empty', `文件“${file}”是空文件（0 字节），没有可导入的内容。`);
  if (bytes.byteLength > IMPORT_LIMITS.maxBytes) {
    return fail('too-large', `文件“${file}”有 ${formatMegabytes(bytes.byteLength)}，超过导入上限 ${formatMegabytes(IMPORT_LIMITS.maxBytes)}。请拆分后再导入。`);
  }
  const sniffed = sniff(bytes, extensionOf(fileName));
  if (sniffed.kind === 'unknown') {
    return fail('not-spreadsheet', `文件“${file}”不是电子表格（支持 .xlsx、.xls、.csv、.ods）。`);
  }
  let wb: XLSX.WorkBook;
  const opts: XLSX.ParsingOptions = { dense: true, cellFormula: false, cellHTML: false, cellNF: true, cellStyles: false, sheetRows: IMPORT_LIMITS.maxRows + 1 };
  try {
    wb = sniffed.kind === 'text'
      ? XLSX.read(sniffed.text.replace(/^\ufeff/, ''), { ...opts, type: 'string', raw: sniffed.format === 'csv' })
      : XLSX.read(bytes, { ...opts, type: 'array' });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (/password|encrypt/i.test(why)) {
      return fail('encrypted', `文件“${file}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码后另存，再导入。`);
    }
    if (/not a spreadsheet|unsupported|zip|cfb|corrupt|invalid|end of central/i.test(why)) {
      return fail('not-spreadsheet', `文件“${file}”不是可读取的电子表格，或文件已损坏（${why}）。`);
    }
    return fail('unreadable', `无法读取文件“${file}”：${why}`);
  }
  const format: WorkbookFormat = sniffed.kind === 'text' ? sniffed.format : sniffed.format;
  const sheets: SheetGrid[] = [];
  for (let i = 0; i < wb.SheetNames.length; i++) {
    const name = wb.SheetNames[i] ?? `Sheet${i + 1}`;
    const ws = wb.Sheets[name];
    if (!ws) continue;
    const rowCount = ((ws as XLSX.DenseSheet)['!data'] ?? []).length;
    if (rowCount > IMPORT_LIMITS.maxRows) {
      return fail('too-many-rows', `文件“${file}”的工作表“${name}”超过 ${IMPORT_LIMITS.maxRows.toLocaleString('en-US')} 行的导入上限。请拆分后再导入。`, { sheet: name });
    }
    const hidden = (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0;
    sheets.push(toGrid(ws, name, hidden, format));
  }
  const hasContent = sheets.some((s) => s.rows.some((r) => r.some((c) => c !== null && c !== '')));
  if (!hasContent) return fail('empty', `文件“${file}”中没有任何内容（所有工作表都是空的）。`);
  return { ok: true, value: { fileName, format, sheets }, warnings: [] };

  function fail(code: Parameters<typeof importError>[0], message: string, place: { sheet?: string } = {}): Outcome<WorkbookGrid> {
    return { ok: false, errors: [importError(code, message, { file, ...place })] };
  }
}

