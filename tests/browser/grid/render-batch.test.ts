// One render per edit (issue 12): the app commits an edit inside Handsontable's afterChange and
// the grid patches the changed rows there; Handsontable's own render of that change cycle is
// held until then, so the cells are drawn once, with the new figures; a paste, which also
// selects what it pasted, draws once too.
import { afterEach, describe, expect, it } from 'vitest';
import { createEvaluator, type Evaluation } from '../../../src/domain/index.ts';
import { columnIndex } from '../../../src/grid/columns.ts';
import { subtotalLine } from '../../../src/grid/display.ts';
import type { IndicatorGrid } from '../../../src/grid/indicator-grid.ts';
import { sample, wiredGrid } from './fixtures.ts';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** The wired grid, counting its renders. */
function app(): { grid: IndicatorGrid; current: () => Evaluation; renders: () => number } {
  const { grid, current, destroy } = wiredGrid(sample());
  let renders = 0;
  grid.hot.addHook('afterRender', () => renders++);
  cleanup = destroy;
  return { grid, current, renders: () => renders };
}

describe('one render per edit', () => {
  it('an edited score: one render, and it shows the new score and the new subtotals', () => {
    const { grid, current, renders } = app();
    const before = renders();
    grid.hot.setDataAtCell(2, columnIndex('score'), '1', 'edit');
    expect(renders() - before).toBe(1);
    const result = createEvaluator().evaluate(current());
    expect(result.nodes.get('mbhl')?.score).toBe(1);
    expect(grid.hot.getCell(2, columnIndex('score'))?.textContent).toBe('1.00');
    const level1 = grid.hot.getCell(0, columnIndex('level1'), true);
    expect(level1?.querySelector('.jx-subtotal')?.textContent).toBe(subtotalLine(result.nodes.get('jc')));
  });

  it('a many-cell change (a paste) is one commit and one render', () => {
    const { grid, current, renders } = app();
    const before = renders();
    const changes: [number, number, string][] = [];
    for (let row = 0; row < 6; row++) for (const key of ['reason', 'target'] as const) changes.push([row, columnIndex(key), `第${row}行${key}`]);
    grid.hot.setDataAtCell(changes, 'CopyPaste.paste');
    expect(renders() - before).toBe(1);
    expect(grid.hot.getCell(1, columnIndex('reason'))?.textContent).toBe('第1行reason');
    expect(current().indicators[0]?.children[0]?.children[1]?.reason).toBe('第1行reason');
  });

  it('a paste through the clipboard plugin: written, selected and drawn in one render', () => {
    const { grid, current, renders } = app();
    grid.hot.selectCell(0, columnIndex('reason'));
    const before = renders();
    grid.hot.getPlugin('copyPaste').paste('甲\n乙\n丙');
    expect(renders() - before).toBe(1);
    expect(grid.hot.getSelectedLast()).toEqual([0, columnIndex('reason'), 2, columnIndex('reason')]);
    expect(grid.hot.getCell(2, columnIndex('reason'))?.textContent).toBe('丙');
    expect(current().indicators[0]?.children[1]?.children[0]?.reason).toBe('丙');
    expect(grid.hot.isRenderSuspended()).toBe(false);
  });

  it('a change the grid refuses (a read-only cell) still draws: nothing is left suspended', () => {
    const { grid, renders } = app();
    grid.hot.setDataAtCell(2, columnIndex('rate'), '50%', 'edit');
    const before = renders();
    grid.hot.render();
    expect(renders() - before).toBe(1);
    expect(grid.hot.isRenderSuspended()).toBe(false);
  });
});
