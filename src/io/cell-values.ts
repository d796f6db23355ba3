/**
 * Reading one cell's value the way the tables mean it: "2,055,983.00" is a number, "100.00%"
 * is 1, "决策 (15分)" is the name 决策 with weight 15, "A11立项依据" carries the code A11.
 */
export type Cell = string | number | boolean | null;

const FULL_WIDTH_DIGITS = /[０-９．]/g;
// The patterns read for every cell are built once: a regex literal in a function body is a new
// RegExp object each call, and 50,000 cells' worth of them keep the garbage collector busy.
const WHITESPACE = /\s/;
const WHITESPACE_RUNS = /\s+/g;
const FULL_WIDTH_PERCENT = /％/g;
const NUMBER_TEXT = /^([+-]?)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*(%|分)?$/;
const WEIGHT_IN_NAME = /^(.*?)\s*[（(]\s*(\d+(?:\.\d+)?)\s*(?:分|%)?\s*[)）]\s*$/;
const TOTAL_LABEL = /^(合\s*计|总\s*分|总\s*计|综合得分|得分合计|总得分)\s*[:：]?$/;
const SUBTOTAL_LABEL = /^小\s*计$/;

/** Full-width digits and point → ASCII, so "１５" reads as 15. */
export function toHalfWidth(text: string): string {
  return text.replace(FULL_WIDTH_DIGITS, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.trim();
}

/**
 * A name as the tables print it, without the line breaks a narrow column forced into it
 * ("硬件设备采购种\n数" → "硬件设备采购种数"); Latin words keep one space.
 */
export function cleanName(text: string): string {
  const trimmed = text.trim();
  // Most names have no whitespace inside: nothing to join or collapse.
  if (!WHITESPACE.test(trimmed)) return trimmed;
  return trimmed
    .replace(/([^\x00-\x7f])\s*\n\s*/g, '$1')
    .replace(/\s*\n\s*([^\x00-\x7f])/g, '$1')
    .replace(WHITESPACE_RUNS, ' ');
}

export type ParsedNumber = { kind: 'empty' } | { kind: 'number'; value: number; percent: boolean } | { kind: 'invalid'; text: string };

/**
 * "3", "3分", "2,055,983.00", "100.00%", "１５" → numbers; "" → empty; anything else invalid.
 * A percent is returned as a fraction (100% → 1).
 */
export function parseNumberCell(cell: Cell | undefined): ParsedNumber {
  if (cell === null || cell === undefined) return { kind: 'empty' };
  if (typeof cell === 'number') return Number.isFinite(cell) ? { kind: 'number', value: cell, percent: false } : { kind: 'invalid', text: String(cell) };
  if (typeof cell === 'boolean') return { kind: 'invalid', text: cellText(cell) };
  const text = toHalfWidth(cell.trim()).replace(FULL_WIDTH_PERCENT, '%');
  if (text === '' || text === '-' || text === '—' || text === '/') return { kind: 'empty' };
  const m = NUMBER_TEXT.exec(text);
  if (!m) return { kind: 'invalid', text: cell.trim() };
  const value = Number(`${m[1]}${(m[2] ?? '').replace(/,/g, '')}`);
  if (!Number.isFinite(value)) return { kind: 'invalid', text: cell.trim() };
  if (m[3] === '%') return { kind: 'number', value: fractionOfPercent(value), percent: true };
  return { kind: 'number', value, percent: false };
}

/** 99.71 → 0.9971 without binary noise (99.71 / 100 = 0.9970999999999999). */
export function fractionOfPercent(percent: number): number {
  return Number((percent / 100).toPrecision(12));
}

/**
 * "决策 (15分)", "过程（20）", "投入与管理 (36分)", "决策\n(15分)" → name and weight. "决策（25%）" is
 * 25 points: a percent in a 100-point table's name is its share of the 100 (see weightPoints).
 */
export function splitWeightFromName(text: string): { name: string; weight: number | null } {
  const clean = cleanName(toHalfWidth(text)).replace(FULL_WIDTH_PERCENT, '%');
  const m = WEIGHT_IN_NAME.exec(clean);
  if (m && m[1] !== undefined && m[1] !== '' && m[2] !== undefined) return { name: m[1].trim(), weight: Number(m[2]) };
  return { name: clean, weight: null };
}

/**
 * A weight written as a percent ("15%", or 0.15 shown as 15%) is that share of a 100-point
 * table, so 15 points: the tables that write 权重 in percent still total 100 and score in points.
 */
export function weightPoints(p: Extract<ParsedNumber, { kind: 'number' }>): number {
  return p.percent ? Number((p.value * 100).toPrecision(12)) : p.value;
}

/**
 * Rows a printed table repeats on every page or a converter leaves behind, which are neither
 * indicators nor metadata: "附件3", "续表", "第 1 页 共 3 页", "- 12 -", "单位：万元".
 */
export function isPageFurniture(text: string): boolean {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  return /^附件[0-9一二三四五六七八九十]*[:：]?$/.test(t)
    || /^续表[0-9一二三四五六七八九十]*[:：]?$/.test(t)
    || /^第\d+页(?:[,，、/]?共\d+页)?$|^共\d+页$/.test(t)
    || /^[-—–]\d+[-—–]$/.test(t)
    || /^(?:金额)?单位[:：](?:万?元|亿元)$/.test(t);
}

/**
 * A code prefix: "A11立项依据充分性" → A11; "1.2.3 标题" → 1.2.3. Letters then digits, or dotted
 * numbers; a bare number ("2021年…") is not a code.
 */
export function splitCode(text: string): { code: string; rest: string } | null {
  const letter = /^([A-Za-z])(\d{0,4})(?![A-Za-z])[\s.、:：]*(?=\S)(.*)$/s.exec(text);
  if (letter && letter[1] !== undefined && letter[3] !== undefined && /^[^\x00-\x7f]/.test(letter[3])) {
    return { code: `${letter[1].toUpperCase()}${letter[2] ?? ''}`, rest: letter[3].trim() };
  }
  const dotted = /^(\d{1,2}(?:\.\d{1,2})+)[\s、.:：]*(.+)$/s.exec(text);
  if (dotted && dotted[1] !== undefined && dotted[2] !== undefined && /^[^\x00-\x7f]/.test(dotted[2])) {
    return { code: dotted[1], rest: dotted[2].trim() };
  }
  return null;
}

/** Depth of a code: A → 1, A1 → 2, A11 / C110 → 3; 1.2 → 2. */
export function codeDepth(code: string): number {
  if (/^\d/.test(code)) return code.split('.').length;
  const digits = code.length - 1;
  return digits === 0 ? 1 : digits === 1 ? 2 : 3;
}

/** The parent's code: A11 → A1, C110 → C1, A1 → A, 1.2.3 → 1.2. */
export function parentCode(code: string): string | null {
  if (/^\d/.test(code)) {
    const parts = code.split('.');
    return parts.length > 1 ? parts.slice(0, -1).join('.') : null;
  }
  const depth = codeDepth(code);
  if (depth === 1) return null;
  return depth === 2 ? code.slice(0, 1) : code.slice(0, 2);
}

/** 合计 / 总分 / 总计 rows carry the stated total, not an indicator. */
export function isTotalLabel(text: string): boolean {
  return TOTAL_LABEL.test(text.replace(WHITESPACE_RUNS, ''));
}

/** 小计 rows carry a stated subtotal of the group above them. */
export function isSubtotalLabel(text: string): boolean {
  return SUBTOTAL_LABEL.test(text.replace(WHITESPACE_RUNS, ''));
}
