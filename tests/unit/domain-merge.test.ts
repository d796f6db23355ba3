import { describe, expect, it } from 'vitest';
import { mergeEvaluations } from '../../src/domain/merge.ts';
import type { Evaluation, Indicator } from '../../src/domain/model.ts';

const leaf = (id: string, extra: Partial<Indicator> = {}): Indicator => ({ id, name: `指标${id}`, weight: 5, children: [], ...extra });
const group = (id: string, children: Indicator[], extra: Partial<Indicator> = {}): Indicator => ({
  id,
  name: `分组${id}`,
  weight: null,
  children,
  ...extra,
});

function base(): Evaluation {
  return {
    id: 'e',
    meta: { projectName: '智慧城管', department: '城管局', implementer: '中心', year: '2023', type: '第三方评价', evaluator: '', notes: '' },
    funds: { unit: '万元', initialBudget: 100, annualBudget: 120, executed: null, weight: 10 },
    indicators: [
      group('A', [group('A1', [leaf('a1'), leaf('a2')]), group('A2', [leaf('a3')])]),
      group('B', [leaf('b1'), leaf('b2'), leaf('b3')]),
    ],
    settings: { gradeScale: { id: 'mof', name: '财政部', bands: [{ grade: '优', min: 90 }] }, rounding: 'half-up', decimals: 2 },
    adjustments: [],
  };
}

/** An immutable edit of one node, as the app makes them. */
function edit(e: Evaluation, id: string, change: (n: Indicator) => Indicator | null): Evaluation {
  const map = (nodes: Indicator[]): Indicator[] =>
    nodes.flatMap((n) => {
      if (n.id === id) {
        const changed = change(n);
        return changed ? [changed] : [];
      }
      const children = map(n.children);
      return [children.every((c, i) => c === n.children[i]) && children.length === n.children.length ? n : { ...n, children }];
    });
  return { ...e, indicators: map(e.indicators) };
}

const setField = (e: Evaluation, id: string, fields: Partial<Indicator>) => edit(e, id, (n) => ({ ...n, ...fields }));
const removeNode = (e: Evaluation, id: string) => edit(e, id, () => null);

function find(e: Evaluation, id: string): Indicator | undefined {
  const walk = (nodes: Indicator[]): Indicator | undefined => {
    for (const n of nodes) {
      if (n.id === id) return n;
      const inner = walk(n.children);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(e.indicators);
}

function shape(nodes: Indicator[]): unknown[] {
  return nodes.map((n) => (n.children.length ? { [n.id]: shape(n.children) } : n.id));
}

function allIds(e: Evaluation): string[] {
  const out: string[] = [];
  const walk = (nodes: Indicator[]) => nodes.forEach((n) => (out.push(n.id), walk(n.children)));
  walk(e.indicators);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('mergeEvaluations', () => {
  it('keeps both edits when the tabs changed different cells', () => {
    const b = base();
    const mine = setField(b, 'a1', { actual: '98%' });
    const theirs = setField(b, 'b2', { target: '≥90%', reason: '部分完成' });
    const { merged, conflicts } = mergeEvaluations(b, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(find(merged, 'a1')?.actual).toBe('98%');
    expect(find(merged, 'b2')).toMatchObject({ target: '≥90%', reason: '部分完成' });
  });

  it('keeps both edits to different fields of one indicator', () => {
    const b = base();
    const { merged, conflicts } = mergeEvaluations(b, setField(b, 'a1', { actual: '98%' }), setField(b, 'a1', { target: '≥95%' }));
    expect(conflicts).toEqual([]);
    expect(find(merged, 'a1')).toMatchObject({ actual: '98%', target: '≥95%' });
  });

  it('the same field changed on both sides: theirs wins and the field is reported', () => {
    const b = base();
    const mine = setField(setField(b, 'a1', { actual: '我的' }), 'b1', { weight: 7 });
    const theirs = setField(b, 'a1', { actual: '他们的' });
    const { merged, conflicts } = mergeEvaluations(b, mine, theirs);
    expect(find(merged, 'a1')?.actual).toBe('他们的');
    expect(find(merged, 'b1')?.weight).toBe(7);
    expect(conflicts).toEqual([{ nodeId: 'a1', field: 'actual' }]);
  });

  it('the same change on both sides is no conflict', () => {
    const b = base();
    const { conflicts } = mergeEvaluations(b, setField(b, 'a1', { actual: 'x' }), setField(b, 'a1', { actual: 'x' }));
    expect(conflicts).toEqual([]);
  });

  it('a rule is one field: parameters edited on both sides do not mix', () => {
    const b = setField(base(), 'a1', { rule: { type: 'step', unit: 'percent', size: 0.1, deduction: 1 } });
    const mine = setField(b, 'a1', { rule: { type: 'step', unit: 'percent', size: 0.05, deduction: 1 } });
    const theirs = setField(b, 'a1', { rule: { type: 'step', unit: 'percent', size: 0.1, deduction: 2 } });
    const { merged, conflicts } = mergeEvaluations(b, mine, theirs);
    expect(find(merged, 'a1')?.rule).toEqual({ type: 'step', unit: 'percent', size: 0.1, deduction: 2 });
    expect(conflicts).toEqual([{ nodeId: 'a1', field: 'rule' }]);
  });

  it('merges meta, funds and settings field by field', () => {
    const b = base();
    const mine: Evaluation = { ...b, meta: { ...b.meta, projectName: '智慧城管二期', notes: '我的备注' }, funds: { ...b.funds!, executed: 110 }, settings: { ...b.settings, rounding: 'truncate' } };
    const theirs: Evaluation = { ...b, meta: { ...b.meta, year: '2024', notes: '他们的备注' }, funds: { ...b.funds!, annualBudget: 125 }, settings: { ...b.settings, decimals: 1 } };
    const { merged, conflicts } = mergeEvaluations(b, mine, theirs);
    expect(merged.meta).toMatchObject({ projectName: '智慧城管二期', year: '2024', notes: '他们的备注' });
    expect(merged.funds).toMatchObject({ executed: 110, annualBudget: 125 });
    expect(merged.settings).toMatchObject({ rounding: 'truncate', decimals: 1 });
    expect(conflicts).toEqual([{ nodeId: null, field: 'meta.notes' }]);
  });

  it('a funds block added on one side is kept; removed on one side and untouched on the other is removed', () => {
    const b = { ...base(), funds: null };
    const withFunds = { ...b, funds: base().funds };
    expect(mergeEvaluations(b, withFunds, setField(b, 'a1', { actual: '1' })).merged.funds).toEqual(base().funds);
    const b2 = base();
    expect(mergeEvaluations(b2, { ...b2, funds: null }, setField(b2, 'a1', { actual: '1' })).merged.funds).toBeNull();
  });

  it('indicators added on either side are kept where they were put', () => {
    const b = base();
    const mine = edit(b, 'B', (n) => ({ ...n, children: [...n.children.slice(0, 1), leaf('m1'), ...n.children.slice(1)] }));
    const theirs = edit(b, 'B', (n) => ({ ...n, children: [...n.children, leaf('t1')] }));
    const { merged, conflicts } = mergeEvaluations(b, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(shape(merged.indicators)).toEqual([
      { A: [{ A1: ['a1', 'a2'] }, { A2: ['a3'] }] },
      { B: ['b1', 'm1', 'b2', 'b3', 't1'] },
    ]);
  });

  it('a new level-1 group with children added in mine is kept whole', () => {
    const b = base();
    const mine = { ...b, indicators: [...b.indicators, group('C', [leaf('c1'), leaf('c2')])] };
    const theirs = setField(b, 'a3', { actual: '1' });
    const { merged } = mergeEvaluations(b, mine, theirs);
    expect(shape(merged.indicators)).toEqual([
      { A: [{ A1: ['a1', 'a2'] }, { A2: ['a3'] }] },
      { B: ['b1', 'b2', 'b3'] },
      { C: ['c1', 'c2'] },
    ]);
    expect(find(merged, 'a3')?.actual).toBe('1');
  });

  it('removed on one side and untouched on the other → removed (either side)', () => {
    const b = base();
    const r1 = mergeEvaluations(b, removeNode(b, 'b2'), setField(b, 'a1', { actual: '1' }));
    expect(allIds(r1.merged)).not.toContain('b2');
    expect(r1.conflicts).toEqual([]);
    const r2 = mergeEvaluations(b, setField(b, 'a1', { actual: '1' }), removeNode(b, 'A2'));
    expect(allIds(r2.merged)).not.toContain('A2');
    expect(allIds(r2.merged)).not.toContain('a3');
    expect(find(r2.merged, 'a1')?.actual).toBe('1');
  });

  it('removed on one side while edited on the other → kept and reported', () => {
    const b = base();
    const r1 = mergeEvaluations(b, removeNode(b, 'b2'), setField(b, 'b2', { actual: '他们填的' }));
    expect(find(r1.merged, 'b2')?.actual).toBe('他们填的');
    expect(r1.conflicts).toEqual([{ nodeId: 'b2', field: 'removed' }]);

    // Theirs removed a group in which I was typing: my leaf and its group stay, the untouched sibling goes.
    const b3 = base();
    const mine = setField(b3, 'a2', { actual: '我填的' });
    const theirs = removeNode(b3, 'A1');
    const r2 = mergeEvaluations(b3, mine, theirs);
    expect(shape(r2.merged.indicators)[0]).toEqual({ A: [{ A1: ['a2'] }, { A2: ['a3'] }] });
    expect(find(r2.merged, 'a2')?.actual).toBe('我填的');
    expect(r2.conflicts).toContainEqual({ nodeId: 'a2', field: 'removed' });
    expect(r2.conflicts).toContainEqual({ nodeId: 'A1', field: 'removed' });
  });

  it('a move on one side and an edit on the other both apply', () => {
    const b = base();
    // Mine moves b1 under A2 (indent into another group).
    const mine = edit(removeNode(b, 'b1'), 'A2', (n) => ({ ...n, children: [...n.children, find(b, 'b1')!] }));
    const theirs = setField(b, 'b1', { actual: '及时' });
    const { merged, conflicts } = mergeEvaluations(b, mine, theirs);
    expect(conflicts).toEqual([]);
    expect(shape(merged.indicators)).toEqual([
      { A: [{ A1: ['a1', 'a2'] }, { A2: ['a3', 'b1'] }] },
      { B: ['b2', 'b3'] },
    ]);
    expect(find(merged, 'b1')?.actual).toBe('及时');
  });

  it('a reorder on one side keeps the other side’s insertion', () => {
    const b = base();
    const mine = edit(b, 'B', (n) => ({ ...n, children: [...n.children].reverse() }));
    const theirs = edit(b, 'B', (n) => ({ ...n, children: [n.children[0]!, leaf('t1'), ...n.children.slice(1)] }));
    const { merged } = mergeEvaluations(b, mine, theirs);
    expect(shape(merged.indicators)[1]).toEqual({ B: ['b3', 'b2', 'b1', 't1'] });
  });

  it('moves that would make a cycle resolve to theirs: every indicator appears once', () => {
    const b = { ...base(), indicators: [group('X', []), group('Y', [])] };
    const mine = { ...b, indicators: [group('Y', [group('X', [])])] }; // X under Y
    const theirs = { ...b, indicators: [group('X', [group('Y', [])])] }; // Y under X
    const { merged, conflicts } = mergeEvaluations(b, mine, theirs);
    expect(allIds(merged).sort()).toEqual(['X', 'Y']);
    expect(shape(merged.indicators)).toEqual([{ X: ['Y'] }]);
    expect(conflicts.some((c) => c.field === 'position')).toBe(true);
  });

  it('returns theirs unchanged when mine has no edit, and reuses untouched nodes of theirs', () => {
    const b = base();
    const theirs = setField(b, 'a1', { actual: '1' });
    expect(mergeEvaluations(b, b, theirs).merged).toBe(theirs);
    const mine = setField(b, 'b1', { actual: '2' });
    const { merged } = mergeEvaluations(b, mine, theirs);
    expect(merged.indicators[0]).toBe(theirs.indicators[0]); // group A: only theirs' edit inside
    expect(merged.indicators[1]).not.toBe(theirs.indicators[1]);
  });

  it('does not modify its inputs', () => {
    const b = deepFreeze(base());
    const mine = deepFreeze(setField(removeNode(b, 'b3'), 'a1', { actual: '1' }));
    const theirs = deepFreeze(edit(setField(b, 'a2', { actual: '2' }), 'A', (n) => ({ ...n, children: [...n.children, leaf('t')] })));
    expect(() => mergeEvaluations(b, mine, theirs)).not.toThrow();
    const ids = allIds(mergeEvaluations(b, mine, theirs).merged);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('t');
    expect(ids).not.toContain('b3');
  });
});
