import { describe, it, expect } from 'vitest';
import type { Evaluation, Indicator, Rule } from '../../src/domain/model.ts';
import { defaultRule, evaluate } from '../../src/domain/index.ts';
import seed000 from '../fixtures/seed-000-annex3.json';
import {
  appendLeaves,
  applyCellEdits,
  deleteIndicators,
  findIndicator,
  indent,
  insertChild,
  insertSiblingAfter,
  insertSiblingBefore,
  moveDown,
  moveUp,
  outdent,
  pathTo,
  setRule,
  unpin,
  withFreshIds,
} from '../../src/domain/tree-edit.ts';

const leaf = (id: string, weight: number, extra: Partial<Indicator> = {}): Indicator => ({
  id,
  name: id,
  weight,
  children: [],
  ...extra,
});

function sample(): Evaluation {
  return {
    id: 'e1',
    meta: { projectName: 'P', department: '', implementer: '', year: '2021', type: '第三方评价', evaluator: '', notes: '' },
    funds: null,
    settings: { gradeScale: { id: 'mof', name: '财政部', bands: [{ grade: '优', min: 90 }] }, rounding: 'half-up', decimals: 2 },
    adjustments: [],
    indicators: [
      {
        id: 'A',
        name: '决策',
        weight: 15,
        children: [
          { id: 'A1', name: '项目立项', weight: 5, children: [leaf('a', 3), leaf('b', 2)] },
          { id: 'A2', name: '绩效目标', weight: 10, children: [leaf('c', 10, { rule: { type: 'ratio' } })] },
        ],
      },
      { id: 'B', name: '过程', weight: 20, children: [leaf('d', 20)] },
    ],
  };
}

const ids = (list: Indicator[]) => list.map((n) => n.id);
let counter = 0;
const nextId = () => `n${++counter}`;

describe('tree edits copy only the changed path', () => {
  it('applies a text edit and keeps untouched branches by identity', () => {
    const before = sample();
    const after = applyCellEdits(before, [{ nodeId: 'a', field: 'actual', value: '100%' }]);
    expect(findIndicator(after, 'a')?.actual).toBe('100%');
    expect(findIndicator(before, 'a')?.actual).toBeUndefined();
    expect(after.indicators[1]).toBe(before.indicators[1]);
    expect(after.indicators[0]!.children[1]).toBe(before.indicators[0]!.children[1]);
    expect(after.indicators[0]).not.toBe(before.indicators[0]);
    expect(findIndicator(after, 'b')).toBe(findIndicator(before, 'b'));
  });

  it('returns the same evaluation when nothing changes', () => {
    const before = sample();
    expect(applyCellEdits(before, [{ nodeId: 'a', field: 'weight', value: 3 }])).toBe(before);
    expect(applyCellEdits(before, [{ nodeId: 'nope', field: 'name', value: 'x' }])).toBe(before);
  });

  it('pins a typed score over a ruled leaf, and unpin clears it', () => {
    const pinned = applyCellEdits(sample(), [{ nodeId: 'c', field: 'enteredScore', value: 7.5, pin: true }]);
    expect(findIndicator(pinned, 'c')).toMatchObject({ enteredScore: 7.5, pinned: true });
    const free = unpin(pinned, 'c');
    expect(findIndicator(free, 'c')?.pinned).toBeUndefined();
    expect(findIndicator(free, 'c')?.enteredScore).toBeNull();
    // A manual leaf's typed score is its score, not a pin.
    const manual = applyCellEdits(sample(), [{ nodeId: 'a', field: 'enteredScore', value: 2 }]);
    expect(findIndicator(manual, 'a')?.pinned).toBeUndefined();
  });

  it('applies several edits of one action in order', () => {
    const after = applyCellEdits(sample(), [
      { nodeId: 'a', field: 'weight', value: 4 },
      { nodeId: 'b', field: 'statusOverride', value: '部分完成' },
      { nodeId: 'a', field: 'name', value: '立项依据充分性' },
    ]);
    expect(findIndicator(after, 'a')).toMatchObject({ weight: 4, name: '立项依据充分性' });
    expect(findIndicator(after, 'b')?.statusOverride).toBe('部分完成');
  });

  it('sets a rule', () => {
    const after = setRule(sample(), 'a', { type: 'binary' });
    expect(findIndicator(after, 'a')?.rule).toEqual({ type: 'binary' });
  });
});

describe('structure', () => {
  it('inserts siblings and children', () => {
    const after = insertSiblingAfter(sample(), 'a', nextId);
    expect(ids(findIndicator(after.evaluation, 'A1')!.children)).toEqual(['a', after.id, 'b']);
    const before = insertSiblingBefore(sample(), 'A', nextId);
    expect(ids(before.evaluation.indicators)).toEqual([before.id, 'A', 'B']);
    const child = insertChild(sample(), 'd', nextId);
    expect(ids(findIndicator(child.evaluation, 'd')!.children)).toEqual([child.id]);
    expect(insertChild(sample(), 'zzz', nextId).id).toBeNull();
  });

  it('deletes subtrees', () => {
    const after = deleteIndicators(sample(), ['A1', 'd']);
    expect(ids(after.indicators[0]!.children)).toEqual(['A2']);
    expect(after.indicators[1]!.children).toEqual([]);
    expect(findIndicator(after, 'a')).toBeUndefined();
  });

  it('indents under the previous sibling and outdents after the parent', () => {
    const indented = indent(sample(), 'b');
    expect(ids(findIndicator(indented, 'a')!.children)).toEqual(['b']);
    expect(pathTo(indented, 'b')!.map((n) => n.id)).toEqual(['A', 'A1', 'a', 'b']);
    const first = sample();
    expect(indent(first, 'a')).toBe(first);
    const outdented = outdent(sample(), 'a');
    expect(ids(outdented.indicators[0]!.children)).toEqual(['A1', 'a', 'A2']);
    expect(ids(findIndicator(outdented, 'A1')!.children)).toEqual(['b']);
    const top = sample();
    expect(outdent(top, 'A')).toBe(top);
  });

  it('moves among siblings and stops at the ends', () => {
    expect(ids(moveDown(sample(), 'A').indicators)).toEqual(['B', 'A']);
    expect(ids(moveUp(sample(), 'b').indicators[0]!.children[0]!.children)).toEqual(['b', 'a']);
    const s = sample();
    expect(moveUp(s, 'A')).toBe(s);
    expect(moveDown(s, 'B')).toBe(s);
  });

  it('appends pasted rows as leaves after the anchor', () => {
    const after = appendLeaves(
      sample(),
      'b',
      [
        { level3: '新增一', weight: '２', target: '≥95%', actual: '96%', score: '2', status: '已完成' },
        { level3: '新增二', weight: '1,5', reason: '未达标' },
      ],
      nextId,
    );
    const group = findIndicator(after, 'A1')!;
    expect(group.children.map((n) => n.name)).toEqual(['a', 'b', '新增一', '新增二']);
    expect(group.children[2]).toMatchObject({ weight: 2, target: '≥95%', actual: '96%', enteredScore: 2, statusOverride: '已完成' });
    expect(group.children[3]!.weight).toBe(15);
    const top = appendLeaves(sample(), null, [{ level1: '满意度', weight: 'x' }], nextId);
    expect(top.indicators[2]).toMatchObject({ name: '满意度', weight: null });
  });

  it('duplicates with fresh ids everywhere', () => {
    const copy = withFreshIds(sample(), nextId);
    const original = sample();
    expect(copy.id).not.toBe(original.id);
    expect(findIndicator(copy, 'a')).toBeUndefined();
    expect(copy.indicators[0]!.children[0]!.children.map((n) => n.name)).toEqual(['a', 'b']);
  });
});

describe('a typed score survives a rule change', () => {
  it('pins the score typed under 手工打分 when the leaf gets a rule, and keeps it through a second rule change', () => {
    const typed = applyCellEdits(sample(), [{ nodeId: 'a', field: 'enteredScore', value: 2.5 }]);
    expect(findIndicator(typed, 'a')?.pinned).toBeUndefined();
    const banded = setRule(typed, 'a', { type: 'bands', bands: [] } as unknown as Rule);
    expect(findIndicator(banded, 'a')).toMatchObject({ enteredScore: 2.5, pinned: true });
    const binary = setRule(banded, 'a', { type: 'binary' });
    expect(findIndicator(binary, 'a')).toMatchObject({ enteredScore: 2.5, pinned: true });
  });

  it('pins nothing when there was no typed score, or the leaf was already ruled', () => {
    const banded = setRule(sample(), 'a', { type: 'binary' });
    expect(findIndicator(banded, 'a')?.pinned).toBeUndefined();
    const ratio = setRule(sample(), 'c', { type: 'binary' });
    expect(findIndicator(ratio, 'c')?.pinned).toBeUndefined();
  });

  it('keeps 000’s total and grade when 使用人员满意度, typed 5.36 by hand, is given 分档计分', () => {
    const seed = structuredClone(seed000) as unknown as Evaluation;
    const manual = applyCellEdits(setRule(seed, 'D14', { type: 'manual' }), [{ nodeId: 'D14', field: 'enteredScore', value: 5.36 }]);
    const before = evaluate(manual);
    const after = evaluate(setRule(manual, 'D14', defaultRule('bands', 7)));
    expect(after.nodes.get('D14')?.score).toBe(5.36);
    expect(after.nodes.get('D14')?.scoreSource).toBe('pinned');
    expect(after.totalText).toBe(before.totalText);
    expect(after.grade).toBe(before.grade);
  });
});
