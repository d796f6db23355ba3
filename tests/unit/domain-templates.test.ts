import { describe, it, expect } from 'vitest';
import type { Indicator } from '../../src/domain/model.ts';
import { TEMPLATES, blankEvaluation, nationalFramework, selfEvaluation2022 } from '../../src/domain/templates.ts';
import { allIndicators, applyCellEdits } from '../../src/domain/tree-edit.ts';
import { evaluate } from '../../src/domain/index.ts';

/** Checks every parent's weight equals the sum of its children's, recursively. */
function checkSums(list: Indicator[], path: string[] = []): string[] {
  const problems: string[] = [];
  for (const node of list) {
    if (node.children.length > 0) {
      const sum = node.children.reduce((s, c) => s + (c.weight ?? 0), 0);
      if (Math.abs(sum - (node.weight ?? 0)) > 1e-9) problems.push(`${[...path, node.name].join('/')}: ${sum} ≠ ${node.weight}`);
      problems.push(...checkSums(node.children, [...path, node.name]));
    }
  }
  return problems;
}

const leaves = (list: Indicator[]): Indicator[] => list.flatMap((n) => (n.children.length ? leaves(n.children) : [n]));

describe('templates', () => {
  it('national framework: four 一级 of 15/20/35/30 = 100, every subtotal adds up', () => {
    const e = nationalFramework();
    expect(e.indicators.map((n) => [n.name, n.weight])).toEqual([
      ['决策', 15],
      ['过程', 20],
      ['产出', 35],
      ['效益', 30],
    ]);
    expect(checkSums(e.indicators)).toEqual([]);
    expect(e.indicators.reduce((s, n) => s + (n.weight ?? 0), 0)).toBe(100);
  });

  it('national framework: the common leaves carry the rules their criteria state', () => {
    const e = nationalFramework();
    const byName = new Map(leaves(e.indicators).map((n) => [n.name, n]));
    expect(byName.get('资金到位率')?.rule?.type).toBe('binary');
    expect(byName.get('预算执行率')?.rule?.type).toBe('ratio');
    expect(byName.get('绩效目标合理性')?.rule?.type).toBe('checklist');
    expect(byName.get('服务对象满意度')?.rule?.type).toBe('bands');
    for (const name of ['立项依据充分性', '立项程序规范性', '绩效目标合理性', '绩效指标明确性', '预算编制科学性', '资金分配合理性', '资金使用合规性', '管理制度健全性', '制度执行有效性']) {
      const node = byName.get(name);
      expect(node, name).toBeDefined();
      const rule = node!.rule;
      expect(rule?.type, name).toBe('checklist');
      if (rule?.type === 'checklist') {
        // Each checklist's points add up to the leaf's weight, as the criteria text says.
        expect(rule.items.reduce((s, i) => s + i.points, 0), name).toBeCloseTo(node!.weight ?? 0, 9);
        expect(node!.criteria).toContain('①');
      }
    }
    for (const n of leaves(e.indicators)) {
      expect(n.criteria, n.name).toBeTruthy();
      const rule = n.rule;
      if (rule?.type === 'bands') expect(Math.max(...rule.bands.map((b) => b.score))).toBe(n.weight);
      if (rule?.type === 'levels') expect(Math.max(...rule.levels.map((l) => l.score))).toBe(n.weight);
    }
  });

  it('2022 自评表: funds 10 + 90 points of indicators, all with 年度指标值', () => {
    const e = selfEvaluation2022();
    expect(e.meta.type).toBe('自评');
    expect(e.funds?.weight).toBe(10);
    expect(e.indicators.reduce((s, n) => s + (n.weight ?? 0), 0)).toBe(90);
    expect(checkSums(e.indicators)).toEqual([]);
    for (const n of leaves(e.indicators)) expect(n.target, n.name).toBeTruthy();
  });

  it('each create() gives fresh, unique ids', () => {
    for (const t of TEMPLATES) {
      const a = t.create();
      const b = t.create();
      expect(a.id).not.toBe(b.id);
      const ids = allIndicators(a).map((n) => n.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).not.toContain(allIndicators(b)[0]!.id);
    }
    expect(blankEvaluation().indicators).toHaveLength(1);
  });

  it('the engine scores each template with no weight findings, and its rules compute', () => {
    for (const t of TEMPLATES) {
      const result = evaluate(t.create());
      const weightFindings = result.findings.filter((f) => ['weight-sum', 'total-weight', 'weight-missing'].includes(f.code));
      expect(weightFindings, t.id).toEqual([]);
      expect(result.maxTotal, t.id).toBe(100);
    }
    // The template's 预算执行率 rule: 39.96% × 3 = 1.1988 → 1.20 (四舍五入).
    const e = nationalFramework();
    const leaf = allIndicators(e).find((n) => n.name === '预算执行率')!;
    const reached = allIndicators(e).find((n) => n.name === '资金到位率')!;
    const scored = applyCellEdits(e, [
      { nodeId: leaf.id, field: 'actual', value: '39.96%' },
      { nodeId: reached.id, field: 'actual', value: '100%' },
    ]);
    const result = evaluate(scored);
    expect(result.nodes.get(leaf.id)?.score).toBe(1.2);
    expect(result.nodes.get(reached.id)?.score).toBe(3);
    // The 2022 自评表: funds 10 × 99.31% = 9.93 is part of the total.
    const self = selfEvaluation2022();
    const withFunds = { ...self, funds: { ...self.funds!, annualBudget: 100, executed: 99.31 } };
    expect(evaluate(withFunds).funds?.score).toBe(9.93);
  });
});

describe('templates use the domain’s own defaults and are reachable from the index', () => {
  it('settings are defaultSettings() (one 财政部 scale; the Shanghai table its own), ids come from the domain, not crypto', async () => {
    const domain = await import('../../src/domain/index.ts');
    for (const t of TEMPLATES) {
      const want = t.id === 'shanghai-self' ? { ...domain.defaultSettings(), gradeScale: domain.GRADE_SCALES.shanghai } : domain.defaultSettings();
      expect(t.create().settings, t.id).toEqual(want);
    }
    expect(blankEvaluation().settings.gradeScale).toEqual(domain.GRADE_SCALES.mof);
    // A UUID has dashes; newId() is base 36 without them.
    expect(nationalFramework().id).not.toContain('-');
    expect(allIndicators(selfEvaluation2022()).every((n) => !n.id.includes('-'))).toBe(true);
  });
  it('the index exports templates, tree edits and merge as the modules do', async () => {
    const domain = await import('../../src/domain/index.ts');
    const edits = await import('../../src/domain/tree-edit.ts');
    const merge = await import('../../src/domain/merge.ts');
    expect(domain.TEMPLATES).toBe(TEMPLATES);
    expect(domain.nationalFramework).toBe(nationalFramework);
    expect(domain.selfEvaluation2022).toBe(selfEvaluation2022);
    expect(domain.blankEvaluation).toBe(blankEvaluation);
    expect(domain.mergeEvaluations).toBe(merge.mergeEvaluations);
    for (const name of ['pathTo', 'findIndicator', 'allIndicators', 'updateIndicator', 'applyCellEdits', 'setRule', 'unpin', 'blankIndicator',
      'insertSiblingAfter', 'insertSiblingBefore', 'insertChild', 'appendTopLevel', 'deleteIndicators', 'indent', 'outdent',
      'moveUp', 'moveDown', 'appendLeaves', 'withFreshIds'] as const) {
      expect(domain[name], name).toBe(edits[name]);
    }
  });
});
