import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation, type Finding } from '../../../src/domain/index.ts';
import { bySeverity, needsAttention, severityCounts } from '../../../src/ui/finding-order.ts';
import seed000 from '../../fixtures/seed-000-annex3.json';
import table1 from '../../fixtures/seed-002-table1.json';

describe('findings by severity', () => {
  it('lists 000’s errors first under 截尾 (the 合计 error is not buried under the notes) and counts only errors and warnings', () => {
    const ev = structuredClone(seed000) as unknown as Evaluation;
    const result = evaluate({ ...ev, settings: { ...ev.settings, rounding: 'truncate' } });
    const ordered = bySeverity(result.findings);
    const ranks = ordered.map((f) => ['error', 'warning', 'info'].indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ordered[0]?.severity).toBe('error');
    expect(ordered.some((f) => f.code === 'stated-total-differs')).toBe(true);
  });

  it('keeps the engine’s order within a severity and leaves notes out of the badge', () => {
    const f = (key: string, severity: Finding['severity']): Finding =>
      ({ key, code: 'rule-input-missing', severity, nodeId: null, field: null, message: key, figures: {} });
    const list = [f('i1', 'info'), f('w1', 'warning'), f('i2', 'info'), f('e1', 'error'), f('w2', 'warning')];
    expect(bySeverity(list).map((x) => x.key)).toEqual(['e1', 'w1', 'w2', 'i1', 'i2']);
    expect(severityCounts(list)).toEqual({ error: 1, warning: 2, info: 2 });
    expect(needsAttention(list)).toBe(3);
  });

  it('puts a stated 预算执行率 the figures don’t give (Shanghai: 100.00% vs 99.71%) at warning', () => {
    const result = evaluate(table1 as unknown as Evaluation);
    const rate = result.findings.find((f) => f.code === 'stated-rate-differs');
    expect(rate?.message).toContain('99.71%');
    expect(rate?.severity).toBe('warning');
  });
});
