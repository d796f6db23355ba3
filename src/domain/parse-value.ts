/**
 * Reading a target (指标值) or an actual (实际完成值) as typed (DOMAIN §3).
 *
 * A value is quantitative when it is a number, optionally with a comparator before it
 * (=, >=, ≥, >, <=, ≤, <, 不低于, 不超过 … in half- or full-width forms) or a comparator word
 * after it (以上, 以下, 以内), a percent sign, thousands separators and a unit. Anything else is
 * qualitative text ("按时完成", "安全、有序运行"), except text that starts with an inequality
 * symbol and then has no readable number (">=abc%"): that is a typo, reported as 'invalid' with a
 * Chinese reason. Nothing here throws.
 *
 * Decisions:
 * - a bare number means '=' ("=3", "12");
 * - '=' 0 means "at most 0" ('<='): "0起", "=0次" are incident counts that may not go below 0,
 *   so equality and at-most are the same target, and '<=' makes the comparison direction right;
 * - 以上 / 以下 / 以内 include the number itself, as in Chinese legal usage ("95%以上" is ≥ 95 %);
 * - a percent is kept as a fraction (95% → 0.95, decimal "0.95") with unit '%';
 * - a unit is a known unit (个 家 … 个工作日 万元) or any short word of at most 3 letters;
 *   a longer tail ("个月内完成") makes the whole text qualitative rather than guess. The unit is
 *   kept as written (平米 stays 平米); which spellings name the same unit is completion.ts's call.
 *   m² / ㎡ / m2 read as "m²" (NFKC would otherwise turn the ² into a digit);
 * - "12个月内" is "≤ 12个月", as 以内; "95%（含）以上" is "≥ 95%";
 * - a finite JS number (a cell a spreadsheet handed over as a number) reads as its text.
 */
import type { Comparator, ParsedValue } from './result.ts';
import { Decimal, plain } from './decimal.ts';

const KNOWN_UNITS = new Set([
  '个', '家', '屏', '份', '次', '起', '部', '场', '场次', '套', '种', '条', '人', '人次', '名', '户', '位', '项',
  '件', '台', '处', '所', '座', '辆', '批', '期', '篇', '本', '册', '张', '幅', '棵', '株', '只', '头', '间', '栋',
  '亩', '公顷', '平方米', '平米', '平方公里', '米', '公里', '千米', '立方米', '方', '吨', '千克', '公斤', '克',
  '天', '日', '小时', '分钟', '秒', '个工作日', '工作日', '个月', '月', '年', '周', '季度', '学时', '课时', '期次',
  '元', '万元', '亿元', '千元', '户次', '人天', '车次', '班次', '册次', '篇次', '分',
]);

const PREFIXES: [string, Comparator][] = [
  ['大于或等于', '>='], ['大于等于', '>='], ['小于或等于', '<='], ['小于等于', '<='],
  ['不低于', '>='], ['不少于', '>='], ['不小于', '>='], ['至少', '>='],
  ['不超过', '<='], ['不高于', '<='], ['不多于', '<='], ['不大于', '<='], ['至多', '<='], ['最多', '<='],
  ['>=', '>='], ['=>', '>='], ['≥', '>='], ['≧', '>='], ['<=', '<='], ['=<', '<='], ['≤', '<='], ['≦', '<='],
  ['==', '='], ['=', '='], ['等于', '='], ['>', '>'], ['<', '<'], ['大于', '>'], ['高于', '>'], ['超过', '>'],
  ['小于', '<'], ['低于', '<'], ['少于', '<'],
];

const SUFFIXES: [string, Comparator][] = [
  ['及以上', '>='], ['或以上', '>='], ['以上', '>='], ['及以下', '<='], ['或以下', '<='], ['以下', '<='],
  ['以内', '<='], ['之内', '<='], ['内', '<='],
];

// After NFKC: "m²" and "㎡" are "m2". A digit after the number's tail is otherwise a typo.
const SUPERSCRIPT_UNITS = new Map([['m2', 'm²'], ['m3', 'm³'], ['km2', 'km²'], ['M2', 'm²'], ['M3', 'm³']]);

const SYMBOL_START = /^(>=|=>|<=|=<|[≥≧≤≦<>])/;
const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|^[+-]?\.\d+/;
const SHORT_UNIT = /^[\p{Script=Han}A-Za-z²³]{1,3}$/u;

function normalize(text: string): string {
  // NFKC folds full-width ＞＜＝％０-９ and ideographic spaces; ≥ ≤ survive it.
  // U+2212 (−, a typeset minus) survives NFKC; "(含)" only restates that 以上/以下 include the bound.
  return text.normalize('NFKC').replace(/[\s\u00a0]+/g, '').replace(/，(?=\d{3})/g, ',').replace(/\u2212/g, '-').replace(/\(含\)/g, '');
}

function invalid(text: string, reason: string): ParsedValue {
  return { kind: 'invalid', text, reason };
}

const cache = new Map<string, ParsedValue>();

/** Parse a target or actual; results for the same text are shared (and frozen). */
export function parseValue(text: string | null | undefined): ParsedValue {
  if (typeof text === 'number' && Number.isFinite(text)) return parseValue(String(text));
  if (typeof text !== 'string') return EMPTY;
  const hit = cache.get(text);
  if (hit) return hit;
  const parsed = Object.freeze(parseUncached(text)) as ParsedValue;
  if (cache.size > 20000) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

const EMPTY: ParsedValue = Object.freeze({ kind: 'empty' }) as ParsedValue;

function parseUncached(raw: string): ParsedValue {
  const text = raw.trim();
  if (text === '' || /^[-—–/\\]+$/.test(text)) return EMPTY;
  let s = normalize(text);
  const startsWithSymbol = SYMBOL_START.test(s);

  let comparator: Comparator | null = null;
  for (const [word, c] of PREFIXES) {
    if (s.startsWith(word)) {
      comparator = c;
      s = s.slice(word.length);
      break;
    }
  }
  for (const [word, c] of SUFFIXES) {
    if (s.endsWith(word)) {
      if (comparator === null) comparator = c;
      s = s.slice(0, -word.length);
      break;
    }
  }

  const m = NUMBER.exec(s);
  if (!m) {
    if (startsWithSymbol) return invalid(text, `“${text}”：比较符后面应是数值（如 ≥95%、≤2秒）`);
    return { kind: 'qualitative', text };
  }
  let rest = s.slice(m[0].length);
  let percent = false;
  if (rest.startsWith('%')) {
    percent = true;
    rest = rest.slice(1);
  }
  // "95%以上" had its suffix removed above; "500家以上" too. A second comparator word is a typo.
  let unit = percent ? '%' : '';
  rest = SUPERSCRIPT_UNITS.get(rest) ?? rest;
  if (rest !== '') {
    if (percent || /\d/.test(rest) || !(KNOWN_UNITS.has(rest) || SHORT_UNIT.test(rest))) {
      if (startsWithSymbol) return invalid(text, `“${text}”：无法识别数值后的“${rest}”`);
      return { kind: 'qualitative', text };
    }
    unit = rest;
  }
  let value: Decimal;
  try {
    value = new Decimal(m[0].replace(/,/g, ''));
  } catch {
    return invalid(text, `“${text}”：数值无法识别`);
  }
  if (percent) value = value.dividedBy(100);
  let cmp: Comparator = comparator ?? '=';
  if (cmp === '=' && value.isZero()) cmp = '<=';
  const decimal = plain(value);
  return { kind: 'quantity', comparator: cmp, value: Number(decimal), decimal, percent, unit, text };
}
