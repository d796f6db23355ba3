import { readFileSync } from 'node:fs';
import type { Evaluation, Indicator, RoundingMode, Rule } from '../../../src/domain/index.ts';
import { defaultSettings, evaluate, newEvaluation } from '../../../src/domain/index.ts';

export function loadFixture(name: string): Evaluation {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as Evaluation;
}

let seq = 0;

/** A leaf with a rule, for rule tests. */
export function leaf(partial: Partial<Indicator> & { rule?: Rule }): Indicator {
  seq += 1;
  return { id: partial.id ?? `leaf${seq}`, name: partial.name ?? `指标${seq}`, weight: partial.weight ?? 10, reason: '扣分原因', children: [], ...partial };
}

/** An evaluation whose only level-1 node is `leaves` under one parent of the same weight. */
export function evaluationOf(leaves: Indicator[], overrides: Partial<Evaluation> = {}): Evaluation {
  const weight = leaves.reduce((s, l) => s + (l.weight ?? 0), 0);
  return newEvaluation({
    id: 'test',
    indicators: [{ id: 'root', name: '产出', weight, children: leaves }],
    settings: defaultSettings(),
    ...overrides,
  });
}

/** Deep-set a field in an evaluation immutably along the path to the leaf with `id`. */
export function updateLeaf(ev: Evaluation, id: string, change: (ind: Indicator) => Indicator): Evaluation {
  const walk = (nodes: Indicator[]): [Indicator[], boolean] => {
    let changed = false;
    const out = nodes.map((n) => {
      if (changed) return n;
      if (n.id === id) { changed = true; return change(n); }
      const [kids, c] = walk(n.children);
      if (c) { changed = true; return { ...n, children: kids }; }
      return n;
    });
    return changed ? [out, true] : [nodes, false];
  };
  const [indicators] = walk(ev.indicators);
  return { ...ev, indicators };
}

export function findLeaf(ev: Evaluation, name: string): Indicator {
  const stack = [...ev.indicators];
  while (stack.length) {
    const n = stack.pop() as Indicator;
    if (n.name === name) return n;
    stack.push(...n.children);
  }
  throw new Error(`no indicator named ${name}`);
}

/** One leaf scored on its own: its result, the evaluation's, and its findings' codes and messages. */
export function score(ind: Partial<Indicator> & { rule?: Rule }, rounding: RoundingMode = 'half-up') {
  const l = leaf(ind);
  const ev = evaluationOf([l]);
  const r = evaluate({ ...ev, settings: { ...ev.settings, rounding } });
  const n = r.nodes.get(l.id);
  if (!n) throw new Error('no node');
  return { n, r, codes: n.findings.map((f) => f.code), messages: n.findings.map((f) => f.message) };
}
