/**
 * What the engine keeps for each node: its result and everything its parent needs to
 * aggregate without looking below it (weight, score in units, findings, counts, overshoots),
 * and the small readings every scorer shares (name, weight, finite numbers).
 */
import type { CompletionStatus, Id, Indicator, Rule, RuleType } from './model.ts';
import type { EvaluationResult, Finding, NodeResult } from './result.ts';
import { Decimal, dec } from './decimal.ts';
import { finding } from './finding.ts';
import { RULE_LABELS } from './rule-catalog.ts';
import { fxOfText, type Fx } from './fixed.ts';

export type StatusCounts = EvaluationResult['statusCounts'];

export interface Overshoot {
  id: string;
  name: string;
  /** actual / target − 1 */
  excess: Decimal;
}

/** One node's result with everything its parent needs to aggregate without looking below it. */
export interface Computed {
  /** The indicator's id, as its result's: read without building the result. */
  id: Id;
  level: number;
  /** The node's public result (a fast-path leaf builds it when it is first read). */
  result: NodeResult;
  children: readonly Computed[];
  weight: Decimal | null;
  /** The same weight as an exact short decimal, when it fits one (./fixed.ts); null otherwise. */
  wfx: Fx | null;
  /** Score in 10^-decimals; null = pending. */
  units: number | null;
  /** Own findings then the children's, in tree order. */
  findings: readonly Finding[];
  leafCount: number;
  pendingLeaves: number;
  counts: StatusCounts;
  overshoots: readonly Overshoot[];
}

export const RULE_TYPES = new Set<RuleType>(Object.keys(RULE_LABELS) as RuleType[]);
export const STATUSES = new Set<CompletionStatus>(['已完成', '部分完成', '未完成']);
export const NO_OVERSHOOTS: readonly Overshoot[] = Object.freeze([]);
export const MAX_DEPTH = 64;
export const NO_KIDS: Indicator[] = [];
/** A leaf's computed children: shared, a leaf has none. */
export const LEAF_CHILDREN: readonly Computed[] = Object.freeze([]);

export function zeroCounts(): StatusCounts {
  return { 已完成: 0, 部分完成: 0, 未完成: 0, pending: 0 };
}

/** Adds a child's (or a root's) status counts into a parent's (or the sheet's). */
export function addCounts(into: StatusCounts, from: StatusCounts): void {
  into.已完成 += from.已完成;
  into.部分完成 += from.部分完成;
  into.未完成 += from.未完成;
  into.pending += from.pending;
}

// A leaf's counts are one of five shapes; parents only read them, so leaves share these.
export const LEAF_COUNTS: Readonly<Record<CompletionStatus | 'pending' | 'none', StatusCounts>> = Object.freeze({
  已完成: Object.freeze({ ...zeroCounts(), 已完成: 1 }),
  部分完成: Object.freeze({ ...zeroCounts(), 部分完成: 1 }),
  未完成: Object.freeze({ ...zeroCounts(), 未完成: 1 }),
  pending: Object.freeze({ ...zeroCounts(), pending: 1 }),
  none: Object.freeze(zeroCounts()),
});

export const MANUAL: Rule = Object.freeze({ type: 'manual' });

export function nameOf(ind: Indicator): string {
  const n = typeof ind.name === 'string' ? ind.name.trim() : '';
  if (n) return n;
  return typeof ind.code === 'string' && ind.code.trim() ? ind.code.trim() : '（未命名指标）';
}

export function finite(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

export function fxOfWeight(weight: Decimal | null, known: Fx | null): Fx | null {
  if (weight === null) return null;
  return known ?? fxOfText(weight.toFixed());
}

export function readWeight(ind: Indicator, own: Finding[], name: string, isLeaf: boolean): Decimal | null {
  const raw = ind.weight;
  if (raw === null || raw === undefined) {
    if (isLeaf) own.push(finding('weight-missing', 'error', ind.id, 'weight', `${name}：分值未填写`, {}));
    return null;
  }
  const w = dec(raw);
  if (w === null || w.isNegative()) {
    own.push(finding('weight-missing', 'error', ind.id, 'weight', `${name}：分值“${String(raw)}”无效，应为不小于 0 的数`, { weight: String(raw) }));
    return null;
  }
  return w;
}
