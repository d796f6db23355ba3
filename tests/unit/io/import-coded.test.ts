/**
 * The coded family of issue 9: blocks per 一级 under a section title, the header repeated per
 * block, 三级 rows (A11 …) before their 二级 row (A1项目立项, weight and subtotal only), and a
 * summary block above the first block. Fixtures from tests/fixtures/build/build-coded.ts, each with
 * its figures worked by hand here and in the .expected.json beside it.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluate, type Evaluation, type Indicator } from '../../../src/domain/index.ts';
import { previewTable } from '../../../src/io/import-workbook.ts';
import { fixture, importCsv, importFixture, leaves, withoutIds } from './helpers.ts';

type Group = [code: string, name: string, weight: number, score: number, leaves: string[]];
interface Expected {
  name: string;
  year: string;
  total: number;
  statedTotal: number;
  leaves: number;
  levels: { name: string; weight: number; score: number; stated: number; groups: Group[] }[];
  statedDiffers: string[];
}
const expected = (name: string): Expected => JSON.parse(readFileSync(fixture(name), 'utf8')) as Expected;

/** The tree as [name, weight, computed score, stated score, groups as code/name/weight/score/leaf codes]. */
function shape(ev: Evaluation) {
  const result = evaluate(ev);
  const scoreOf = (n: Indicator) => result.nodes.get(n.id)?.score ?? null;
  return ev.indicators.map((l1) => ({
    name: l1.name,
    weight: l1.weight,
    score: scoreOf(l1),
    stated: l1.statedScore ?? null,
    groups: l1.children.map((g): Group => [g.code ?? '', g.name, g.weight ?? NaN, scoreOf(g) ?? NaN, g.children.map((c) => c.code ?? '')]),
  }));
}

function importOne(name: string) {
  const out = importFixture(name);
  expect(out.evaluations).toHaveLength(1);
  const table = out.analysis.tables[0]!;
  // The preview the dialog shows (with the stated figures that differ), as the worker builds it.
  const preview = previewTable(out.analysis, { tableId: table.id, columns: table.columns }).preview;
  return { ev: out.evaluations[0]!, preview, warnings: out.warnings, analysis: out.analysis };
}

const sum = (...xs: number[]) => Number(xs.reduce((a, b) => a + b, 0).toFixed(2));

describe('coded sections with 二级 rows after their 三级 rows', () => {
  it.each([
    ['coded-sections.xlsx', 'coded-sections.expected.json'],
    ['coded-sections.xls', 'coded-sections.expected.json'],
    ['coded-two-row-header.xlsx', 'coded-two-row-header.expected.json'],
    ['coded-ten-children.xlsx', 'coded-ten-children.expected.json'],
    ['coded-summary-mismatch.xlsx', 'coded-summary-mismatch.expected.json'],
  ])('%s imports to the figures of its expected JSON', (file, json) => {
    const want = expected(json);
    const { ev, preview } = importOne(file);
    const result = evaluate(ev);
    expect(ev.meta.projectName).toBe(want.name);
    expect(ev.meta.year).toBe(want.year);
    expect(result.total).toBe(want.total);
    expect(ev.statedTotal).toBe(want.statedTotal);
    expect(result.leafCount).toBe(want.leaves);
    expect(shape(ev)).toEqual(want.levels);
    expect(preview.levelCount).toBe(3);
    expect(preview.levelHeaders).toEqual(['分节标题', '编号 A1', '编号 A11']);
    expect(preview.statedDiffers.map((d) => d.text)).toEqual(want.statedDiffers);
    // Weights add up at every level: the groups no longer shift by one.
    expect(result.findings.filter((f) => f.code === 'weight-sum' || f.code === 'total-weight')).toEqual([]);
  });

  it('coded-sections: the totals worked by hand, and the rows as the sheet gives them', () => {
    const { ev, warnings } = importOne('coded-sections.xlsx');
    const decision = sum(2, 1.5, 2, 3.5);
    const process = sum(3, 4, 4, 3, 3);
    const output = sum(10, 9, 10, 5, 3);
    const benefit = sum(9, 9, 8);
    expect([decision, process, output, benefit]).toEqual([9, 17, 37, 26]);
    expect(evaluate(ev).total).toBe(sum(decision, process, output, benefit));
    expect(evaluate(ev).total).toBe(89);
    const a12 = leaves(ev).find((l) => l.code === 'A12')!;
    expect(a12).toMatchObject({ name: '立项程序规范性', weight: 2, statedScore: 1.5, enteredScore: 1.5, actual: '程序基本规范，个别审批材料后补', rule: { type: 'manual' } });
    // The section titles are the 一级 with their weights; the summary's 分值 are their stated subtotals.
    expect(ev.indicators.map((n) => [n.name, n.weight, n.statedScore])).toEqual([['项目决策', 10, 9], ['项目过程', 20, 17], ['项目产出', 40, 37], ['项目效益', 30, 26]]);
    expect(leaves(ev).map((l) => l.name)).not.toContain('项目立项');
    expect(evaluate(ev).findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('the .xls (BIFF8) reads exactly as the .xlsx', () => {
    const x = importOne('coded-sections.xlsx').ev;
    const b = importOne('coded-sections.xls').ev;
    expect(withoutIds(b)).toEqual(withoutIds(x));
  });

  it('two header rows per block read as one header, the totals worked by hand', () => {
    const { ev, analysis } = importOne('coded-two-row-header.xlsx');
    expect(analysis.tables[0]!.headerRows).toBe(2);
    expect([sum(5, 4, 9), sum(7, 7, 13), sum(14, 14, 18)]).toEqual([18, 27, 46]);
    expect(evaluate(ev).total).toBe(sum(18, 27, 46));
  });

  it('C110 is C1\'s tenth child, not C11\'s: C11 is a leaf, and C1 closes C11 … C110', () => {
    const { ev } = importOne('coded-ten-children.xlsx');
    const output = ev.indicators[2]!;
    const c1 = output.children[0]!;
    expect(c1.code).toBe('C1');
    expect(c1.children.map((c) => c.code)).toEqual(['C11', 'C12', 'C13', 'C14', 'C15', 'C16', 'C17', 'C18', 'C19', 'C110']);
    expect(c1.children.every((c) => c.children.length === 0)).toBe(true);
    expect(c1.children.at(-1)).toMatchObject({ name: '应急供水预案', weight: 3, statedScore: 1 });
    const c1Score = sum(3, 3, 2.5, 3, 2.5, 3, 2, 2.5, 3, 1);
    expect(c1Score).toBe(25.5);
    expect(evaluate(ev).nodes.get(c1.id)?.score).toBe(c1Score);
    // The 小计 rows state each block's 一级, the 合计 row the total: all agree.
    expect(ev.indicators.map((n) => n.statedScore)).toEqual([13, 22, 33.5, 17]);
    expect(evaluate(ev).total).toBe(sum(13, 22, c1Score + 8, 17));
    expect(evaluate(ev).findings.filter((f) => f.code.startsWith('stated-'))).toEqual([]);
  });

  it('a summary block whose 分值 differ from the rows is a finding, and the preview shows it', () => {
    const { ev, preview } = importOne('coded-summary-mismatch.xlsx');
    const findings = evaluate(ev).findings.filter((f) => f.code === 'stated-subtotal-differs' || f.code === 'stated-total-differs');
    expect(findings.map((f) => `${f.severity} ${f.message}`).sort()).toEqual([
      'error 合计：计算总分 89.00，表中合计 90.00',
      'error 项目过程：下级得分合计 17.00，表中小计 18.00',
    ].sort());
    expect(preview.statedDiffers.map((d) => [d.what, d.stated, d.computed])).toEqual([['合计', '90.00', '89.00'], ['项目过程', '18.00', '17.00']]);
  });
});

describe('coded rows: parentage by position and code prefix (inline sheets)', () => {
  it('four levels, each group row after its children', () => {
    const out = importCsv([
      '指标,分值,得分',
      'A111细项一,2,2',
      'A112细项二,2,1',
      'A11立项依据,4,3',
      'A12立项程序,6,6',
      'A1项目立项,10,9',
      'A决策,10,9',
      'B11资金到位率,10,8',
      'B1资金管理,10,8',
      'B过程,10,8',
      '合计,20,17',
    ], 'four.csv');
    const ev = out.value.evaluations[0]!;
    const a = ev.indicators[0]!;
    expect(ev.indicators.map((n) => n.code)).toEqual(['A', 'B']);
    expect(a.children.map((n) => n.code)).toEqual(['A1']);
    expect(a.children[0]!.children.map((n) => [n.code, n.children.map((c) => c.code)])).toEqual([['A11', ['A111', 'A112']], ['A12', []]]);
    expect(evaluate(ev).total).toBe(2 + 1 + 6 + 8);
    expect(evaluate(ev).findings.filter((f) => f.code.startsWith('stated-'))).toEqual([]);
  });

  it('a group row takes only the rows since the previous group row: A10 after A1 does not take A1\'s children', () => {
    const out = importCsv([
      '项目决策（20分）',
      '二级指标,三级指标,权重,分值',
      ',A11依据,5,5',
      'A1立项,,5,5',
      ',A101目标一,7,6',
      ',A102目标二,8,8',
      'A10目标,,15,14',
      '合计,,20,19',
    ], 'ten.csv');
    const ev = out.value.evaluations[0]!;
    expect(ev.indicators.map((n) => [n.name, n.weight])).toEqual([['项目决策', 20]]);
    expect(ev.indicators[0]!.children.map((n) => [n.code, n.children.map((c) => c.code)])).toEqual([['A1', ['A11']], ['A10', ['A101', 'A102']]]);
    expect(evaluate(ev).total).toBe(19);
  });

  it('a block that prints its 一级 as a coded row too is one 一级, not two', () => {
    const out = importCsv([
      '决策（10分）',
      '二级指标,三级指标,权重,分值',
      ',A11依据,10,9',
      'A1立项,,10,9',
      'A决策,,10,9',
      '过程（10分）',
      '二级指标,三级指标,权重,分值',
      ',B11到位率,10,10',
      'B1资金,,10,10',
    ], 'both.csv');
    const ev = out.value.evaluations[0]!;
    expect(ev.indicators.map((n) => [n.code ?? '', n.name, n.weight, n.statedScore ?? null, n.children.map((c) => c.code)])).toEqual([
      ['A', '决策', 10, 9, ['A1']],
      ['', '过程', 10, null, ['B1']],
    ]);
    expect(evaluate(ev).total).toBe(19);
  });

  it('a 小计 beside the group\'s name states that group; a block without its header repeated is still a section; numbering is not the name', () => {
    const out = importCsv([
      '一、项目决策（10分）',
      '二级指标,三级指标,权重,分值',
      ',A11依据,4,4',
      ',A12程序,6,5',
      'A1项目立项,小计,10,9',
      '（二）项目过程（10分）',
      ',B11到位率,10,10',
      'B1资金管理,小计,10,10',
      '合计,,20,19',
    ], 'beside.csv');
    const ev = out.value.evaluations[0]!;
    expect(ev.indicators.map((n) => [n.name, n.weight, n.children.map((c) => [c.code, c.name, c.statedScore, c.children.map((l) => l.code)])])).toEqual([
      ['项目决策', 10, [['A1', '项目立项', 9, ['A11', 'A12']]]],
      ['项目过程', 10, [['B1', '资金管理', 10, ['B11']]]],
    ]);
    expect(evaluate(ev).total).toBe(19);
    // A 20-point sheet: only the total weight (≠ 100) is an error.
    expect(evaluate(ev).findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(['total-weight']);
  });

  it('section titles without a weight take it from the summary block; a summary weight that disagrees is a warning', () => {
    const out = importCsv([
      '指标,1.决策类,2.过程类,合计分值',
      '权重,40%,60%,100%',
      '分值,36,55,91',
      '决策',
      '二级指标,三级指标,权重,分值',
      ',A11依据,40,36',
      'A1立项,,40,36',
      '过程（50分）',
      '二级指标,三级指标,权重,分值',
      ',B11到位率,60,55',
      'B1资金,,60,55',
    ], 'summary-weights.csv');
    const ev = out.value.evaluations[0]!;
    expect(ev.indicators.map((n) => [n.name, n.weight, n.statedScore])).toEqual([['决策', 40, 36], ['过程', 50, 55]]);
    expect(ev.statedTotal).toBe(91);
    expect(out.warnings.map((w) => w.message)).toEqual(['工作表“Sheet1”第 1 行的汇总表中“2.过程类”的权重 60 与“过程”的分值 50 不一致，已采用后者。']);
    // 过程's title says 50 where its rows weigh 60: the engine's weight finding, not a silent fix.
    expect(evaluate(ev).findings.filter((f) => f.code === 'weight-sum').map((f) => f.message)).toEqual(['过程：下级指标分值合计 60.00，与本级分值 50.00 不一致']);
    expect(evaluate(ev).total).toBe(91);
  });

  it('subtotals before their children still read as before (A决策, A1项目立项, A11 …)', () => {
    const out = importCsv([
      '指标,分值,得分',
      'A决策,10,9',
      'A1项目立项,10,9',
      'A11依据,5,5',
      'A12程序,5,4',
      'B过程,10,10',
      'B1资金,10,10',
      'B11到位率,10,10',
    ], 'before.csv');
    const ev = out.value.evaluations[0]!;
    expect(ev.indicators.map((n) => [n.code, n.children.map((c) => [c.code, c.children.map((l) => l.code)])])).toEqual([
      ['A', [['A1', ['A11', 'A12']]]],
      ['B', [['B1', ['B11']]]],
    ]);
    expect(evaluate(ev).total).toBe(19);
  });
});

describe('summary block figures', () => {
  it('weights as fractions of one (0.3, 0.7) are percents; 得分 and 满分 lines read as score and weight', () => {
    const out = importCsv([
      '一级指标,投入类,产出类,合计',
      '满分,0.3,0.7,1',
      '得分,27,60,87',
      '投入',
      '二级指标,三级指标,权重,分值',
      ',A11到位率,30,27',
      'A1资金,,30,27',
      '产出',
      '二级指标,三级指标,权重,分值',
      ',B11完成率,70,60',
      'B1数量,,70,60',
    ], 'fractions.csv');
    const ev = out.value.evaluations[0]!;
    expect(ev.indicators.map((n) => [n.name, n.weight, n.statedScore])).toEqual([['投入', 30, 27], ['产出', 70, 60]]);
    expect(ev.statedTotal).toBe(87);
    expect(out.warnings).toEqual([]);
    expect(evaluate(ev).findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('coded rows: a group row printed both before and after its children', () => {
  it('the second A1 row states A1\'s figures instead of adding another A1', () => {
    const out = importCsv([
      '指标,分值,得分',
      'A决策,10,',
      'A1项目立项,10,',
      'A11依据,5,5',
      'A12程序,5,3',
      'A1小计,10,9',
    ], 'both-ends.csv');
    const ev = out.value.evaluations[0]!;
    const a1 = ev.indicators[0]!.children;
    expect(a1.map((n) => [n.code, n.name, n.weight, n.statedScore, n.children.map((c) => c.code)])).toEqual([['A1', '项目立项', 10, 9, ['A11', 'A12']]]);
    expect(evaluate(ev).findings.filter((f) => f.code === 'stated-subtotal-differs').map((f) => f.message)).toEqual(['项目立项：下级得分合计 8.00，表中小计 9.00']);
  });
});

describe('npm run check on a coded table (child process)', () => {
  it('prints the total and levels the rows give, and the summary\'s wrong figures as errors', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/check.ts', fixture('coded-summary-mismatch.xlsx'), '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout) as { tables: { total: number; levels: { name: string; weight: number; score: number }[]; leaves: unknown[]; findings: { severity: string; code: string; message: string }[] }[] };
    const want = expected('coded-summary-mismatch.expected.json');
    expect(json.tables).toHaveLength(1);
    const t = json.tables[0]!;
    expect(t.total).toBe(want.total);
    expect(t.levels).toEqual(want.levels.map((l) => ({ name: l.name, weight: l.weight, score: l.score })));
    expect(t.leaves).toHaveLength(want.leaves);
    expect(t.findings.filter((f) => f.severity === 'error').map((f) => f.code).sort()).toEqual(['stated-subtotal-differs', 'stated-total-differs']);
  }, 60_000);
});
