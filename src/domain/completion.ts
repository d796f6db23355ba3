/**
 * Completion status (指标实现情况, DOMAIN §3) and the comparison of an actual with its target.
 *
 * - quantity vs quantity (same unit): the comparison holds → 已完成; otherwise progress
 *   (actual > 0 for a ≥ / > / = target; any value for a ≤ / < target) → 部分完成, else 未完成.
 *   An '=' target that is exceeded counts as met (超额完成 is still 完成; the overshoot-dock
 *   adjustment exists to question badly set targets, not the status).
 * - qualitative: the actual equals the target (ignoring spaces and punctuation width) → 已完成;
 *   otherwise no status: the evaluator chooses (statusOverride).
 * - no actual, no target, different units, or a quantity against text → no status (null).
 */
import type { CompletionStatus } from './model.ts';
import type { ParsedValue } from './result.ts';
import { Decimal } from './decimal.ts';

export type Quantity = Extract<ParsedValue, { kind: 'quantity' }>;

// Parsed values are shared per text (see parseValue), so their decimals can be too: building
// decimal objects is most of the cost of a full evaluation.
const decimals = new WeakMap<Quantity, Decimal>();

/** The exact decimal of a parsed quantity (memoised per parsed value). */
export function decimalOf(q: Quantity): Decimal {
  let d = decimals.get(q);
  if (!d) {
    d = new Decimal(q.decimal);
    decimals.set(q, d);
  }
  return d;
}

/**
 * Spellings of one unit, to their first form. Only true synonyms: 天 and 个工作日 stay
 * different units (calendar vs working days), as do 人 and 人次; converting between units is
 * never done (DOMAIN §3), but 平米 IS 平方米 and flagging it would bury real mismatches.
 */
const SAME_UNIT: readonly (readonly string[])[] = [
  ['平方米', '平米', 'm²'], ['立方米', '方', 'm³'], ['平方公里', 'km²'], ['公里', '千米', 'km'], ['千克', '公斤', 'kg'],
  ['个工作日', '工作日'], ['个月', '月'], ['天', '日'], ['场次', '场'], ['小时', '个小时'],
];
const CANONICAL_UNIT = new Map<string, string>(SAME_UNIT.flatMap((forms) => forms.map((u) => [u, forms[0] as string] as [string, string])));

function canonicalUnit(unit: string): string {
  return CANONICAL_UNIT.get(unit) ?? unit;
}

/** Same kind of figure: both percents, or the same unit (by any of its spellings), or one side without a unit. */
export function unitsCompatible(target: Quantity, actual: Quantity): boolean {
  if (target.percent !== actual.percent) return false;
  return target.unit === actual.unit || target.unit === '' || actual.unit === '' || canonicalUnit(target.unit) === canonicalUnit(actual.unit);
}

/** Whether `value` satisfies the target's comparator ('=' is met when reached or exceeded). */
export function meetsTarget(target: Quantity, value: Decimal): boolean {
  const t = decimalOf(target);
  switch (target.comparator) {
    case '>=': return value.greaterThanOrEqualTo(t);
    case '>': return value.greaterThan(t);
    case '<=': return value.lessThanOrEqualTo(t);
    case '<': return value.lessThan(t);
    case '=': return value.greaterThanOrEqualTo(t);
    default: return false;
  }
}

/** A ≤ / < target: smaller is better (time, cost, incidents). */
export function lowerIsBetter(target: Quantity): boolean {
  return target.comparator === '<=' || target.comparator === '<';
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string): string => s.normalize('NFKC').replace(/[\s、,，。.;；:：“”"'‘’]/g, '');
  return norm(a) === norm(b);
}

export function computeStatus(target: ParsedValue, actual: ParsedValue): CompletionStatus | null {
  if (target.kind === 'empty' || target.kind === 'invalid') return null;
  if (actual.kind === 'empty' || actual.kind === 'invalid') return null;
  if (target.kind === 'qualitative') {
    return actual.kind === 'qualitative' && sameText(target.text, actual.text) ? '已完成' : null;
  }
  if (actual.kind !== 'quantity' || !unitsCompatible(target, actual)) return null;
  const value = decimalOf(actual);
  if (meetsTarget(target, value)) return '已完成';
  if (lowerIsBetter(target)) return '部分完成';
  return value.greaterThan(0) ? '部分完成' : '未完成';
}
