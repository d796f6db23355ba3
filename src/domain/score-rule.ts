/**
 * What a leaf's rule computes (DOMAIN §4), before clamping and rounding, with a worked line
 * for the rule panel ("39.96% × 3 = 1.1988") and the problems that stop it.
 *
 * Decisions:
 * - achievement (ratio, bands on achievement, deviation on a non-percent) = actual / target,
 *   or target / actual for ≤ targets; a target of 0 that is reached counts as 100 %;
 * - the ratio rule rounds the achievement half-up to `rateDecimals` of a percent (default 2),
 *   as reports compute "39.96% × 3"; the score rounding mode applies to scores only;
 * - step rules deduct per FULL step ("每低于指标值的10%扣1分": 95 % of target deducts nothing);
 * - the deviation deduction is rounded (mode and decimals of the evaluation) before it is
 *   subtracted, as the Shanghai report does: 0.876 → 0.88, 4 − 0.88 = 3.12; it runs in the
 *   target's direction: for a ≤ percent target (差错率 ≤5%) deviating means going ABOVE the
 *   threshold, otherwise a met ≤ target would read as a 92-point shortfall below 95 %;
 * - bands thresholds are percents (the editor, describeRule and the worked line all say so), so
 *   bands on the actual need a percent actual: "80" against ≥95% would silently take the top band;
 * - levels: an exact label wins, else the longest label the actual contains ("不明显" is not
 *   "明显");
 * - a rule that cannot compute (no actual, different units, unreadable target) leaves the leaf
 *   pending, with a finding: a silent 0 would look like a judgement.
 */
import type { Band, CompletionStatus, Rule, RoundingMode } from './model.ts';
import type { Finding, FindingCode, ParsedValue } from './result.ts';
import { Decimal, ONE, ZERO, dec, minDec, roundTo } from './decimal.ts';
import { decimalOf, lowerIsBetter, unitsCompatible, type Quantity } from './completion.ts';
import { computeExpression } from './expression.ts';
import { figureText, percentText } from './rounding.ts';
import { RULE_LABELS } from './rule-catalog.ts';

export interface RuleContext {
  name: string;
  weight: Decimal | null;
  target: ParsedValue;
  actual: ParsedValue;
  /** Completion status with the evaluator's override applied. */
  status: CompletionStatus | null;
  rounding: RoundingMode;
  decimals: number;
}

export interface RuleProblem {
  code: Extract<FindingCode, 'rule-input-missing' | 'rule-error' | 'unit-mismatch' | 'unparseable-target' | 'unparseable-actual' | 'rule-points-mismatch'>;
  severity: Finding['severity'];
  field: Finding['field'];
  message: string;
  figures: Record<string, number | string>;
  /**
   * For a missing input: what is missing, worded to follow "按已固定得分 3 计；" on a pinned
   * leaf, whose score counts anyway (a reviewer of an imported sheet needs no warning there).
   */
  whenPinned?: string;
}

export interface RuleOutcome {
  /** Unclamped, unrounded; null when the rule cannot compute. */
  raw: Decimal | null;
  explain: string;
  problems: RuleProblem[];
}

function fail(problem: RuleProblem): RuleOutcome {
  return { raw: null, explain: '', problems: [problem] };
}

function missing(ctx: RuleContext, what: string, field: Finding['field'], whenPinned: string): RuleOutcome {
  return fail({ code: 'rule-input-missing', severity: 'warning', field, message: `${ctx.name}：${what}`, figures: {}, whenPinned });
}

function ruleError(ctx: RuleContext, what: string): RuleOutcome {
  return fail({ code: 'rule-error', severity: 'error', field: 'rule', message: `${ctx.name}：${what}`, figures: {} });
}

const f = figureText;

/** Target and actual as comparable quantities, or the outcome that explains why not. */
function quantities(ctx: RuleContext, label: string, needTarget = true): { t: Quantity | null; a: Quantity } | RuleOutcome {
  const { target, actual } = ctx;
  let t: Quantity | null = null;
  if (target.kind === 'quantity') t = target;
  else if (needTarget || target.kind === 'invalid') {
    if (target.kind === 'empty') return missing(ctx, `${label}需要指标值，尚未填写`, 'target', `${label}所需的指标值尚未填写`);
    const reason = target.kind === 'invalid' ? target.reason : `指标值“${target.text}”不是数值，${label}无法计算`;
    return fail({ code: 'unparseable-target', severity: 'error', field: 'target', message: `${ctx.name}：${reason}`, figures: { target: target.text } });
  }
  if (actual.kind === 'empty') return missing(ctx, `尚未填写实际完成值，${label}无法计算`, 'actual', `${label}所需的实际完成值尚未填写`);
  if (actual.kind !== 'quantity') {
    const reason = actual.kind === 'invalid' ? actual.reason : `实际完成值“${actual.text}”不是数值，${label}无法计算`;
    return fail({ code: 'unparseable-actual', severity: 'error', field: 'actual', message: `${ctx.name}：${reason}`, figures: { actual: actual.text } });
  }
  if (t && !unitsCompatible(t, actual)) return unitMismatch(ctx, t, actual);
  return { t, a: actual };
}

export function unitMismatch(ctx: { name: string }, t: Quantity, a: Quantity): RuleOutcome {
  const tu = t.unit || '无单位';
  const au = a.unit || '无单位';
  return fail({
    code: 'unit-mismatch', severity: 'error', field: 'actual',
    message: `${ctx.name}：指标值“${t.text}”的单位（${tu}）与实际完成值“${a.text}”的单位（${au}）不一致，未作换算`,
    figures: { targetUnit: t.unit, actualUnit: a.unit, target: t.text, actual: a.text },
  });
}

/** actual / target, or target / actual when smaller is better; null when undefined. */
export function achievementOf(t: Quantity, a: Quantity): Decimal | null {
  const tv = decimalOf(t);
  const av = decimalOf(a);
  if (lowerIsBetter(t)) {
    if (av.lessThanOrEqualTo(0)) return tv.greaterThanOrEqualTo(0) ? ONE : null;
    return tv.dividedBy(av);
  }
  if (tv.isZero()) return av.greaterThanOrEqualTo(0) ? ONE : null;
  return av.dividedBy(tv);
}

/** The band a value falls in: highest lower bound first, an exclusive bound before an inclusive one. */
export function pickBand(bands: Band[] | null | undefined, value: Decimal): Band | null {
  const list = (Array.isArray(bands) ? bands : []).filter((b) => b && typeof b.score === 'number');
  const sorted = [...list].sort((x, y) => {
    if (x.min === null) return y.min === null ? 0 : 1;
    if (y.min === null) return -1;
    if (x.min !== y.min) return y.min - x.min;
    return (x.minInclusive ? 1 : 0) - (y.minInclusive ? 1 : 0);
  });
  for (const b of sorted) {
    if (b.min === null || !Number.isFinite(b.min)) return b;
    const min = new Decimal(b.min);
    if (b.minInclusive ? value.greaterThanOrEqualTo(min) : value.greaterThan(min)) return b;
  }
  return null;
}

function num(x: unknown): Decimal | null {
  return typeof x === 'number' ? dec(x) : null;
}

/**
 * Why a band table cannot be used, or null. A band whose score or bound was cleared must not
 * silently drop out: the value would fall to the next band and score less without a word.
 */
function badBands(bands: unknown): string | null {
  if (!Array.isArray(bands)) return '分档表无效';
  for (const [i, b] of bands.entries()) {
    if (!b || typeof b !== 'object') return `第 ${i + 1} 档无效`;
    const band = b as Partial<Band>;
    if (typeof band.score !== 'number' || !Number.isFinite(band.score)) return `第 ${i + 1} 档的得分无效`;
    if (band.min !== null && (typeof band.min !== 'number' || !Number.isFinite(band.min))) return `第 ${i + 1} 档的下限无效`;
  }
  return null;
}

function needWeight(ctx: RuleContext): Decimal | RuleOutcome {
  return ctx.weight ?? missing(ctx, '分值未填写，无法按规则计算', 'weight', '分值尚未填写');
}

function isOutcome(x: unknown): x is RuleOutcome {
  return typeof x === 'object' && x !== null && 'problems' in x;
}

/** Compute a non-manual rule. Never throws: a broken parameter is a rule-error outcome. */
export function scoreRule(rule: Rule, ctx: RuleContext): RuleOutcome {
  let outcome: RuleOutcome;
  try {
    outcome = scoreRuleUnsafe(rule, ctx);
  } catch (e) {
    return ruleError(ctx, `规则计算出错（${e instanceof Error ? e.message : String(e)}）`);
  }
  const points = pointsProblem(rule, ctx);
  return points ? { ...outcome, problems: [...outcome.problems, points] } : outcome;
}

/**
 * The rule's own points against the weight (DOMAIN §7 "flag, never silently fix"): checklist
 * points that do not add up to the weight, or a band or level worth more than the weight. The
 * score is clamped anyway, but a table that can never give full marks, or gives more than full,
 * is a slip in the indicator system a reviewer wants to see, whatever the inputs are.
 */
function pointsProblem(rule: Rule, ctx: RuleContext): RuleProblem | null {
  const w = ctx.weight;
  if (w === null) return null;
  const problem = (message: string, figures: Record<string, number | string>): RuleProblem => ({
    code: 'rule-points-mismatch', severity: 'warning', field: 'rule', message: `${ctx.name}：${message}`, figures: { weight: Number(w.toFixed()), ...figures },
  });
  const topOf = (scores: unknown[]): Decimal | null => scores.reduce<Decimal | null>((top, x) => {
    const d = num(x);
    return d !== null && (top === null || d.greaterThan(top)) ? d : top;
  }, null);
  const over = (what: string, scores: unknown[]): RuleProblem | null => {
    const top = topOf(scores);
    return top !== null && top.greaterThan(w) ? problem(`${what}最高得分 ${f(top)} 超过分值 ${f(w)}`, { top: Number(top.toFixed()) }) : null;
  };
  const scoresOf = (xs: unknown): unknown[] => (Array.isArray(xs) ? xs.map((x: unknown) => (x && typeof x === 'object' ? (x as { score?: unknown }).score : null)) : []);
  switch (rule.type) {
    case 'checklist': {
      if (rule.mode === 'deduct' || !Array.isArray(rule.items) || rule.items.length === 0) return null;
      const sum = rule.items.reduce((acc, i) => acc.plus((i && num(i.points)) ?? ZERO), ZERO);
      return sum.equals(w) ? null : problem(`各要点分值合计 ${f(sum)}，与分值 ${f(w)} 不一致`, { pointsSum: Number(sum.toFixed()) });
    }
    case 'bands': return over('分档', scoresOf(rule.bands));
    case 'levels': return over('等级', scoresOf(rule.levels));
    case 'formula': return over('公式结果分档', scoresOf(rule.bands));
    default: return null;
  }
}

function scoreRuleUnsafe(rule: Rule, ctx: RuleContext): RuleOutcome {
  const label = RULE_LABELS[rule.type] ?? '规则';
  switch (rule.type) {
    case 'ratio': {
      const w = needWeight(ctx);
      if (isOutcome(w)) return w;
      const q = quantities(ctx, label);
      if (isOutcome(q)) return q;
      let ach = achievementOf(q.t as Quantity, q.a);
      if (ach === null) return ruleError(ctx, `指标值为 0 或实际值为 0，无法计算达成率`);
      const rd = rule.rateDecimals === undefined ? 2 : rule.rateDecimals;
      if (typeof rd === 'number' && Number.isFinite(rd)) ach = ach.toDecimalPlaces(Math.max(0, Math.trunc(rd)) + 2, Decimal.ROUND_HALF_UP);
      const floor = num(rule.floor);
      if (floor !== null && ach.lessThan(floor)) {
        return { raw: ZERO, explain: `达成率 ${percentText(ach)} 低于 ${percentText(floor)}，不得分`, problems: [] };
      }
      const capped = minDec(ach, ONE);
      const raw = w.times(capped);
      const note = ach.greaterThan(ONE) ? `达成率 ${percentText(ach)} 按 100% 计，` : '';
      return { raw, explain: `${note}${percentText(capped)} × ${f(w)} = ${f(raw)}`, problems: [] };
    }
    case 'binary': {
      const w = needWeight(ctx);
      if (isOutcome(w)) return w;
      if (ctx.status === null) {
        // A qualitative target is met when the evaluator says so; only a numeric one can be misread.
        if (ctx.target.kind !== 'qualitative') {
          const q = quantities(ctx, label);
          if (isOutcome(q)) return q;
        }
        return missing(ctx, `实际完成值“${ctx.actual.kind === 'empty' ? '' : (ctx.actual as { text: string }).text}”无法判断是否达到指标值，请选择指标实现情况`, 'status', '指标实现情况尚未选择');
      }
      const met = ctx.status === '已完成';
      return { raw: met ? w : ZERO, explain: met ? `达到指标值，得 ${f(w)} 分` : `未达到指标值（${ctx.status}），不得分`, problems: [] };
    }
    case 'step': {
      const w = needWeight(ctx);
      if (isOutcome(w)) return w;
      const size = num(rule.size);
      const ded = num(rule.deduction);
      if (size === null || size.lessThanOrEqualTo(0)) return ruleError(ctx, '阶梯扣分的步长应大于 0');
      if (ded === null || ded.isNegative()) return ruleError(ctx, '阶梯扣分的每步扣分应为非负数');
      const q = quantities(ctx, label);
      if (isOutcome(q)) return q;
      const t = q.t as Quantity;
      const tv = decimalOf(t);
      const av = decimalOf(q.a);
      const gap = lowerIsBetter(t) ? av.minus(tv) : tv.minus(av);
      if (gap.lessThanOrEqualTo(0)) return { raw: w, explain: `达到指标值，得 ${f(w)} 分`, problems: [] };
      let steps: Decimal;
      let gapText: string;
      if (rule.unit === 'percent') {
        if (tv.isZero()) return ruleError(ctx, '指标值为 0，无法按百分比计算差距');
        const frac = gap.dividedBy(tv.abs());
        steps = frac.dividedBy(size).floor();
        gapText = `${lowerIsBetter(t) ? '超出' : '低于'}指标值 ${percentText(frac)}`;
      } else {
        steps = gap.dividedBy(size).floor();
        gapText = `${lowerIsBetter(t) ? '超出' : '低于'}指标值 ${f(gap)}${t.unit}`;
      }
      const raw = w.minus(steps.times(ded));
      return { raw, explain: `${gapText}，${f(steps)} 档 × ${f(ded)} 分：${f(w)} − ${f(steps.times(ded))} = ${f(raw)}`, problems: [] };
    }
    case 'occurrence': {
      const w = needWeight(ctx);
      if (isOutcome(w)) return w;
      const ded = num(rule.deduction);
      if (ded === null || ded.isNegative()) return ruleError(ctx, '按次扣分的每次扣分应为非负数');
      const q = quantities(ctx, label, false);
      if (isOutcome(q)) return q;
      let allowed = ZERO;
      if (q.t) {
        const tv = decimalOf(q.t);
        if (q.t.comparator === '<=' || q.t.comparator === '=') allowed = tv;
        else if (q.t.comparator === '<') allowed = tv.ceil().minus(1);
        else return ruleError(ctx, `按次扣分需要“不超过”型指标值（如 0起、≤2次），而指标值是“${q.t.text}”`);
      }
      const count = decimalOf(q.a).minus(allowed);
      const incidents = count.greaterThan(0) ? count.ceil() : ZERO;
      const raw = w.minus(incidents.times(ded));
      return { raw, explain: `超出允许次数 ${f(incidents)} 次 × ${f(ded)} 分：${f(w)} − ${f(incidents.times(ded))} = ${f(raw)}`, problems: [] };
    }
    case 'deviation': {
      const w = needWeight(ctx);
      if (isOutcome(w)) return w;
      const threshold = num(rule.threshold);
      const point = num(rule.point);
      const share = num(rule.shareOfWeight);
      if (threshold === null || point === null || point.lessThanOrEqualTo(0) || share === null) {
        return ruleError(ctx, '偏离扣分的参数不完整（阈值、偏离单位、扣权重比例）');
      }
      if (share.isNegative()) return ruleError(ctx, '偏离扣分的扣权重比例应为非负数');
      const actual = ctx.actual;
      let measured: Decimal;
      let above = false;
      if (actual.kind === 'quantity' && actual.percent) {
        if (ctx.target.kind === 'quantity') {
          const q = quantities(ctx, label);
          if (isOutcome(q)) return q;
          above = lowerIsBetter(q.t as Quantity);
        }
        measured = decimalOf(actual);
      } else {
        const q = quantities(ctx, label);
        if (isOutcome(q)) return q;
        const ach = achievementOf(q.t as Quantity, q.a);
        if (ach === null) return ruleError(ctx, '指标值为 0，无法计算达成率');
        measured = ach;
      }
      const gap = above ? measured.minus(threshold) : threshold.minus(measured);
      if (gap.lessThanOrEqualTo(0)) return { raw: w, explain: `${percentText(measured)} ${above ? '不高于' : '不低于'} ${percentText(threshold)}，不扣分`, problems: [] };
      const deduction = gap.dividedBy(point).times(share).times(w);
      const rounded = roundTo(deduction, ctx.decimals, ctx.rounding);
      const raw = w.minus(rounded);
      const [hi, lo] = above ? [measured, threshold] : [threshold, measured];
      return {
        raw,
        explain: `(${percentText(hi)} − ${percentText(lo)}) ÷ ${percentText(point)} × ${percentText(share)} × ${f(w)} = ${f(deduction)} → ${f(rounded)}；${f(w)} − ${f(rounded)} = ${f(raw)}`,
        problems: [],
      };
    }
    case 'bands': {
      const bad = badBands(rule.bands);
      if (bad) return ruleError(ctx, `分档计分：${bad}`);
      let value: Decimal;
      if (rule.input === 'achievement') {
        const q = quantities(ctx, label);
        if (isOutcome(q)) return q;
        const ach = achievementOf(q.t as Quantity, q.a);
        if (ach === null) return ruleError(ctx, '指标值为 0，无法计算达成率');
        value = ach;
      } else {
        const q = quantities(ctx, label, false);
        if (isOutcome(q)) return q;
        if (!q.a.percent) {
          return fail({
            code: 'unit-mismatch', severity: 'error', field: 'actual',
            message: `${ctx.name}：分档按百分比设定，实际完成值“${q.a.text}”不是百分数，未作换算`,
            figures: { actual: q.a.text, actualUnit: q.a.unit },
          });
        }
        value = decimalOf(q.a);
      }
      const band = pickBand(rule.bands, value);
      if (!band) return ruleError(ctx, `${f(value)} 不在任何分档内，请补充分档`);
      const raw = new Decimal(band.score);
      return { raw, explain: `${percentText(value)} 落在“${band.min === null ? '其余' : `${band.minInclusive ? '≥' : '>'}${percentText(new Decimal(band.min))}`}”档，得 ${f(raw)} 分`, problems: [] };
    }
    case 'levels': {
      if (!Array.isArray(rule.levels)) return ruleError(ctx, '等级列表无效');
      const levels = rule.levels.filter((l) => l && typeof l.label === 'string');
      const chosen = typeof rule.chosen === 'string' && rule.chosen.trim() !== '' ? rule.chosen.trim() : null;
      let level = chosen ? levels.find((l) => l.label.trim() === chosen) : undefined;
      if (chosen && !level) return ruleError(ctx, `所选等级“${chosen}”不在等级列表中`);
      if (!level && (ctx.actual.kind === 'qualitative' || ctx.actual.kind === 'quantity')) {
        const norm = (x: string): string => x.normalize('NFKC').replace(/\s/g, '');
        const text = norm(ctx.actual.text);
        const labelled = levels.filter((l) => norm(l.label) !== '');
        level = labelled.find((l) => norm(l.label) === text);
        // Else the longest label inside the text: "效果不明显" names 不明显, not 明显.
        if (!level) {
          for (const l of labelled) {
            if (text.includes(norm(l.label)) && (!level || norm(l.label).length > norm(level.label).length)) level = l;
          }
        }
      }
      if (!level) return missing(ctx, '尚未选择等级（实际完成值也未对应任何等级）', 'rule', '等级尚未选择');
      const raw = num(level.score);
      if (raw === null) return ruleError(ctx, `等级“${level.label}”的分值无效`);
      return { raw, explain: `等级“${level.label}”，得 ${f(raw)} 分`, problems: [] };
    }
    case 'checklist': {
      if (!Array.isArray(rule.items)) return ruleError(ctx, '要点列表无效');
      const items = rule.items.filter((i) => i && typeof i === 'object');
      if (items.some((i) => num(i.points)?.isNegative())) return ruleError(ctx, '要点的分值应为非负数');
      if (rule.mode === 'deduct') {
        const w = needWeight(ctx);
        if (isOutcome(w)) return w;
        const per = num(rule.deduction);
        if (per?.isNegative()) return ruleError(ctx, '每项扣分应为非负数');
        let total: Decimal;
        let count: number;
        if (typeof rule.findings === 'number' && Number.isFinite(rule.findings)) {
          if (per === null) return ruleError(ctx, '按发现问题扣分需要每项扣分值');
          count = Math.max(0, Math.trunc(rule.findings));
          total = per.times(count);
        } else {
          if (items.length === 0 || items.every((i) => i.met === null || i.met === undefined)) return missing(ctx, '尚未判断各要点', 'rule', '各要点尚未判断');
          const failed = items.filter((i) => i.met === false);
          count = failed.length;
          total = failed.reduce((s, i) => s.plus(per ?? num(i.points) ?? ZERO), ZERO);
        }
        const raw = w.minus(total);
        return { raw, explain: `发现 ${count} 项问题，扣 ${f(total)} 分：${f(w)} − ${f(total)} = ${f(raw)}`, problems: [] };
      }
      if (items.length === 0) return ruleError(ctx, '要点计分没有要点');
      const judged = items.filter((i) => i.met === true || i.met === false);
      if (judged.length === 0) return missing(ctx, '尚未判断各要点', 'rule', '各要点尚未判断');
      const met = items.filter((i) => i.met === true);
      const raw = met.reduce((s, i) => s.plus(num(i.points) ?? ZERO), ZERO);
      const problems: RuleProblem[] = judged.length < items.length
        ? [{ code: 'rule-input-missing', severity: 'warning', field: 'rule', message: `${ctx.name}：尚有 ${items.length - judged.length} 个要点未判断，按未满足计`, figures: { pending: items.length - judged.length }, whenPinned: `尚有 ${items.length - judged.length} 个要点未判断` }]
        : [];
      const parts = met.map((i) => f(num(i.points) ?? ZERO));
      return { raw, explain: `满足 ${met.length}/${items.length} 项：${parts.length ? parts.join(' + ') : '0'} = ${f(raw)}`, problems };
    }
    case 'formula': {
      const vars: Record<string, Decimal> = Object.create(null) as Record<string, Decimal>;
      if (ctx.weight) { vars['分值'] = ctx.weight; vars['权重'] = ctx.weight; }
      if (ctx.target.kind === 'quantity') { vars['指标值'] = decimalOf(ctx.target); vars['目标值'] = vars['指标值']; }
      if (ctx.actual.kind === 'quantity') { vars['实际值'] = decimalOf(ctx.actual); vars['完成值'] = vars['实际值']; }
      const shown: string[] = [];
      const variables = Array.isArray(rule.variables) ? rule.variables : [];
      const needsActual = [rule.expression, ...variables.map((v) => v?.expression)].some((e) => typeof e === 'string' && /实际值|完成值/.test(e))
        && ctx.actual.kind !== 'quantity';
      const actualMissing = (): RuleOutcome => missing(ctx, '公式用到实际值，但实际完成值尚未填写或不是数值', 'actual', '公式所需的实际完成值尚未填写');
      for (const v of variables) {
        if (!v || typeof v.name !== 'string' || v.name.trim() === '') continue;
        const r = computeExpression(v.expression, vars);
        if (!r.ok) return needsActual ? actualMissing() : ruleError(ctx, `变量“${v.name}”的公式“${v.expression}”无法计算：${r.error}`);
        vars[v.name.trim()] = r.value;
        shown.push(`${v.name.trim()} = ${f(r.value)}`);
      }
      const r = computeExpression(rule.expression, vars);
      if (!r.ok) return needsActual ? actualMissing() : ruleError(ctx, `公式“${rule.expression}”无法计算：${r.error}`);
      const prefix = shown.length ? `${shown.join('，')}；` : '';
      if (Array.isArray(rule.bands) && rule.bands.length > 0) {
        const bad = badBands(rule.bands);
        if (bad) return ruleError(ctx, `公式结果分档：${bad}`);
        const band = pickBand(rule.bands, r.value);
        if (!band) return ruleError(ctx, `公式结果 ${f(r.value)} 不在任何分档内`);
        return { raw: new Decimal(band.score), explain: `${prefix}${rule.expression} = ${percentText(r.value)}，得 ${f(new Decimal(band.score))} 分`, problems: [] };
      }
      return { raw: r.value, explain: `${prefix}${rule.expression} = ${f(r.value)}`, problems: [] };
    }
    case 'manual':
      return { raw: null, explain: '', problems: [] };
    default:
      return ruleError(ctx, `未知的计分规则“${String((rule as { type?: unknown }).type)}”`);
  }
}

