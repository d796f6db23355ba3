// Templates and reuse: what a template keeps and drops, the next-year copy, the Shanghai preset.
import { describe, expect, it } from 'vitest';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { TEMPLATES, allIndicators, asTemplate, evaluate, fromTemplate, nextYear, nextYearCopy, shanghaiSelfEvaluation } from '../../../src/domain/index.ts';
import { loadFixture } from './helpers.ts';

const leaves = (ev: Evaluation): Indicator[] => allIndicators(ev).filter((n) => n.children.length === 0);
const SCORING = ['actual', 'enteredScore', 'pinned', 'reason', 'statusOverride', 'statedScore'] as const;

describe('templates and reuse', () => {
  it('a template keeps structure, weights, criteria, rules and targets; drops every scored field', () => {
    const source = loadFixture('seed-000-annex3.json');
    const t = asTemplate(source);
    expect(t.id).not.toBe(source.id);
    expect(t.meta.projectName).toBe('');
    expect(leaves(t).map((n) => [n.name, n.weight, n.criteria ?? '', n.rule?.type])).toEqual(leaves(source).map((n) => [n.name, n.weight, n.criteria ?? '', n.rule?.type]));
    for (const n of allIndicators(t)) for (const f of SCORING) expect(n[f], `${n.name}.${f}`).toBeUndefined();
    expect(t.statedTotal).toBeUndefined();
    const ids = new Set(allIndicators(source).map((n) => n.id));
    expect(allIndicators(t).some((n) => ids.has(n.id))).toBe(false);
    // Scoring choices inside rules are cleared too (a chosen level, ticked checklist points).
    for (const n of leaves(t)) {
      if (n.rule?.type === 'levels') expect(n.rule.chosen ?? null).toBeNull();
      if (n.rule?.type === 'checklist') expect(n.rule.items.every((i) => i.met === null)).toBe(true);
    }
    expect(evaluate(t).grade).toBe('');
    const used = fromTemplate(t, '2027');
    expect([used.meta.year, used.id === t.id, leaves(used)[0]?.id === leaves(t)[0]?.id]).toEqual(['2027', false, false]);
  });

  it('复制为下一年度: year advanced, targets kept, actuals, scores, pins, reasons, statuses cleared', () => {
    const source: Evaluation = { ...loadFixture('seed-002-table1.json'), selfScores: { source: 'x', entries: [] } };
    const first = leaves(source)[0] as Indicator;
    const withTarget: Evaluation = { ...source, indicators: source.indicators.map((g, i) => i === 0 ? { ...g, children: g.children.map((n, j) => j === 0 ? { ...n, target: '=100%', actual: '100%', statusOverride: '已完成', pinned: true } : n) } : g) };
    const next = nextYearCopy(withTarget);
    expect(next.meta.year).toBe('2020');
    expect(next.meta.projectName).toBe(source.meta.projectName);
    expect(next.meta.goalExpected).toBe(source.meta.goalExpected);
    expect(next.meta.goalAchieved).toBe('');
    expect(next.funds).toMatchObject({ annualBudget: null, executed: null, weight: 0, unit: '元' });
    expect(next.statedTotal).toBeUndefined();
    expect(next.selfScores).toBeUndefined();
    const n0 = leaves(next)[0] as Indicator;
    expect([n0.name, n0.target, n0.actual, n0.enteredScore, n0.pinned, n0.reason, n0.statusOverride]).toEqual([first.name, '=100%', undefined, undefined, undefined, undefined, undefined]);
    expect(evaluate(next).pendingLeaves).toBe(leaves(next).length);
    expect(nextYear('2023年度')).toBe('2024年度');
    expect(nextYear('')).toBe('');
  });

  it('the Shanghai self-evaluation is built in: 36 / 34 / 15 / 15 on the Shanghai scale', () => {
    expect(TEMPLATES.map((t) => t.id)).toContain('shanghai-self');
    const ev = shanghaiSelfEvaluation();
    expect(ev.indicators.map((g) => [g.name, g.weight])).toEqual([['投入与管理', 36], ['产出目标', 34], ['效果目标', 15], ['影响力目标', 15]]);
    const r = evaluate(ev);
    expect(r.maxTotal).toBe(100);
    expect(r.findings.filter((f) => f.code === 'weight-sum' || f.code === 'total-weight')).toEqual([]);
    expect(ev.settings.gradeScale.id).toBe('shanghai');
    expect(ev.meta.type).toBe('自评');
  });
});
