/**
 * The sheet's stated figures that the engine computes otherwise (合计, 小计, a leaf's 得分, the
 * funds 执行率 and 得分), for the import preview: the user sees them before importing, from the
 * same findings the workbench will list afterwards.
 */
import { evaluate, roundDecimal, type Evaluation, type Finding, type FindingCode, type Indicator } from '../domain/index.ts';

export interface StatedDifference {
  code: FindingCode;
  severity: Finding['severity'];
  /** 合计, the indicator's name, 项目资金. */
  what: string;
  /** As the sheet states it and as computed: "92.00" / "91.55", "100.00%" / "99.71%". */
  stated: string;
  computed: string;
  /** "表中合计 92.00，计算得 91.55". */
  text: string;
}

const ORDER: readonly FindingCode[] = ['stated-total-differs', 'stated-subtotal-differs', 'stated-rate-differs', 'stated-score-differs'];

const score = (n: unknown, decimals: number): string => (typeof n === 'number' ? roundDecimal(n, Math.max(2, decimals), 'half-up') : String(n ?? ''));
const percent = (n: unknown): string => (typeof n === 'number' ? `${roundDecimal(n * 100, 2, 'half-up')}%` : String(n ?? ''));

/** Every stated figure that differs, the total first, then subtotals, 执行率 and leaf scores. */
export function statedDifferences(evaluation: Evaluation): StatedDifference[] {
  const names = new Map<string, string>();
  const walk = (n: Indicator) => {
    names.set(n.id, n.name);
    n.children.forEach(walk);
  };
  evaluation.indicators.forEach(walk);
  const decimals = evaluation.settings.decimals;
  const out: StatedDifference[] = [];
  for (const f of evaluate(evaluation).findings) {
    if (!ORDER.includes(f.code)) continue;
    const what = f.code === 'stated-total-differs' ? '合计' : f.nodeId ? names.get(f.nodeId) ?? '' : '项目资金';
    const rate = f.code === 'stated-rate-differs';
    const stated = rate ? percent(f.figures.stated) : score(f.figures.stated, decimals);
    const computed = rate ? percent(f.figures.computed) : score(f.figures.computed, decimals);
    const kind = f.code === 'stated-total-differs' ? '表中合计' : f.code === 'stated-subtotal-differs' ? `${what}：表中小计` : rate ? `${what}：表中预算执行率` : `${what}：表中得分`;
    out.push({ code: f.code, severity: f.severity, what, stated, computed, text: `${kind} ${stated}，计算得 ${computed}` });
  }
  return out.sort((a, b) => ORDER.indexOf(a.code) - ORDER.indexOf(b.code));
}
