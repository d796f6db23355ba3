/**
 * Messy layouts (tests/fixtures/build/build-messy.ts): group names only on their first row and
 * unmerged, codes in their own 编号 column with subtotals after their children, and a workbook
 * whose other sheets are junk.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/domain/index.ts';
import { importFixture, leaves } from './helpers.ts';

describe('一级 on the first row of its group only (blank below, not merged), 二级 merged', () => {
  it('carries the names down to every leaf of the group', () => {
    const ev = importFixture('messy-blank-below.xlsx').evaluations[0]!;
    expect(ev.indicators.map((n) => [n.name, n.children.map((c) => [c.name, c.children.map((l) => l.name)])])).toEqual([
      ['决策', [['项目立项', ['立项依据充分性', '立项程序规范性']], ['绩效目标', ['绩效目标合理性']]]],
      ['过程', [['资金管理', ['资金到位率', '预算执行率']], ['组织实施', ['管理制度健全性']]]],
      ['产出', [['产出数量', ['培训人次']]]],
    ]);
    expect(evaluate(ev).levels.map((l) => [l.weight, l.score])).toEqual([[10, 9], [15, 14], [5, 5]]);
    expect(ev.statedTotal).toBe(28);
  });
});

describe('codes in their own 编号 column, subtotal rows after their children', () => {
  const ev = importFixture('messy-coded.xlsx').evaluations[0]!;

  it('builds the tree from the codes, the subtotal rows give the groups their stated figures', () => {
    expect(ev.indicators.map((n) => [n.code, n.name, n.weight, n.statedScore])).toEqual([['A', '决策', 10, 9], ['B', '过程', 10, 9]]);
    expect(ev.indicators[0]!.children.map((n) => [n.code, n.weight, n.statedScore, n.children.map((c) => c.name)])).toEqual([
      ['A1', 6, 5, ['立项依据充分性', '立项程序规范性']], ['A2', 4, 4, ['绩效目标合理性']],
    ]);
    expect(leaves(ev).map((l) => l.code)).toEqual(['A11', 'A12', 'A21', 'B11', 'B12']);
    expect(evaluate(ev).total).toBe(18);
  });

  it('a subtotal row named 小计 states A2 without renaming it 小计', () => {
    expect(ev.indicators[0]!.children[1]!.name).toBe('A2');
  });

  it('a stated subtotal that is not the sum of its children is a finding', () => {
    expect(evaluate(ev).findings.filter((f) => f.code === 'stated-subtotal-differs').map((f) => f.message)).toEqual(['资金管理：下级得分合计 9.00，表中小计 9.50']);
  });
});

describe('one valid table among junk sheets', () => {
  const { analysis, evaluations, warnings } = importFixture('messy-junk-sheets.xlsx');

  it('imports the valid sheet', () => {
    expect(analysis.tables.map((t) => t.sheet)).toEqual(['评分表']);
    expect(evaluations).toHaveLength(1);
    expect(evaluate(evaluations[0]!).total).toBe(93);
  });

  it('warns, without failing, for a title-only sheet, an empty one, chart data and a header-only template', () => {
    expect(warnings.map((w) => [w.sheet, w.severity, w.message])).toEqual([
      ['说明', 'warning', '文件“messy-junk-sheets.xlsx”工作表“说明”前 30 行内没有指标表的表头（需同时有指标名称和分值或得分两类列），未导入。'],
      ['Sheet2', 'warning', '文件“messy-junk-sheets.xlsx”工作表“Sheet2”是空的，未导入。'],
      ['图表数据', 'warning', '文件“messy-junk-sheets.xlsx”工作表“图表数据”前 30 行内没有指标表的表头（需同时有指标名称和分值或得分两类列），未导入。'],
      ['空白模板', 'warning', '文件“messy-junk-sheets.xlsx”工作表“空白模板”第 2 行有表头，但下面没有指标行（可能是空白模板），已跳过。'],
    ]);
  });
});
