/**
 * A parent's figures from its children's (DOMAIN §2): the score is the sum of the children's
 * ROUNDED scores, as the reports add them (in units, so exact); the weight is the stated one,
 * else the children's sum, and a stated weight or subtotal that the children don't give is a
 * finding. A node past MAX_DEPTH is not descended into: pending, and said so.
 */
import type { Indicator } from './model.ts';
import type { Finding } from './result.ts';
import { ScoredNode } from './node-result.ts';
import { Decimal, ZERO } from './decimal.ts';
import { finding, NO_FINDINGS } from './finding.ts';
import { parseValue } from './parse-value.ts';
import { formatRate } from './rounding.ts';
import { fxOf, fxText, type Fx } from './fixed.ts';
import type { ScoreScale } from './score-scale.ts';
import {
  MAX_DEPTH, NO_OVERSHOOTS, addCounts, finite, fxOfWeight, nameOf, readWeight, zeroCounts,
  type Computed, type Overshoot,
} from './node-computed.ts';

/** A node at MAX_DEPTH that still has children: pending, its subtree not counted, and said so. */
export function tooDeep(s: ScoreScale, ind: Indicator, level: number): Computed {
  const name = nameOf(ind);
  const own: Finding[] = [];
  const weight = readWeight(ind, own, name, true);
  own.push(finding('rule-error', 'error', ind.id, null, `${name}：指标层级超过 ${MAX_DEPTH} 级，其下级指标未计入`, { level }));
  const result = new ScoredNode(
    ind.id, level, false,
    weight === null ? null : Number(weight.toFixed()), weight === null ? '' : weight.toFixed(),
    null, '', null, null, null, '',
    'manual', false, 'pending', null, null,
    parseValue(ind.target), parseValue(ind.actual), own, 1,
    '',
  );
  return {
    id: ind.id, level, result, children: [], weight, wfx: fxOfWeight(weight, null), units: null, findings: own,
    leafCount: 1, pendingLeaves: 1, counts: zeroCounts(), overshoots: NO_OVERSHOOTS,
  };
}

// Parents' weights repeat (20, 30, 10 …) and decimal.js objects never change: one per sum.
const sumDecimals = new Map<string, Decimal>();

/** new Decimal(text) for a sum's plain text, shared. */
function decimalOfSum(text: string): Decimal {
  let d = sumDecimals.get(text);
  if (d === undefined) {
    d = new Decimal(text);
    if (sumDecimals.size > 20000) sumDecimals.clear();
    sumDecimals.set(text, d);
  }
  return d;
}

export function sumParent(s: ScoreScale, ind: Indicator, children: readonly Computed[], level: number): Computed {
  const name = nameOf(ind);
  const own: Finding[] = [];
  const stated = readWeight(ind, own, name, false);

  let sumWeight = ZERO;
  // The children's weights summed exactly as sumM × 10^-sumE while they fit (./fixed.ts), in
  // two numbers rather than an Fx per child; sumExact false: sum them in decimal.js.
  let sumM = 0;
  let sumE = 0;
  let sumExact = true;
  let anyWeight = false;
  let allWeights = true;
  let units: number | null = null;
  let leafCount = 0;
  let pendingLeaves = 0;
  const counts = zeroCounts();
  let overshoots: readonly Overshoot[] = NO_OVERSHOOTS;
  let anyFindings = false;
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as Computed;
    if (c.weight !== null) {
      anyWeight = true;
      const w = c.wfx;
      if (w === null) sumExact = false;
      else if (sumExact) {
        // Weights are ≥ 0, so a product or sum past 2^53 stays past it and is caught below.
        if (w.e > sumE) { sumM *= 10 ** (w.e - sumE); sumE = w.e; }
        sumM += w.e === sumE ? w.m : w.m * 10 ** (sumE - w.e);
        if (!Number.isSafeInteger(sumM) || sumE > 22) sumExact = false;
      }
    } else allWeights = false;
    if (c.units !== null) units = (units ?? 0) + c.units;
    leafCount += c.leafCount;
    pendingLeaves += c.pendingLeaves;
    addCounts(counts, c.counts);
    if (c.overshoots.length) overshoots = overshoots.length ? overshoots.concat(c.overshoots) : c.overshoots;
    if (c.findings.length) anyFindings = true;
  }
  const sumFx: Fx | null = sumExact ? fxOf(sumM, sumE) : null;
  let sumText: string | null = null;
  if (sumFx !== null) {
    if (anyWeight) {
      sumText = fxText(sumFx);
      sumWeight = decimalOfSum(sumText);
    }
  } else {
    for (const c of children) if (c.weight !== null) sumWeight = sumWeight.plus(c.weight);
  }
  const weight = stated ?? (anyWeight ? sumWeight : null);
  if (stated !== null && allWeights && !sumWeight.equals(stated)) {
    own.push(finding('weight-sum', 'error', ind.id, 'weight',
      `${name}：下级指标分值合计 ${s.fig(sumWeight)}，与本级分值 ${s.fig(stated)} 不一致`,
      { weight: Number(stated.toFixed()), childrenSum: Number(sumWeight.toFixed()) }));
  }
  const statedScore = finite(ind.statedScore);
  if (statedScore !== null) {
    const sd = new Decimal(statedScore);
    const score = units === null ? null : new Decimal(units).dividedBy(s.scaleDec);
    if (score !== null && !s.round(sd).equals(score)) {
      own.push(finding('stated-subtotal-differs', 'error', ind.id, 'score',
        `${name}：下级得分合计 ${s.fig(score)}，表中小计 ${s.statedFig(sd)}`,
        { computed: s.fromUnits(units as number), stated: statedScore }));
    }
  }
  const score = units === null ? null : s.fromUnits(units);
  const wfx = fxOfWeight(weight, stated === null ? sumFx : null);
  const rate = wfx === null || weight === null ? s.rateOf(units, weight) : s.rateOfFx(units, wfx, weight);
  const weightText = weight === null ? '' : stated === null && sumText !== null ? sumText : weight.toFixed();
  const result = new ScoredNode(
    ind.id, level, false,
    weight === null ? null : Number(weightText), weightText,
    score, s.unitsText(units),
    null, null,
    rate, formatRate(rate),
    'manual', false, 'children',
    null, null,
    parseValue(ind.target), parseValue(ind.actual),
    own.length ? own : NO_FINDINGS, pendingLeaves,
    '',
  );
  let findings: readonly Finding[] = own.length ? own : NO_FINDINGS;
  if (anyFindings) findings = own.concat(...children.map((c) => c.findings as Finding[]));
  return { id: ind.id, level, result, children, weight, wfx, units, findings, leafCount, pendingLeaves, counts, overshoots };
}
