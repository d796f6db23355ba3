import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { evaluate, GRADE_SCALES } from '../../../src/domain/index.ts';
import { analyseWorkbook, buildEvaluations } from '../../../src/io/import-workbook.ts';
import { ANNEX3 } from '../../fixtures/build/annex3-data.ts';
import { SELF_EVAL_2022 } from '../../fixtures/build/selfeval2022-data.ts';
import { findLeaf, fixture, fixtureBytes, importFixture, leaves, withoutIds } from './helpers.ts';

interface Expected { tables: { sheet: string; project: string; total: number; grade: string; levels: { name: string; weight: number; score: number }[]; leaves: number }[] }
const expected = JSON.parse(readFileSync(fixture('shanghai-2019-selfeval.expected.json'), 'utf8')) as Expected;

describe('Shanghai self-evaluation workbook (002, four sheets)', () => {
  const { evaluations, analysis } = importFixture('shanghai-2019-selfeval.xlsx');

  it('finds one table per sheet', () => {
    expect(analysis.tables.map((t) => t.sheet)).toEqual(expected.tables.map((t) => t.sheet));
    expect(evaluations).toHaveLength(4);
  });

  it.each(expected.tables.map((t, i) => [t.sheet, i] as const))('%s: total, grade, level figures and leaf count from the expected JSON', (_sheet, i) => {
    const want = expected.tables[i]!;
    const ev = evaluations[i]!;
    const result = evaluate(ev);
    expect(ev.meta.projectName).toBe(want.project);
    expect(ev.settings.gradeScale.id).toBe('shanghai');
    expect(result.total).toBe(want.total);
    expect(result.grade).toBe(want.grade);
    expect(result.leafCount).toBe(want.leaves);
    expect(result.levels.map((l, k) => ({ name: ev.indicators[k]!.name, weight: l.weight, score: l.score }))).toEqual(want.levels);
    expect(ev.statedTotal).toBe(want.total);
  });

  it('reads the key/value block and the funds figures (weight 0: 预算执行率 is an indicator there)', () => {
    const ev = evaluations[0]!;
    expect(ev.meta.implementer).toBe('上海市党建服务中心');
    expect(ev.meta.type).toBe('自评');
    expect(ev.meta.goalExpected).toMatch(/^上海市党员干部现代远程教育网络体系运维/);
    expect(ev.meta.notes).toContain('主要问题：');
    expect(ev.funds).toEqual({ unit: '元', initialBudget: null, annualBudget: 2055983, executed: 2050000, weight: 0, statedRate: 1, statedScore: null });
    // The seed's slip: 100.00% stated where 2,050,000 / 2,055,983 = 99.71%.
    expect(evaluate(ev).findings.some((f) => f.code === 'stated-rate-differs')).toBe(true);
  });

  it('keeps leaf scores as stated and as the manual score, weights from "投入与管理 (36分)"', () => {
    const ev = evaluations[0]!;
    expect(ev.indicators.map((n) => [n.name, n.weight])).toEqual([['投入与管理', 36], ['产出目标', 34], ['效果目标', 15], ['影响力目标', 15]]);
    const leaf = findLeaf(ev, '绩效目标合理性');
    expect(leaf).toMatchObject({ weight: 8, statedScore: 6, enteredScore: 6, rule: { type: 'manual' } });
    expect(leaf.reason).toMatch(/因此扣2分，该指标得6分/);
  });
});

describe('附件3-style 评分表 built from seed 000 (merged cells, weights in names, 合计)', () => {
  const { evaluations, previews, analysis } = importFixture('annex3-scoring-table.xlsx');
  const ev = evaluations[0]!;

  it('is one table despite the repeated page header, with all 26 leaves', () => {
    expect(analysis.tables).toHaveLength(1);
    expect(leaves(ev).map((l) => l.name)).toEqual(ANNEX3.flatMap((l1) => l1.groups.flatMap((g) => g.leaves.map((l) => l.name))));
  });

  it('gives 91.55 / 优 with the report\'s level figures', () => {
    const result = evaluate(ev);
    expect(result.total).toBe(91.55);
    expect(result.grade).toBe('优');
    expect(result.levels.map((l) => [l.weight, l.score])).toEqual(ANNEX3.map((l) => [l.weight, l.score]));
    expect(ev.indicators.map((n) => n.name)).toEqual(['决策', '过程', '产出', '效益']);
    expect(ev.statedTotal).toBe(91.55);
    expect(result.findings.filter((f) => f.code === 'stated-total-differs')).toEqual([]);
  });

  it('recognises the rule each criteria text states, and reports it per leaf', () => {
    const byName = new Map(leaves(ev).map((l) => [l.name, l.rule?.type ?? 'manual']));
    for (const l1 of ANNEX3) for (const g of l1.groups) for (const leaf of g.leaves) expect([leaf.name, byName.get(leaf.name)]).toEqual([leaf.name, leaf.rule]);
    const report = previews[0]!.rules;
    expect(report.find((r) => r.path.at(-1) === '系统安装调试合格率')).toMatchObject({ ruleType: 'ratio', path: ['产出', '产出质量', '系统安装调试合格率'] });
    expect(findLeaf(ev, '系统安装调试合格率').rule).toEqual({ type: 'ratio', floor: 0.6, rateDecimals: 2 });
    expect(findLeaf(ev, '完成及时性').rule).toEqual({ type: 'step', unit: 'absolute', size: 1, deduction: 1 });
    expect(findLeaf(ev, '项目成本不超预算').rule).toEqual({ type: 'step', unit: 'percent', size: 0.05, deduction: 1 });
  });

  it('pins the stated score where the table gives no target or actual for the rule, and picks the stated level', () => {
    expect(findLeaf(ev, '预算执行率')).toMatchObject({ pinned: true, enteredScore: 1.19, statedScore: 1.19 });
    const levels = findLeaf(ev, '加强部门协作、促进机构协调联动');
    expect(levels.rule).toMatchObject({ type: 'levels', chosen: null });
    const safety = findLeaf(ev, '提高党建工作科学化、信息化水平');
    expect(safety.rule).toMatchObject({ type: 'levels', chosen: '效果明显' });
    expect(safety.pinned).toBeUndefined();
  });

  it('reads the same from the .ods LibreOffice wrote', () => {
    const ods = importFixture('annex3-scoring-table.ods');
    expect(ods.analysis.format).toBe('ods');
    expect(evaluate(ods.evaluations[0]!).total).toBe(91.55);
    expect(leaves(ods.evaluations[0]!).map((l) => [l.name, l.weight, l.statedScore, l.rule?.type])).toEqual(leaves(ev).map((l) => [l.name, l.weight, l.statedScore, l.rule?.type]));
  });

  it('reads the same from the .xls LibreOffice wrote', () => {
    const xls = importFixture('annex3-scoring-table.xls');
    expect(xls.analysis.format).toBe('xls');
    const a = evaluate(xls.evaluations[0]!);
    expect(a.total).toBe(91.55);
    expect(leaves(xls.evaluations[0]!).map((l) => [l.name, l.weight, l.statedScore, l.rule?.type])).toEqual(leaves(ev).map((l) => [l.name, l.weight, l.statedScore, l.rule?.type]));
  });
});

describe('2022 自评表 (title, header block, funds block, goals, targets and actuals)', () => {
  const { evaluations } = importFixture('selfeval-2022.xlsx');
  const ev = evaluations[0]!;
  const d = SELF_EVAL_2022;

  it('reads the header block, the goals and the funds block', () => {
    expect(ev.meta).toMatchObject({ projectName: d.projectName, department: d.department, implementer: d.implementer, year: '2022', type: '自评', goalExpected: d.goalExpected, goalAchieved: d.goalAchieved });
    expect(ev.funds).toEqual({ unit: '万元', initialBudget: 100, annualBudget: 100, executed: 99.31, weight: 10, statedRate: 0.9931, statedScore: 9.93 });
  });

  it('computes the quantitative leaves from target and actual by the ratio rule', () => {
    const result = evaluate(ev);
    for (const l1 of d.levels) for (const g of l1.groups) for (const want of g.leaves) {
      const leaf = findLeaf(ev, want.name);
      expect([want.name, leaf.rule?.type]).toEqual([want.name, want.rule]);
      expect([want.name, result.nodes.get(leaf.id)?.score]).toEqual([want.name, want.computed]);
      expect(leaf.statedScore).toBe(want.stated);
    }
    expect(result.total).toBe(d.computedTotal);
    expect(result.grade).toBe(GRADE_SCALES.mof.bands[0]!.grade);
  });

  it('flags the stated score that the rule does not give, and the stated 总分', () => {
    const codes = evaluate(ev).findings.map((f) => [f.code, f.message]);
    expect(codes).toContainEqual(['stated-score-differs', expect.stringContaining('平均响应时间')]);
    expect(codes).toContainEqual(['stated-total-differs', expect.stringContaining('97.13')]);
  });
});

describe('other layouts', () => {
  it('finds two tables in one sheet and a coded table with subtotals after their children', () => {
    const { evaluations, analysis } = importFixture('multi-table.xlsx');
    expect(analysis.tables.map((t) => [t.sheet, t.name])).toEqual([
      ['两张表', '上海党员干部现代远程教育网络体系建设项目(运维)'],
      ['两张表', '上海市12371党建服务热线系统'],
      ['编号表', '某项目绩效评价评分表'],
    ]);
    expect(evaluations.slice(0, 2).map((e) => evaluate(e).total)).toEqual([98, 99]);
    const coded = evaluations[2]!;
    expect(coded.indicators.map((n) => [n.code, n.name, n.weight, n.statedScore])).toEqual([['A', '决策', 10, 9], ['B', '过程', 10, 9.5]]);
    expect(coded.indicators[0]!.children.map((n) => [n.code, n.name, n.weight, n.statedScore, n.children.length])).toEqual([['A1', '项目立项', 6, 6, 2], ['A2', '绩效目标', 4, 3, 1]]);
    expect(evaluate(coded).total).toBe(18.5);
    expect(coded.statedTotal).toBe(18.5);
  });

  it('reads a UTF-8 CSV and strips the apostrophe that guarded a formula-looking text', () => {
    const { evaluations, analysis } = importFixture('shanghai-selfeval-1.csv');
    expect(analysis.format).toBe('csv');
    const ev = evaluations[0]!;
    expect(evaluate(ev).total).toBe(98);
    expect(findLeaf(ev, '资金使用的合规性').reason).toMatch(/^=经过核对本项目合同/);
  });

  it('reads a GB18030 (GBK) CSV as WPS and old Excel save it: no BOM, CRLF, the same evaluation as the UTF-8 file', () => {
    const bytes = fixtureBytes('shanghai-selfeval-1-gbk.csv');
    // The fixture really is GBK: not UTF-8, no BOM, 项目 as the two GBK byte pairs CF EE C4 BF.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect([...bytes.subarray(0, 4)]).toEqual([0xcf, 0xee, 0xc4, 0xbf]);
    const gbk = importFixture('shanghai-selfeval-1-gbk.csv');
    expect(gbk.analysis.format).toBe('csv');
    const ev = gbk.evaluations[0]!;
    expect(ev.meta.projectName).toBe('上海党员干部现代远程教育网络体系建设项目(运维)');
    expect(ev.meta.implementer).toBe('上海市党建服务中心');
    expect(ev.indicators.map((n) => [n.name, n.weight])).toEqual([['投入与管理', 36], ['产出目标', 34], ['效果目标', 15], ['影响力目标', 15]]);
    expect(findLeaf(ev, '绩效目标合理性').reason).toMatch(/因此扣2分，该指标得6分/);
    expect(evaluate(ev).total).toBe(98);
    const utf8 = importFixture('shanghai-selfeval-1.csv').evaluations[0]!;
    expect(withoutIds(ev)).toEqual(withoutIds(utf8));
  });

  it('reads a UTF-8 CSV with BOM without the BOM reaching the first cell', () => {
    const bytes = fixtureBytes('shanghai-selfeval-1.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const { analysis } = importFixture('shanghai-selfeval-1.csv');
    expect(analysis.sheets[0]!.rows[0]![0]).toBe('项目绩效自评价');
    expect(analysis.tables[0]!.title).toBe('项目绩效自评价');
  });

  it('joins text split over continuation rows to the indicator above', () => {
    const csv = [
      '一级指标,指标名称,指标解释,权重,自评分,备注',
      '产出目标 (6分),访问量提升情况,考察访问量,3,3,增长率=(9014245-7849729)/7849729*100%=14.84%，学习时长增长率=22.5',
      '效果目标 (3分),,,,,7%，因此该指标得满分。',
      ',数字化资源上传数量增长情况,考察上传数量,3,3,增长26.2%，故该指标得满分。',
      '合计,,,6,6,',
    ].join('\n');
    const analysed = analyseWorkbook(new TextEncoder().encode(csv), 'split.csv');
    if (!analysed.ok) throw new Error(analysed.errors[0]?.message);
    const built = buildEvaluations(analysed.value, analysed.value.tables.map((t) => ({ tableId: t.id, columns: t.columns })));
    if (!built.ok) throw new Error(built.errors[0]?.message);
    const ev = built.value.evaluations[0]!;
    expect(ev.indicators.map((n) => [n.name, n.weight, n.children.map((c) => c.name)])).toEqual([
      ['产出目标', 6, ['访问量提升情况']],
      ['效果目标', 3, ['数字化资源上传数量增长情况']],
    ]);
    expect(findLeaf(ev, '访问量提升情况').reason).toBe('增长率=(9014245-7849729)/7849729*100%=14.84%，学习时长增长率=22.57%，因此该指标得满分。');
  });

  it('lets the user change the column mapping before building', () => {
    const analysed = analyseWorkbook(fixtureBytes('shanghai-2019-selfeval.xlsx'), 's.xlsx');
    if (!analysed.ok) throw new Error('unreadable');
    const table = analysed.value.tables[0]!;
    expect(table.columns.map((c) => [c.header, c.field])).toEqual([
      ['一级指标', 'level'], ['指标名称', 'level'], ['指标解释', 'explanation'], ['权重', 'weight'], ['自评分', 'score'], ['备注', 'reason'],
    ]);
    const columns = table.columns.map((c) => (c.header === '备注' ? { ...c, field: 'ignore' as const } : c));
    const built = buildEvaluations(analysed.value, [{ tableId: table.id, columns }]);
    if (!built.ok) throw new Error('not built');
    expect(leaves(built.value.evaluations[0]!).every((l) => l.reason === undefined)).toBe(true);
    expect(built.value.previews[0]).toMatchObject({ levelCount: 2, levelHeaders: ['一级指标', '指标名称'], leafCount: 20, statedTotal: 98 });
  });
});
