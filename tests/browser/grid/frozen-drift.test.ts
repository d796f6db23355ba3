import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { applyCellEdits, createEvaluator } from '../../../src/domain/index.ts';
import type { Evaluation, IndicatorEdit } from '../../../src/domain/index.ts';
import { columnIndex } from '../../../src/grid/columns.ts';
import { createIndicatorGrid, type IndicatorGrid } from '../../../src/grid/index.ts';
import seed from '../../fixtures/seed-000-annex3.json';
import { nextFrame } from './fixtures.ts';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** The seed mounted as the app does: every edit goes through the engine and back into update(). */
function mountLive(options: Parameters<typeof createIndicatorGrid>[2] = {}, height = 700): { grid: IndicatorGrid; container: HTMLDivElement; current: () => Evaluation } {
  let ev = structuredClone(seed) as unknown as Evaluation;
  const evaluator = createEvaluator();
  const container = document.createElement('div');
  container.style.width = '1400px';
  container.style.height = `${height}px`;
  document.body.append(container);
  const grid: IndicatorGrid = createIndicatorGrid(
    container,
    {
      onEdits: (edits) => {
        ev = applyCellEdits(ev, edits as readonly IndicatorEdit[]);
        grid.update(ev, evaluator.evaluate(ev));
      },
      onStructure: () => undefined,
      onSelect: () => undefined,
      onUndo: () => undefined,
      onRedo: () => undefined,
    },
    { hiddenColumns: ['code', 'guidance'], ...options },
  );
  grid.update(ev, evaluator.evaluate(ev));
  cleanup = () => {
    grid.destroy();
    container.remove();
  };
  return { grid, container, current: () => ev };
}

async function settle(): Promise<void> {
  await nextFrame();
  await nextFrame();
}

/** For each physical row drawn in both: top of the frozen 三级 cell minus top of the master 分值 cell, in px. */
function drift(grid: IndicatorGrid): { row: number; dy: number }[] {
  const out: { row: number; dy: number }[] = [];
  const hot = grid.hot;
  const from = hot.view.getFirstRenderedVisibleRow() ?? 0;
  const to = hot.view.getLastRenderedVisibleRow() ?? -1;
  for (let row = from; row <= to; row++) {
    const frozen = hot.getCell(row, columnIndex('level3'), true);
    const master = hot.getCell(row, columnIndex('weight'), true);
    if (!frozen || !master) continue;
    out.push({ row, dy: Math.round(frozen.getBoundingClientRect().top - master.getBoundingClientRect().top) });
  }
  return out;
}

describe('the frozen name columns after editing the last row', () => {
  it('stay in line (measured in px) after an edit of the last row’s 扣分原因 confirmed with Enter, which stays on that row', async () => {
    const { grid, current } = mountLive();
    await settle();
    const last = grid.hot.countRows() - 1;
    grid.hot.selectCell(last, columnIndex('reason'));
    await settle();
    await userEvent.keyboard('{F2}');
    await userEvent.keyboard('补充说明补充说明补充说明补充说明补充说明补充说明补充说明补充说明');
    await userEvent.keyboard('{Enter}');
    await settle();
    await settle();
    expect(current().indicators.length).toBe(4);
    // Enter on the last row stays on it, as a spreadsheet does (no wrap to 决策 at the top).
    expect(grid.hot.getSelectedLast()?.slice(0, 2)).toEqual([last, columnIndex('reason')]);
    const rows = drift(grid);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => Math.abs(r.dy) > 1)).toEqual([]);
  });

  it('stay in line when the selection jumps from the last row to a frozen group cell at the top (a finding clicked)', async () => {
    const { grid } = mountLive();
    await settle();
    grid.hot.selectCell(grid.hot.countRows() - 1, columnIndex('reason'));
    await settle();
    grid.select('A', 'level1');
    await settle();
    await settle();
    const rows = drift(grid);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => Math.abs(r.dy) > 1)).toEqual([]);
  });
});

describe('Enter on the last row, as a setting', () => {
  it('adds a leaf below the last row when enterAddsRow is on', async () => {
    const ops: unknown[] = [];
    const ev = structuredClone(seed) as unknown as Evaluation;
    const container = document.createElement('div');
    container.style.width = '1400px';
    container.style.height = '600px';
    document.body.append(container);
    const grid = createIndicatorGrid(
      container,
      { onEdits: () => undefined, onStructure: (op) => ops.push(op), onSelect: () => undefined, onUndo: () => undefined, onRedo: () => undefined },
      { enterAddsRow: true },
    );
    cleanup = () => {
      grid.destroy();
      container.remove();
    };
    grid.update(ev, createEvaluator().evaluate(ev));
    grid.hot.selectCell(0, columnIndex('reason'));
    await userEvent.keyboard('{Enter}');
    await userEvent.keyboard('{Escape}');
    expect(ops).toEqual([]);
    grid.hot.selectCell(grid.hot.countRows() - 1, columnIndex('reason'));
    await userEvent.keyboard('{F2}');
    await userEvent.keyboard('x{Enter}');
    expect(ops).toEqual([{ kind: 'insert-sibling-after', nodeId: 'D14' }]);
    grid.setEnterAddsRow(false);
    await userEvent.keyboard('{Enter}');
    expect(ops).toHaveLength(1);
  });
});

describe('a tall group’s label', () => {
  it('stays in view while the group’s rows scroll under it', async () => {
    // A pane lower than 效益's four rows, however tall the fonts at hand make them (without a
    // CJK font nothing wraps, and at 700 px the whole group was in view).
    const { grid, container } = mountLive({}, 200);
    await settle();
    // 效益's rows (D11–D14) are the last; scrolled to the bottom, 效益's merged cell starts above.
    grid.hot.scrollViewportTo({ row: grid.hot.countRows() - 1, verticalSnap: 'bottom' });
    grid.hot.render();
    await settle();
    const holder = container.querySelector('.ht_master .wtHolder') as HTMLElement;
    const view = holder.getBoundingClientRect();
    const labels = [...container.querySelectorAll<HTMLElement>('.ht_clone_inline_start td.jx-group .jx-group-label')]
      .filter((label) => {
        const td = (label.parentElement as HTMLElement).getBoundingClientRect();
        return td.top < view.top + 30 && td.bottom > view.top + 120;
      });
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) {
      const box = label.getBoundingClientRect();
      expect(box.top).toBeGreaterThanOrEqual(view.top + 20);
      expect(box.bottom).toBeLessThanOrEqual(view.bottom);
    }
  });
});
