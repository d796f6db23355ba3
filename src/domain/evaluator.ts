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
 * Speed: most leaves (a readable weight, a manual score or a ratio/step/binary rule that
 * computes) take fastLeaf(): the same steps as leaf() in exact integers (./fixed.ts,
 * ./fast-rule.ts), texts memoised per figure. Anything else, or a figure too long for a safe
 * integer, goes through leaf() and decimal.js. leaf() is the definition; a property test
 * (tests/unit/domain/fast-path.test.ts) checks the two give deep-equal results.
 *
 * Caching: {@link createEvaluator} keeps each node's computed result in a WeakMap keyed by the
 * Indicator object (per rounding mode and decimals, checked against the node's depth). Updates
 * are immutable, so after a one-leaf change only the objects on that leaf's path are new and
 * only they are recomputed: O(depth × siblings). The nodes map and the findings list are then
 * assembled from the cached pieces (findings are concatenated per subtree, so unchanged
 * subtrees hand over their list as is).
 */
import type { Adjustment, CompletionStatus, Evaluation, FundsBlock, GradeScale, Indicator, Rule, RoundingMode, RuleType } from './model.ts';
import type { AdjustmentResult, EvaluationResult, Finding, FundsResult, NodeResult, ParsedValue } from './result.ts';
import { Decimal, ONE, ZERO, clampScore, dec, maxDec, minDec, roundTo, safeDecimals } from './decimal.ts';
import { computeStatus, decimalOf, lowerIsBetter, unitsCompatible, type Quantity } from './completion.ts';
import { finding, NO_FINDINGS } from './finding.ts';
import { gradeFor, GRADE_SCALES } from './grades.ts';
import { parseValue } from './parse-value.ts';
import { formatRate, formatScore, percentText, roundDecimal } from './rounding.ts';
import { RULE_LABELS } from './rule-catalog.ts';
import { scoreRule, unitMismatch } from './score-rule.ts';
import { OVERFLOW, add, cmp, fxFixed, fxOfNumber, fxOfQuantity, fxOfText, fxText, memoText, roundFx, unitsAt, type Fx } from './fixed.ts';
import { fastRule } from './fast-rule.ts';

type StatusCounts = EvaluationResult['statusCounts'];

interface Overshoot {
  id: string;
  name: string;
  /** actual / target − 1 */
  excess: Decimal;
}

/** One node's result with everything its parent needs to aggregate without looking below it. */
interface Computed {
  level: number;
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

const RULE_TYPES = new Set<RuleType>(Object.keys(RULE_LABELS) as RuleType[]);
const STATUSES = new Set<CompletionStatus>(['已完成', '部分完成', '未完成']);
const NO_OVERSHOOTS: readonly Overshoot[] = Object.freeze([]);
const MAX_DEPTH = 64;
const NO_KIDS: Indicator[] = [];

function zeroCounts(): StatusCounts {
  return { 已完成: 0, 部分完成: 0, 未完成: 0, pending: 0 };
}

// A leaf's counts are one of five shapes; parents only read them, so leaves share these.
const LEAF_COUNTS: Readonly<Record<CompletionStatus | 'pending' | 'none', StatusCounts>> = Object.freeze({
  已完成: Object.freeze({ ...zeroCounts(), 已完成: 1 }),
  部分完成: Object.freeze({ ...zeroCounts(), 部分完成: 1 }),
  未完成: Object.freeze({ ...zeroCounts(), 未完成: 1 }),
  pending: Object.freeze({ ...zeroCounts(), pending: 1 }),
  none: Object.freeze(zeroCounts()),
});

const MANUAL: Rule = Object.freeze({ type: 'manual' });

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

function nameOf(ind: Indicator): string {
  const n = typeof ind.name === 'string' ? ind.name.trim() : '';
  if (n) return n;
  return typeof ind.code === 'string' && ind.code.trim() ? ind.code.trim() : '（未命名指标）';
}

function finite(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Units of 10^-decimals as the reports print them: "17.19", "13", "1.1". */
const scoreText = memoText((units, decimals) => {
  if (decimals === 0) return String(units);
  const sign = units < 0 ? '-' : '';
  const digits = String(Math.abs(units)).padStart(decimals + 1, '0');
  const int = digits.slice(0, -decimals);
  const frac = digits.slice(-decimals).replace(/0+$/, '');
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
});

/** computeStatus() of two compatible quantities, compared as exact short decimals. */
function quantityStatus(target: Quantity, actual: Quantity): CompletionStatus | null {
  const tv = fxOfQuantity(target);
  const av = fxOfQuantity(actual);
  if (tv === null || av === null) return computeStatus(target, actual);
  const c = cmp(av, tv);
  const met = target.comparator === '<=' ? c <= 0 : target.comparator === '<' ? c < 0 : target.comparator === '>' ? c > 0 : c >= 0;
  if (met) return '已完成';
  if (lowerIsBetter(target)) return '部分完成';
  return av.m > 0 ? '部分完成' : '未完成';
}

/** a + b exactly, or null once a term does not fit (the caller then sums in decimal.js). */
function addFx(a: Fx | null, b: Fx | null): Fx | null {
  if (a === null || b === null) return null;
  try {
    return add(a, b);
  } catch (e) {
    if (e === OVERFLOW) return null;
    throw e;
  }
}

function fxOfWeight(weight: Decimal | null, known: Fx | null): Fx | null {
  if (weight === null) return null;
  return known ?? fxOfText(weight.toFixed());
}

class Engine {
  readonly scale: number;
  readonly scaleDec: Decimal;
  /** null for a one-off evaluate(): nothing would ever read the cache. */
  private readonly cache: WeakMap<Indicator, Computed> | null;

  constructor(readonly rounding: RoundingMode, readonly decimals: number, cached = true) {
    this.cache = cached ? new WeakMap() : null;
    this.scale = 10 ** decimals;
    this.scaleDec = new Decimal(10).pow(decimals);
  }

  /** Figure with the evaluation's decimals, fixed, for messages ("1.20" vs "1.19" reads as a difference). */
  fig(d: Decimal | number): string {
    return roundDecimal(typeof d === 'number' ? d : d.toFixed(), this.decimals, 'half-up');
  }

  /** A stated figure as the sheet gave it when it has more decimals than ours ("1.1988"), else as fig(). */
  statedFig(d: Decimal): string {
    return d.decimalPlaces() > this.decimals ? d.toFixed() : this.fig(d);
  }

  round(d: Decimal): Decimal {
    return roundTo(d, this.decimals, this.rounding);
  }

  unitsOf(rounded: Decimal): number {
    return Number(rounded.times(this.scaleDec).toFixed(0));
  }

  fromUnits(units: number): number {
    const n = units / this.scale;
    return n === 0 ? 0 : n;
  }

  /** score / weight rounded half-up to 0.01 %, as 1/10000 integers when that is exact, else in decimal. */
  rateOf(units: number | null, weight: Decimal | null): number | null {
    if (units === null || weight === null || weight.isZero()) return null;
    const weightUnits = weight.times(this.scaleDec);
    if (weightUnits.isInteger() && units >= 0) {
      const w = weightUnits.toNumber();
      const twice = 2 * units * 10000 + w;
      if (Number.isSafeInteger(twice) && Number.isSafeInteger(2 * w)) return Math.floor(twice / (2 * w)) / 10000;
    }
    const r = new Decimal(units).dividedBy(weightUnits).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    return Number(r.toFixed());
  }

  /** Display text of a score held as units: integer arithmetic, no decimal objects ("17.19", "13"). */
  unitsText(units: number | null): string {
    return units === null ? '' : scoreText(units, this.decimals);
  }

  node(ind: Indicator, level: number): Computed {
    const hit = this.cache?.get(ind);
    if (hit && hit.level === level) return hit;
    const kids = Array.isArray(ind.children) && ind.children.length > 0 ? ind.children.filter((c) => c && typeof c === 'object') : NO_KIDS;
    const computed = kids.length === 0 ? (this.fastLeaf(ind, level) ?? this.leaf(ind, level))
      : level < MAX_DEPTH ? this.parent(ind, kids, level) : this.tooDeep(ind, level);
    this.cache?.set(ind, computed);
    return computed;
  }

  /** A node at MAX_DEPTH that still has children: pending, its subtree not counted, and said so. */
  private tooDeep(ind: Indicator, level: number): Computed {
    const name = nameOf(ind);
    const own: Finding[] = [];
    const weight = this.weightOf(ind, own, name, true);
    own.push(finding('rule-error', 'error', ind.id, null, `${name}：指标层级超过 ${MAX_DEPTH} 级，其下级指标未计入`, { level }));
    const result: NodeResult = {
      id: ind.id, level, isLeaf: false,
      weight: weight === null ? null : Number(weight.toFixed()), weightText: weight === null ? '' : weight.toFixed(),
      score: null, scoreText: '', computedScore: null, rawScore: null, rate: null, rateText: '',
      ruleType: 'manual', pinned: false, scoreSource: 'pending', status: null, statusSource: null,
      target: parseValue(ind.target), actual: parseValue(ind.actual), findings: own, explain: '', pendingLeaves: 1,
    };
    return {
      level, result, children: [], weight, wfx: fxOfWeight(weight, null), units: null, findings: own,
      leafCount: 1, pendingLeaves: 1, counts: zeroCounts(), overshoots: NO_OVERSHOOTS,
    };
  }

  private weightOf(ind: Indicator, own: Finding[], name: string, isLeaf: boolean): Decimal | null {
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

  private parent(ind: Indicator, kids: Indicator[], level: number): Computed {
    const name = nameOf(ind);
    const own: Finding[] = [];
    const children = kids.map((c) => this.node(c, level + 1));
    const stated = this.weightOf(ind, own, name, false);

    let sumWeight = ZERO;
    let sumFx: Fx | null = { m: 0, e: 0 };
    let anyWeight = false;
    let allWeights = true;
    let units: number | null = null;
    let leafCount = 0;
    let pendingLeaves = 0;
    const counts = zeroCounts();
    let overshoots: readonly Overshoot[] = NO_OVERSHOOTS;
    let anyFindings = false;
    for (const c of children) {
      if (c.weight !== null) { sumFx = addFx(sumFx, c.wfx); anyWeight = true; } else allWeights = false;
      if (c.units !== null) units = (units ?? 0) + c.units;
      leafCount += c.leafCount;
      pendingLeaves += c.pendingLeaves;
      counts.已完成 += c.counts.已完成;
      counts.部分完成 += c.counts.部分完成;
      counts.未完成 += c.counts.未完成;
      counts.pending += c.counts.pending;
      if (c.overshoots.length) overshoots = overshoots.length ? overshoots.concat(c.overshoots) : c.overshoots;
      if (c.findings.length) anyFindings = true;
    }
    if (sumFx !== null) {
      if (anyWeight) sumWeight = new Decimal(fxText(sumFx));
    } else {
      for (const c of children) if (c.weight !== null) sumWeight = sumWeight.plus(c.weight);
    }
    const weight = stated ?? (anyWeight ? sumWeight : null);
    if (stated !== null && allWeights && !sumWeight.equals(stated)) {
      own.push(finding('weight-sum', 'error', ind.id, 'weight',
        `${name}：下级指标分值合计 ${this.fig(sumWeight)}，与本级分值 ${this.fig(stated)} 不一致`,
        { weight: Number(stated.toFixed()), childrenSum: Number(sumWeight.toFixed()) }));
    }
    const statedScore = finite(ind.statedScore);
    if (statedScore !== null) {
      const sd = new Decimal(statedScore);
      const score = units === null ? null : new Decimal(units).dividedBy(this.scaleDec);
      if (score !== null && !this.round(sd).equals(score)) {
        own.push(finding('stated-subtotal-differs', 'error', ind.id, 'score',
          `${name}：下级得分合计 ${this.fig(score)}，表中小计 ${this.statedFig(sd)}`,
          { computed: this.fromUnits(units as number), stated: statedScore }));
      }
    }
    const score = units === null ? null : this.fromUnits(units);
    const wfx = fxOfWeight(weight, stated === null ? sumFx : null);
    const rate = wfx === null || weight === null ? this.rateOf(units, weight) : this.rateOfFx(units, wfx, weight);
    const weightNum = weight === null ? null : Number(weight.toFixed());
    const result: NodeResult = {
      id: ind.id, level, isLeaf: false,
      weight: weightNum, weightText: weight === null ? '' : weight.toFixed(),
      score, scoreText: this.unitsText(units),
      computedScore: null, rawScore: null,
      rate, rateText: formatRate(rate),
      ruleType: 'manual', pinned: false, scoreSource: 'children',
      status: null, statusSource: null,
      target: parseValue(ind.target), actual: parseValue(ind.actual),
      findings: own, explain: '', pendingLeaves,
    };
    let findings: readonly Finding[] = own.length ? own : NO_FINDINGS;
    if (anyFindings) findings = own.concat(...children.map((c) => c.findings as Finding[]));
    return { level, result, children, weight, wfx, units, findings, leafCount, pendingLeaves, counts, overshoots };
  }

  /** Figure with the evaluation's decimals, fixed, from an exact short decimal. */
  figFx(x: Fx): string {
    return fxFixed(x, this.decimals);
  }

  /**
   * The common leaf in exact integers (./fixed.ts): a readable weight, targets and actuals
   * that parse, a manual score or a ratio/step/binary rule that computes, scores within
   * [0, weight]. Everything else, and any figure too long for a safe integer, returns null
   * and leaf() computes it with decimal.js. Both give the same result: leaf() is the
   * definition, this is the same steps without decimal objects (tests compare the two).
   */
  private fastLeaf(ind: Indicator, level: number): Computed | null {
    try {
      return this.fastLeafUnsafe(ind, level);
    } catch (e) {
      if (e === OVERFLOW) return null;
      throw e;
    }
  }

  private fastLeafUnsafe(ind: Indicator, level: number): Computed | null {
    const w = weightInfo(ind.weight);
    if (w === null) return null;
    const wfx = w.fx;
    const target: ParsedValue = parseValue(ind.target);
    const actual: ParsedValue = parseValue(ind.actual);
    if (target.kind === 'invalid' || actual.kind === 'invalid') return null;
    const bothQuantities = target.kind === 'quantity' && actual.kind === 'quantity';
    if (bothQuantities && !unitsCompatible(target, actual)) return null;
    let rule: Rule = MANUAL;
    if (ind.rule && typeof ind.rule === 'object') {
      if (!RULE_TYPES.has(ind.rule.type)) return null;
      rule = ind.rule;
    }
    const enteredNum = finite(ind.enteredScore);
    const enteredUnits = enteredNum === null ? null : this.typedUnits(enteredNum, w);
    if (enteredUnits === undefined) return null;
    const entered = enteredUnits !== null;
    const statedNum = finite(ind.statedScore);
    const stated = statedNum === null ? null : fxOfNumber(statedNum);
    // leaf() flags a stated score out of [0, weight] (-0 reads as negative to decimal.js).
    if (statedNum !== null && (stated === null || Object.is(statedNum, -0) || stated.m < 0 || cmp(stated, wfx) > 0)) return null;

    const override = typeof ind.statusOverride === 'string' && STATUSES.has(ind.statusOverride) ? ind.statusOverride : null;
    const computedStatus = bothQuantities ? quantityStatus(target, actual) : computeStatus(target, actual);
    const status = override ?? computedStatus;
    const statusSource = override ? 'override' : computedStatus ? 'computed' : null;

    const name = nameOf(ind);
    const id = ind.id;
    const truncate = this.rounding === 'truncate';
    let computedUnits: number | null = null;
    let rawScore: string | null = null;
    let explain = '';
    if (rule.type !== 'manual') {
      const outcome = fastRule(rule, wfx, target, actual, status);
      if (outcome === null) return null;
      const raw = outcome.raw;
      const clamped = raw.m < 0 ? { m: 0, e: 0 } : cmp(raw, wfx) > 0 ? wfx : raw;
      const rounded = roundFx(clamped, this.decimals, truncate);
      computedUnits = unitsAt(rounded, this.decimals);
      rawScore = fxText(clamped);
      explain = outcome.explain;
      if (cmp(clamped, raw) !== 0) explain += `（按 [0, ${this.figFx(wfx)}] 截取为 ${rawScore}）`;
      if (cmp(rounded, clamped) !== 0) explain += ` → ${fxText(rounded)}`;
    }

    const own: Finding[] = [];
    let source: NodeResult['scoreSource'];
    let units: number | null;
    if (rule.type === 'manual') {
      source = entered ? 'entered' : 'pending';
      units = enteredUnits;
      if (!entered) own.push(finding('rule-input-missing', 'info', id, 'score', `${name}：尚未打分（手工打分），暂不计入合计`, {}));
    } else if (ind.pinned === true && entered) {
      source = 'pinned';
      units = enteredUnits;
    } else {
      source = 'rule';
      units = computedUnits;
    }

    if (source === 'pinned' && computedUnits !== null && units !== null && computedUnits !== units) {
      own.push(finding('pinned-differs', 'warning', id, 'score',
        `${name}：得分已固定为 ${this.figFx({ m: units, e: this.decimals })}，按规则（${RULE_LABELS[rule.type]}）计算为 ${this.figFx({ m: computedUnits, e: this.decimals })}`,
        { pinned: this.fromUnits(units), computed: this.fromUnits(computedUnits) }));
    }
    if (stated !== null && units !== null && cmp(roundFx(stated, this.decimals, truncate), { m: units, e: this.decimals }) !== 0) {
      const how = source === 'rule' ? `规则（${RULE_LABELS[rule.type]}）计算得分` : source === 'pinned' ? '固定得分' : '录入得分';
      own.push(finding('stated-score-differs', 'warning', id, 'score',
        `${name}：${how} ${this.figFx({ m: units, e: this.decimals })}，表中得分 ${stated.e > this.decimals ? fxText(stated) : this.figFx(stated)}`,
        { computed: this.fromUnits(units), stated: statedNum as number }));
    }
    if (units !== null && !(typeof ind.reason === 'string' && ind.reason.trim() !== '') && cmp({ m: units, e: this.decimals }, wfx) < 0) {
      own.push(finding('missing-reason', 'warning', id, 'reason', `${name}：得分 ${this.figFx({ m: units, e: this.decimals })} 低于分值 ${this.figFx(wfx)}，未填写扣分原因`,
        { score: this.fromUnits(units), weight: w.num }));
    }

    let overshoots: readonly Overshoot[] = NO_OVERSHOOTS;
    if (bothQuantities && !lowerIsBetter(target) && target.value > 0) {
      const tv = fxOfQuantity(target);
      const av = fxOfQuantity(actual);
      // Only an actual above its target overshoots; the division is for those few.
      if (tv === null || av === null || cmp(av, tv) > 0) {
        const excess = decimalOf(actual).dividedBy(decimalOf(target)).minus(ONE);
        if (excess.greaterThan(0)) overshoots = [{ id, name, excess }];
      }
    }

    const bearsStatus = target.kind !== 'empty' || actual.kind !== 'empty' || override !== null;
    const counts = !bearsStatus ? LEAF_COUNTS.none : LEAF_COUNTS[status ?? 'pending'];

    const pending = units === null ? 1 : 0;
    const rate = this.rateOfFx(units, wfx, w.dec);
    const result: NodeResult = {
      id, level, isLeaf: true,
      weight: w.num, weightText: w.text,
      score: units === null ? null : this.fromUnits(units), scoreText: this.unitsText(units),
      computedScore: computedUnits === null ? null : this.fromUnits(computedUnits), rawScore,
      rate, rateText: formatRate(rate),
      ruleType: rule.type, pinned: source === 'pinned', scoreSource: source,
      status, statusSource,
      target, actual, findings: own, explain, pendingLeaves: pending,
    };
    return {
      level, result, children: [], weight: w.dec, wfx, units, findings: own.length ? own : NO_FINDINGS,
      leafCount: 1, pendingLeaves: pending, counts, overshoots,
    };
  }

  /**
   * A typed score rounded to units, or undefined when it lies outside [0, weight] (leaf() has
   * the findings for that). Exact short decimal when it fits; a float artefact such as
   * 0.0055000000000000005 does not, and is rounded by decimal.js, as leaf() would.
   */
  private typedUnits(n: number, w: WeightInfo): number | undefined {
    if (Object.is(n, -0)) return undefined; // decimal.js reads -0 as negative: leaf() flags it
    const x = fxOfNumber(n);
    if (x !== null) {
      try {
        if (x.m < 0 || cmp(x, w.fx) > 0) return undefined;
        return unitsAt(roundFx(x, this.decimals, this.rounding === 'truncate'), this.decimals);
      } catch (e) {
        if (e !== OVERFLOW) throw e;
      }
    }
    const d = new Decimal(n);
    if (d.isNegative() || d.greaterThan(w.dec)) return undefined;
    return this.unitsOf(this.round(d));
  }

  /** rateOf() with the weight's units taken from its exact short decimal when they are whole. */
  rateOfFx(units: number | null, wfx: Fx, weight: Decimal): number | null {
    if (units === null || wfx.m === 0) return null;
    if (wfx.e <= this.decimals && units >= 0) {
      const w = wfx.m * 10 ** (this.decimals - wfx.e);
      const twice = 2 * units * 10000 + w;
      if (Number.isSafeInteger(w) && Number.isSafeInteger(twice) && Number.isSafeInteger(2 * w)) return Math.floor(twice / (2 * w)) / 10000;
    }
    return this.rateOf(units, weight);
  }

  private leaf(ind: Indicator, level: number): Computed {
    const name = nameOf(ind);
    const id = ind.id;
    const own: Finding[] = [];
    const weight = this.weightOf(ind, own, name, true);
    const target: ParsedValue = parseValue(ind.target);
    const actual: ParsedValue = parseValue(ind.actual);
    const has = (code: Finding['code']): boolean => own.some((x) => x.code === code);

    if (target.kind === 'invalid') own.push(finding('unparseable-target', 'error', id, 'target', `${name}：指标值无法识别，${target.reason}`, { target: target.text }));
    if (actual.kind === 'invalid') own.push(finding('unparseable-actual', 'warning', id, 'actual', `${name}：实际完成值无法识别，${actual.reason}`, { actual: actual.text }));
    if (target.kind === 'quantity' && actual.kind === 'quantity' && !unitsCompatible(target, actual)) {
      const p = unitMismatch({ name }, target, actual).problems[0];
      if (p) own.push(finding(p.code, p.severity, id, p.field, p.message, p.figures));
    }

    const override = typeof ind.statusOverride === 'string' && STATUSES.has(ind.statusOverride) ? ind.statusOverride : null;
    const computedStatus = computeStatus(target, actual);
    const status = override ?? computedStatus;
    const statusSource = override ? 'override' : computedStatus ? 'computed' : null;

    let rule: Rule = { type: 'manual' };
    if (ind.rule && typeof ind.rule === 'object') {
      if (RULE_TYPES.has(ind.rule.type)) rule = ind.rule;
      else own.push(finding('rule-error', 'error', id, 'rule', `${name}：未知的计分规则“${String((ind.rule as { type?: unknown }).type)}”，按手工打分处理`, {}));
    }

    const enteredNum = finite(ind.enteredScore);
    const entered = enteredNum === null ? null : new Decimal(enteredNum);
    // The score a pinned ruled leaf counts: a missing rule input changes nothing about it.
    const pinnedScore = rule.type !== 'manual' && ind.pinned === true && entered ? this.round(clampScore(entered, weight)) : null;

    let computedRounded: Decimal | null = null;
    let rawScore: string | null = null;
    let explain = '';
    if (rule.type !== 'manual') {
      const outcome = scoreRule(rule, { name, weight, target, actual, status, rounding: this.rounding, decimals: this.decimals });
      for (const p of outcome.problems) {
        if (has(p.code)) continue;
        if (pinnedScore && p.code === 'rule-input-missing' && p.whenPinned) {
          own.push(finding(p.code, 'info', id, p.field, `${name}：按已固定得分 ${this.unitsText(this.unitsOf(pinnedScore))} 计；${p.whenPinned}`, p.figures));
        } else {
          own.push(finding(p.code, p.severity, id, p.field, p.message, p.figures));
        }
      }
      if (outcome.raw !== null) {
        const clamped = clampScore(outcome.raw, weight);
        computedRounded = this.round(clamped);
        rawScore = clamped.toFixed();
        explain = outcome.explain;
        if (!clamped.equals(outcome.raw)) explain += `（按 [0, ${weight ? this.fig(weight) : '分值'}] 截取为 ${clamped.toFixed()}）`;
        if (!computedRounded.equals(clamped)) explain += ` → ${computedRounded.toFixed()}`;
      }
    }

    let source: NodeResult['scoreSource'];
    let scoreDec: Decimal | null;
    if (rule.type === 'manual') {
      source = entered ? 'entered' : 'pending';
      scoreDec = entered ? this.round(clampScore(entered, weight)) : null;
      if (!entered) own.push(finding('rule-input-missing', 'info', id, 'score', `${name}：尚未打分（手工打分），暂不计入合计`, {}));
    } else if (pinnedScore) {
      source = 'pinned';
      scoreDec = pinnedScore;
    } else {
      source = computedRounded ? 'rule' : 'pending';
      scoreDec = computedRounded;
    }

    const tooHigh = (d: Decimal, what: string): void => {
      if (weight !== null && d.greaterThan(weight) && !has('score-above-weight')) {
        own.push(finding('score-above-weight', 'error', id, 'score', `${name}：${what} ${this.fig(d)} 超过分值 ${this.fig(weight)}，按分值计`, { score: Number(d.toFixed()), weight: Number(weight.toFixed()) }));
      }
      if (d.isNegative() && !has('score-negative')) {
        own.push(finding('score-negative', 'error', id, 'score', `${name}：${what} ${this.fig(d)} 为负数，按 0 计`, { score: Number(d.toFixed()) }));
      }
    };
    if (entered && (source === 'entered' || source === 'pinned')) tooHigh(entered, source === 'pinned' ? '固定得分' : '录入得分');

    if (source === 'pinned' && computedRounded && scoreDec && !computedRounded.equals(scoreDec)) {
      own.push(finding('pinned-differs', 'warning', id, 'score',
        `${name}：得分已固定为 ${this.fig(scoreDec)}，按规则（${RULE_LABELS[rule.type]}）计算为 ${this.fig(computedRounded)}`,
        { pinned: Number(scoreDec.toFixed()), computed: Number(computedRounded.toFixed()) }));
    }

    const statedNum = finite(ind.statedScore);
    if (statedNum !== null) {
      const stated = new Decimal(statedNum);
      tooHigh(stated, '表中得分');
      if (scoreDec && !this.round(stated).equals(scoreDec)) {
        const how = source === 'rule' ? `规则（${RULE_LABELS[rule.type]}）计算得分` : source === 'pinned' ? '固定得分' : '录入得分';
        own.push(finding('stated-score-differs', 'warning', id, 'score',
          `${name}：${how} ${this.fig(scoreDec)}，表中得分 ${this.statedFig(stated)}`,
          { computed: Number(scoreDec.toFixed()), stated: statedNum }));
      }
    }

    if (scoreDec && weight !== null && scoreDec.lessThan(weight) && !(typeof ind.reason === 'string' && ind.reason.trim() !== '')) {
      own.push(finding('missing-reason', 'warning', id, 'reason', `${name}：得分 ${this.fig(scoreDec)} 低于分值 ${this.fig(weight)}，未填写扣分原因`,
        { score: Number(scoreDec.toFixed()), weight: Number(weight.toFixed()) }));
    }

    let overshoots: readonly Overshoot[] = NO_OVERSHOOTS;
    if (target.kind === 'quantity' && actual.kind === 'quantity' && unitsCompatible(target, actual) && !lowerIsBetter(target) && target.value > 0) {
      const excess = decimalOf(actual).dividedBy(decimalOf(target)).minus(ONE);
      if (excess.greaterThan(0)) overshoots = [{ id, name, excess }];
    }

    const counts = zeroCounts();
    const bearsStatus = target.kind !== 'empty' || actual.kind !== 'empty' || override !== null;
    if (bearsStatus) {
      if (status) counts[status] += 1;
      else counts.pending += 1;
    }

    const units = scoreDec ? this.unitsOf(scoreDec) : null;
    const score = units === null ? null : this.fromUnits(units);
    const rate = this.rateOf(units, weight);
    const weightNum = weight === null ? null : Number(weight.toFixed());
    const computedScore = computedRounded ? this.fromUnits(this.unitsOf(computedRounded)) : null;
    const result: NodeResult = {
      id, level, isLeaf: true,
      weight: weightNum, weightText: weight === null ? '' : weight.toFixed(),
      score, scoreText: this.unitsText(units),
      computedScore, rawScore,
      rate, rateText: formatRate(rate),
      ruleType: rule.type, pinned: source === 'pinned', scoreSource: source,
      status, statusSource,
      target, actual, findings: own, explain, pendingLeaves: units === null ? 1 : 0,
    };
    return {
      level, result, children: [], weight, wfx: fxOfWeight(weight, null), units, findings: own.length ? own : NO_FINDINGS,
      leafCount: 1, pendingLeaves: units === null ? 1 : 0, counts, overshoots,
    };
  }

  funds(funds: FundsBlock): { result: FundsResult; units: number | null; weight: Decimal; rate: Decimal | null; findings: Finding[] } {
    const findings: Finding[] = [];
    let weight = dec(funds.weight);
    if (weight === null || weight.isNegative()) {
      findings.push(finding('weight-missing', 'error', null, 'funds', `项目资金：分值“${String(funds.weight)}”无效，按 0 计`, {}));
      weight = ZERO;
    }
    const budget = dec(funds.annualBudget);
    const executed = dec(funds.executed);
    let rate: Decimal | null = null;
    if (budget && executed && budget.greaterThan(0)) {
      rate = executed.dividedBy(budget).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    } else if (weight.greaterThan(0) || finite(funds.statedRate) !== null) {
      findings.push(finding('rule-input-missing', 'warning', null, 'funds', '项目资金：缺少全年预算数或全年执行数，无法计算执行率', {}));
    }
    let units: number | null = null;
    if (rate !== null && rate.isNegative()) {
      findings.push(finding('score-negative', 'error', null, 'funds', `项目资金：执行率 ${pct2(rate)} 为负数，得分按 0 计`, { rate: Number(rate.toFixed()) }));
    }
    if (rate !== null) units = this.unitsOf(this.round(weight.times(minDec(maxDec(rate, ZERO), ONE))));
    const statedRate = finite(funds.statedRate);
    if (statedRate !== null && rate !== null) {
      const sr = new Decimal(statedRate);
      if (!sr.toDecimalPlaces(4, Decimal.ROUND_HALF_UP).equals(rate)) {
        const whole = rate.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).equals(sr) ? '（表中数字像是取整到整数百分比）' : '';
        findings.push(finding('stated-rate-differs', 'warning', null, 'funds',
          `项目资金：表中预算执行率 ${pct2(sr)}，按全年执行数 ${grouped(executed)} / 全年预算数 ${grouped(budget)} 计算为 ${pct2(rate)}${whole}`,
          { stated: statedRate, computed: Number(rate.toFixed()) }));
      }
    }
    const statedScore = finite(funds.statedScore);
    if (statedScore !== null && units !== null && !this.round(new Decimal(statedScore)).equals(new Decimal(units).dividedBy(this.scaleDec))) {
      findings.push(finding('stated-score-differs', 'warning', null, 'funds',
        `项目资金：计算得分 ${this.fig(this.fromUnits(units))}，表中得分 ${this.statedFig(new Decimal(statedScore))}`, { computed: this.fromUnits(units), stated: statedScore }));
    }
    const rateNum = rate === null ? null : Number(rate.toFixed());
    const score = units === null ? null : this.fromUnits(units);
    return {
      result: { rate: rateNum, rateText: formatRate(rateNum), score, scoreText: formatScore(score, this.decimals), weight: Number(weight.toFixed()) },
      units, weight, rate, findings,
    };
  }
}

/** A percent with two fixed decimals, as 执行率 cells print it ("100.00%"). */
function pct2(fraction: Decimal): string {
  return `${fraction.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)}%`;
}

/** An amount with thousands separators, as the sheet prints it ("2,050,000"). */
function grouped(d: Decimal | null): string {
  if (d === null) return '';
  const [int, frac] = d.toFixed().split('.');
  return `${(int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

function applyAdjustments(
  engine: Engine, adjustments: Adjustment[], sumUnits: number, fundsRate: Decimal | null, overshoots: readonly Overshoot[], findings: Finding[],
): { results: AdjustmentResult[]; totalUnits: number } {
  let running = sumUnits;
  const results: AdjustmentResult[] = [];
  for (const adj of Array.isArray(adjustments) ? adjustments : []) {
    if (!adj || typeof adj !== 'object') continue;
    const name = typeof adj.name === 'string' && adj.name.trim() ? adj.name.trim() : adj.kind === 'execution-cap' ? '预算执行率封顶' : '目标值偏低扣分';
    let effect = 0;
    let description: string;
    if (!adj.enabled) {
      description = '未启用';
    } else if (adj.kind === 'execution-cap') {
      const rate = dec(finite(adj.rate) ?? undefined) ?? fundsRate;
      const caps = (Array.isArray(adj.caps) ? adj.caps : []).filter((c) => c && finite(c.below) !== null && finite(c.cap) !== null);
      if (rate === null) {
        description = '缺少预算执行率，未应用';
        // Enabled but inert: the total is uncapped, which the reviewer must know, not infer.
        findings.push(finding('rule-input-missing', 'warning', null, 'total', `${name}：缺少预算执行率（项目资金的全年预算数、全年执行数，或调整中填写的执行率），未应用`, {}, typeof adj.id === 'string' ? adj.id : String(results.length)));
      } else {
        const hits = caps.filter((c) => rate.lessThan(new Decimal(c.below)));
        if (hits.length === 0) {
          description = `预算执行率 ${percentText(rate)}，未触发封顶`;
        } else {
          // The strictest cap that applies wins, whatever order the caps are listed in.
          const hit = hits.reduce((a, b) => (b.cap < a.cap ? b : a));
          const capUnits = engine.unitsOf(engine.round(new Decimal(hit.cap)));
          effect = Math.max(0, running - capUnits);
          description = `预算执行率 ${percentText(rate)} 低于 ${percentText(new Decimal(hit.below))}，总分不超过 ${formatScore(hit.cap, 6)} 分${effect > 0 ? `，扣减 ${engine.fig(engine.fromUnits(effect))} 分` : '，当前总分未超过上限'}`;
        }
      }
    } else if (adj.kind === 'overshoot-dock') {
      const threshold = dec(adj.threshold);
      const points = dec(adj.points);
      if (threshold === null || points === null || points.isNegative()) {
        description = '参数无效（超出比例或扣分），未应用';
      } else {
        const hit = overshoots.filter((o) => o.excess.greaterThanOrEqualTo(threshold));
        const want = engine.unitsOf(engine.round(points.times(hit.length)));
        effect = Math.min(running, want);
        description = hit.length === 0
          ? `没有实际完成值超出指标值 ${percentText(threshold)} 以上的指标`
          : `${hit.length} 项指标实际完成值超出指标值 ${percentText(threshold)} 以上（${hit.map((o) => `${o.name} 超出 ${percentText(o.excess)}`).join('，')}），每项扣 ${formatScore(Number(points.toFixed()), 6)} 分`;
      }
    } else {
      description = '未知的调整类型，未应用';
    }
    running -= effect;
    const applied = effect > 0;
    const id = typeof adj.id === 'string' ? adj.id : String(results.length);
    results.push({ id, name, applied, effect: engine.fromUnits(effect), description });
    if (applied) {
      findings.push(finding('adjustment-applied', 'info', null, 'total', `${name}：${description}`, { effect: engine.fromUnits(effect) }, id));
    }
  }
  return { results, totalUnits: Math.max(0, running) };
}

function emptyResult(message: string): EvaluationResult {
  return {
    nodes: new Map(), levels: [], funds: null, sum: 0, adjustments: [], total: 0, totalText: '0', maxTotal: 0, grade: '',
    statusCounts: zeroCounts(), leafCount: 0, pendingLeaves: 0,
    findings: [finding('rule-error', 'error', null, null, message, {})],
  };
}

function collectNodes(roots: readonly Computed[]): Map<string, NodeResult> {
  const nodes = new Map<string, NodeResult>();
  const stack: Computed[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i] as Computed);
  while (stack.length) {
    const c = stack.pop() as Computed;
    nodes.set(c.result.id, c.result);
    for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i] as Computed);
  }
  return nodes;
}

function run(engine: Engine, evaluation: Evaluation): EvaluationResult {
  const indicators = Array.isArray(evaluation.indicators) ? evaluation.indicators.filter((i) => i && typeof i === 'object') : [];
  const roots = indicators.map((ind) => engine.node(ind, 1));
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
    statusCounts.已完成 += r.counts.已完成;
    statusCounts.部分完成 += r.counts.部分完成;
    statusCounts.未完成 += r.counts.未完成;
    statusCounts.pending += r.counts.pending;
    if (r.overshoots.length) overshoots = overshoots.concat(r.overshoots);
  }
  const indicatorWeight = maxWeight;

  let funds: FundsResult | null = null;
  let fundsRate: Decimal | null = null;
  const fundsFindings: Finding[] = [];
  if (evaluation.funds && typeof evaluation.funds === 'object') {
    const f = engine.funds(evaluation.funds);
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
    nodes: collectNodes(roots),
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

function safeRun(engineFor: (rounding: RoundingMode, decimals: number) => Engine, evaluation: Evaluation): EvaluationResult {
  if (!evaluation || typeof evaluation !== 'object') return emptyResult('评价数据为空或格式不正确，无法计算');
  try {
    const { rounding, decimals } = settingsOf(evaluation);
    return run(engineFor(rounding, decimals), evaluation);
  } catch (e) {
    return emptyResult(`评价数据无法计算：${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Evaluate an evaluation from scratch. */
export function evaluate(evaluation: Evaluation): EvaluationResult {
  return safeRun((rounding, decimals) => new Engine(rounding, decimals, false), evaluation);
}

/**
 * An evaluator that remembers node results between calls (see the module comment): give it
 * successive immutable versions of an evaluation and each call recomputes only what changed.
 * Results are identical to {@link evaluate}'s.
 */
export function createEvaluator(): { evaluate(evaluation: Evaluation): EvaluationResult } {
  const engines = new Map<string, Engine>();
  const engineFor = (rounding: RoundingMode, decimals: number): Engine => {
    const key = `${rounding}|${decimals}`;
    let engine = engines.get(key);
    if (!engine) {
      // Two modes side by side is the common comparison; more is churn, drop the oldest.
      if (engines.size >= 2) engines.delete(engines.keys().next().value as string);
      engine = new Engine(rounding, decimals);
      engines.set(key, engine);
    }
    return engine;
  };
  return { evaluate: (evaluation: Evaluation) => safeRun(engineFor, evaluation) };
}
