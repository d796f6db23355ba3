/**
 * Messy figures (tests/fixtures/build/build-messy.ts): weights and scores typed as text or in
 * percent, targets and actuals in every spelling, and 附件1-wide sheets that split a target over
 * 指标性质 | 指标值 | 度量单位.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/domain/index.ts';
import { withSplitParts } from '../../../src/io/build-evaluation.ts';
import { formatText, tableReport } from '../../../src/cli/check-report.ts';
import { findLeaf, importCsv, importFixture, leaves } from './helpers.ts';

describe('weights and scores typed as text', () => {
  const { evaluations, warnings } = importFixture('messy-weights.xlsx');

  it('reads "3分", "3.0", full-width "３", padded " 5 " and "4.5分" as the numbers they are', () => {
    const ev = evaluations[0]!;
    expect(leaves(ev).map((l) => [l.name, l.weight, l.statedScore])).toEqual([
      ['立项依据充分性', 3, 3], ['立项程序规范性', 3, 2.5], ['绩效目标合理性', 4, 3.5], ['资金到位率', 5, 5], ['预算执行率', 5, 4.5],
    ]);
    expect(ev.indicators.map((n) => [n.name, n.weight])).toEqual([['决策', 10], ['过程', 10]]);
    expect(evaluate(ev).total).toBe(18.5);
  });

  it('takes a 权重 in percent (15% or 0.15 shown as 15%) as points of the 100, and says so', () => {
    const ev = evaluations[1]!;
    expect(ev.indicators.map((n) => [n.name, n.weight])).toEqual([['决策', 25], ['产出', 75]]);
    expect(leaves(ev).map((l) => [l.name, l.weight, l.statedScore])).toEqual([['立项规范性', 15, 14], ['目标合理性', 10, 9], ['产出数量', 40, 40], ['产出质量', 35, 30]]);
    const result = evaluate(ev);
    expect([result.total, result.maxTotal, result.grade]).toEqual([93, 100, '优']);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/百分比权重.*按百分比书写（C2、C3、C4 等），已按百分制折算为分值/));
  });

  it('refuses a score in percent with a message naming the cell, rather than reading 85% as 0.85 points', () => {
    expect(() => importCsv(['一级指标,指标名称,分值,得分', '决策 (10分),立项,10,85%'], 'pct.csv')).toThrow('文件“pct.csv”工作表“Sheet1”第 2 行 D 列（得分）的得分“85%”是百分数，不是分数');
  });
});

describe('年度指标值 / 实际完成值 in the spellings of the wild', () => {
  const { evaluations } = importFixture('messy-targets.xlsx');
  const ev = evaluations[0]!;
  const result = evaluate(ev);
  const score = (name: string) => result.nodes.get(findLeaf(ev, name).id)?.score;

  it('keeps each spelling as written, numbers from percent and thousands formats as shown', () => {
    expect(leaves(ev).map((l) => [l.name, l.target, l.actual])).toEqual([
      ['改造户数', '1,200', '1150'], ['改造面积', '≥5000平方米', '5,200平方米'], ['验收合格率', '=100%', '100%'], ['工程优良率', '95%以上', '96.5%'],
      ['审批办结时限', '≤15个工作日', '3周'], ['户均改造成本', '≤3万元', '28000元'], ['安全事故', '0起', '0起'], ['按期完工', '按时完成', '按时完成'],
      ['居民满意度', '≥95%', '90%'],
    ]);
  });

  it('scores them by the 自评 ratio convention: 1150/1,200 × 10 = 9.58, 90%/95% × 10 = 9.47, 95%以上 met by 96.5%', () => {
    expect([score('改造户数'), score('改造面积'), score('验收合格率'), score('工程优良率'), score('居民满意度')]).toEqual([9.58, 10, 10, 10, 9.47]);
    expect(findLeaf(ev, '工程优良率').rule?.type).toBe('ratio');
    // 0起 and 按时完成 state no ratio: the sheet's score stands, the status is still judged.
    expect(findLeaf(ev, '安全事故').rule).toEqual({ type: 'manual' });
    expect(result.nodes.get(findLeaf(ev, '按期完工').id)?.status).toBe('已完成');
  });

  it('an actual in another unit than its target is a unit-mismatch error, never a conversion', () => {
    expect([score('审批办结时限'), score('户均改造成本')]).toEqual([null, null]);
    expect(result.findings.filter((f) => f.code === 'unit-mismatch').map((f) => f.message)).toEqual([
      '审批办结时限：指标值“≤15个工作日”的单位（个工作日）与实际完成值“3周”的单位（周）不一致，未作换算',
      '户均改造成本：指标值“≤3万元”的单位（万元）与实际完成值“28000元”的单位（元）不一致，未作换算',
    ]);
  });

  it('check says 单位不一致 for those leaves, not 待评 (they are not waiting for an actual)', () => {
    const text = formatText('messy-targets.xlsx', [tableReport(ev, ev.meta.projectName)], [], false);
    expect(text).toContain('产出指标 / 时效指标 / 审批办结时限　分值 10　得分 —　表中 10　单位不一致　比例计分');
    expect(text).not.toContain('待评');
  });
});

describe('a 附件1-wide sheet (指标性质, 度量单位, 指标属性, 指标内容, 数据来源)', () => {
  const { analysis, evaluations, warnings } = importFixture('messy-wide.xlsx');
  const ev = evaluations[0]!;

  it('maps the extra columns: 指标内容 is the explanation (not a fourth level), 指标属性 and 数据来源 are not imported', () => {
    const fields = new Map(analysis.tables[0]!.columns.map((c) => [c.header, c.field]));
    expect(Object.fromEntries(fields)).toMatchObject({
      指标性质: 'comparator', 指标值: 'target', 度量单位: 'unit', 指标属性: 'ignore', 指标内容: 'explanation', '评（扣）分标准': 'criteria',
      实际完成值: 'actual', 绩效指标值设定依据及数据来源: 'ignore',
    });
    expect(leaves(ev).map((l) => l.name)).toEqual(['信息数据安全率', '系统全年正常运行时长', '管理存量数据条数', '使用人员满意度', '运行稳定性']);
    expect(findLeaf(ev, '信息数据安全率').explanation).toBe('反映信息系统相关数据安全的保障情况。');
  });

  it('puts a bare 指标值 back together with its 指标性质 and 度量单位 (95 → ≥95%), and says so', () => {
    expect(leaves(ev).map((l) => l.target)).toEqual(['=100%', '≥8760小时', '≥500条', '≥95%', '稳定']);
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringContaining('4 个指标值只写了数字，已按“度量单位”“指标性质”列补全（100 → =100%；8760 → ≥8760小时；500 → ≥500条 等）'));
  });

  it('an empty 评分标准 column states no rules: quantitative leaves get the 自评 ratio, the figures agree', () => {
    const result = evaluate(ev);
    expect(leaves(ev).map((l) => l.rule?.type)).toEqual(['ratio', 'ratio', 'ratio', 'ratio', 'manual']);
    expect(leaves(ev).map((l) => result.nodes.get(l.id)?.score)).toEqual([10, 9.5, 10, 9.47, 10]);
    expect(result.total).toBe(48.97);
    expect(result.findings.filter((f) => f.code === 'unit-mismatch' || f.code === 'stated-score-differs')).toEqual([]);
  });

  it.each([
    ['95', '>=', '%', '≥95%'], ['8,760', '≥', '小时', '≥8,760小时'], ['3', '', '个', '3个'], ['0', '=', '起', '=0起'],
    ['≥95%', '>=', '%', null], ['95', '定量', '', null], ['95', '', '定量指标', null], ['按时', '=', '', null],
  ])('withSplitParts(%s, %s, %s) → %s', (value, comparator, unit, want) => {
    expect(withSplitParts(value, comparator, unit)).toBe(want);
  });
});
