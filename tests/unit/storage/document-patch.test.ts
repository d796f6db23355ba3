// The save worker receives each document as a patch against the one before (document-patch.ts):
// whatever the edit, the patch applied to a copy that shares nothing with the page's document
// (the worker's own, structured-cloned) must give the new document exactly.
import { describe, expect, it } from 'vitest';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import {
  allIndicators,
  applyCellEdits,
  deleteIndicators,
  indent,
  insertChild,
  insertSiblingAfter,
  moveDown,
  moveUp,
  outdent,
} from '../../../src/domain/index.ts';
import { storable } from '../../../src/storage/check-evaluation.ts';
import { applyPatch, makePatch, PatchMismatch } from '../../../src/storage/document-patch.ts';
import seed000 from '../../fixtures/seed-000-annex3.json';

const seed = seed000 as unknown as Evaluation;

/** A small deterministic generator, so a failure names the seed that reproduces it. */
function random(seedValue: number): () => number {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function checked(ev: Evaluation): Evaluation {
  const result = storable(ev);
  if (!result.ok) throw new Error(result.message);
  return result.evaluation;
}

type Edit = (ev: Evaluation, node: Indicator, n: number) => Evaluation;
const EDITS: Record<string, Edit> = {
  actual: (ev, node, n) => applyCellEdits(ev, [{ nodeId: node.id, field: 'actual', value: `${n}%` }]),
  name: (ev, node, n) => applyCellEdits(ev, [{ nodeId: node.id, field: 'name', value: `改名${n}` }]),
  insertAfter: (ev, node, n) => insertSiblingAfter(ev, node.id, () => `new-${n}`).evaluation,
  insertChild: (ev, node, n) => insertChild(ev, node.id, () => `child-${n}`).evaluation,
  delete: (ev, node) => deleteIndicators(ev, [node.id]),
  up: (ev, node) => moveUp(ev, node.id),
  down: (ev, node) => moveDown(ev, node.id),
  indent: (ev, node) => indent(ev, node.id),
  outdent: (ev, node) => outdent(ev, node.id),
  meta: (ev, _node, n) => ({ ...ev, meta: { ...ev.meta, projectName: `项目${n}` } }),
  selfScores: (ev, node, n) => ({ ...ev, selfScores: { source: '手工录入', entries: [{ id: node.id, score: n % 7 }] } }),
  dropSelfScores: (ev) => {
    const { selfScores: _s, ...rest } = ev;
    return rest as Evaluation;
  },
};

describe('document patch', () => {
  for (const run of [1, 2, 3, 4, 5]) {
    it(`rebuilds every document of 120 random edits from a structured clone (seed ${run})`, () => {
      const next = random(run);
      // As in the app: the session edits its own documents, the store checks each before saving.
      let session = structuredClone(seed);
      let page = checked(session);
      let worker = structuredClone(page);
      const names = Object.keys(EDITS);
      for (let n = 0; n < 120; n++) {
        const nodes = allIndicators(session);
        const node = nodes[Math.floor(next() * nodes.length)] as Indicator;
        const edit = names[Math.floor(next() * names.length)] as string;
        session = (EDITS[edit] as Edit)(session, node, n);
        const after = checked(session);
        const patch = makePatch(page, after);
        // What crosses to the worker is cloned too: the patch must not lean on shared objects.
        worker = applyPatch(worker, structuredClone(patch));
        expect(worker, `edit ${n} (${edit} on ${node.id})`).toEqual(after);
        page = after;
      }
    });
  }

  it('sends one leaf and the nodes above it for a one-cell edit, not the document', () => {
    const session = structuredClone(seed);
    const before = checked(session);
    const leaf = allIndicators(session).find((i) => i.children.length === 0) as Indicator;
    const after = checked(applyCellEdits(session, [{ nodeId: leaf.id, field: 'actual', value: '99%' }]));
    const patch = makePatch(before, after);
    const whole = JSON.stringify(after).length;
    expect(JSON.stringify(patch).length).toBeLessThan(whole / 5);
    expect(JSON.stringify(patch)).toContain('"99%"');
    expect(patch.changed).toEqual({});
    const edited = JSON.stringify(patch.indicators).match(/"k":"e"/g) ?? [];
    expect(edited.length).toBeGreaterThanOrEqual(2); // the leaf and at least its 一级
    expect(edited.length).toBeLessThanOrEqual(4);
  });

  it('refuses a patch applied to a document it was not made against', () => {
    const before = checked(seed);
    const after = checked(deleteIndicators(before, [before.indicators[0]?.children[0]?.id as string]));
    const patch = makePatch(before, after);
    expect(() => applyPatch({ ...before, indicators: [] }, patch)).toThrow(PatchMismatch);
  });
});
