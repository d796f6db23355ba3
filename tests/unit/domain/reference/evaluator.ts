// REFERENCE COPY, not used by the app: src/domain/evaluator.ts as it was before the integer fast
// path (src/domain/fixed.ts, fast-rule.ts), every figure in decimal.js. domain-fast-path tests
// check that the engine's results deep-equal this straightforward computation's. Change it
// only together with a deliberate change of the engine's results.
// Deliberate changes mirrored here: stated figures compared after rounding; nodes deeper than
// MAX_DEPTH flagged and pending; a negative funds 执行率 scores 0 with a finding; an enabled
// execution cap without a rate is a warning.
/**
 * The evaluation of a whole sheet: every node's score, rate, status and findings, the funds
 * block, the adjustments layer, the total and the grade (DOMAIN §2–§7).
 *
 * Sums: a parent's score is the sum of its children's ROUNDED scores, as the reports add them,
 * kept as integers of 10^-decimals (1.19 → 119) so sums are exact; each `number` handed out is
 * that integer divided by a power of ten, which is exactly Number(its decimal text).
 *
 * Pending: a leaf with nothing to score yet (a manual leaf without a score, a ruled leaf whose
 * inputs are missing or unusable) has score null and adds nothing to its parents. Parents
 * and the total are then partial: `pendingLeaves` says how many leaves are missing, each one
 * has a finding, and a parent whose leaves are all pending has score null too.
 *
 * Caching: {@link createEvaluator} keeps each node's computed result in a WeakMap keyed by the
 * Indicator object (per rounding mode and decimals, checked against the node's depth). Updates
 * are immutable, so after a one-leaf change only the objects on that leaf's path are new and
 * only they are recomputed: O(depth × siblings). The nodes map and the findings list are then
 * assembled from the cached pieces (findings are concatenated per subtree, so unchanged
 * subtrees hand over their list as is).
 */
import type { Adjustment, CompletionStatus, Evaluation, FundsBlock, GradeScale, Indicator, Rule, RoundingMode, RuleType } from '../../../../src/domain/model.ts';
import type { AdjustmentResult, EvaluationResult, Finding, FundsResult, NodeResult, ParsedValue } from '../../../../src/domain/result.ts';
import { Decimal, ONE, ZERO, clampScore, dec, minDec, roundTo, safeDecimals } from '../../../../src/domain/decimal.ts';
import { computeStatus, decimalOf, lowerIsBetter, unitsCompatible } from '../../../../src/domain/completion.ts';
import { finding, NO_FINDINGS } from '../../../../src/domain/finding.ts';
import { gradeFor, GRADE_SCALES } from '../../../../src/domain/grades.ts';
import { parseValue } from '../../../../src/domain/parse-value.ts';
import { formatRate, formatScore, percentText, roundDecimal } from '../../../../src/domain/rounding.ts';
import { RULE_LABELS } from '../../../../src/domain/rule-catalog.ts';
import { scoreRule, unitMismatch } from './score-rule.ts';

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

function zeroCounts(): StatusCounts {
  return { 已完成: 0, 部分完成: 0, 未完成: 0, pending: 0 };
}

function nameOf(ind: Indicator): string {
  const n = typeof ind.name === 'string' ? ind.name.trim() : '';
  if (n) return n;
  return typeof ind.code === 'string' && ind.code.trim() ? ind.code.trim() : '（未命名指标）';
}

function finite(n: unknown): number | null {
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

class Engine {
  readonly scale: number;
  readonly scaleDec: Decimal;
  private readonly cache = new WeakMap<Indicator, Computed>();

  constructor(readonly rounding: RoundingMode, readonly decimals: number) {
    this.scale = 10 ** decimals;
    this.scaleDec = new Decimal(10).pow(decimals);
  }

  /** Figure with the evaluation's decimals, fixed, for messages ("1.20" vs "1.19" reads as a difference). */
  fig(d: Decimal | number): string {
    return roundDecimal(typeof d === 'number' ? d : d.toFixed(), this.decimals, 'half-up');
  }

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
    if (units === null) return '';
    if (this.decimals === 0) return String(units);
    const sign = units < 0 ? '-' : '';
    const digits = String(Math.abs(units)).padStart(this.decimals + 1, '0');
    const int = digits.slice(0, -this.decimals);
    const frac = digits.slice(-this.decimals).replace(/0+$/, '');
    return `${sign}${int}${frac ? `.${frac}` : ''}`;
  }

  node(ind: Indicator, level: number): Computed {
    const hit = this.cache.get(ind);
    if (hit && hit.level === level) return hit;
    const kids = Array.isArray(ind.children) ? ind.children.filter((c) => c && typeof c === 'object') : [];
    const computed = kids.length === 0 ? this.leaf(ind, level) : level < MAX_DEPTH ? this.parent(ind, kids, level) : this.tooDeep(ind, level);
    this.cache.set(ind, computed);
    return computed;
  }

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
    return { level, result, children: [], weight, units: null, findings: own, leafCount: 1, pendingLeaves: 1, counts: zeroCounts(), overshoots: NO_OVERSHOOTS };
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
    let anyWeight = false;
    let allWeights = true;
    let units: number | null = null;
    let leafCount = 0;
    let pendingLeaves = 0;
    const counts = zeroCounts();
    let overshoots: readonly Overshoot[] = NO_OVERSHOOTS;
    let anyFindings = false;
    for (const c of children) {
      if (c.weight !== null) { sumWeight = sumWeight.plus(c.weight); anyWeight = true; } else allWeights = false;
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
    const rate = this.rateOf(units, weight);
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
    return { level, result, children, weight, units, findings, leafCount, pendingLeaves, counts, overshoots };
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
      level, result, children: [], weight, units, findings: own.length ? own : NO_FINDINGS,
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
    if (rate !== null) units = this.unitsOf(this.round(weight.times(minDec(rate.isNegative() ? ZERO : rate, ONE))));
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
  return safeRun((rounding, decimals) => new Engine(rounding, decimals), evaluation);
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
