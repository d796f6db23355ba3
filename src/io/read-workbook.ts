/**
 * Bytes → plain cell grids, with every way a file can be unreadable turned into a message.
 * SheetJS reads .xlsx/.xlsm/.xls/.ods/.csv; this decides first what the bytes are, because
 * SheetJS reads almost any bytes as a one-column CSV and would "succeed" on a PNG renamed .csv.
 */
import * as XLSX from 'xlsx';
import { cleanText } from '../domain/index.ts';
import { cellText, type Cell } from './cell-values.ts';
import { unguardCsvText } from './formula-safety.ts';
import { IMPORT_LIMITS, formatMegabytes } from './limits.ts';
import { importError, importWarning, sheetjsFailure, type ImportMessage, type Outcome } from './messages.ts';
import { checkZip, zipProblemMessage } from './zip-guard.ts';

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

const decode = (label: string, bytes: Uint8Array): string | null => {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
};

/**
 * UTF-16 without a BOM, by its zero bytes: the ASCII of a CSV (commas, digits, line breaks) has a
 * zero high byte, so zeros pile up at the odd offsets (LE) or the even ones (BE), almost never both.
 */
function utf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  let even = 0;
  let odd = 0;
  const pairs = Math.floor(head.length / 2);
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  if (pairs < 2) return null;
  if (odd >= pairs * 0.2 && even <= odd / 8) return 'utf-16le';
  if (even >= pairs * 0.2 && odd <= even / 8) return 'utf-16be';
  return null;
}

/** Text is mostly text: a stray NUL or two is data damage, a binary file has them everywhere. */
function looksLikeText(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || c === 0xfffd) controls++;
  }
  return controls <= Math.max(2, text.length * 0.02);
}

/**
 * UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one, told by its zero bytes),
 * else GB18030 as Excel and WPS write CSV on Chinese Windows. Text with a few NULs (a damaged
 * export, a pasted control character) is still text: the NULs are dropped when cells are read.
 */
export function decodeText(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, 4096);
  if (startsWith(bytes, [0xff, 0xfe])) return decode('utf-16le', bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return decode('utf-16be', bytes.subarray(2));
  if (head.includes(0)) {
    const utf16 = utf16WithoutBom(head);
    const text = decode(utf16 ?? 'utf-8', bytes);
    return text !== null && looksLikeText(text.slice(0, 4096)) ? text : null;
  }
  return decode('utf-8', bytes) ?? decode('gb18030', bytes);
}

/**
 * An HTML table without its <script> and <style> elements: their content is no cell text a
 * browser would show, and would otherwise be read into the cell around it. Linear: one pass,
 * an element without its closing tag ends the text.
 */
function withoutScripts(html: string): string {
  const lower = html.toLowerCase();
  const open = /<(script|style)\b/gi;
  let out = '';
  let at = 0;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    out += html.slice(at, m.index);
    const close = lower.indexOf(`</${(m[1] ?? '').toLowerCase()}`, open.lastIndex);
    if (close < 0) return out;
    const end = lower.indexOf('>', close);
    at = end < 0 ? html.length : end + 1;
    open.lastIndex = at;
  }
  return out + html.slice(at);
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
      // Control characters are not text (an XML _x0000_ escape, a NUL in a CSV): dropped here.
      const text = cleanText(String(cell.v ?? ''));
      return format === 'csv' ? unguardCsvText(text) : text;
    }
    case 'b':
      return Boolean(cell.v);
    case 'e':
      return cell.w ?? '#错误';
    case 'd':
      return cleanText(cell.w ?? String(cell.v));
    default:
      return cell.v === undefined || cell.v === null ? null : cellText(cleanText(String(cell.v)));
  }
}

type ZipFiles = Record<string, { content?: Uint8Array | number[] | string } | undefined>;

const headAndTail = (content: Uint8Array | number[] | string): [string, string] => {
  if (typeof content === 'string') return [content.slice(0, 16_384), content.slice(-512)];
  const bytes = content instanceof Uint8Array ? content : Uint8Array.from(content);
  const text = (b: Uint8Array) => new TextDecoder('utf-8').decode(b);
  return [text(bytes.subarray(0, 16_384)), text(bytes.subarray(Math.max(0, bytes.length - 512)))];
};

const contentText = (content: Uint8Array | number[] | string): string =>
  (typeof content === 'string' ? content : new TextDecoder('utf-8').decode(content instanceof Uint8Array ? content : Uint8Array.from(content)));

const unescapeXml = (text: string): string => text
  .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

const attribute = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s(?:[\\w.-]+:)?${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  return m ? unescapeXml(m[2] ?? m[3] ?? '') : undefined;
};

/** Sheet name → its worksheet part, from the workbook part and its relationships. */
function sheetParts(files: ZipFiles, workbookPath: string): Map<string, string> {
  const out = new Map<string, string>();
  const dir = workbookPath.includes('/') ? workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1) : '';
  const wb = files[workbookPath]?.content;
  const rels = files[`${dir}_rels/${workbookPath.slice(dir.length)}.rels`]?.content;
  if (wb === undefined || rels === undefined) return out;
  const targets = new Map<string, string>();
  for (const tag of contentText(rels).match(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g) ?? []) {
    const id = attribute(tag, 'Id');
    const target = attribute(tag, 'Target');
    if (id !== undefined && target !== undefined) targets.set(id, target.startsWith('/') ? target.slice(1) : `${dir}${target}`.replace(/[^/]+\/\.\.\//g, ''));
  }
  for (const tag of contentText(wb).match(/<(?:[\w.-]+:)?sheet\b[^>]*>/g) ?? []) {
    const name = attribute(tag, 'name');
    const target = targets.get(attribute(tag, 'id') ?? '');
    if (name !== undefined && target !== undefined) out.set(name, target);
  }
  return out;
}

/**
 * The worksheet parts that are not a whole worksheet (garbage, or cut off before its end), by
 * the sheet they hold where the workbook says: SheetJS reads such a part as an empty or partial
 * sheet without a word, which was then reported as "all sheets are empty" or imported half.
 */
function damagedSheetParts(wb: XLSX.WorkBook): { parts: string[]; sheets: Map<string, string> } {
  const book = wb as XLSX.WorkBook & { files?: ZipFiles; Directory?: { sheets?: string[]; workbooks?: string[] } };
  const files = book.files ?? {};
  const parts: string[] = [];
  for (const path of book.Directory?.sheets ?? []) {
    const content = files[path.replace(/^\//, '')]?.content;
    if (content === undefined) continue;
    const [head, tail] = headAndTail(content);
    const opens = /<([A-Za-z_][\w.-]*:)?worksheet[\s>/]/.test(head);
    const closes = /<\/([A-Za-z_][\w.-]*:)?worksheet>\s*$|<([A-Za-z_][\w.-]*:)?worksheet[^>]*\/>\s*$/.test(tail);
    if (!opens || !closes) parts.push(path.replace(/^\//, ''));
  }
  const workbook = (book.Directory?.workbooks?.[0] ?? 'xl/workbook.xml').replace(/^\//, '');
  return { parts, sheets: parts.length > 0 ? sheetParts(files, workbook) : new Map() };
}

/** The content part of an .ods that is not a whole OpenDocument content part (garbage, cut off). */
function odsContentDamaged(bytes: Uint8Array): boolean {
  try {
    const entry = XLSX.CFB.find(XLSX.CFB.read(bytes, { type: 'array' }), 'content.xml');
    if (!entry?.content) return false;
    const [head, tail] = headAndTail(entry.content as Uint8Array);
    return !/<office:document-content[\s>]/.test(head) || !/<\/office:document-content>\s*$/.test(tail);
  } catch {
    return true;
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

/**
 * What the importer asks SheetJS for: values, types and number formats (a percent, a number shown
 * with its unit), not formulas, HTML or styles, which nothing imported reads.
 */
export const SHEETJS_OPTIONS: Readonly<XLSX.ParsingOptions> = { dense: true, cellFormula: false, cellHTML: false, cellNF: true, cellStyles: false, sheetRows: IMPORT_LIMITS.maxRows + 1 };

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
  const isZip = sniffed.kind === 'binary' && (sniffed.format === 'xlsx' || sniffed.format === 'ods');
  if (isZip) {
    // Before SheetJS inflates anything: a zip bomb is refused from its headers, a lying one early.
    const zip = checkZip(bytes);
    if (!zip.ok) {
      const bomb = ['entry-too-large', 'total-too-large', 'ratio', 'inflates-larger', 'too-many-entries'].includes(zip.problem.kind);
      return fail(bomb ? 'too-large' : zip.problem.kind === 'encrypted' ? 'encrypted' : 'damaged', zipProblemMessage(zip.problem, file));
    }
  }
  let wb: XLSX.WorkBook;
  const opts: XLSX.ParsingOptions = { ...SHEETJS_OPTIONS, bookFiles: isZip };
  try {
    wb = sniffed.kind === 'text'
      ? XLSX.read(cleanText(sniffed.format === 'html' ? withoutScripts(sniffed.text) : sniffed.text).replace(/^\ufeff/, ''), { ...opts, type: 'string', raw: sniffed.format === 'csv' })
      : XLSX.read(bytes, { ...opts, type: 'array' });
  } catch (err) {
    const failure = sheetjsFailure(err instanceof Error ? err.message : String(err), file, sniffed.kind === 'binary' ? sniffed.format : sniffed.format);
    return fail(failure.code, failure.message);
  }
  const format: WorkbookFormat = sniffed.kind === 'text' ? sniffed.format : sniffed.format;
  const warnings: ImportMessage[] = [];
  // Where the sheet data could not be read: a sheet SheetJS dropped, a part that is not a worksheet.
  const broken = isZip ? damagedSheetParts(wb) : { parts: [], sheets: new Map<string, string>() };
  const damaged: string[] = [];
  const named = new Set<string>();
  const sheets: SheetGrid[] = [];
  for (let i = 0; i < wb.SheetNames.length; i++) {
    const name = wb.SheetNames[i] ?? `Sheet${i + 1}`;
    const ws = wb.Sheets[name];
    const part = broken.sheets.get(name);
    if (!ws || (part !== undefined && broken.parts.includes(part))) {
      // A half-read sheet is not imported: its missing rows would be missing indicators.
      damaged.push(`工作表“${name}”${part !== undefined ? `（部件“${part}”）` : ''}`);
      if (part !== undefined) named.add(part);
      continue;
    }
    const rowCount = ((ws as XLSX.DenseSheet)['!data'] ?? []).length;
    if (rowCount > IMPORT_LIMITS.maxRows) {
      return fail('too-many-rows', `文件“${file}”的工作表“${name}”超过 ${IMPORT_LIMITS.maxRows.toLocaleString('en-US')} 行的导入上限。请拆分后再导入。`, { sheet: name });
    }
    const hidden = (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) !== 0;
    sheets.push(toGrid(ws, name, hidden, format));
  }
  const hasContent = sheets.some((s) => s.rows.some((r) => r.some((c) => c !== null && c !== '')));
  for (const part of broken.parts) if (!named.has(part)) damaged.push(`部件“${part}”`);
  // SheetJS keeps no parts of an .ods: read its content part again, only when nothing was found.
  if (!hasContent && format === 'ods' && odsContentDamaged(bytes)) damaged.push('部件“content.xml”');
  const damage = damaged.join('、');
  if (damaged.length > 0 && !hasContent) {
    return fail('damaged', `文件“${file}”已损坏：${damage}的数据不是有效的表格内容，无法读取。请在 Excel 或 WPS 中打开并另存后再导入。`);
  }
  if (!hasContent) return fail('empty', `文件“${file}”中没有任何内容（所有工作表都是空的）。`);
  if (damaged.length > 0) warnings.push(importWarning(`文件“${file}”中${damage}的数据已损坏，未能读取；其余工作表照常导入。`, { file }));
  return { ok: true, value: { fileName, format, sheets }, warnings };

  function fail(code: Parameters<typeof importError>[0], message: string, place: { sheet?: string } = {}): Outcome<WorkbookGrid> {
    return { ok: false, errors: [importError(code, message, { file, ...place })] };
  }
}

