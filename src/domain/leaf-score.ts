/**
 * A leaf's score, status and findings, in decimal.js (DOMAIN §3–§4, §7): the definition.
 * The leaf's rule computes a raw score, clamped to [0, weight] and rounded by the evaluation's
 * mode; a manual leaf takes its typed score; a pinned ruled leaf keeps its typed score and a
 * finding says when the rule computes something else; stated scores, missing reasons and
 * unit mismatches are findings. ./leaf-fast.ts does the same for common leaves in integers.
 */
import type { Indicator, Rule } from './model.ts';
import type { Finding, NodeResult, ParsedValue } from './result.ts';
import { ScoredNode } from './node-result.ts';
import { Decimal, ONE, clampScore } from './decimal.ts';
import { computeStatus, decimalOf, lowerIsBetter, unitsCompatible } from './completion.ts';
import { finding, NO_FINDINGS } from './finding.ts';
import { parseValue } from './parse-value.ts';
import { formatRate } from './rounding.ts';
import { RULE_LABELS } from './rule-catalog.ts';
import { scoreRule, unitMismatch } from './score-rule.ts';
import type { ScoreScale } from './score-scale.ts';
import {
  NO_OVERSHOOTS, RULE_TYPES, STATUSES, finite, fxOfWeight, nameOf, readWeight, zeroCounts,
  type Computed, type Overshoot,
  LEAF_CHILDREN,
} from './node-computed.ts';

export function scoreLeaf(s: ScoreScale, ind: Indicator, level: number): Computed {
  const name = nameOf(ind);
  const id = ind.id;
  const own: Finding[] = [];
  const weight = readWeight(ind, own, name, true);
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
  const pinnedScore = rule.type !== 'manual' && ind.pinned === true && entered ? s.round(clampScore(entered, weight)) : null;

  let computedRounded: Decimal | null = null;
  let rawScore: string | null = null;
  let explain = '';
  if (rule.type !== 'manual') {
    const outcome = scoreRule(rule, { name, weight, target, actual, status, rounding: s.rounding, decimals: s.decimals });
    for (const p of outcome.problems) {
      if (has(p.code)) continue;
      if (pinnedScore && p.code === 'rule-input-missing' && p.whenPinned) {
        own.push(finding(p.code, 'info', id, p.field, `${name}：按已固定得分 ${s.unitsText(s.unitsOf(pinnedScore))} 计；${p.whenPinned}`, p.figures));
      } else {
        own.push(finding(p.code, p.severity, id, p.field, p.message, p.figures));
      }
    }
    if (outcome.raw !== null) {
      const clamped = clampScore(outcome.raw, weight);
      computedRounded = s.round(clamped);
      rawScore = clamped.toFixed();
      explain = outcome.explain;
      if (!clamped.equals(outcome.raw)) explain += `（按 [0, ${weight ? s.fig(weight) : '分值'}] 截取为 ${clamped.toFixed()}）`;
      if (!computedRounded.equals(clamped)) explain += ` → ${computedRounded.toFixed()}`;
    }
  }

  let source: NodeResult['scoreSource'];
  let scoreDec: Decimal | null;
  if (rule.type === 'manual') {
    source = entered ? 'entered' : 'pending';
    scoreDec = entered ? s.round(clampScore(entered, weight)) : null;
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
      own.push(finding('score-above-weight', 'error', id, 'score', `${name}：${what} ${s.fig(d)} 超过分值 ${s.fig(weight)}，按分值计`, { score: Number(d.toFixed()), weight: Number(weight.toFixed()) }));
    }
    if (d.isNegative() && !has('score-negative')) {
      own.push(finding('score-negative', 'error', id, 'score', `${name}：${what} ${s.fig(d)} 为负数，按 0 计`, { score: Number(d.toFixed()) }));
    }
  };
  if (entered && (source === 'entered' || source === 'pinned')) tooHigh(entered, source === 'pinned' ? '固定得分' : '录入得分');

  if (source === 'pinned' && computedRounded && scoreDec && !computedRounded.equals(scoreDec)) {
    own.push(finding('pinned-differs', 'warning', id, 'score',
      `${name}：得分已固定为 ${s.fig(scoreDec)}，按规则（${RULE_LABELS[rule.type]}）计算为 ${s.fig(computedRounded)}`,
      { pinned: Number(scoreDec.toFixed()), computed: Number(computedRounded.toFixed()) }));
  }

  const statedNum = finite(ind.statedScore);
  if (statedNum !== null) {
    const stated = new Decimal(statedNum);
    tooHigh(stated, '表中得分');
    if (scoreDec && !s.round(stated).equals(scoreDec)) {
      const how = source === 'rule' ? `规则（${RULE_LABELS[rule.type]}）计算得分` : source === 'pinned' ? '固定得分' : '录入得分';
      own.push(finding('stated-score-differs', 'warning', id, 'score',
        `${name}：${how} ${s.fig(scoreDec)}，表中得分 ${s.statedFig(stated)}`,
        { computed: Number(scoreDec.toFixed()), stated: statedNum }));
    }
  }

  if (scoreDec && weight !== null && scoreDec.lessThan(weight) && !(typeof ind.reason === 'string' && ind.reason.trim() !== '')) {
    own.push(finding('missing-reason', 'warning', id, 'reason', `${name}：得分 ${s.fig(scoreDec)} 低于分值 ${s.fig(weight)}，未填写扣分原因`,
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

  const units = scoreDec ? s.unitsOf(scoreDec) : null;
  const score = units === null ? null : s.fromUnits(units);
  const rate = s.rateOf(units, weight);
  const weightNum = weight === null ? null : Number(weight.toFixed());
  const computedScore = computedRounded ? s.fromUnits(s.unitsOf(computedRounded)) : null;
  const result = new ScoredNode(
    id, level, true,
    weightNum, weight === null ? '' : weight.toFixed(),
    score, s.unitsText(units),
    computedScore, rawScore,
    rate, formatRate(rate),
    rule.type, source === 'pinned', source,
    status, statusSource,
    target, actual, own.length ? own : NO_FINDINGS, units === null ? 1 : 0,
    explain,
  );
  return {
    id, level, result, children: LEAF_CHILDREN, weight, wfx: fxOfWeight(weight, null), units, findings: own.length ? own : NO_FINDINGS,
    leafCount: 1, pendingLeaves: units === null ? 1 : 0, counts, overshoots,
  };
}
