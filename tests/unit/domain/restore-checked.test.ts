// restoreEvaluation with `checked` (issue 12): the store's save re-reads only the indicators an
// edit made new; every check that spans the tree (ids, depth, count, one object twice) still
// holds, and the result is what a full read gives.
import { describe, expect, it } from 'vitest';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { applyCellEdits, newEvaluation, restoreEvaluation } from '../../../src/domain/index.ts';
import { loadFixture } from './helpers.ts';

function tree(groups: number, leaves: number): Evaluation {
  const indicators: Indicator[] = Array.from({ length: groups }, (_, g) => ({
    id: `g${g}`, name: `一级${g}`, weight: 10, children: Array.from({ length: leaves }, (_, l) => ({
      id: `g${g}l${l}`, name: `指标${g}-${l}`, weight: 1, target: '>=10个', actual: '5个', rule: { type: 'ratio' as const }, children: [],
    })),
  }));
  return newEvaluation({ id: 'checked', indicators });
}

const REFUSE = { overlongText: 'refuse' } as const;

function ok(result: ReturnType<typeof restoreEvaluation>): Evaluation {
  if (!result.ok) throw new Error(result.errors.join(' | '));
  return result.evaluation;
}

describe('restoreEvaluation with checked subtrees', () => {
  it('gives what a full read gives, after edits, reusing the untouched subtrees by identity', () => {
    const checked = new WeakMap<object, Indicator>();
    let ev = loadFixture('seed-000-annex3.json');
    const first = ok(restoreEvaluation(ev, { ...REFUSE, checked }));
    expect(first).toEqual(ok(restoreEvaluation(ev, REFUSE)));
    const leafId = ev.indicators[1]?.children[0]?.children[0]?.id ?? ev.indicators[1]?.children[0]?.id;
    if (!leafId) throw new Error('no leaf');
    // A control character typed into the leaf: cleaned on the fresh read as on a full one.
    ev = applyCellEdits(ev, [{ nodeId: leafId, field: 'reason', value: '原因\u0007二' }]);
    const second = ok(restoreEvaluation(ev, { ...REFUSE, checked }));
    expect(second).toEqual(ok(restoreEvaluation(ev, REFUSE)));
    expect(JSON.stringify(second)).toContain('原因二');
    // The first 一级 was not touched: its checked copy from the first read is reused.
    expect(second.indicators[0]).toBe(first.indicators[0]);
    expect(second.indicators[1]).not.toBe(first.indicators[1]);
  });

  it('still refuses an id that a new indicator shares with an untouched subtree', () => {
    const checked = new WeakMap<object, Indicator>();
    const ev = tree(3, 4);
    ok(restoreEvaluation(ev, { ...REFUSE, checked }));
    const g1 = ev.indicators[1] as Indicator;
    const clash: Evaluation = { ...ev, indicators: [ev.indicators[0] as Indicator, { ...g1, children: [...g1.children, { id: 'g0l2', name: '新指标', weight: 1, children: [] }] }, ev.indicators[2] as Indicator] };
    const result = restoreEvaluation(clash, { ...REFUSE, checked });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join()).toContain('编号“g0l2”与其他指标重复');
  });

  it('still refuses one checked subtree placed twice, and a checked subtree pushed past 64 levels', () => {
    const checked = new WeakMap<object, Indicator>();
    const ev = tree(2, 3);
    ok(restoreEvaluation(ev, { ...REFUSE, checked }));
    const twice: Evaluation = { ...ev, indicators: [...ev.indicators, ev.indicators[0] as Indicator] };
    expect(restoreEvaluation(twice, { ...REFUSE, checked }).ok).toBe(false);

    let deep: Indicator = ev.indicators[0] as Indicator;
    for (let d = 0; d < 64; d++) deep = { id: `w${d}`, name: `包装${d}`, weight: 10, children: [deep] };
    const result = restoreEvaluation({ ...ev, indicators: [deep] }, { ...REFUSE, checked });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join()).toContain('指标层级超过 64 层');
  });

  it('remembers nothing from a document that fails', () => {
    const checked = new WeakMap<object, Indicator>();
    const ev = tree(2, 2);
    const bad = { ...ev, settings: { ...ev.settings, decimals: 99 } };
    expect(restoreEvaluation(bad, { ...REFUSE, checked }).ok).toBe(false);
    expect(checked.has(ev.indicators[0] as Indicator)).toBe(false);
    ok(restoreEvaluation(ev, { ...REFUSE, checked }));
    expect(checked.has(ev.indicators[0] as Indicator)).toBe(true);
  });
});
