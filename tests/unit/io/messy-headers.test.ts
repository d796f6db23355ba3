/**
 * Messy headers and printed tables (tests/fixtures/build/build-messy.ts): a header over two rows,
 * and 附件3 as printed over pages with its furniture (附件3, 续表, page footers, blank rows).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/domain/index.ts';
import { ANNEX3, ANNEX3_TITLE } from '../../fixtures/build/annex3-data.ts';
import { findLeaf, importCsv, importFixture, leaves } from './helpers.ts';

describe('a header printed over two rows', () => {
  const { analysis, evaluations } = importFixture('messy-two-row-header.xlsx');

  it('merged 评价指标 over 一级/二级/三级, 指标分值 and 评分标准 merged down, 得分 under a merged 评分', () => {
    const table = analysis.tables.find((t) => t.sheet === '评价指标分组')!;
    expect(table.headerRows).toBe(2);
    expect(table.columns.map((c) => [c.letter, c.field])).toEqual([
      ['A', 'level'], ['B', 'level'], ['C', 'level'], ['D', 'weight'], ['E', 'criteria'], ['F', 'score'], ['G', 'reason'],
    ]);
    const ev = evaluations[0]!;
    expect(ev.meta.projectName).toBe('某区2023年社区养老服务补助项目绩效评价评分表');
    expect(ev.indicators.map((n) => [n.name, n.weight, n.children.map((c) => c.name)])).toEqual([
      ['决策', 10, ['项目立项', '绩效目标']], ['过程', 10, ['资金管理']],
    ]);
    expect(findLeaf(ev, '立项程序规范性')).toMatchObject({ weight: 3, statedScore: 2, reason: '审批材料不全' });
    expect(findLeaf(ev, '资金到位率').rule).toEqual({ type: 'binary' });
    expect(leaves(ev)).toHaveLength(5);
    expect(evaluate(ev).total).toBe(18.5);
    expect(ev.statedTotal).toBe(18.5);
  });

  it('分值 and 得分 under a merged 评分, the level headers merged down; the repeated pair at a page break is skipped', () => {
    const table = analysis.tables.find((t) => t.sheet === '评分分组')!;
    expect(table.columns.map((c) => [c.header, c.field])).toEqual([
      ['一级指标', 'level'], ['二级指标', 'level'], ['三级指标', 'level'], ['分值', 'weight'], ['得分', 'score'], ['评分标准', 'criteria'],
    ]);
    const ev = evaluations[1]!;
    expect(leaves(ev).map((l) => [l.name, l.weight, l.statedScore])).toEqual([['服务老人人次', 6, 6], ['服务合格率', 6, 5], ['老人满意度', 8, 7]]);
    expect(evaluate(ev).total).toBe(18);
    expect(ev.statedTotal).toBe(18);
  });

  it('does not pair a one-row header with the key/value line above it', () => {
    const out = importCsv(['项目名称：,某项目,自评分：,98', '一级指标,指标名称,权重,自评分', '决策 (100分),立项,100,98', '合计,,100,98']);
    expect(out.value.analysis.tables.map((t) => [t.headerRow, t.headerRows, t.meta.projectName])).toEqual([[1, 1, '某项目']]);
  });
});

describe('附件3 printed over pages', () => {
  const { analysis, evaluations } = importFixture('messy-paged-annex3.xlsx');
  const ev = evaluations[0]!;

  it('is one table: 附件3, 续表, page footers, the repeated title and header and blank rows are not indicators', () => {
    expect(analysis.tables).toHaveLength(1);
    expect(analysis.tables[0]!.title).toBe(ANNEX3_TITLE);
    expect(ev.meta.year).toBe('2021');
    expect(leaves(ev).map((l) => l.name)).toEqual(ANNEX3.flatMap((l1) => l1.groups.flatMap((g) => g.leaves.map((l) => l.name))));
    expect(ev.indicators.map((n) => n.name)).toEqual(['决策', '过程', '产出', '效益']);
  });

  it('gives 91.55 / 优 and reads the total spelled 合　计', () => {
    const result = evaluate(ev);
    expect(result.total).toBe(91.55);
    expect(result.grade).toBe('优');
    expect(result.levels.map((l) => [l.weight, l.score])).toEqual(ANNEX3.map((l) => [l.weight, l.score]));
    expect(ev.statedTotal).toBe(91.55);
  });

  it.each(['总计', '总分', '合 计', '合　计'])('reads a total row labelled %s', (label) => {
    const ev = importCsv(['一级指标,指标名称,分值,得分', '决策 (10分),立项,10,9', `${label},,10,9`, '说明：本表由单位填报']).value.evaluations[0]!;
    expect(ev.statedTotal).toBe(9);
    expect(leaves(ev).map((l) => l.name)).toEqual(['立项']);
  });
});

