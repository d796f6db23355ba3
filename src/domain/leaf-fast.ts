/**
 * The common leaf in exact integers (./fixed.ts): a readable weight, targets and actuals that
 * parse, a manual score or a ratio/step/binary rule that computes, scores within [0, weight].
 * Everything else, and any figure too long for a safe integer, returns null and
 * ./leaf-score.ts computes it with decimal.js. Both give the same result: leaf-score.ts is the
 * definition, this is the same steps without decimal objects. The property test
 * (tests/unit/domain/fast-path.test.ts) runs the engine with this path switched off as its
 * oracle.
 */
import type { CompletionStatus, Indicator, Rule, RuleType } from './model.ts';
import type { Finding, NodeResult, ParsedValue } from './result.ts';
import { ScoredNode, type Explainer } from './node-result.ts';
import { scoreLeaf } from './leaf-score.ts';
import { Decimal, ONE } from './decimal.ts';
import { computeStatus, decimalOf, lowerIsBetter, unitsCompatible, type Quantity } from './completion.ts';
import { finding, NO_FINDINGS } from './finding.ts';
import { parseValue } from './parse-value.ts';
import { formatRate } from './rounding.ts';
import { RULE_LABELS } from './rule-catalog.ts';
import { FX_ZERO, OVERFLOW, cmp, cmpAt, fitsPlaces, fxOfNumber, fxOfQuantity, fxText, roundFx, roundedUnits, unitsAt, type Fx } from './fixed.ts';
import { fastRule, type WorkedLine } from './fast-rule.ts';
import type { ScoreScale } from './score-scale.ts';
import {
  LEAF_CHILDREN, LEAF_COUNTS, MANUAL, NO_OVERSHOOTS, RULE_TYPES, STATUSES, finite, nameOf, type Computed, type Overshoot, type StatusCounts,
} from './node-computed.ts';

interface WeightInfo {
  dec: Decimal;
  fx: Fx;
  num: number;
  text: string;
}

// Weights repeat across a sheet (1, 2, 3, 0.5 …): read each once.
const weights = new Map<number, WeightInfo | null>();

/** A leaf weight the fast path can take: a finite number ≥ 0 (not -0) that fits a short decimal. */
function weightInfo(raw: unknown): WeightInfo | null {
  if (typeof raw !== 'number' || !(raw > 0 || Object.is(raw, 0))) return null;
  let info = weights.get(raw);
  if (info === undefined) {
    const fx = fxOfNumber(raw);
    const d = new Decimal(raw);
    info = fx === null ? null : { dec: d, fx, num: Number(d.toFixed()), text: d.toFixed() };
    if (weights.size > 20000) weights.clear();
    weights.set(raw, info);
  }
  return info;
}

/** computeStatus() of two compatible quantities, compared as their exact values (fxOfQuantity). */
function quantityStatus(target: Quantity, actual: Quantity, tv: Fx | null, av: Fx | null): CompletionStatus | null {
  if (tv === null || av === null) return computeStatus(target, actual);
  const c = cmp(av, tv);
  const met = target.comparator === '<=' ? c <= 0 : target.comparator === '<' ? c < 0 : target.comparator === '>' ? c > 0 : c >= 0;
  if (met) return '已完成';
  if (lowerIsBetter(target)) return '部分完成';
  return av.m > 0 ? '部分完成' : '未完成';
}


/**
 * The common leaf in exact integers (./fixed.ts): a readable weight, targets and actuals
 * that parse, a manual score or a ratio/step/binary rule that computes, scores within
 * [0, weight]. Everything else, and any figure too long for a safe integer, returns null
 * and leaf() computes it with decimal.js. Both give the same result: leaf() is the
 * definition, this is the same steps without decimal objects (tests compare the two).
 */
export function scoreLeafFast(s: ScoreScale, ind: Indicator, level: number): Computed | null {
  return scoreLeafInto(s, ind, level, null);
}

/**
 * The worked line of a ruled leaf this path scored, built when it is first read
 * (./node-result.ts): the same leaf scored again with the line on. The line needs one division
 * the score does not (the gap as a share of the target, for a step rule); should that
 * overflow and hand the leaf to decimal.js, the definition gives the line.
 */
const explainLater: Explainer = (s, ind, level) => {
  const line: WorkedLine = { explain: '' };
  return scoreLeafInto(s, ind, level, line) !== null ? line.explain : scoreLeaf(s, ind, level).result.explain ?? '';
};

/** The leaf, its worked line written into `line` when one is given. */
function scoreLeafInto(s: ScoreScale, ind: Indicator, level: number, line: WorkedLine | null): FastLeaf | null {
  try {
    return fastLeafUnsafe(s, ind, level, line);
  } catch (e) {
    if (e === OVERFLOW) return null;
    throw e;
  }
}

function fastLeafUnsafe(s: ScoreScale, ind: Indicator, level: number, line: WorkedLine | null): FastLeaf | null {
  const w = weightInfo(ind.weight);
  if (w === null) return null;
  const wfx = w.fx;
  const target: ParsedValue = parseValue(ind.target);
  const actual: ParsedValue = parseValue(ind.actual);
  if (target.kind === 'invalid' || actual.kind === 'invalid') return null;
  const bothQuantities = target.kind === 'quantity' && actual.kind === 'quantity';
  if (bothQuantities && !unitsCompatible(target, actual)) return null;
  // Read once: status, rule and overshoot all compare them.
  const tv = bothQuantities ? fxOfQuantity(target) : null;
  const av = bothQuantities ? fxOfQuantity(actual) : null;
  let rule: Rule = MANUAL;
  if (ind.rule && typeof ind.rule === 'object') {
    if (!RULE_TYPES.has(ind.rule.type)) return null;
    rule = ind.rule;
  }
  const enteredNum = finite(ind.enteredScore);
  const enteredUnits = enteredNum === null ? null : typedUnits(s, enteredNum, w);
  if (enteredUnits === undefined) return null;
  const entered = enteredUnits !== null;
  const statedNum = finite(ind.statedScore);
  const stated = statedNum === null ? null : fxOfNumber(statedNum);
  // leaf() flags a stated score out of [0, weight] (-0 reads as negative to decimal.js).
  if (statedNum !== null && (stated === null || Object.is(statedNum, -0) || stated.m < 0 || cmp(stated, wfx) > 0)) return null;

  const override = typeof ind.statusOverride === 'string' && STATUSES.has(ind.statusOverride) ? ind.statusOverride : null;
  const computedStatus = bothQuantities ? quantityStatus(target, actual, tv, av) : computeStatus(target, actual);
  const status = override ?? computedStatus;
  const statusSource = override ? 'override' : computedStatus ? 'computed' : null;

  const id = ind.id;
  const truncate = s.rounding === 'truncate';
  let computedUnits: number | null = null;
  let rawScore: string | null = null;
  if (rule.type !== 'manual') {
    const raw = fastRule(rule, wfx, target, actual, tv, av, status, line);
    if (raw === null) return null;
    const clamped = raw.m < 0 ? FX_ZERO : cmp(raw, wfx) > 0 ? wfx : raw;
    computedUnits = roundedUnits(clamped, s.decimals, truncate);
    rawScore = fxText(clamped);
    if (line !== null) {
      if (clamped !== raw) line.explain += `（按 [0, ${s.figFx(wfx)}] 截取为 ${rawScore}）`;
      if (!fitsPlaces(clamped, s.decimals)) line.explain += ` → ${fxText(roundFx(clamped, s.decimals, truncate))}`;
    }
  }

  // Most leaves have no finding: they share one frozen empty list.
  let own: Finding[] | null = null;
  let source: NodeResult['scoreSource'];
  let units: number | null;
  if (rule.type === 'manual') {
    source = entered ? 'entered' : 'pending';
    units = enteredUnits;
    if (!entered) (own ??= []).push(finding('rule-input-missing', 'info', id, 'score', `${nameOf(ind)}：尚未打分（手工打分），暂不计入合计`, {}));
  } else if (ind.pinned === true && entered) {
    source = 'pinned';
    units = enteredUnits;
  } else {
    source = 'rule';
    units = computedUnits;
  }

  if (source === 'pinned' && computedUnits !== null && units !== null && computedUnits !== units) {
    (own ??= []).push(finding('pinned-differs', 'warning', id, 'score',
      `${nameOf(ind)}：得分已固定为 ${s.figFx({ m: units, e: s.decimals })}，按规则（${RULE_LABELS[rule.type]}）计算为 ${s.figFx({ m: computedUnits, e: s.decimals })}`,
      { pinned: s.fromUnits(units), computed: s.fromUnits(computedUnits) }));
  }
  if (stated !== null && units !== null && cmpAt(units, s.decimals, roundFx(stated, s.decimals, truncate)) !== 0) {
    const how = source === 'rule' ? `规则（${RULE_LABELS[rule.type]}）计算得分` : source === 'pinned' ? '固定得分' : '录入得分';
    (own ??= []).push(finding('stated-score-differs', 'warning', id, 'score',
      `${nameOf(ind)}：${how} ${s.figFx({ m: units, e: s.decimals })}，表中得分 ${stated.e > s.decimals ? fxText(stated) : s.figFx(stated)}`,
      { computed: s.fromUnits(units), stated: statedNum as number }));
  }
  if (units !== null && !(typeof ind.reason === 'string' && ind.reason.trim() !== '') && cmpAt(units, s.decimals, wfx) < 0) {
    (own ??= []).push(finding('missing-reason', 'warning', id, 'reason', `${nameOf(ind)}：得分 ${s.figFx({ m: units, e: s.decimals })} 低于分值 ${s.figFx(wfx)}，未填写扣分原因`,
      { score: s.fromUnits(units), weight: w.num }));
  }

  let overshoots: readonly Overshoot[] = NO_OVERSHOOTS;
  if (bothQuantities && !lowerIsBetter(target) && target.value > 0) {
    // Only an actual above its target overshoots; the division is for those few.
    if (tv === null || av === null || cmp(av, tv) > 0) {
      const excess = decimalOf(actual).dividedBy(decimalOf(target)).minus(ONE);
      if (excess.greaterThan(0)) overshoots = [{ id, name: nameOf(ind), excess }];
    }
  }

  const bearsStatus = target.kind !== 'empty' || actual.kind !== 'empty' || override !== null;
  const counts = !bearsStatus ? LEAF_COUNTS.none : LEAF_COUNTS[status ?? 'pending'];

  return new FastLeaf(s, ind, level, w, units, computedUnits, rawScore, rule.type, source, status, statusSource, target, actual, own ?? NO_FINDINGS, counts, overshoots);
}

/**
 * A leaf this path scored, as its parent reads it (Computed, ./node-computed.ts), holding what
 * its public result shows; the result object itself is built when first read, then kept (every
 * read gives the same object). Most of a full evaluation's leaves are never read one by one
 * (the grid shows the rows on screen; totals, counts and findings are summed from these), and
 * the result objects were most of what a 10,000-leaf evaluation kept, which is what the
 * garbage collector copies.
 */
class FastLeaf implements Computed {
  #result: ScoredNode | null = null;

  constructor(
    readonly scale: ScoreScale,
    readonly ind: Indicator,
    readonly level: number,
    readonly w: WeightInfo,
    readonly units: number | null,
    readonly computedUnits: number | null,
    readonly rawScore: string | null,
    readonly ruleType: RuleType,
    readonly source: NodeResult['scoreSource'],
    readonly status: CompletionStatus | null,
    readonly statusSource: NodeResult['statusSource'],
    readonly target: ParsedValue,
    readonly actual: ParsedValue,
    readonly findings: readonly Finding[],
    readonly counts: StatusCounts,
    readonly overshoots: readonly Overshoot[],
  ) {}

  get result(): ScoredNode {
    if (this.#result === null) {
      const { scale: s, units, w, computedUnits: cu } = this;
      const rate = s.rateOfFx(units, w.fx, w.dec);
      const score = units === null ? null : s.fromUnits(units);
      const lazy = this.ruleType !== 'manual';
      this.#result = new ScoredNode(
        this.ind.id, this.level, true,
        w.num, w.text,
        score, s.unitsText(units),
        cu === null ? null : cu === units ? score : s.fromUnits(cu), this.rawScore,
        rate, formatRate(rate),
        this.ruleType, this.source === 'pinned', this.source,
        this.status, this.statusSource,
        this.target, this.actual, this.findings, units === null ? 1 : 0,
        lazy ? explainLater : '', lazy ? s : null, lazy ? this.ind : null,
      );
    }
    return this.#result;
  }

  get id(): string { return this.ind.id; }
  get children(): readonly Computed[] { return LEAF_CHILDREN; }
  get weight(): Decimal { return this.w.dec; }
  get wfx(): Fx { return this.w.fx; }
  get leafCount(): number { return 1; }
  get pendingLeaves(): number { return this.units === null ? 1 : 0; }
}

/**
 * A typed score rounded to units, or undefined when it lies outside [0, weight] (leaf() has
 * the findings for that). Exact short decimal when it fits; a float artefact such as
 * 0.0055000000000000005 does not, and is rounded by decimal.js, as leaf() would.
 */
function typedUnits(s: ScoreScale, n: number, w: WeightInfo): number | undefined {
  if (Object.is(n, -0)) return undefined; // decimal.js reads -0 as negative: leaf() flags it
  const x = fxOfNumber(n);
  if (x !== null) {
    try {
      if (x.m < 0 || cmp(x, w.fx) > 0) return undefined;
      return unitsAt(roundFx(x, s.decimals, s.rounding === 'truncate'), s.decimals);
    } catch (e) {
      if (e !== OVERFLOW) throw e;
    }
  }
  // decimal.js reads a number as its shortest round-trip text, and those texts are ordered as
  // the numbers are: comparing the numbers is decimal.js's comparison.
  if (n < 0 || n > w.num) return undefined;
  return s.unitsOfNumber(n);
}
