/**
 * The grid with a UI that answers synchronously, as src/ui does: every onEdits/onStructure
 * applies the change and calls update() before returning, from inside Handsontable's hooks.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { evaluate } from '../../../src/domain/index.ts';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { columnIndex } from '../../../src/grid/columns.ts';
import { createIndicatorGrid, type IndicatorGrid } from '../../../src/grid/index.ts';
import type { CellEdit, StructureOp } from '../../../src/grid/types.ts';
import { leaf, sample, withIndicator } from './fixtures.ts';

const col = columnIndex;

function apply(ev: Evaluation, edit: CellEdit): Evaluation {
  return withIndicator(ev, edit.nodeId, (node) => {
    if (edit.field === 'enteredScore') return { ...node, enteredScore: edit.value, pinned: edit.pin ?? node.pinned };
    return { ...node, [edit.field]: edit.value } as Indicator;
  });
}

function applyOp(before: Evaluation, op: StructureOp): Evaluation {
  if (op.kind !== 'append-leaves') return before;
  // The paste's edits to the rows that fit come with the new rows: one commit.
  const ev = (op.edits ?? []).reduce(apply, before);
  let next = ev;
  const parentOf = (list: Indicator[], id: string, parent: Indicator | null): Indicator | null => {
    for (const node of list) {
      if (node.id === id) return parent;
      const found = parentOf(node.children, id, node);
      if (found) return found;
    }
    return null;
  };
  const parent = parentOf(ev.indicators, op.afterNodeId ?? '', null);
  if (!parent) return ev;
  next = withIndicator(ev, parent.id, (node) => ({
    ...node,
    children: [
      ...node.children,
      ...op.rows.map((row, i) => leaf(`new${i}`, row.level3 ?? '新指标', null, { target: row.target ?? '', actual: row.actual ?? '' })),
    ],
  }));
  return next;
}

let grid: IndicatorGrid | null = null;
let container: HTMLDivElement | null = null;
afterEach(() => {
  grid?.destroy();
  container?.remove();
  grid = null;
  container = null;
});

function mountLive(): { grid: IndicatorGrid; current: () => Evaluation; edits: CellEdit[][] } {
  let ev = sample();
  const edits: CellEdit[][] = [];
  container = document.createElement('div');
  container.style.cssText = 'width: 1400px; height: 500px';
  document.body.append(container);
  const g: IndicatorGrid = createIndicatorGrid(container, {
    onEdits(batch) {
      edits.push(batch);
      ev = batch.reduce(apply, ev);
      g.update(ev, evaluate(ev));
    },
    onStructure(op) {
      ev = applyOp(ev, op);
      g.update(ev, evaluate(ev));
    },
    onSelect: () => {},
    onUndo: () => {},
    onRedo: () => {},
  });
  grid = g;
  g.update(ev, evaluate(ev));
  return { grid: g, current: () => ev, edits };
}

describe('round trip with a synchronous UI', () => {
  it('typing a score updates the cell, the subtotal and nothing echoes', async () => {
    const live = mountLive();
    const render = vi.spyOn(live.grid.hot, 'render');
    live.grid.hot.selectCell(2, col('score'));
    await userEvent.keyboard('4{Enter}');
    expect(live.edits).toEqual([[{ nodeId: 'mbhl', field: 'enteredScore', value: 4 }]]);
    expect(live.grid.hot.getDataAtCell(2, col('score'))).toBe('4.00');
    const jc = evaluate(live.current()).nodes.get('jc');
    const subtotal = live.grid.hot.getCell(0, col('level1'), true)?.querySelector('.jx-subtotal')?.textContent;
    expect(subtotal).toBe(`得分 ${jc?.score?.toFixed(2)} · ${jc?.rateText}`);
    expect(render).toHaveBeenCalled();
  });

  it('a paste past the end appends rows, and the grid shows them', () => {
    const live = mountLive();
    live.grid.hot.selectCell(5, col('target'));
    live.grid.hot.getPlugin('copyPaste').paste('>=95%\t96%\n=100%\t100%');
    expect(live.grid.hot.countRows()).toBe(7);
    expect(live.grid.hot.getDataAtCell(5, col('target'))).toBe('>=95%');
    expect(live.grid.hot.getDataAtCell(6, col('target'))).toBe('=100%');
    expect(live.grid.hot.getDataAtCell(6, col('actual'))).toBe('100%');
    // One paste, one commit: the fitting rows' edits travel with the appended rows.
    expect(live.edits).toHaveLength(0);
  });
});
