/**
 * The funds block (项目资金, DOMAIN §2, §4): 执行率 = 全年执行数 / 全年预算数 rounded half-up to
 * 0.01 %, 得分 = 分值 × min(1, 执行率); a stated 执行率 or 得分 that the figures don't give is a
 * finding (002 states 100.00% where 2,050,000 / 2,055,983 = 99.71%).
 */
import type { FundsBlock } from './model.ts';
import type { Finding, FundsResult } from './result.ts';
import { Decimal, ONE, ZERO, dec, maxDec, minDec } from './decimal.ts';
import { finding } from './finding.ts';
import { formatRate, formatScore } from './rounding.ts';
import type { ScoreScale } from './score-scale.ts';
import { finite } from './node-computed.ts';

export function scoreFunds(s: ScoreScale, funds: FundsBlock): { result: FundsResult; units: number | null; weight: Decimal; rate: Decimal | null; findings: Finding[] } {
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
  if (rate !== null) units = s.unitsOf(s.round(weight.times(minDec(maxDec(rate, ZERO), ONE))));
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
  if (statedScore !== null && units !== null && !s.round(new Decimal(statedScore)).equals(new Decimal(units).dividedBy(s.scaleDec))) {
    findings.push(finding('stated-score-differs', 'warning', null, 'funds',
      `项目资金：计算得分 ${s.fig(s.fromUnits(units))}，表中得分 ${s.statedFig(new Decimal(statedScore))}`, { computed: s.fromUnits(units), stated: statedScore }));
  }
  const rateNum = rate === null ? null : Number(rate.toFixed());
  const score = units === null ? null : s.fromUnits(units);
  return {
    result: { rate: rateNum, rateText: formatRate(rateNum), score, scoreText: formatScore(score, s.decimals), weight: Number(weight.toFixed()) },
    units, weight, rate, findings,
  };
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
