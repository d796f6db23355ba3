// The caching evaluator's node map is persistent: a one-leaf change shares what it can with the
// previous version, yet every result handed out stays a value (older ones unchanged), lists
// nodes in tree order, and matches a fresh evaluation after edits of every kind.
import { describe, expect, it } from 'vitest';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { createEvaluator, deleteIndicators, evaluate, insertChild, moveDown, newEvaluation } from '../../../src/domain/index.ts';
import { updateLeaf } from './helpers.ts';

function tree(groups: number, leaves: number): Evaluation {
  const indicators: Indicator[] = Array.from({ length: groups }, (_, g) => ({
    id: `g${g}`, name: `组${g}`, weight: leaves, children: Array.from({ length: leaves }, (_, l) => ({
      id: `g${g}l${l}`, name: `指标${g}-${l}`, weight: 1, enteredScore: 1, children: [],
    })),
  }));
  return newEvaluation({ id: 'nr', indicators });
}

describe('node results (persistent map)', () => {
  it('an older result keeps its figures after the next evaluation', () => {
    const evaluator = createEvaluator();
    const v1 = tree(20, 40);
    const r1 = evaluator.evaluate(v1);
    const v2 = updateLeaf(v1, 'g3l7', (n) => ({ ...n, enteredScore: 0.25, reason: '少' }));
    const r2 = evaluator.evaluate(v2);
    expect(r1.nodes.get('g3l7')?.score).toBe(1);
    expect(r1.nodes.get('g3')?.score).toBe(40);
    expect(r2.nodes.get('g3l7')?.score).toBe(0.25);
    expect(r2.nodes.get('g3')?.score).toBe(39.25);
    // Untouched nodes are the very same result objects in both versions.
    expect(r2.nodes.get('g9l1')).toBe(r1.nodes.get('g9l1'));
    expect(r2.nodes).toEqual(evaluate(v2).nodes);
    expect(r1.nodes).toEqual(evaluate(v1).nodes);
  });

  it('lists nodes in tree order, with size, has and keys as a Map would', () => {
    const r = createEvaluator().evaluate(tree(3, 2));
    expect([...r.nodes.keys()]).toEqual(['g0', 'g0l0', 'g0l1', 'g1', 'g1l0', 'g1l1', 'g2', 'g2l0', 'g2l1']);
    expect(r.nodes.size).toBe(9);
    expect(r.nodes.has('g1l1')).toBe(true);
    expect(r.nodes.has('nope')).toBe(false);
    expect([...r.nodes.values()].map((n) => n.id)).toEqual([...r.nodes.keys()]);
    const seen: string[] = [];
    r.nodes.forEach((_, id) => seen.push(id));
    expect(seen).toEqual([...r.nodes.keys()]);
  });

  it('structural edits (insert, delete, move) give the map a fresh evaluation gives', () => {
    const evaluator = createEvaluator();
    let ev = tree(4, 5);
    evaluator.evaluate(ev);
    const steps: ((e: Evaluation) => Evaluation)[] = [
      (e) => insertChild(e, 'g1', () => 'new1').evaluation,
      (e) => deleteIndicators(e, ['g2l3']),
      (e) => moveDown(e, 'g0'),
      (e) => deleteIndicators(e, ['g3']),
      (e) => updateLeaf(e, 'g1l0', (n) => ({ ...n, enteredScore: 0.5, reason: 'x' })),
    ];
    for (const step of steps) {
      ev = step(ev);
      const got = evaluator.evaluate(ev);
      const want = evaluate(ev);
      expect([...got.nodes.keys()]).toEqual([...want.nodes.keys()]);
      expect(got.nodes).toEqual(want.nodes);
      expect(got.nodes.size).toBe(want.nodes.size);
    }
    expect(evaluator.evaluate(ev).nodes.has('g3')).toBe(false);
  });

  it('a one-off evaluation fills its map while scoring: the same order and, for repeated ids, the same winner as the cached map', () => {
    // A corrupt document: a group and its leaf share an id, two siblings share one, and a
    // nested group repeats its ancestor's. The node last in tree order keeps the id.
    const ev = newEvaluation({ id: 'dup', indicators: [
      { id: 'x', name: '组', weight: 3, children: [
        { id: 'x', name: '同号指标', weight: 1, enteredScore: 1, children: [] },
        { id: 'y', name: '甲', weight: 1, enteredScore: 0.5, reason: '少', children: [] },
        { id: 'y', name: '乙', weight: 1, enteredScore: 1, children: [] },
      ] },
      { id: 'z', name: '外组', weight: 2, children: [
        { id: 'z', name: '内组', weight: 2, children: [{ id: 'w', name: '丙', weight: 2, enteredScore: 2, children: [] }] },
      ] },
    ] });
    const once = evaluate(ev);
    const cached = createEvaluator().evaluate(ev);
    expect([...once.nodes.keys()]).toEqual(['x', 'y', 'z', 'w']);
    expect([...once.nodes.keys()]).toEqual([...cached.nodes.keys()]);
    expect(once.nodes).toEqual(cached.nodes);
    expect(once.nodes.get('x')?.isLeaf).toBe(true);
    expect(once.nodes.get('y')?.score).toBe(1);
    expect(once.nodes.get('z')?.level).toBe(2);
  });
});
