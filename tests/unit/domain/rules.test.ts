// Every rule of DOMAIN §4 with the seeds' own figures, clamping, and the rounding modes.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/domain/index.ts';
import { defaultRule, describeRule, RULE_LABELS, RULE_TYPES } from '../../../src/domain/index.ts';
import { score } from './helpers.ts';

const ratio: Rule = { type: 'ratio', floor: null, rateDecimals: 2 };

describe('ratio', () => {
  it('000 预算执行率: 39.96% × 3 = 1.1988 → 1.20 half-up, 1.19 truncate', () => {
    const half = score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%' });
    expect(half.n.rawScore).toBe('1.1988');
    expect(half.n.score).toBe(1.2);
    expect(half.n.explain).toBe('39.96% × 3 = 1.1988 → 1.2');
    expect(score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%' }, 'truncate').n.score).toBe(1.19);
  });
  it('computes the achievement from the amounts 102.13 / 255.6 and rounds it to 0.01 % first', () => {
    const t = score({ weight: 3, rule: ratio, target: '255.6万元', actual: '102.13万元' }, 'truncate');
    expect(t.n.rawScore).toBe('1.1988');
    expect(t.n.score).toBe(1.19);
    const exact = score({ weight: 3, rule: { ...ratio, rateDecimals: null }, target: '255.6万元', actual: '102.13万元' }, 'truncate');
    expect(exact.n.rawScore?.startsWith('1.19870')).toBe(true);
  });
  it('000 使用人员满意度: 76.57% × 7 = 5.3599 → 5.36 half-up, 5.35 truncate', () => {
    expect(score({ weight: 7, rule: ratio, target: '=100%', actual: '76.57%' }).n.score).toBe(5.36);
    expect(score({ weight: 7, rule: ratio, target: '=100%', actual: '76.57%' }, 'truncate').n.score).toBe(5.35);
  });
  it('000 系统安装调试合格率: 100% full, 60–100% rate × weight, < 60% nothing', () => {
    const r60: Rule = { type: 'ratio', floor: 0.6, rateDecimals: 2 };
    expect(score({ weight: 4, rule: r60, target: '=100%', actual: '100%' }).n.score).toBe(4);
    expect(score({ weight: 4, rule: r60, target: '=100%', actual: '60%' }).n.score).toBe(2.4);
    expect(score({ weight: 4, rule: r60, target: '=100%', actual: '85%' }).n.score).toBe(3.4);
    expect(score({ weight: 4, rule: r60, target: '=100%', actual: '59.99%' }).n.score).toBe(0);
  });
  it('uses target / actual for ≤ targets and caps at the weight', () => {
    expect(score({ weight: 5, rule: ratio, target: '≤2秒', actual: '4秒' }).n.score).toBe(2.5);
    expect(score({ weight: 5, rule: ratio, target: '≤2秒', actual: '1.39秒' }).n.score).toBe(5);
    expect(score({ weight: 5, rule: ratio, target: '>=500家', actual: '600家' }).n.score).toBe(5);
  });
  it('different units are a finding and leave the leaf pending, never a conversion', () => {
    const r = score({ weight: 5, rule: ratio, target: '>=500家', actual: '485个' });
    expect(r.n.score).toBeNull();
    expect(r.n.scoreSource).toBe('pending');
    expect(r.codes).toEqual(['unit-mismatch']);
    expect(r.n.findings[0]?.message).toContain('家');
    expect(r.n.findings[0]?.message).toContain('个');
  });
  it('a qualitative or unreadable target for a quantitative rule is unparseable-target', () => {
    expect(score({ weight: 5, rule: ratio, target: '按时完成', actual: '100%' }).codes).toContain('unparseable-target');
    const bad = score({ weight: 5, rule: ratio, target: '>=abc%', actual: '100%' });
    expect(bad.codes).toEqual(['unparseable-target']);
    expect(bad.n.score).toBeNull();
  });
  it('no actual yet: rule-input-missing, pending, not a silent 0', () => {
    const r = score({ weight: 5, rule: ratio, target: '>=90%' });
    expect(r.codes).toEqual(['rule-input-missing']);
    expect(r.n.score).toBeNull();
    expect(r.r.pendingLeaves).toBe(1);
  });
});

describe('binary', () => {
  const rule: Rule = { type: 'binary' };
  it('000 资金到位率: ≥100% 得3分, else 0', () => {
    expect(score({ weight: 3, rule, target: '≥100%', actual: '100%' }).n.score).toBe(3);
    expect(score({ weight: 3, rule, target: '≥100%', actual: '99.5%' }).n.score).toBe(0);
  });
  it('qualitative: equal text is met; otherwise the status decides', () => {
    expect(score({ weight: 2, rule, target: '投入使用', actual: '投入使用' }).n.score).toBe(2);
    expect(score({ weight: 2, rule, target: '投入使用', actual: '尚未投入' }).codes).toContain('rule-input-missing');
    expect(score({ weight: 2, rule, target: '投入使用', actual: '尚未投入', statusOverride: '未完成' }).n.score).toBe(0);
  });
});

describe('step deduction', () => {
  const per10: Rule = { type: 'step', unit: 'percent', size: 0.1, deduction: 1 };
  it('每低于指标值的10%扣1分: full steps only, floor 0', () => {
    expect(score({ weight: 3, rule: per10, target: '>=12套', actual: '12套' }).n.score).toBe(3);
    expect(score({ weight: 3, rule: per10, target: '>=100个', actual: '95个' }).n.score).toBe(3);
    expect(score({ weight: 3, rule: per10, target: '>=100个', actual: '90个' }).n.score).toBe(2);
    expect(score({ weight: 3, rule: per10, target: '>=100个', actual: '79个' }).n.score).toBe(1);
    expect(score({ weight: 3, rule: per10, target: '>=100个', actual: '10个' }).n.score).toBe(0);
  });
  it('每超出5%扣1分 for a cost (≤ target)', () => {
    const rule: Rule = { type: 'step', unit: 'percent', size: 0.05, deduction: 1 };
    expect(score({ weight: 4, rule, target: '≤255.6万元', actual: '102.13万元' }).n.score).toBe(4);
    expect(score({ weight: 4, rule, target: '≤100万元', actual: '111万元' }).n.score).toBe(2);
  });
  it('推迟一个月扣1分 (absolute step)', () => {
    const rule: Rule = { type: 'step', unit: 'absolute', size: 1, deduction: 1 };
    expect(score({ weight: 4, rule, target: '≤0个月', actual: '0个月' }).n.score).toBe(4);
    expect(score({ weight: 4, rule, target: '≤0个月', actual: '3个月' }).n.score).toBe(1);
    expect(score({ weight: 4, rule, target: '≤0个月', actual: '9个月' }).n.score).toBe(0);
  });
  it('a zero step is a rule-error, not a crash or an infinite deduction', () => {
    expect(score({ weight: 4, rule: { type: 'step', unit: 'percent', size: 0, deduction: 1 }, target: '>=10个', actual: '5个' }).codes).toContain('rule-error');
  });
});

describe('per-occurrence deduction', () => {
  const rule: Rule = { type: 'occurrence', deduction: 1 };
  it('target 0起, actual 1起, weight 10 → 9', () => {
    const r = score({ weight: 10, rule, target: '0起', actual: '1起' });
    expect(r.n.score).toBe(9);
    expect(r.n.status).toBe('部分完成');
  });
  it('出现1次信息数据安全故障扣1分，扣完为止', () => {
    expect(score({ weight: 4, rule, target: '=0次', actual: '0次' }).n.score).toBe(4);
    expect(score({ weight: 4, rule, target: '=0次', actual: '6次' }).n.score).toBe(0);
    expect(score({ weight: 4, rule, actual: '2次' }).n.score).toBe(2);
  });
});

describe('deviation deduction', () => {
  const rule: Rule = { type: 'deviation', threshold: 0.95, point: 0.01, shareOfWeight: 0.02 };
  it('(95% − 84.05%) × 100 × 2% × 4 = 0.876 → 0.88; 4 − 0.88 = 3.12', () => {
    const r = score({ weight: 4, rule, target: '>=95%', actual: '84.05%' });
    expect(r.n.score).toBe(3.12);
    expect(r.n.explain).toContain('0.876 → 0.88');
  });
  it('truncates the deduction in truncate mode (0.87 → 3.13) and deducts nothing at or above the threshold', () => {
    expect(score({ weight: 4, rule, target: '>=95%', actual: '84.05%' }, 'truncate').n.score).toBe(3.13);
    expect(score({ weight: 4, rule, target: '>=95%', actual: '95%' }).n.score).toBe(4);
  });
});

describe('bands', () => {
  const rule = defaultRule('bands');
  it('最终满意度≥95% 10分；≥85% 6分；≥75% 3分；≥65% 1分；<65% 0分 (boundaries inclusive)', () => {
    const at = (a: string) => score({ weight: 10, rule, actual: a }).n.score;
    expect([at('96%'), at('95%'), at('94.99%'), at('85%'), at('80%'), at('75%'), at('70%'), at('64.99%')]).toEqual([10, 10, 6, 6, 3, 3, 1, 0]);
  });
  it('exclusive bounds and bands on achievement; a value no band covers is a rule-error', () => {
    const ach: Rule = { type: 'bands', input: 'achievement', bands: [{ min: 1, minInclusive: false, score: 5 }, { min: 0.8, minInclusive: true, score: 3 }] };
    expect(score({ weight: 5, rule: ach, target: '>=100个', actual: '100个' }).n.score).toBe(3);
    expect(score({ weight: 5, rule: ach, target: '>=100个', actual: '101个' }).n.score).toBe(5);
    expect(score({ weight: 5, rule: ach, target: '>=100个', actual: '50个' }).codes).toContain('rule-error');
  });
});

describe('levels', () => {
  const rule: Rule = { type: 'levels', levels: [{ label: '效果明显', score: 8 }, { label: '效果一般', score: 4 }, { label: '不能提高', score: 0 }], chosen: null };
  it('000 效果明显 满分 / 效果一般 4 / 不能提高 0, chosen or matched from the actual', () => {
    expect(score({ weight: 8, rule: { ...rule, chosen: '效果一般' } }).n.score).toBe(4);
    expect(score({ weight: 8, rule, actual: '效果明显' }).n.score).toBe(8);
    expect(score({ weight: 8, rule }).codes).toContain('rule-input-missing');
    expect(score({ weight: 8, rule: { ...rule, chosen: '很好' } }).codes).toContain('rule-error');
  });
});

describe('checklist', () => {
  it('000 绩效目标合理性 ①②③④ 0.5 each, two met → 1', () => {
    const items = ['①', '②', '③', '④'].map((label, i) => ({ label, points: 0.5, met: i < 2 }));
    expect(score({ weight: 2, rule: { type: 'checklist', mode: 'award', items } }).n.score).toBe(1);
  });
  it('000 绩效指标明确性 1+1+1, two met → 2; unjudged points are flagged', () => {
    const items = [{ label: '①', points: 1, met: true }, { label: '②', points: 1, met: false }, { label: '③', points: 1, met: true }];
    expect(score({ weight: 3, rule: { type: 'checklist', mode: 'award', items } }).n.score).toBe(2);
    const partial = score({ weight: 3, rule: { type: 'checklist', mode: 'award', items: [...items.slice(0, 2), { label: '③', points: 1, met: null }] } });
    expect(partial.n.score).toBe(1);
    expect(partial.codes).toContain('rule-input-missing');
  });
  it('每发现一项未制定，扣除0.5分，扣完为止', () => {
    expect(score({ weight: 2, rule: { type: 'checklist', mode: 'deduct', items: [], deduction: 0.5, findings: 3 } }).n.score).toBe(0.5);
    expect(score({ weight: 2, rule: { type: 'checklist', mode: 'deduct', items: [], deduction: 0.5, findings: 9 } }).n.score).toBe(0);
    const items = [{ label: '制度一', points: 0.5, met: false }, { label: '制度二', points: 0.5, met: true }];
    expect(score({ weight: 2, rule: { type: 'checklist', mode: 'deduct', items } }).n.score).toBe(1.5);
  });
});

describe('formula', () => {
  it('A×2 + B×4 with A = (16+3)/20, B = (26+18)/50 → 5.42', () => {
    const rule: Rule = { type: 'formula', expression: 'A×2 + B×4', variables: [{ name: 'A', expression: '(16+3)/20' }, { name: 'B', expression: '(26+18)/50' }], bands: null };
    const r = score({ weight: 6, rule });
    expect(r.n.score).toBe(5.42);
    expect(r.n.explain).toBe('A = 0.95，B = 0.88；A×2 + B×4 = 5.42');
  });
  it('combined rate 88% × 30% + 85.20% × 70% = 86.04%, then banded', () => {
    const rule: Rule = {
      type: 'formula', expression: '职工 × 30% + 群众 × 70%',
      variables: [{ name: '职工', expression: '88%' }, { name: '群众', expression: '85.20%' }],
      bands: defaultRule('bands').type === 'bands' ? (defaultRule('bands') as Extract<Rule, { type: 'bands' }>).bands : null,
    };
    const r = score({ weight: 10, rule });
    expect(r.n.score).toBe(6);
    expect(r.n.explain).toContain('86.04%');
  });
  it('knows the leaf: 实际值 × 分值 (000 使用人员满意度)', () => {
    expect(score({ weight: 7, rule: { type: 'formula', expression: '实际值 × 分值', variables: [] }, actual: '76.57%' }).n.score).toBe(5.36);
  });
  it('a broken formula is a rule-error finding, not a crash', () => {
    const r = score({ weight: 7, rule: { type: 'formula', expression: '(1 + ', variables: [] } });
    expect(r.codes).toEqual(['rule-error']);
    expect(r.n.score).toBeNull();
  });
});

describe('manual, pinned and clamping', () => {
  it('manual: the entered score; none yet → pending with an info finding', () => {
    expect(score({ weight: 5, enteredScore: 4.5 }).n.scoreSource).toBe('entered');
    const p = score({ weight: 5 });
    expect(p.n.score).toBeNull();
    expect(p.n.findings.map((f) => [f.code, f.severity])).toEqual([['rule-input-missing', 'info']]);
  });
  it('a typed score above the weight or below 0 is clamped and flagged', () => {
    const hi = score({ weight: 5, enteredScore: 6 });
    expect(hi.n.score).toBe(5);
    expect(hi.codes).toContain('score-above-weight');
    const lo = score({ weight: 5, enteredScore: -1 });
    expect(lo.n.score).toBe(0);
    expect(lo.codes).toContain('score-negative');
  });
  it('a rule result is clamped to [0, weight]', () => {
    const r = score({ weight: 3, rule: { type: 'checklist', mode: 'award', items: [{ label: '①', points: 2, met: true }, { label: '②', points: 2, met: true }] } });
    expect(r.n.score).toBe(3);
    expect(r.n.rawScore).toBe('3');
    const neg = score({ weight: 2, rule: { type: 'formula', expression: '0 - 5', variables: [] } });
    expect(neg.n.score).toBe(0);
  });
  it('a pin wins and is said; equal to the rule → no pinned-differs', () => {
    const same = score({ weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', pinned: true, enteredScore: 1.2 });
    expect(same.n.scoreSource).toBe('pinned');
    expect(same.codes).not.toContain('pinned-differs');
  });
});

describe('rule catalog', () => {
  it('labels, defaults and descriptions exist for every type', () => {
    for (const t of RULE_TYPES) {
      expect(RULE_LABELS[t]).toMatch(/计分|打分|扣分|得分/);
      const rule = defaultRule(t);
      expect(rule.type).toBe(t);
      expect(describeRule(rule, 10).length).toBeGreaterThan(4);
    }
    expect(describeRule({ type: 'step', unit: 'percent', size: 0.1, deduction: 1 }, 3)).toContain('每低于（越小越好的指标为每超出）指标值的10%扣1分，扣完为止');
  });
});
