// The evaluation as a whole: findings of §7, funds, adjustments, pending, exact numbers, bad
// input, and the caching evaluator's equivalence with a fresh evaluation.
import { describe, expect, it } from 'vitest';
import type { Evaluation, EvaluationResult, FindingCode, Indicator } from '../../../src/domain/index.ts';
import { createEvaluator, evaluate, newEvaluation, newIndicator } from '../../../src/domain/index.ts';
import { evaluationOf, leaf, loadFixture, updateLeaf } from './helpers.ts';

function codes(r: EvaluationResult): FindingCode[] {
  return r.findings.map((f) => f.code);
}

describe('findings', () => {
  it('weight-sum: children 8 under a parent stated 10', () => {
    const ev = newEvaluation({ indicators: [{ id: 'p', name: '决策', weight: 10, children: [leaf({ id: 'a', weight: 5, enteredScore: 5 }), leaf({ id: 'b', weight: 3, enteredScore: 3 })] }] });
    const f = evaluate(ev).findings.find((x) => x.code === 'weight-sum');
    expect(f?.message).toBe('决策：下级指标分值合计 8.00，与本级分值 10.00 不一致');
    expect(f?.nodeId).toBe('p');
    expect(f?.key).toBe('weight-sum:p');
  });
  it('total-weight: ≠ 100, and 90 + funds 10 is fine', () => {
    const ninety = [leaf({ weight: 90, enteredScore: 80 })];
    expect(codes(evaluate(evaluationOf(ninety)))).toContain('total-weight');
    const withFunds = evaluationOf(ninety, { funds: { unit: '万元', initialBudget: 100, annualBudget: 100, executed: 99.31, weight: 10 } });
    const r = evaluate(withFunds);
    expect(codes(r)).not.toContain('total-weight');
    expect(r.maxTotal).toBe(100);
    expect(r.funds?.score).toBe(9.93);
    expect(r.total).toBe(89.93);
    const f = evaluate(evaluationOf([leaf({ weight: 85, enteredScore: 80 })], { funds: withFunds.funds })).findings.find((x) => x.code === 'total-weight');
    expect(f?.message).toBe('总分值为 95.00（指标 85.00 + 项目资金 10.00），应为 100');
  });
  it('stated subtotal and total that differ from the sums', () => {
    const ev = newEvaluation({
      statedTotal: 99,
      indicators: [{ id: 'p', name: '产出', weight: 100, statedScore: 96, children: [leaf({ weight: 60, enteredScore: 58.5 }), leaf({ weight: 40, enteredScore: 39 })] }],
    });
    const r = evaluate(ev);
    expect(r.total).toBe(97.5);
    expect(r.findings.find((x) => x.code === 'stated-subtotal-differs')?.message).toBe('产出：下级得分合计 97.50，表中小计 96.00');
    expect(r.findings.find((x) => x.code === 'stated-total-differs')?.figures).toEqual({ computed: 97.5, stated: 99 });
  });
  it('missing-reason, unparseable-actual, weight-missing, score-above-weight on a stated score', () => {
    const ev = evaluationOf([
      leaf({ id: 'r', name: '满意度', weight: 10, enteredScore: 8, reason: '  ' }),
      leaf({ id: 'u', weight: 10, rule: { type: 'ratio' }, target: '>=90%', actual: '>=abc' }),
      leaf({ id: 'w', weight: null, enteredScore: 2 }),
      leaf({ id: 's', weight: 5, enteredScore: 5, statedScore: 6 }),
    ]);
    const r = evaluate(ev);
    expect(r.findings.find((x) => x.nodeId === 'r')?.message).toBe('满意度：得分 8.00 低于分值 10.00，未填写扣分原因');
    expect(r.nodes.get('u')?.findings.map((f) => f.code)).toContain('unparseable-actual');
    expect(r.nodes.get('w')?.findings.map((f) => f.code)).toContain('weight-missing');
    expect(r.nodes.get('s')?.findings.map((f) => f.code)).toEqual(['score-above-weight', 'stated-score-differs']);
  });
  it('unit-mismatch even on a manual leaf, status left to the evaluator', () => {
    const r = evaluate(evaluationOf([leaf({ id: 'm', weight: 5, enteredScore: 5, target: '>=500家', actual: '485个' })]));
    expect(r.nodes.get('m')?.findings.map((f) => f.code)).toEqual(['unit-mismatch']);
    expect(r.nodes.get('m')?.status).toBeNull();
  });
  it('keys are unique and stable across recomputation', () => {
    const ev = loadFixture('seed-000-annex3.json');
    const a = evaluate(ev).findings.map((f) => f.key);
    expect(new Set(a).size).toBe(a.length);
    expect(evaluate(structuredClone(ev)).findings.map((f) => f.key)).toEqual(a);
  });
});

describe('completion status', () => {
  const st = (target: string, actual: string | undefined, override?: Indicator['statusOverride']) => {
    const r = evaluate(evaluationOf([leaf({ id: 'x', weight: 5, enteredScore: 5, target, actual, statusOverride: override })]));
    const n = r.nodes.get('x');
    return [n?.status, n?.statusSource, r.statusCounts] as const;
  };
  it('quantitative: met / progress / none; ≤ targets are partial whatever the value', () => {
    expect(st('>=500家', '500家')[0]).toBe('已完成');
    expect(st('>=500家', '485家')[0]).toBe('部分完成');
    expect(st('>=500家', '0家')[0]).toBe('未完成');
    expect(st('≤48小时', '50小时')[0]).toBe('部分完成');
    expect(st('=365天', '365天')[0]).toBe('已完成');
  });
  it('qualitative equal → 已完成; otherwise none; no actual → pending; override wins and says so', () => {
    expect(st('按时完成', '按时完成')[0]).toBe('已完成');
    expect(st('按时完成', '延期')[0]).toBeNull();
    const [s, src, counts] = st('>=90%', undefined);
    expect([s, src]).toEqual([null, null]);
    expect(counts).toEqual({ 已完成: 0, 部分完成: 0, 未完成: 0, pending: 1 });
    expect(st('>=90%', '95%', '部分完成').slice(0, 2)).toEqual(['部分完成', 'override']);
  });
});

describe('pending and partial totals', () => {
  it('pending leaves add nothing; a parent of only pending leaves is pending; the count says the total is partial', () => {
    const ev = newEvaluation({ indicators: [
      { id: 'a', name: '决策', weight: 50, children: [leaf({ id: 'a1', weight: 50 })] },
      { id: 'b', name: '产出', weight: 50, children: [leaf({ id: 'b1', weight: 25, enteredScore: 20 }), leaf({ id: 'b2', weight: 25 })] },
    ] });
    const r = evaluate(ev);
    expect(r.nodes.get('a')?.score).toBeNull();
    expect(r.nodes.get('b')?.score).toBe(20);
    expect(r.nodes.get('b')?.pendingLeaves).toBe(1);
    expect(r.total).toBe(20);
    expect(r.pendingLeaves).toBe(2);
  });
});

describe('adjustments', () => {
  const base = (rate: number) => evaluationOf([leaf({ weight: 90, enteredScore: 90 })], {
    funds: { unit: '元', initialBudget: null, annualBudget: 100, executed: rate * 100, weight: 10 },
    adjustments: [{ id: 'cap', kind: 'execution-cap', name: '执行率封顶', enabled: true, caps: [{ below: 0.8, cap: 89 }, { below: 0.5, cap: 59 }] }],
  });
  it('执行率 70–80% → total at most 89; < 50% → at most 59, visibly', () => {
    const r = evaluate(base(0.75));
    expect(r.sum).toBe(97.5);
    expect(r.total).toBe(89);
    expect(r.adjustments[0]).toMatchObject({ id: 'cap', applied: true, effect: 8.5 });
    expect(r.findings.find((f) => f.code === 'adjustment-applied')?.severity).toBe('info');
    expect(evaluate(base(0.4)).total).toBe(59);
    const none = evaluate(base(0.95));
    expect(none.adjustments[0]?.applied).toBe(false);
    expect(codes(none)).not.toContain('adjustment-applied');
    expect(none.grade).toBe('优');
  });
  it('overshoot-dock: a leaf ≥ 30% over its target docks points', () => {
    const ev = evaluationOf([
      leaf({ id: 'o', name: '培训人次', weight: 50, enteredScore: 50, target: '>=100人次', actual: '130人次' }),
      leaf({ id: 'p', name: '场次', weight: 50, enteredScore: 50, target: '>=10场次', actual: '12场次' }),
    ], { adjustments: [{ id: 'dock', kind: 'overshoot-dock', name: '目标值设置偏低', enabled: true, threshold: 0.3, points: 1 }] });
    const r = evaluate(ev);
    expect(r.total).toBe(99);
    expect(r.adjustments[0]?.description).toContain('培训人次 超出 30%');
    expect(r.adjustments[0]?.description).not.toContain('场次 超出');
    const off = evaluate({ ...ev, adjustments: [{ id: 'dock', kind: 'overshoot-dock', name: '目标值设置偏低', enabled: false, threshold: 0.3, points: 1 }] });
    expect(off.total).toBe(100);
  });
});

/** Every number of a result must be exactly the decimal it shows (no 0.30000000000000004). */
function assertExactNumbers(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    const text = String(value);
    expect(/e/i.test(text) || text.replace(/^-?\d+\.?/, '').length <= 10, `${path} = ${text}`).toBe(true);
  } else if (value instanceof Map) {
    for (const [k, v] of value) assertExactNumbers(v, `${path}.${String(k)}`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertExactNumbers(v, `${path}.${k}`);
  }
}

describe('exact numbers and bad input', () => {
  it('sums of rounded scores have no binary-float artefacts', () => {
    const leaves = Array.from({ length: 30 }, (_, i) => leaf({ weight: 1, enteredScore: 0.1 + (i % 3) * 0.01 }));
    const r = evaluate(evaluationOf(leaves));
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(r.total).toBe(3.3);
    assertExactNumbers(r);
    assertExactNumbers(evaluate(loadFixture('seed-000-annex3.json')));
  });
  it('garbage never crashes: NaN, strings in number fields, unknown rules, missing arrays', () => {
    const weird = {
      id: 'w', meta: {}, funds: { weight: -1, annualBudget: 0, executed: 'x' }, settings: { decimals: 99, rounding: 'odd' },
      indicators: [{ id: 'a', name: '', weight: Number.NaN, enteredScore: Infinity, rule: { type: 'magic' }, children: null },
        { id: 'b', name: 'b', weight: 5, rule: { type: 'bands', input: 'actual', bands: null }, actual: '5' }, null],
      adjustments: [{ kind: 'execution-cap', enabled: true, caps: null }, null],
    } as unknown as Evaluation;
    const r = evaluate(weird);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => /[\u4e00-\u9fff]/.test(f.message))).toBe(true);
    expect(evaluate(null as unknown as Evaluation).findings[0]?.code).toBe('rule-error');
  });
});

describe('createEvaluator', () => {
  function tree(levels: number[], makeLeaf: (i: number) => Partial<Indicator>): Indicator[] {
    let n = 0;
    const build = (depth: number): Indicator[] => Array.from({ length: levels[depth] ?? 0 }, () => {
      if (depth === levels.length - 1) { n += 1; return newIndicator({ id: `L${n}`, name: `指标${n}`, reason: '原因', ...makeLeaf(n) }); }
      const children = build(depth + 1);
      return newIndicator({ name: `组${depth}`, weight: null, children });
    });
    return build(0);
  }

  it('gives the same result as a fresh evaluation after a one-leaf change, and reuses untouched nodes', () => {
    const indicators = tree([4, 3, 3, 5], (i) => ({ weight: 100 / 180, rule: { type: 'ratio' }, target: '>=100个', actual: `${80 + (i % 20)}个` }));
    let ev = newEvaluation({ id: 'big', indicators, statedTotal: 50 });
    const evaluator = createEvaluator();
    const first = evaluator.evaluate(ev);
    expect(first).toEqual(evaluate(ev));
    ev = updateLeaf(ev, 'L7', (n) => ({ ...n, actual: '10个' }));
    const second = evaluator.evaluate(ev);
    expect(second).toEqual(evaluate(ev));
    expect(second.nodes.get('L7')?.score).not.toBe(first.nodes.get('L7')?.score);
    // Untouched subtrees hand over the very same result objects.
    expect(second.nodes.get('L100')).toBe(first.nodes.get('L100'));
    expect(second.nodes.get('L7')).not.toBe(first.nodes.get('L7'));
    // A settings change is honoured, not served from the cache.
    const truncated = evaluator.evaluate({ ...ev, settings: { ...ev.settings, rounding: 'truncate' } });
    expect(truncated).toEqual(evaluate({ ...ev, settings: { ...ev.settings, rounding: 'truncate' } }));
  });

  it('a node moved to another depth is recomputed with its new level', () => {
    const l = leaf({ id: 'moved', weight: 100, enteredScore: 90 });
    const evaluator = createEvaluator();
    const a = evaluator.evaluate(newEvaluation({ indicators: [{ id: 'g', name: '组', weight: 100, children: [l] }] }));
    expect(a.nodes.get('moved')?.level).toBe(2);
    const b = evaluator.evaluate(newEvaluation({ indicators: [l] }));
    expect(b.nodes.get('moved')?.level).toBe(1);
    expect(b.nodes.has('g')).toBe(false);
  });
});

describe('pinned ruled leaves with a missing input (an imported 附件3 sheet)', () => {
  const ratio = { type: 'ratio' as const, rateDecimals: 2 };
  const missingOf = (ind: Partial<Indicator>) => {
    const r = evaluate(evaluationOf([leaf({ id: 'x', name: '预算执行率', weight: 5, ...ind })]));
    return { n: r.nodes.get('x'), f: r.nodes.get('x')?.findings.filter((x) => x.code === 'rule-input-missing') ?? [] };
  };
  it('pinned: info, saying the pinned score counts and what is missing', () => {
    const { n, f } = missingOf({ rule: ratio, enteredScore: 3, pinned: true });
    expect(n?.score).toBe(3);
    expect(f.map((x) => [x.severity, x.message])).toEqual([['info', '预算执行率：按已固定得分 3 计；比例计分所需的指标值尚未填写']]);
    const actual = missingOf({ rule: ratio, target: '>=100%', enteredScore: 2.456, pinned: true }).f;
    expect(actual.map((x) => [x.severity, x.message])).toEqual([['info', '预算执行率：按已固定得分 2.46 计；比例计分所需的实际完成值尚未填写']]);
    const checklist = missingOf({ rule: { type: 'checklist', mode: 'award', items: [{ label: '①', points: 5, met: null }] }, enteredScore: 4, pinned: true }).f;
    expect(checklist.map((x) => [x.severity, x.message])).toEqual([['info', '预算执行率：按已固定得分 4 计；各要点尚未判断']]);
    const levels = missingOf({ rule: { type: 'levels', levels: [{ label: '效果明显', score: 5 }], chosen: null }, enteredScore: 5, pinned: true }).f;
    expect(levels.map((x) => [x.severity, x.message])).toEqual([['info', '预算执行率：按已固定得分 5 计；等级尚未选择']]);
  });
  it('unpinned (or pinned without a score): the same findings stay warnings with their own message', () => {
    expect(missingOf({ rule: ratio }).f.map((x) => [x.severity, x.message])).toEqual([['warning', '预算执行率：比例计分需要指标值，尚未填写']]);
    expect(missingOf({ rule: ratio, enteredScore: 3 }).f.map((x) => x.severity)).toEqual(['warning']);
    expect(missingOf({ rule: ratio, pinned: true }).f.map((x) => x.severity)).toEqual(['warning']);
    const checklist = missingOf({ rule: { type: 'checklist', mode: 'award', items: [{ label: '①', points: 5, met: null }] } }).f;
    expect(checklist.map((x) => [x.severity, x.message])).toEqual([['warning', '预算执行率：尚未判断各要点']]);
    const levels = missingOf({ rule: { type: 'levels', levels: [{ label: '效果明显', score: 5 }], chosen: null } }).f;
    expect(levels.map((x) => [x.severity, x.message])).toEqual([['warning', '预算执行率：尚未选择等级（实际完成值也未对应任何等级）']]);
  });
  it('pinned-differs is unchanged: a warning when the rule computes something else', () => {
    const r = evaluate(evaluationOf([leaf({ id: 'x', weight: 3, rule: ratio, target: '≥100%', actual: '39.96%', enteredScore: 3, pinned: true })]));
    expect(r.nodes.get('x')?.findings.map((x) => [x.code, x.severity])).toEqual([['pinned-differs', 'warning']]);
  });
});

describe('grade while nothing is scored', () => {
  it('every leaf pending → grade \'\' (not 差); one score → the scale applies again', () => {
    const ev = evaluationOf([leaf({ id: 'a', weight: 50 }), leaf({ id: 'b', weight: 50, rule: { type: 'ratio' }, target: '>=90%' })]);
    const r = evaluate(ev);
    expect([r.pendingLeaves, r.total, r.totalText, r.grade]).toEqual([2, 0, '0', '']);
    expect(evaluate(updateLeaf(ev, 'a', (n) => ({ ...n, enteredScore: 0 }))).grade).toBe('差');
    expect(evaluate(updateLeaf(ev, 'a', (n) => ({ ...n, enteredScore: 50 }))).grade).toBe('差');
    expect(evaluate(newEvaluation({ indicators: [] })).grade).toBe('');
  });
  it('a scored funds block is a score; an empty one is not', () => {
    const ev = evaluationOf([leaf({ weight: 90 })], { funds: { unit: '万元', initialBudget: null, annualBudget: 100, executed: 99.31, weight: 10 } });
    expect(evaluate(ev).grade).toBe('差');
    expect(evaluate({ ...ev, funds: { ...ev.funds!, executed: null } }).grade).toBe('');
  });
  it('a fresh template has no grade yet', async () => {
    const { TEMPLATES } = await import('../../../src/domain/index.ts');
    for (const t of TEMPLATES) expect(evaluate(t.create()).grade, t.id).toBe('');
  });
});
