/**
 * The adjustments layer over the sum (DOMAIN §4 "Adjustments after scoring"): named, visible
 * caps and docks applied in order — a low 预算执行率 caps the total, actuals far above their
 * targets dock points — each reported with its effect, never hidden inside a leaf.
 */
import type { Adjustment } from './model.ts';
import type { AdjustmentResult, Finding } from './result.ts';
import { Decimal, dec } from './decimal.ts';
import { finding } from './finding.ts';
import { formatScore, percentText } from './rounding.ts';
import type { ScoreScale } from './score-scale.ts';
import { finite, type Overshoot } from './node-computed.ts';

export function applyAdjustments(
  engine: ScoreScale, adjustments: Adjustment[], sumUnits: number, fundsRate: Decimal | null, overshoots: readonly Overshoot[], findings: Finding[],
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
