// 自评 beside 评价: a 004-style pair built here (our own figures: 自评 100 against 评价 84.94),
// matched by path of names through the spelling noise real tables carry, compared per leaf and
// per 一级, largest difference first; the evaluator's own figures untouched.
import { describe, expect, it } from 'vitest';
import {
  compareSelfScores, comparableName, evaluate, matchSelfScores, setSelfScore, withSelfScores, withoutSelfScores,
} from '../../../src/domain/index.ts';
import { evaluation, selfTable } from '../../fixtures/build/pair-004.ts';

describe('自评 beside 评价', () => {
  it('names compare without spaces, weights, codes or bracket width', () => {
    expect(comparableName('决策（20分）')).toBe('决策');
    expect(comparableName('A11 立项依据充分性')).toBe('立项依据充分性');
    expect(comparableName('A1项目立项')).toBe('项目立项');
    expect(comparableName('绩效目标 (10分)')).toBe('绩效目标');
    expect(comparableName('（一）产出数量')).toBe('产出数量');
  });

  it('matches by path, then by a unique name, and says why the rest did not match', () => {
    const self = selfTable();
    const m = matchSelfScores(evaluation(), self, evaluate(self));
    const how = Object.fromEntries(m.matched.map((x) => [x.id, x.how]));
    expect(how).toEqual({ d11: 'path', d12: 'path', d21: 'path', d22: 'path', p11: 'path', p12: 'path', o11: 'name', o12: 'name', e11: 'path' });
    expect(m.unmatchedSelf.map((u) => [u.selfPath, u.why])).toEqual([['其他 / 宣传报道', '本评价中没有同名指标']]);
    expect(m.unmatchedOwn).toEqual([]);
    expect(m.matched.find((x) => x.id === 'd11')?.reason).toBe('依据充分');
  });

  it('compares 100 against 84.94, per leaf and per 一级, largest first, with both reasons', () => {
    const ev = evaluation();
    const before = evaluate(ev);
    expect(before.totalText).toBe('84.94');
    const self = selfTable();
    const withSelf = withSelfScores(ev, matchSelfScores(ev, self, evaluate(self)), '自评表.xlsx / Sheet1', [], { total: 100 });
    const after = evaluate(withSelf);
    // The evaluator's own scoring is untouched by a 自评 set, and by its removal.
    expect(after.totalText).toBe('84.94');
    expect(after.findings).toEqual(before.findings);
    expect(evaluate(withoutSelfScores(withSelf)).total).toBe(84.94);
    const c = compareSelfScores(withSelf, after);
    expect([c.selfTotal, c.selfGrade, c.total, c.grade]).toEqual([100, '优', 84.94, '良']);
    expect(c.leaves.slice(0, 4).map((l) => [l.path, l.self, l.score, l.difference])).toEqual([
      ['效益 / 满意度 / 学员满意度', 30, 24, -6],
      ['产出 / 产出数量 / 课程数量', 15, 12, -3],
      ['决策 / 绩效目标 / 绩效指标明确性', 5, 2.5, -2.5],
      ['决策 / 绩效目标 / 绩效目标合理性', 5, 3, -2],
    ]);
    expect(c.leaves.find((l) => l.id === 'p11')).toMatchObject({ selfReason: '已执行', reason: '执行率 94.4%', difference: -0.56 });
    expect(c.levels.map((l) => [l.path, l.self, l.score, l.difference])).toEqual([
      ['效益', 30, 24, -6], ['决策', 20, 14.5, -5.5], ['产出', 30, 27, -3], ['过程', 20, 19.44, -0.56],
    ]);
    const lost = c.leaves.reduce((s, l) => s + (l.difference ?? 0), 0);
    expect(Math.round(lost * 100) / 100).toBe(-15.06);
  });

  it('a score matched by hand, one typed, one cleared', () => {
    const ev = evaluation();
    const self = selfTable();
    const m = matchSelfScores(ev, self, evaluate(self));
    const handMatched = withSelfScores(ev, { ...m, matched: m.matched.filter((x) => x.id !== 'e11'), unmatchedSelf: [...m.unmatchedSelf, { selfId: 's9', selfPath: '效益 / 满意度 / 学员满意度', score: 30, reason: '', why: '' }] }, 'x', [{ id: 'e11', selfId: 's9' }]);
    expect(handMatched.selfScores?.entries.find((e) => e.id === 'e11')?.score).toBe(30);
    const typed = setSelfScore(handMatched, 'o12', 14);
    expect(typed.selfScores?.entries.find((e) => e.id === 'o12')?.score).toBe(14);
    const cleared = setSelfScore(typed, 'd12', null);
    expect(cleared.selfScores?.entries.some((e) => e.id === 'd12')).toBe(false);
    expect(compareSelfScores(cleared, evaluate(cleared)).leaves.at(-1)?.id).toBe('d12');
  });
});

describe('a stored 自评 set is read like everything else', () => {
  it('keeps valid entries, drops entries of missing leaves and duplicates with a warning, refuses bad numbers', async () => {
    const { restoreEvaluation } = await import('../../../src/domain/index.ts');
    const ev = { ...evaluation(), selfScores: { source: '自评表', statedTotal: 100, entries: [
      { id: 'd11', score: 5, reason: '依据充分' }, { id: 'd11', score: 4 }, { id: 'nope', score: 3 }, { id: '__proto__', score: 1 }, { id: 'o12', score: null },
    ] } };
    const r = restoreEvaluation(JSON.parse(JSON.stringify(ev)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.evaluation.selfScores).toEqual({ source: '自评表', statedTotal: 100, entries: [{ id: 'd11', score: 5, reason: '依据充分' }, { id: 'o12', score: null }] });
    expect(r.warnings.join('')).toContain('3 项对应的指标不存在或重复');
    const bad = restoreEvaluation(JSON.parse(JSON.stringify({ ...ev, selfScores: { source: 'x', entries: [{ id: 'd11', score: '=1+1' }] } })));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join('')).toContain('自评分');
  });
});
