// 000 附件3: the engine reproduces the published table, and flags the one leaf whose published
// score disagrees with each rounding mode (the report truncates 1.1988 but rounds 5.3599 up).
import { describe, expect, it } from 'vitest';
import type { Evaluation, EvaluationResult, RoundingMode } from '../../../src/domain/index.ts';
import { evaluate } from '../../../src/domain/index.ts';
import { findLeaf, loadFixture, updateLeaf } from './helpers.ts';

function withMode(mode: RoundingMode): Evaluation {
  const ev = loadFixture('seed-000-annex3.json');
  return { ...ev, settings: { ...ev.settings, rounding: mode } };
}

function pin(ev: Evaluation, name: string, score: number): Evaluation {
  return updateLeaf(ev, findLeaf(ev, name).id, (n) => ({ ...n, pinned: true, enteredScore: score }));
}

function node(r: EvaluationResult, ev: Evaluation, name: string) {
  const res = r.nodes.get(findLeaf(ev, name).id);
  if (!res) throw new Error(`no result for ${name}`);
  return res;
}

function codesFor(r: EvaluationResult, ev: Evaluation, name: string): string[] {
  const id = findLeaf(ev, name).id;
  return r.findings.filter((f) => f.nodeId === id).map((f) => f.code);
}

// 表4–表7: 二级 subtotals and 得分率 as published.
const SUBTOTALS: [string, number, number, string][] = [
  ['项目立项', 5, 5, '100%'], ['绩效目标', 5, 3, '60%'], ['资金投入', 5, 5, '100%'],
  ['资金管理', 9, 7.19, '79.89%'], ['组织实施', 11, 10, '90.91%'],
  ['产出数量', 12, 12, '100%'], ['产出质量', 12, 12, '100%'], ['产出时效', 7, 7, '100%'], ['产出成本', 4, 4, '100%'],
  ['项目效益', 30, 26.36, '87.87%'],
];
const LEAF_RATES: [string, number, string][] = [
  ['绩效目标合理性', 1, '50%'], ['绩效指标明确性', 2, '66.67%'], ['预算执行率', 1.19, '39.67%'], ['绩效自评', 2, '66.67%'],
  ['“智慧党建”系统安全、有序运行', 7, '87.5%'], ['加强部门协作、促进机构协调联动', 6, '85.71%'], ['使用人员满意度', 5.36, '76.57%'],
];

describe('seed 000 附件3', () => {
  const fixture = loadFixture('seed-000-annex3.json');

  it('has the 26 leaves of the table, with weights 15/20/35/30', () => {
    const r = evaluate(fixture);
    expect(r.leafCount).toBe(26);
    expect(r.levels.map((l) => l.weight)).toEqual([15, 20, 35, 30]);
    expect(r.maxTotal).toBe(100);
    expect(r.findings.filter((f) => f.code === 'weight-sum' || f.code === 'total-weight')).toEqual([]);
  });

  for (const mode of ['half-up', 'truncate'] as const) {
    describe(`rounding ${mode}, with the disagreeing leaf pinned to the published score`, () => {
      const flagged = mode === 'half-up' ? ['预算执行率', 1.19, 1.2] as const : ['使用人员满意度', 5.36, 5.35] as const;
      const ev = pin(withMode(mode), flagged[0], flagged[1]);
      const r = evaluate(ev);

      it('reproduces 13 / 17.19 / 35 / 26.36, total 91.55, grade 优', () => {
        expect(r.levels.map((l) => l.score)).toEqual([13, 17.19, 35, 26.36]);
        expect(r.levels.map((l) => l.rateText)).toEqual(['86.67%', '85.95%', '100%', '87.87%']);
        expect(r.total).toBe(91.55);
        expect(r.totalText).toBe('91.55');
        expect(r.grade).toBe('优');
        expect(r.findings.filter((f) => f.code === 'stated-total-differs' || f.code === 'stated-subtotal-differs')).toEqual([]);
      });

      it('reproduces every 二级 subtotal and 得分率 of 表4–表7', () => {
        for (const [name, weight, score, rate] of SUBTOTALS) {
          const n = node(r, ev, name);
          expect([name, n.weight, n.score, n.rateText]).toEqual([name, weight, score, rate]);
        }
        for (const [name, score, rate] of LEAF_RATES) {
          const n = node(r, ev, name);
          expect([name, n.score, n.rateText]).toEqual([name, score, rate]);
        }
      });

      it('says the leaf is pinned and that its rule computes something else', () => {
        const n = node(r, ev, flagged[0]);
        expect(n.pinned).toBe(true);
        expect(n.scoreSource).toBe('pinned');
        expect(n.computedScore).toBe(flagged[2]);
        const f = r.findings.find((x) => x.code === 'pinned-differs' && x.nodeId === n.id);
        expect(f?.message).toContain(flagged[0]);
        expect(f?.message).toContain(String(flagged[1]));
        expect(codesFor(r, ev, flagged[0])).not.toContain('stated-score-differs');
      });
    });
  }

  it('half-up: flags 预算执行率 (1.20 vs 1.19) and not 使用人员满意度', () => {
    const ev = withMode('half-up');
    const r = evaluate(ev);
    expect(node(r, ev, '预算执行率').score).toBe(1.2);
    expect(node(r, ev, '预算执行率').rawScore).toBe('1.1988');
    const f = r.findings.find((x) => x.code === 'stated-score-differs' && x.nodeId === findLeaf(ev, '预算执行率').id);
    expect(f?.message).toBe('预算执行率：规则（比例计分）计算得分 1.20，表中得分 1.19');
    expect(f?.figures).toEqual({ computed: 1.2, stated: 1.19 });
    expect(codesFor(r, ev, '使用人员满意度')).not.toContain('stated-score-differs');
    expect(node(r, ev, '使用人员满意度').score).toBe(5.36);
    expect(r.total).toBe(91.56);
    expect(r.findings.map((x) => x.code)).toContain('stated-total-differs');
  });

  it('truncate: flags 使用人员满意度 (5.35 vs 5.36) and not 预算执行率', () => {
    const ev = withMode('truncate');
    const r = evaluate(ev);
    expect(node(r, ev, '使用人员满意度').score).toBe(5.35);
    expect(codesFor(r, ev, '使用人员满意度')).toContain('stated-score-differs');
    expect(codesFor(r, ev, '预算执行率')).not.toContain('stated-score-differs');
    expect(node(r, ev, '预算执行率').score).toBe(1.19);
    expect(r.total).toBe(91.54);
  });

  it('flags the two judged scores that are not among the levels the criteria list (7 of 满分/4/0, 6 of 满分/3.5/0)', () => {
    const r = evaluate(fixture);
    expect(codesFor(r, fixture, '“智慧党建”系统安全、有序运行')).toContain('pinned-differs');
    expect(codesFor(r, fixture, '加强部门协作、促进机构协调联动')).toContain('pinned-differs');
  });

  it('counts 表3: of the 14 产出/效益 indicators, 11 已完成 and 3 部分完成', () => {
    const r = evaluate(fixture);
    const under = (rootName: string) => {
      const root = findLeaf(fixture, rootName);
      const ids: string[] = [];
      const walk = (n: typeof root): void => { if (n.children.length === 0) ids.push(n.id); else n.children.forEach(walk); };
      walk(root);
      return ids.map((id) => r.nodes.get(id)?.status);
    };
    const statuses = [...under('产出'), ...under('效益')];
    expect(statuses.length).toBe(14);
    expect(statuses.filter((s) => s === '已完成').length).toBe(11);
    expect(statuses.filter((s) => s === '部分完成').length).toBe(3);
    expect(node(r, fixture, '使用人员满意度').statusSource).toBe('computed');
    expect(node(r, fixture, '加强部门协作、促进机构协调联动').statusSource).toBe('override');
  });

  it('reproduces the judged leaves from their checklists and levels', () => {
    const r = evaluate(fixture);
    expect(node(r, fixture, '绩效目标合理性').scoreSource).toBe('rule');
    expect(node(r, fixture, '绩效目标合理性').explain).toBe('满足 2/4 项：0.5 + 0.5 = 1');
    expect(node(r, fixture, '资金使用合规性').score).toBe(3); // ①1 + ②1 + ③2 = 4, clamped to the weight 3
    expect(node(r, fixture, '提高党建工作科学化、信息化水平').score).toBe(8);
    expect(node(r, fixture, '项目成本不超预算').score).toBe(4);
  });
});
