// An adversarial reviewer's cases, rule by rule against DOMAIN.md §3–§7: the boundaries
// (target 0, actual 0, exact steps and thresholds, strict vs inclusive comparators), the slips
// a reviewer wants flagged (§7), and malformed documents that must give errors as values.
// Cases marked "was:" failed before the fix that came with them.
import { describe, expect, it } from 'vitest';
import type { Adjustment, Evaluation, Indicator, Rule } from '../../../src/domain/index.ts';
import { defaultRule, evaluate, GRADE_SCALES, gradeFor, newEvaluation, parseValue, roundDecimal, unitsCompatible } from '../../../src/domain/index.ts';
import { evaluationOf, leaf, score } from './helpers.ts';


const ratio: Rule = { type: 'ratio', floor: null, rateDecimals: 2 };
const binary: Rule = { type: 'binary' };

describe('ratio: zeros and ≤ targets', () => {
  it('a ≥ target of 0 that is reached is 100 %', () => {
    expect(score({ weight: 10, rule: ratio, target: '>=0个', actual: '0个' }).n.score).toBe(10);
  });
  it('≤ target with actual 0 (no delay at all) is full, not a division by zero', () => {
    const r = score({ weight: 5, rule: ratio, target: '≤48小时', actual: '0小时' });
    expect([r.n.score, r.codes]).toEqual([5, []]);
    expect(score({ weight: 5, rule: ratio, target: '<=0次', actual: '0次' }).n.score).toBe(5);
  });
  it('≤ 0 target overrun scores 0 (target / actual = 0)', () => {
    expect(score({ weight: 5, rule: ratio, target: '0起', actual: '2起' }).n.score).toBe(0);
  });
  it('actual 0 against a ≥ target: 0 and 未完成; a negative actual clamps to 0', () => {
    const zero = score({ weight: 5, rule: ratio, target: '>=100个', actual: '0个' });
    expect([zero.n.score, zero.n.status]).toEqual([0, '未完成']);
    const neg = score({ weight: 5, rule: ratio, target: '>=100个', actual: '-5个' });
    expect([neg.n.score, neg.n.status]).toEqual([0, '未完成']);
  });
  it('a target of 0 that is not reached (negative actual) is a rule-error, not a score', () => {
    const r = score({ weight: 5, rule: ratio, target: '>=0个', actual: '-1个' });
    expect(r.n.score).toBeNull();
    expect(r.codes).toContain('rule-error');
  });
});

describe("binary: '>' vs '>=' at the boundary", () => {
  it('= the bound meets ≥ and ≤, fails > and <', () => {
    expect(score({ weight: 3, rule: binary, target: '>=100个', actual: '100个' }).n.score).toBe(3);
    expect(score({ weight: 3, rule: binary, target: '>100个', actual: '100个' }).n.score).toBe(0);
    expect(score({ weight: 3, rule: binary, target: '≤2秒', actual: '2秒' }).n.score).toBe(3);
    expect(score({ weight: 3, rule: binary, target: '<2秒', actual: '2秒' }).n.score).toBe(0);
    expect(score({ weight: 3, rule: binary, target: '95%以上', actual: '95%' }).n.score).toBe(3);
  });
});

describe('step deduction at exact step boundaries', () => {
  const per10: Rule = { type: 'step', unit: 'percent', size: 0.1, deduction: 1 };
  it('a shortfall of exactly one step deducts one step, whatever the binary float of the ratio', () => {
    expect(score({ weight: 10, rule: per10, target: '>=100个', actual: '90个' }).n.score).toBe(9);
    expect(score({ weight: 10, rule: per10, target: '>=30个', actual: '27个' }).n.score).toBe(9);
    expect(score({ weight: 10, rule: per10, target: '>=0.3', actual: '0.27' }).n.score).toBe(9);
    expect(score({ weight: 10, rule: per10, target: '>=95%', actual: '85.5%' }).n.score).toBe(9);
    expect(score({ weight: 10, rule: per10, target: '>=100个', actual: '80.0001个' }).n.score).toBe(9);
    expect(score({ weight: 10, rule: per10, target: '>=100个', actual: '80个' }).n.score).toBe(8);
  });
  it('≤ targets deduct per overrun step (每超出5%扣1分): exactly 5 % over → 1', () => {
    const rule: Rule = { type: 'step', unit: 'percent', size: 0.05, deduction: 1 };
    expect(score({ weight: 4, rule, target: '≤100万元', actual: '105万元' }).n.score).toBe(3);
    expect(score({ weight: 4, rule, target: '≤100万元', actual: '104.99万元' }).n.score).toBe(4);
    expect(score({ weight: 4, rule, target: '≤100万元', actual: '100万元' }).n.score).toBe(4);
  });
  it("'=' targets deduct for a shortfall only: exceeding an '=' count is met", () => {
    expect(score({ weight: 10, rule: per10, target: '=100个', actual: '80个' }).n.score).toBe(8);
    const over = score({ weight: 10, rule: per10, target: '=365天', actual: '400天' });
    expect([over.n.score, over.n.status]).toEqual([10, '已完成']);
  });
  it('absolute steps (推迟一个月扣1分) at the boundary', () => {
    const rule: Rule = { type: 'step', unit: 'absolute', size: 1, deduction: 1 };
    expect(score({ weight: 4, rule, target: '≤0个月', actual: '1个月' }).n.score).toBe(3);
    expect(score({ weight: 4, rule, target: '≤0个月', actual: '0.99个月' }).n.score).toBe(4);
  });
  it('a percent step against a target of 0 is a rule-error, not a division by zero', () => {
    expect(score({ weight: 4, rule: per10, target: '≤0个', actual: '3个' }).codes).toContain('rule-error');
  });
});

describe('per-occurrence deduction', () => {
  const rule: Rule = { type: 'occurrence', deduction: 1 };
  it('a target that allows 2 incidents deducts from the third on', () => {
    expect(score({ weight: 4, rule, target: '≤2次', actual: '2次' }).n.score).toBe(4);
    expect(score({ weight: 4, rule, target: '≤2次', actual: '3次' }).n.score).toBe(3);
    expect(score({ weight: 4, rule, target: '<3次', actual: '3次' }).n.score).toBe(3);
    expect(score({ weight: 4, rule, target: '不超过2次', actual: '5次' }).n.score).toBe(1);
  });
  it('a ≥ target is not an incident count: rule-error', () => {
    expect(score({ weight: 4, rule, target: '>=2次', actual: '3次' }).codes).toContain('rule-error');
  });
  it('a qualitative target (未发生) allows none', () => {
    expect(score({ weight: 4, rule, target: '未发生', actual: '1起' }).n.score).toBe(3);
  });
});

describe('deviation deduction around the threshold', () => {
  const rule: Rule = { type: 'deviation', threshold: 0.95, point: 0.01, shareOfWeight: 0.02 };
  it('exactly at the threshold nothing is deducted; just below, one share per point', () => {
    expect(score({ weight: 4, rule, target: '>=95%', actual: '95%' }).n.score).toBe(4);
    expect(score({ weight: 4, rule, target: '>=95%', actual: '99%' }).n.score).toBe(4);
    expect(score({ weight: 4, rule, target: '>=95%', actual: '94%' }).n.score).toBe(3.92);
    expect(score({ weight: 4, rule, target: '>=95%', actual: '94.99%' }).n.score).toBe(4); // 0.0008 → 0.00
    expect(score({ weight: 4, rule, target: '>=95%', actual: '94.99%' }, 'truncate').n.score).toBe(4);
  });
  it('was: a ≤ percent target deducted for being better (差错率 ≤5%, actual 3% → 3.84) and nothing for going over', () => {
    const le: Rule = { type: 'deviation', threshold: 0.05, point: 0.01, shareOfWeight: 0.02 };
    expect(score({ weight: 4, rule: le, target: '≤5%', actual: '3%' }).n.score).toBe(4);
    const over = score({ weight: 4, rule: le, target: '≤5%', actual: '7%' });
    expect(over.n.score).toBe(3.84);
    expect(over.n.explain).toBe('(7% − 5%) ÷ 1% × 2% × 4 = 0.16 → 0.16；4 − 0.16 = 3.84');
    // A ≥-style threshold on a met ≤ target used to give 0 (95 − 3 = 92 points "below").
    expect(score({ weight: 4, rule, target: '≤5%', actual: '3%' }).n.score).toBe(4);
  });
  it('was: a negative share silently added points; now a rule-error', () => {
    const r = score({ weight: 4, rule: { ...rule, shareOfWeight: -0.02 }, target: '>=95%', actual: '90%' });
    expect([r.n.score, r.codes]).toEqual([null, ['rule-error']]);
  });
  it('a percent actual against a count target is a unit mismatch, pending like every other rule', () => {
    const r = score({ weight: 4, rule, target: '>=100个', actual: '90%' });
    expect([r.n.score, r.codes]).toEqual([null, ['unit-mismatch']]);
  });
});

describe('bands', () => {
  const tbl = (bands: { min: number | null; minInclusive: boolean; score: number }[]): Rule => ({ type: 'bands', input: 'actual', bands });
  it('an exclusive lower bound excludes the bound itself', () => {
    const rule = tbl([{ min: 0.95, minInclusive: false, score: 10 }, { min: 0.85, minInclusive: true, score: 6 }, { min: null, minInclusive: true, score: 0 }]);
    expect(score({ weight: 10, rule, actual: '95%' }).n.score).toBe(6);
    expect(score({ weight: 10, rule, actual: '95.01%' }).n.score).toBe(10);
    expect(score({ weight: 10, rule, actual: '85%' }).n.score).toBe(6);
    expect(score({ weight: 10, rule, actual: '84.99%' }).n.score).toBe(0);
  });
  it('unsorted bands, catch-all listed first, and a shared bound (> before ≥)', () => {
    const rule = tbl([{ min: null, minInclusive: true, score: 0 }, { min: 0.85, minInclusive: true, score: 6 }, { min: 0.95, minInclusive: true, score: 8 }, { min: 0.95, minInclusive: false, score: 10 }]);
    expect(score({ weight: 10, rule, actual: '96%' }).n.score).toBe(10);
    expect(score({ weight: 10, rule, actual: '95%' }).n.score).toBe(8);
    expect(score({ weight: 10, rule, actual: '90%' }).n.score).toBe(6);
    expect(score({ weight: 10, rule, actual: '10%' }).n.score).toBe(0);
  });
  it('was: an actual typed without % ("80") took the top band of a percent table; now a unit mismatch', () => {
    const r = score({ weight: 10, rule: defaultRule('bands'), actual: '80' });
    expect(r.n.score).toBeNull();
    expect(r.codes).toEqual(['unit-mismatch']);
    expect(r.messages[0]).toContain('不是百分数');
    expect(score({ weight: 10, rule: defaultRule('bands'), actual: '0.8' }).n.score).toBeNull();
  });
  it('was: a band whose score was cleared dropped out silently (the value fell to a lower band); now a rule-error', () => {
    const rule = { type: 'bands', input: 'actual', bands: [{ min: 0.95, minInclusive: true, score: null }, { min: null, minInclusive: true, score: 3 }] } as unknown as Rule;
    const r = score({ weight: 10, rule, actual: '96%' });
    expect([r.n.score, r.codes]).toEqual([null, ['rule-error']]);
  });
});

describe('levels', () => {
  const levels: Rule = { type: 'levels', levels: [{ label: '效果明显', score: 8 }, { label: '效果一般', score: 4 }, { label: '不能提高', score: 0 }], chosen: null };
  it('a chosen level wins over the actual text', () => {
    expect(score({ weight: 8, rule: { ...levels, chosen: '效果一般' }, actual: '效果明显' }).n.score).toBe(4);
  });
  it('the actual names a level inside a longer text', () => {
    expect(score({ weight: 8, rule: levels, actual: '项目效果明显，群众认可' }).n.score).toBe(8);
  });
  it('was: "不明显" matched the label 明显 (the first contained label) → full marks', () => {
    const rule: Rule = { type: 'levels', levels: [{ label: '明显', score: 8 }, { label: '不明显', score: 2 }], chosen: null };
    expect(score({ weight: 8, rule, actual: '不明显' }).n.score).toBe(2);
    expect(score({ weight: 8, rule, actual: '效果不明显' }).n.score).toBe(2);
    expect(score({ weight: 8, rule, actual: '明显' }).n.score).toBe(8);
    const satisfied: Rule = { type: 'levels', levels: [{ label: '满意', score: 8 }, { label: '基本满意', score: 5 }, { label: '不满意', score: 0 }], chosen: null };
    expect(score({ weight: 8, rule: satisfied, actual: '基本满意' }).n.score).toBe(5);
    expect(score({ weight: 8, rule: satisfied, actual: '不满意' }).n.score).toBe(0);
  });
  it('unknown text: pending with a finding, never a guess; an unknown chosen level is a rule-error', () => {
    const r = score({ weight: 8, rule: levels, actual: '很好' });
    expect([r.n.score, r.codes]).toEqual([null, ['rule-input-missing']]);
    expect(score({ weight: 8, rule: { ...levels, chosen: '很好' } }).codes).toContain('rule-error');
  });
});

describe('points that disagree with the weight are flagged (DOMAIN §7), the score still clamped', () => {
  it('was: checklist points 1 + 1 under a weight of 1 were clamped silently', () => {
    const rule: Rule = { type: 'checklist', mode: 'award', items: [{ label: '①', points: 1, met: true }, { label: '②', points: 1, met: true }] };
    const r = score({ weight: 1, rule });
    expect(r.n.score).toBe(1);
    expect(r.n.findings.filter((f) => f.code === 'rule-points-mismatch').map((f) => [f.severity, f.message])).toEqual([['warning', `${r.n.findings[0]?.message.split('：')[0]}：各要点分值合计 2，与分值 1 不一致`]]);
  });
  it('checklist points short of the weight can never give full marks: flagged too; equal is fine', () => {
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `${i}`, points: 0.5, met: true }));
    expect(score({ weight: 2, rule: { type: 'checklist', mode: 'award', items: items(3) } }).codes).toContain('rule-points-mismatch');
    expect(score({ weight: 2, rule: { type: 'checklist', mode: 'award', items: items(4) } }).codes).not.toContain('rule-points-mismatch');
  });
  it('a deduct checklist deducts until nothing is left (扣完为止): not a mismatch', () => {
    const rule: Rule = { type: 'checklist', mode: 'deduct', items: [{ label: 'a', points: 1, met: false }, { label: 'b', points: 1, met: false }] };
    const r = score({ weight: 1, rule });
    expect([r.n.score, r.codes]).toEqual([0, []]);
  });
  it('was: bands, levels and a formula’s bands worth more than the weight were clamped silently', () => {
    const bands = score({ weight: 5, rule: defaultRule('bands'), actual: '96%' });
    expect(bands.n.score).toBe(5);
    expect(bands.messages).toContainEqual(expect.stringContaining('分档最高得分 10 超过分值 5'));
    expect(score({ weight: 10, rule: defaultRule('bands'), actual: '96%' }).codes).toEqual([]);
    const levels: Rule = { type: 'levels', levels: [{ label: '好', score: 6 }], chosen: '好' };
    expect(score({ weight: 5, rule: levels }).codes).toEqual(['rule-points-mismatch']);
    const formula: Rule = { type: 'formula', expression: '实际值', variables: [], bands: [{ min: 0.9, minInclusive: true, score: 6 }, { min: null, minInclusive: true, score: 0 }] };
    expect(score({ weight: 5, rule: formula, actual: '95%' }).codes).toEqual(['rule-points-mismatch']);
  });
  it('flagged even while the leaf is pending (the table is wrong whatever the inputs)', () => {
    const r = score({ weight: 5, rule: defaultRule('bands') });
    expect(r.codes).toEqual(['rule-input-missing', 'rule-points-mismatch']);
  });
});

describe('formula', () => {
  it('division by zero and unknown variables are rule-errors, never Infinity or a throw', () => {
    expect(score({ weight: 5, rule: { type: 'formula', expression: '分值 / (实际值 - 1)', variables: [] }, actual: '1' }).codes).toEqual(['rule-error']);
    const unknown = score({ weight: 5, rule: { type: 'formula', expression: '分值 * 系数', variables: [] } });
    expect(unknown.messages[0]).toContain('未定义的变量“系数”');
    expect(score({ weight: 5, rule: { type: 'formula', expression: 'constructor', variables: [] } }).codes).toEqual(['rule-error']);
  });
  it('was: a variable that uses 实际值 before the actual is in was a rule-error; it is a missing input', () => {
    const rule: Rule = { type: 'formula', expression: 'A * 分值', variables: [{ name: 'A', expression: '实际值 / 指标值' }] };
    const r = score({ weight: 5, rule, target: '100' });
    expect([r.n.score, r.codes]).toEqual([null, ['rule-input-missing']]);
    const pinned = score({ weight: 5, rule, target: '100', enteredScore: 4, pinned: true });
    expect(pinned.n.findings.map((f) => f.severity)).toEqual(['info']);
    expect(score({ weight: 5, rule, target: '100', actual: '80' }).n.score).toBe(4);
  });
});

describe('units: a differing unit is a finding, a different spelling of the same unit is not', () => {
  const q = (t: string) => parseValue(t) as Extract<ReturnType<typeof parseValue>, { kind: 'quantity' }>;
  it('was: 平米 vs 平方米 (and 工作日 vs 个工作日) left the leaf pending as a unit mismatch', () => {
    expect(score({ weight: 10, rule: ratio, target: '>=100平方米', actual: '90平米' }).n.score).toBe(9);
    expect(score({ weight: 10, rule: ratio, target: '≤15个工作日', actual: '15工作日' }).n.score).toBe(10);
    expect(unitsCompatible(q('≥12个月'), q('12月'))).toBe(true);
    expect(unitsCompatible(q('≥2场次'), q('3场'))).toBe(true);
  });
  it('was: 90m² / 90㎡ were unreadable text', () => {
    for (const t of ['90m²', '90㎡', '90 m2']) expect(parseValue(t)).toMatchObject({ kind: 'quantity', value: 90, unit: 'm²' });
    expect(score({ weight: 10, rule: ratio, target: '>=100平方米', actual: '90㎡' }).n.score).toBe(9);
  });
  it('calendar days vs working days, 个 vs 家, percent vs a plain fraction stay mismatches (no conversion)', () => {
    expect(score({ weight: 10, rule: ratio, target: '≤15个工作日', actual: '10天' }).codes).toEqual(['unit-mismatch']);
    expect(score({ weight: 10, rule: ratio, target: '>=500家', actual: '485个' }).codes).toEqual(['unit-mismatch']);
    const frac = score({ weight: 10, rule: ratio, target: '≥95%', actual: '0.97' });
    expect([frac.n.score, frac.n.status, frac.codes]).toEqual([null, null, ['unit-mismatch']]);
  });
  it('was: a typeset minus (−5%), "12个月内" and "95%（含）以上" were not read as quantities', () => {
    expect(parseValue('−5%')).toMatchObject({ kind: 'quantity', decimal: '-0.05' });
    expect(parseValue('12个月内')).toMatchObject({ kind: 'quantity', comparator: '<=', value: 12, unit: '个月' });
    expect(parseValue('95%（含）以上')).toMatchObject({ kind: 'quantity', comparator: '>=', decimal: '0.95', percent: true });
  });
  it('was: a number where a string belongs (a spreadsheet cell) read as empty', () => {
    expect(parseValue(95 as unknown as string)).toMatchObject({ kind: 'quantity', value: 95, comparator: '=' });
    expect(parseValue(Number.NaN as unknown as string)).toEqual({ kind: 'empty' });
  });
});

describe('completion status per comparator', () => {
  const st = (target: string, actual: string, statusOverride?: unknown) =>
    score({ weight: 5, enteredScore: 5, target, actual, statusOverride: statusOverride as Indicator['statusOverride'] }).n;
  it('≥ / > / = : met, progress, no progress', () => {
    expect(['100个', '50个', '0个', '-1个'].map((a) => st('>=100个', a).status)).toEqual(['已完成', '部分完成', '未完成', '未完成']);
    expect(['101个', '100个', '0个'].map((a) => st('>100个', a).status)).toEqual(['已完成', '部分完成', '未完成']);
    expect(['3', '4', '2', '0'].map((a) => st('=3', a).status)).toEqual(['已完成', '已完成', '部分完成', '未完成']);
  });
  it('≤ / < : met, or 部分完成 for any other value', () => {
    expect(['2秒', '1.39秒', '0秒', '9秒'].map((a) => st('<=2秒', a).status)).toEqual(['已完成', '已完成', '已完成', '部分完成']);
    expect(['1秒', '2秒'].map((a) => st('<2秒', a).status)).toEqual(['已完成', '部分完成']);
    expect(['0起', '1起'].map((a) => st('0起', a).status)).toEqual(['已完成', '部分完成']);
  });
  it('override wins, is marked as one; an unknown override text is ignored', () => {
    const o = st('>=100个', '100个', '未完成');
    expect([o.status, o.statusSource]).toEqual(['未完成', 'override']);
    const bad = st('>=100个', '100个', '完成了');
    expect([bad.status, bad.statusSource]).toEqual(['已完成', 'computed']);
    const onQualitative = st('按时完成', '延期两周', '部分完成');
    expect([onQualitative.status, onQualitative.statusSource]).toEqual(['部分完成', 'override']);
  });
  it('the override decides a binary rule', () => {
    expect(score({ weight: 3, rule: binary, target: '>=100个', actual: '120个', statusOverride: '部分完成' }).n.score).toBe(0);
  });
});

describe('rounding both modes, negative figures', () => {
  it('half-up is away from zero, truncate toward zero, -0 never shows', () => {
    expect(roundDecimal('-1.005', 2, 'half-up')).toBe('-1.01');
    expect(roundDecimal('-1.005', 2, 'truncate')).toBe('-1.00');
    expect(roundDecimal('-0.004', 2, 'half-up')).toBe('0.00');
    expect(roundDecimal('-0.009', 2, 'truncate')).toBe('0.00');
    expect(roundDecimal(9.915, 2, 'half-up')).toBe('9.92');
  });
  it('a deduction that rounds the other way in each mode (0.876: 0.88 vs 0.87)', () => {
    const rule: Rule = { type: 'deviation', threshold: 0.95, point: 0.01, shareOfWeight: 0.02 };
    expect(score({ weight: 4, rule, target: '>=95%', actual: '84.05%' }).n.score).toBe(3.12);
    expect(score({ weight: 4, rule, target: '>=95%', actual: '84.05%' }, 'truncate').n.score).toBe(3.13);
  });
});

describe('grades', () => {
  it('lower bounds inclusive on both presets', () => {
    expect([90, 89.99, 80, 79.99, 60, 59.99, 0].map((t) => gradeFor(t, GRADE_SCALES.mof))).toEqual(['优', '良', '良', '中', '中', '差', '差']);
    expect([90, 75, 74.99, 60, 59.99].map((t) => gradeFor(t, GRADE_SCALES.shanghai))).toEqual(['优秀', '良好', '合格', '合格', '不合格']);
  });
  it('a custom scale listed in any order; duplicate bounds take the first listed', () => {
    const scale = { id: 'custom' as const, name: '自定义', bands: [{ grade: 'C', min: 0 }, { grade: 'A', min: 85 }, { grade: 'A2', min: 85 }, { grade: 'B', min: 70 }] };
    expect([85, 84.99, 70, 10].map((t) => gradeFor(t, scale))).toEqual(['A', 'B', 'B', 'C']);
  });
  it('was: a corrupt scale (bands not a list) made the whole evaluation fail', () => {
    const ev = evaluationOf([leaf({ weight: 100, enteredScore: 95 })]);
    const r = evaluate({ ...ev, settings: { ...ev.settings, gradeScale: { id: 'custom', name: 'x', bands: 'x' } } } as unknown as Evaluation);
    expect([r.total, r.grade]).toEqual([95, '']);
    expect(gradeFor(95, null as never)).toBe('');
  });
});

describe('stated figures equal after rounding are not slips', () => {
  it('stated 1.2 (or 1.20) against a computed 1.1988 → 1.20 is not flagged', () => {
    expect(score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', statedScore: 1.2 }).codes).toEqual([]);
  });
  it('was: a stated 1.1988 (or a manual 1.199 stated 1.199) gave "计算得分 1.20，表中得分 1.20"', () => {
    expect(score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', statedScore: 1.1988 }).codes).toEqual([]);
    expect(score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', statedScore: 1.1988 }, 'truncate').codes).toEqual([]);
    expect(score({ weight: 3, enteredScore: 1.199, statedScore: 1.199 }).codes).toEqual([]);
  });
  it('a real difference still is, showing the stated figure as the sheet has it', () => {
    const r = score({ id: 'x', name: '预算执行率', weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', statedScore: 1.1988 }, 'truncate');
    expect(r.n.score).toBe(1.19);
    const off = score({ id: 'y', name: '预算执行率', weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', statedScore: 1.1849 });
    expect(off.messages).toEqual(['预算执行率：规则（比例计分）计算得分 1.20，表中得分 1.1849']);
    expect(score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', statedScore: 1.19 }).codes).toEqual(['stated-score-differs']);
  });
  it('was: subtotals and totals stated with more decimals were flagged when equal after rounding', () => {
    const ev = newEvaluation({
      statedTotal: 97.499,
      indicators: [{ id: 'p', name: '产出', weight: 100, statedScore: 97.5001, children: [leaf({ weight: 60, enteredScore: 58.5 }), leaf({ weight: 40, enteredScore: 39 })] }],
    });
    const codes = evaluate(ev).findings.map((f) => f.code);
    expect(codes).not.toContain('stated-subtotal-differs');
    expect(codes).not.toContain('stated-total-differs');
    const off = evaluate({ ...ev, statedTotal: 97.4 }).findings.find((f) => f.code === 'stated-total-differs');
    expect(off?.message).toBe('合计：计算总分 97.50，表中合计 97.40');
  });
  it('a pinned score equal to the computed one after rounding is no pinned-differs', () => {
    expect(score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', enteredScore: 1.2, pinned: true }).codes).toEqual([]);
    expect(score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', enteredScore: 1.199, pinned: true }).codes).toEqual([]);
    expect(score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', enteredScore: 1.19, pinned: true }).codes).toEqual(['pinned-differs']);
  });
});

describe('funds block and adjustments', () => {
  const funds = (executed: number | null, annualBudget: number | null = 100) => ({ unit: '万元', initialBudget: null, annualBudget, executed, weight: 10 });
  const cap: Adjustment = { id: 'cap', kind: 'execution-cap', name: '执行率封顶', enabled: true, caps: [{ below: 0.8, cap: 89 }, { below: 0.5, cap: 59 }] };
  it('90 + funds 10 is a full 100; the funds score is 分值 × min(1, 执行率)', () => {
    const r = evaluate(evaluationOf([leaf({ weight: 90, enteredScore: 90 })], { funds: funds(99.31) }));
    expect([r.maxTotal, r.funds?.score, r.total, r.findings.map((f) => f.code)]).toEqual([100, 9.93, 99.93, []]);
    expect(evaluate(evaluationOf([leaf({ weight: 90, enteredScore: 90 })], { funds: funds(120) })).funds?.score).toBe(10);
  });
  it('was: a negative 全年执行数 gave a negative funds score that lowered the total', () => {
    const r = evaluate(evaluationOf([leaf({ weight: 90, enteredScore: 90 })], { funds: funds(-5) }));
    expect([r.funds?.score, r.total]).toEqual([0, 90]);
    expect(r.findings.map((f) => f.code)).toContain('score-negative');
  });
  it('execution cap: exactly at a bound is not below it; the strictest applying cap wins', () => {
    const at = (executed: number) => evaluate(evaluationOf([leaf({ weight: 90, enteredScore: 90 })], { funds: funds(executed), adjustments: [cap] }));
    expect(at(80).total).toBe(98);
    expect(at(79.99).total).toBe(89);
    expect(at(50).total).toBe(89);
    expect(at(49.99).total).toBe(59);
  });
  it('execution cap without a funds block uses its own rate; was: without either it did nothing without a finding', () => {
    const ev = evaluationOf([leaf({ weight: 100, enteredScore: 95 })], { adjustments: [{ ...cap, rate: 0.75 }] });
    expect(evaluate(ev).total).toBe(89);
    const none = evaluate({ ...ev, adjustments: [cap] });
    expect(none.total).toBe(95);
    expect(none.adjustments[0]?.applied).toBe(false);
    expect(none.findings.filter((f) => f.code === 'rule-input-missing').map((f) => [f.severity, f.key])).toEqual([['warning', 'rule-input-missing:evaluation:cap']]);
    expect(evaluate({ ...ev, adjustments: [{ ...cap, enabled: false }] }).findings).toEqual([]);
  });
  it('overshoot-dock: exactly 30 % over docks, 29.99 % does not; a ≤ target never overshoots', () => {
    const dock: Adjustment = { id: 'dock', kind: 'overshoot-dock', name: '目标值偏低', enabled: true, threshold: 0.3, points: 1 };
    const total = (target: string, actual: string) => evaluate(evaluationOf([leaf({ weight: 100, enteredScore: 100, target, actual })], { adjustments: [dock] })).total;
    expect(total('>=100人次', '130人次')).toBe(99);
    expect(total('>=100人次', '129.99人次')).toBe(100);
    expect(total('>=50%', '65%')).toBe(99);
    expect(total('=10场次', '13场次')).toBe(99);
    expect(total('≤10天', '2天')).toBe(100);
    expect(total('>=0个', '5个')).toBe(100);
  });
});

describe('malformed documents: errors as values, never a throw', () => {
  function chain(depth: number): Indicator {
    let node: Indicator = { id: 'deepest', name: '末级', weight: 100, enteredScore: 50, reason: 'x', children: [] };
    for (let i = depth - 1; i >= 1; i--) node = { id: `d${i}`, name: `第${i}级`, weight: 100, children: [node] };
    return node;
  }
  it('was: 1,000 levels silently dropped everything below level 64; now flagged and pending', () => {
    const r = evaluate(newEvaluation({ indicators: [chain(1000)] }));
    const deep = r.findings.filter((f) => f.code === 'rule-error');
    expect(deep.map((f) => [f.nodeId, f.severity, f.message])).toEqual([['d64', 'error', '第64级：指标层级超过 64 级，其下级指标未计入']]);
    expect(r.nodes.get('d64')?.score).toBeNull();
    expect([r.total, r.pendingLeaves, r.nodes.has('deepest')]).toEqual([0, 1, false]);
    expect(evaluate(newEvaluation({ indicators: [chain(64)] })).total).toBe(50);
    expect(() => evaluate(newEvaluation({ indicators: [chain(100_000)] }))).not.toThrow();
  });
  it('strings where numbers belong, NaN, missing fields, non-list parameters', () => {
    const odd = [
      { id: 'a', name: 'a', weight: '5', enteredScore: '3', children: 'no' },
      { id: 'b', name: 'b', weight: 5, rule: { type: 'levels', levels: 'x' }, actual: '好', children: [] },
      { id: 'c', name: 'c', weight: 5, rule: { type: 'checklist', mode: 'award', items: 'x' }, children: [] },
      { id: 'd', name: 'd', weight: 5, rule: { type: 'bands', input: 'actual', bands: [{ min: 'x', score: 2 }] }, actual: '50%', children: [] },
      { id: 'e', name: 'e', weight: 5, rule: { type: 'formula', expression: 5, variables: 'x' }, children: [] },
      { id: 'f', name: 'f', weight: 5, rule: { type: 'step', unit: 'x', size: '1', deduction: null }, target: '>=1', actual: '0', children: [] },
      { id: 'g', name: 'g', weight: 5, rule: { type: 'checklist', mode: 'deduct', items: [], deduction: -1, findings: 2 }, children: [] },
      { id: 'h', name: 'h', weight: NaN, enteredScore: NaN, target: {}, actual: [], children: [null, 3] },
      {},
    ];
    const r = evaluate({ ...newEvaluation(), indicators: odd, adjustments: 'x', funds: { weight: 'x' }, settings: { decimals: 'x', gradeScale: {} } } as unknown as Evaluation);
    const byNode = (id: string) => r.nodes.get(id)?.findings.map((f) => f.code);
    expect(byNode('a')).toContain('weight-missing');
    for (const id of ['b', 'c', 'd', 'e', 'f', 'g']) expect(byNode(id), id).toContain('rule-error');
    // Each message is Chinese, none a raw JS error text.
    expect(r.findings.every((f) => /[\u4e00-\u9fff]/.test(f.message) && !/is not a function|Invalid argument/.test(f.message))).toBe(true);
    expect(r.total).toBe(0);
  });
});
