/**
 * The evaluation of a whole sheet: every node's score, rate, status and findings, the funds
 * block, the adjustments layer, the total and the grade (DOMAIN §2–§7).
 *
 * Sums: a parent's score is the sum of its children's ROUNDED scores, as the reports add them,
 * kept as integers of 10^-decimals (1.19 → 119) so sums are exact; each `number` handed out is
 * that integer divided by a power of ten, which is exactly Number(its decimal text).
 *
 * Stated figures (a sheet's 得分, 小计, 合计) are compared with the computed ones after rounding
 * them like any score (decimals and mode of the evaluation): a sheet that states 1.199 where
 * the rule gives 1.20 has no slip, and "1.20 ≠ 1.20" would be noise that hides real ones.
 *
 * Depth: a node deeper than MAX_DEPTH levels with children is not descended into (a real
 * system has 3–5 levels; a corrupt document must not exhaust the stack); it is pending, with
 * an error finding that says its subtree was not counted.
 *
 * Pending: a leaf with nothing to score yet (a manual leaf without a score, a ruled leaf whose
 * inputs are missing or unusable) has score null and adds nothing to its parents. Parents
 * and the total are then partial: `pendingLeaves` says how many leaves are missing, each one
 * has a finding, and a parent whose leaves are all pending has score null too.
 *
 * Where each part lives: a leaf in ./leaf-score.ts (the definition, decimal.js) and
 * ./leaf-fast.ts (the same steps in exact integers for common leaves); a parent in
 * ./parent-sum.ts; the funds block in ./funds-score.ts; the adjustments layer in
 * ./adjustment-layer.ts; the per-node cache in ./node-cache.ts; figures and rounding in
 * ./score-scale.ts; a node's result, whose worked line is built when read, in ./node-result.ts.
 * This file assembles the whole sheet.
 *
 * Speed: most leaves take the integer path; anything else, or a figure too long for a safe
 * integer, goes through decimal.js. On that path a leaf's result object, and its worked line,
 * are built when first read (./leaf-fast.ts, ./node-result.ts): totals, counts and findings
 * never need them, and at 10,000 leaves building them all was most of the time and memory. `{ fastPath: false }` turns the integer path off: the
 * property test (tests/unit/domain/fast-path.test.ts) uses the engine so switched as its
 * oracle, so each meaning is written once.
 *
 * Caching: {@link createEvaluator} keeps each node's computed result in a WeakMap keyed by the
 * Indicator object (per rounding mode and decimals, checked against the node's depth). Updates
 * are immutable, so after a one-leaf change only the objects on that leaf's path are new and
 * only they are recomputed: O(depth × siblings). The nodes map and the findings list are then
 * assembled from the cached pieces (findings are concatenated per subtree, so unchanged
 * subtrees hand over their list as is).
 */
import type { Evaluation, GradeScale, RoundingMode } from './model.ts';
import type { EvaluationResult, Finding, FundsResult } from './result.ts';
import { Decimal, ZERO, safeDecimals } from './decimal.ts';
import { finding } from './finding.ts';
import { gradeFor, GRADE_SCALES } from './grades.ts';
import { formatScore } from './rounding.ts';
import { ScoreScale } from './score-scale.ts';
import { scoreFunds } from './funds-score.ts';
import { applyAdjustments } from './adjustment-layer.ts';
import { NodeScorer } from './node-cache.ts';
import { NO_OVERSHOOTS, addCounts, finite, zeroCounts, type Overshoot } from './node-computed.ts';

function emptyResult(message: string): EvaluationResult {
  return {
    nodes: new Map(), levels: [], funds: null, sum: 0, adjustments: [], total: 0, totalText: '0', maxTotal: 0, grade: '',
    statusCounts: zeroCounts(), leafCount: 0, pendingLeaves: 0,
    findings: [finding('rule-error', 'error', null, null, message, {})],
  };
}

function run(scorer: NodeScorer, evaluation: Evaluation): EvaluationResult {
  const indicators = Array.isArray(evaluation.indicators) ? evaluation.indicators.filter((i) => i && typeof i === 'object') : [];
  const engine = scorer.scale;
  const roots = indicators.map((ind) => scorer.node(ind, 1));
  const own: Finding[] = [];

  let sumUnits = 0;
  let maxWeight = ZERO;
  let leafCount = 0;
  let pendingLeaves = 0;
  const statusCounts = zeroCounts();
  let overshoots: readonly Overshoot[] = NO_OVERSHOOTS;
  for (const r of roots) {
    if (r.units !== null) sumUnits += r.units;
    if (r.weight !== null) maxWeight = maxWeight.plus(r.weight);
    leafCount += r.leafCount;
    pendingLeaves += r.pendingLeaves;
    addCounts(statusCounts, r.counts);
    if (r.overshoots.length) overshoots = overshoots.concat(r.overshoots);
  }
  const indicatorWeight = maxWeight;

  let funds: FundsResult | null = null;
  let fundsRate: Decimal | null = null;
  const fundsFindings: Finding[] = [];
  if (evaluation.funds && typeof evaluation.funds === 'object') {
    const f = scoreFunds(engine, evaluation.funds);
    funds = f.result;
    fundsRate = f.rate;
    fundsFindings.push(...f.findings);
    if (f.weight.greaterThan(0)) {
      maxWeight = maxWeight.plus(f.weight);
      if (f.units !== null) sumUnits += f.units;
    }
  }

  if (roots.length > 0 && !maxWeight.equals(100)) {
    const fw = funds && funds.weight > 0 ? `（指标 ${engine.fig(indicatorWeight)} + 项目资金 ${engine.fig(funds.weight)}）` : '';
    own.push(finding('total-weight', 'error', null, 'weight', `总分值为 ${engine.fig(maxWeight)}${fw}，应为 100`, { total: Number(maxWeight.toFixed()) }));
  }

  const adjustmentFindings: Finding[] = [];
  const { results: adjustments, totalUnits } = applyAdjustments(engine, evaluation.adjustments, sumUnits, fundsRate, overshoots, adjustmentFindings);
  const total = engine.fromUnits(totalUnits);

  const statedTotal = finite(evaluation.statedTotal);
  if (statedTotal !== null && !engine.round(new Decimal(statedTotal)).equals(new Decimal(totalUnits).dividedBy(engine.scaleDec))) {
    own.push(finding('stated-total-differs', 'error', null, 'total', `合计：计算总分 ${engine.fig(total)}，表中合计 ${engine.statedFig(new Decimal(statedTotal))}`, { computed: total, stated: statedTotal }));
  }

  const scale: GradeScale = evaluation.settings?.gradeScale ?? GRADE_SCALES.mof;
  const nodeFindings: Finding[] = [];
  for (const r of roots) for (const f of r.findings) nodeFindings.push(f);

  return {
    nodes: scorer.nodesOf(roots),
    levels: roots.map((r) => r.result),
    funds,
    sum: engine.fromUnits(sumUnits),
    adjustments,
    total,
    totalText: formatScore(total, engine.decimals),
    maxTotal: Number(maxWeight.toFixed()),
    // Nothing scored yet (every leaf pending, no funds score): a grade from 0 would read as 差.
    grade: roots.some((r) => r.units !== null) || funds?.score != null ? gradeFor(total, scale) : '',
    statusCounts,
    leafCount,
    pendingLeaves,
    findings: nodeFindings.concat(fundsFindings, own, adjustmentFindings),
  };
}

function settingsOf(evaluation: Evaluation): { rounding: RoundingMode; decimals: number } {
  const s = evaluation?.settings;
  return { rounding: s?.rounding === 'truncate' ? 'truncate' : 'half-up', decimals: safeDecimals(s?.decimals) };
}

function safeRun(scorerFor: (rounding: RoundingMode, decimals: number) => NodeScorer, evaluation: Evaluation): EvaluationResult {
  if (!evaluation || typeof evaluation !== 'object') return emptyResult('评价数据为空或格式不正确，无法计算');
  try {
    const { rounding, decimals } = settingsOf(evaluation);
    return run(scorerFor(rounding, decimals), evaluation);
  } catch (e) {
    return emptyResult(`评价数据无法计算：${e instanceof Error ? e.message : String(e)}`);
  }
}

export interface EvaluateOptions {
  /**
   * false: every leaf in decimal.js (./leaf-score.ts), the integer path off. Same results,
   * slower; the oracle of the property test and the baseline of the benchmark.
   */
  fastPath?: boolean;
}

/** Evaluate an evaluation from scratch. */
export function evaluate(evaluation: Evaluation, options: EvaluateOptions = {}): EvaluationResult {
  const fastPath = options.fastPath !== false;
  return safeRun((rounding, decimals) => new NodeScorer(new ScoreScale(rounding, decimals), { cached: false, fastPath }), evaluation);
}

/**
 * An evaluator that remembers node results between calls (see the module comment): give it
 * successive immutable versions of an evaluation and each call recomputes only what changed.
 * Results are identical to {@link evaluate}'s.
 */
export function createEvaluator(options: EvaluateOptions = {}): { evaluate(evaluation: Evaluation): EvaluationResult } {
  const fastPath = options.fastPath !== false;
  const scorers = new Map<string, NodeScorer>();
  const scorerFor = (rounding: RoundingMode, decimals: number): NodeScorer => {
    const key = `${rounding}|${decimals}`;
    let scorer = scorers.get(key);
    if (!scorer) {
      // Two modes side by side is the common comparison; more is churn, drop the oldest.
      if (scorers.size >= 2) scorers.delete(scorers.keys().next().value as string);
      scorer = new NodeScorer(new ScoreScale(rounding, decimals), { cached: true, fastPath });
      scorers.set(key, scorer);
    }
    return scorer;
  };
  return { evaluate: (evaluation: Evaluation) => safeRun(scorerFor, evaluation) };
}
