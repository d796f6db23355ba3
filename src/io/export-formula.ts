/**
 * Every formula string of the .xlsx export is built here, and only from cell addresses the
 * export computed itself and numbers checked with Number.isFinite (decimals: an integer 0–6).
 * No text of the evaluation is ever interpolated: a backup or carrier sheet can hold anything
 * (`decimals: '2)+0*LEN(HYPERLINK(…))'`), so a value that is not a valid number means the figure
 * is written as a plain value instead of a formula. Labels a formula returns (grades) come from
 * cells by reference.
 */
import { parseValue, unitsCompatible, type Evaluation, type Indicator, type NodeResult, type ParsedValue } from '../domain/index.ts';

export type Quantity = Extract<ParsedValue, { kind: 'quantity' }>;

/** A finite number, or null for anything else (strings, NaN, Infinity, objects). */
export const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The decimals a ROUND may use: an integer 0–6, or null (then no rounding formula is written). */
export function safeDecimals(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 6 ? v : null;
}

/** A number as a formula literal: plain decimal digits, never exponent notation. */
export function literal(n: number): string {
  if (!Number.isFinite(n)) throw new Error('not a finite number');
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(12).replace(/\.?0+$/, '');
}

export const roundFunction = (evaluation: Evaluation): 'ROUND' | 'ROUNDDOWN' => (evaluation.settings.rounding === 'truncate' ? 'ROUNDDOWN' : 'ROUND');

/** Decimals of a decimal text ("0.8405" → 4), at most 10 for a number format. */
const decimalsOf = (text: string): number => Math.min(10, (text.split('.')[1] ?? '').length);

/** A number format that shows a quantity as typed: "≥"0"家", "0.00%". (A format, never a formula.) */
export function quantityFormat(q: Quantity, comparator: boolean): string {
  const prefix = comparator && q.comparator !== '=' ? `"${q.comparator === '>=' ? '≥' : q.comparator === '<=' ? '≤' : q.comparator === '>' ? '>' : '<'}"` : '';
  if (q.percent) {
    const d = Math.max(0, decimalsOf(q.decimal) - 2);
    return `${prefix}0${d > 0 ? `.${'0'.repeat(d)}` : ''}%`;
  }
  const d = decimalsOf(q.decimal);
  const unit = q.unit ? `"${q.unit.replace(/["\\]/g, '').slice(0, 20)}"` : '';
  return `${prefix}0${d > 0 ? `.${'0'.repeat(d)}` : ''}${unit}`;
}

const COMPARATOR_OPS: Readonly<Record<string, string>> = { '>=': '>=', '>': '>', '<=': '<=', '<': '<', '=': '>=' };

/**
 * The Excel formula that computes this leaf's score from its own cells, when the rule is one
 * Excel can express the way the engine computes it; else null (the score is written as a value).
 */
export function leafFormula(evaluation: Evaluation, leaf: Indicator, node: NodeResult | undefined, cells: { weight: string; target: string; actual: string }):
  { formula: string; target: Quantity; actual: Quantity } | null {
  const rule = leaf.rule;
  const decimals = safeDecimals(evaluation.settings.decimals);
  if (!node || node.score === null || leaf.pinned || !rule || finite(leaf.weight) === null || decimals === null) return null;
  if (rule.type !== 'ratio' && rule.type !== 'binary') return null;
  const t = parseValue(leaf.target);
  const a = parseValue(leaf.actual);
  if (t.kind !== 'quantity' || a.kind !== 'quantity' || !unitsCompatible(t, a) || t.percent !== a.percent) return null;
  if (!(finite(t.value) !== null && t.value > 0 && finite(a.value) !== null && a.value >= 0)) return null;
  const op = COMPARATOR_OPS[t.comparator];
  if (op === undefined) return null;
  const lower = op === '<=' || op === '<';
  const round = roundFunction(evaluation);
  const { weight: W, target: T, actual: A } = cells;
  if (rule.type === 'ratio') {
    if (lower && a.value <= 0) return null;
    const rd = rule.rateDecimals === undefined ? 2 : rule.rateDecimals;
    const raw = lower ? `${T}/${A}` : `${A}/${T}`;
    let ach: string;
    if (rd === null) ach = `(${raw})`;
    else if (typeof rd === 'number' && Number.isInteger(rd) && rd >= 0 && rd <= 6) ach = `ROUND(${raw},${rd + 2})`;
    else return null;
    let capped = `MIN(1,${ach})`;
    if (rule.floor !== undefined && rule.floor !== null) {
      const floor = finite(rule.floor);
      if (floor === null) return null;
      capped = `IF(${ach}<${literal(floor)},0,MIN(1,${ach}))`;
    }
    return { formula: `${round}(${W}*${capped},${decimals})`, target: t, actual: a };
  }
  if (leaf.statusOverride) return null;
  return { formula: `IF(${A}${op}${T},${W},0)`, target: t, actual: a };
}

/** 执行率 and 得分 of the funds block on its amount cells; null parts are written as values. */
export function fundsFormulas(evaluation: Evaluation, cells: { annual: string; executed: string; weight: string; rate: string }): { rate: string; score: string | null } {
  const decimals = safeDecimals(evaluation.settings.decimals);
  return {
    rate: `ROUND(${cells.executed}/${cells.annual},4)`,
    score: decimals === null ? null : `${roundFunction(evaluation)}(${cells.weight}*MIN(1,${cells.rate}),${decimals})`,
  };
}

/**
 * 等级 from the total, on a table of grade labels and lower bounds the export writes in cells
 * (`bands[i]` at `labelCell(i)` / `minCell(i)`, highest first): IF(C7>=B15,A15,IF(C7>=B16,A16,A17)).
 * null when a bound is not a finite number.
 */
export function gradeFormula(totalCell: string, bands: readonly { min: unknown }[], labelCell: (i: number) => string, minCell: (i: number) => string): string | null {
  if (bands.length === 0 || bands.some((b) => finite(b.min) === null)) return null;
  let f = labelCell(bands.length - 1);
  for (let i = bands.length - 2; i >= 0; i--) f = `IF(${totalCell}>=${minCell(i)},${labelCell(i)},${f})`;
  return f;
}

/** A 得分率 that is blank where there is no weight or score. */
export const rateFormula = (weightCell: string, scoreCell: string): string => `IF(OR(${weightCell}="",${weightCell}=0,${scoreCell}=""),"",ROUND(${scoreCell}/${weightCell},4))`;
