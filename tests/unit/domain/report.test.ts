// The report's tables from the live result, checked against seed 000's published 表2–表7 and the
// sentence under 绩效目标实现情况; with the pin that gives the published 91.55 (预算执行率 1.19).
import { describe, expect, it } from 'vitest';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import {
  completionTable, deductionSummary, defaultCompletionGroups, evaluate, levelTables, newEvaluation, scoreSummary, scoringTable,
} from '../../../src/domain/index.ts';
import { findLeaf, loadFixture, updateLeaf } from './helpers.ts';

function published(): Evaluation {
  const ev = loadFixture('seed-000-annex3.json');
  return updateLeaf(ev, findLeaf(ev, '预算执行率').id, (n) => ({ ...n, pinned: true, enteredScore: 1.19 }));
}

describe('report tables, seed 000', () => {
  const ev = published();
  const r = evaluate(ev);

  it('表2 绩效评价得分情况表: 一级 分值 / 得分 / 得分率, 合计 and grade', () => {
    const s = scoreSummary(ev, r);
    expect(s.rows.map((x) => [x.name, x.weightText, x.scoreText, x.rateText])).toEqual([
      ['决策', '15', '13', '86.67%'],
      ['过程', '20', '17.19', '85.95%'],
      ['产出', '35', '35', '100%'],
      ['效益', '30', '26.36', '87.87%'],
    ]);
    expect([s.total.name, s.total.weightText, s.total.scoreText, s.total.rateText]).toEqual(['合计', '100', '91.55', '91.55%']);
    expect(s.grade).toBe('优');
  });

  it('表3: counts the 产出 and 效益 leaves by default, 14 with 11 met and 3 partly', () => {
    const ids = defaultCompletionGroups(ev);
    expect(ids.map((id) => ev.indicators.find((n) => n.id === id)?.name)).toEqual(['产出', '效益']);
    const t = completionTable(ev, r);
    expect(t.counts).toEqual({ total: 14, 已完成: 11, 部分完成: 3, 未完成: 0, 未判定: 0 });
    expect(t.sentence).toBe('14 项具体绩效指标有 11 项实现预期目标，3 项指标部分实现预期目标。');
    expect(t.groups.map((g) => [g.name, g.counted])).toEqual([['决策', false], ['过程', false], ['产出', true], ['效益', true]]);
    const row = t.rows.find((x) => x.level3 === '使用人员满意度');
    expect(row).toMatchObject({ level1: '效益', level2: '项目效益', target: '95%', actual: '76.57%', statusText: '部分完成' });
    expect(t.rows.filter((x) => x.status === '部分完成').map((x) => x.level3)).toEqual([
      '“智慧党建”系统安全、有序运行', '加强部门协作、促进机构协调联动', '使用人员满意度',
    ]);
  });

  it('表3 over the groups the user picks', () => {
    const 过程 = ev.indicators[1]!.id;
    const t = completionTable(ev, r, [过程]);
    // 过程 has 6 leaves; only 资金到位率 and 预算执行率 have a target.
    expect(t.counts).toEqual({ total: 6, 已完成: 1, 部分完成: 1, 未完成: 0, 未判定: 4 });
    expect(t.sentence).toBe('6 项具体绩效指标有 1 项实现预期目标，1 项指标部分实现预期目标，4 项指标尚未判定完成情况。');
    expect(completionTable(ev, r, []).sentence).toBe('所选一级指标下没有具体绩效指标。');
  });

  it('表4–表7: each 一级 with its 二级 and 三级 rows', () => {
    const tables = levelTables(ev, r);
    expect(tables.map((t) => t.level1.name)).toEqual(['决策', '过程', '产出', '效益']);
    const 决策 = tables[0]!;
    expect(决策.sentence).toBe('本指标包含项目立项、绩效目标、资金投入 3 个二级指标，指标分值 15 分，评价得分 13 分，得分率 86.67%。');
    expect(决策.rows.map((x) => [x.ordinal + x.name, x.weightText, x.scoreText, x.rateText])).toEqual([
      ['一、项目立项', '5', '5', '100%'],
      ['立项依据充分性', '3', '3', '100%'],
      ['立项程序规范性', '2', '2', '100%'],
      ['二、绩效目标', '5', '3', '60%'],
      ['绩效目标合理性', '2', '1', '50%'],
      ['绩效指标明确性', '3', '2', '66.67%'],
      ['三、资金投入', '5', '5', '100%'],
      ['预算编制科学性', '3', '3', '100%'],
      ['资金分配合理性', '2', '2', '100%'],
    ]);
    const 过程 = tables[1]!;
    expect(过程.rows.filter((x) => x.depth === 2).map((x) => [x.name, x.scoreText, x.rateText])).toEqual([['资金管理', '7.19', '79.89%'], ['组织实施', '10', '90.91%']]);
    expect(过程.rows.find((x) => x.name === '预算执行率')).toMatchObject({ depth: 3, isLeaf: true, scoreText: '1.19', rateText: '39.67%' });
    expect(tables[3]!.rows.find((x) => x.name === '使用人员满意度')).toMatchObject({ scoreText: '5.36', rateText: '76.57%' });
    expect(tables.reduce((n, t) => n + t.rows.filter((x) => x.isLeaf).length, 0)).toBe(26);
  });

  it('扣分汇总: every leaf below full marks, largest loss first, adding up to 100 − 91.55 = 8.45', () => {
    const d = deductionSummary(ev, r);
    expect(d.totalText).toBe('8.45');
    expect(d.total).toBe(8.45);
    expect(d.rows.map((x) => [x.name, x.lostText])).toEqual([
      ['预算执行率', '1.81'], ['使用人员满意度', '1.64'],
      ['绩效目标合理性', '1'], ['绩效指标明确性', '1'], ['绩效自评', '1'], ['“智慧党建”系统安全、有序运行', '1'], ['加强部门协作、促进机构协调联动', '1'],
    ]);
    expect(d.byLevel.map((x) => [x.name, x.lostText])).toEqual([['决策', '2'], ['过程', '2.81'], ['产出', '0'], ['效益', '3.64']]);
    expect(d.rows.every((x) => !x.reasonMissing && x.reason.length > 0)).toBe(true);
    // The per-一级 losses are 一级 weight − 一级 score, as 表2 shows them.
    const s = scoreSummary(ev, r);
    d.byLevel.forEach((x, i) => expect(Math.round((s.rows[i]!.weight! - s.rows[i]!.score!) * 100) / 100).toBe(x.lost));
  });

  it('扣分汇总 says when a reason is missing, and follows a changed cell', () => {
    const id = findLeaf(ev, '绩效自评').id;
    const changed = updateLeaf(ev, id, (n) => ({ ...n, reason: '  ', pinned: true, enteredScore: 0 }));
    const d = deductionSummary(changed, evaluate(changed));
    expect(d.rows[0]).toMatchObject({ name: '绩效自评', lostText: '3', reason: '未填写扣分原因', reasonMissing: true });
    expect(d.totalText).toBe('10.45');
  });

  it('the 评分表 as rows: 26 leaves, 一级 and 二级 merged over their leaves', () => {
    const t = scoringTable(ev, r);
    expect(t.levelColumns).toBe(3);
    expect(t.rows).toHaveLength(26);
    expect(t.groups.filter((g) => g.column === 0).map((g) => [g.node.name, g.first, g.last, g.weightText, g.scoreText])).toEqual([
      ['决策', 0, 5, '15', '13'], ['过程', 6, 11, '20', '17.19'], ['产出', 12, 21, '35', '35'], ['效益', 22, 25, '30', '26.36'],
    ]);
    expect(t.groups.filter((g) => g.column === 1)).toHaveLength(10);
    expect(t.rows[7]).toMatchObject({ levels: ['过程', '资金管理', '预算执行率'], weightText: '3', scoreText: '1.19', rateText: '39.67%', statusText: '部分完成' });
    expect(t.usedColumns).toContain('criteria');
  });
});

describe('report tables, bad input', () => {
  const chain = (depth: number): Indicator => {
    let node: Indicator = { id: `n${depth}`, name: `第${depth}级`, weight: 10, target: '=公式', actual: '@x', reason: '-扣', children: [] };
    for (let d = depth - 1; d >= 1; d--) node = { id: `n${d}`, name: `第${d}级`, weight: 10, children: [node] };
    return node;
  };

  it('no leaves: empty tables, a sentence, no exception', () => {
    const ev = newEvaluation({ id: 'empty', indicators: [] });
    const r = evaluate(ev);
    expect(scoreSummary(ev, r).rows).toEqual([]);
    expect(completionTable(ev, r).sentence).toBe('所选一级指标下没有具体绩效指标。');
    expect(deductionSummary(ev, r).rows).toEqual([]);
    expect(scoringTable(ev, r).rows).toEqual([]);
    expect(levelTables(ev, r)).toEqual([]);
  });

  it('nothing scored: pending leaves are counted, not listed as deductions', () => {
    const ev = newEvaluation({ id: 'p', indicators: [{ id: 'a', name: '产出', weight: 10, children: [{ id: 'b', name: '数量', weight: 10, target: '≥10个', children: [] }] }] });
    const r = evaluate(ev);
    const d = deductionSummary(ev, r);
    expect([d.rows.length, d.pendingLeaves, d.totalText]).toEqual([0, 1, '0']);
    expect(completionTable(ev, r).rows[0]!.statusText).toBe('待判定');
    expect(scoreSummary(ev, r).grade).toBe('');
  });

  it('64 levels deep: the 评分表 keeps 3 level columns and names the deeper levels in the last', () => {
    const ev = newEvaluation({ id: 'deep', indicators: [chain(64)] });
    const r = evaluate(ev);
    const t = scoringTable(ev, r);
    expect(t.levelColumns).toBe(3);
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]!.levels[2]!.split(' / ')).toHaveLength(62);
    expect(t.rows[0]!.target).toBe('=公式');
    expect(levelTables(ev, r)[0]!.rows).toHaveLength(63);
    expect(completionTable(ev, r, ['n1']).rows[0]!.level2.split(' / ')).toHaveLength(62);
  });
});
