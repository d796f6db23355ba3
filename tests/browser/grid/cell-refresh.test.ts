// An edit redraws only the cells it changes, in place (cell-refresh.ts), and Handsontable's held
// render becomes a fast draw. The oracle is Handsontable itself: after each edit, every drawn
// cell (master and the frozen overlay) must read exactly as after a full render of the viewport.
import { afterEach, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../src/domain/index.ts';
import { columnIndex } from '../../../src/grid/columns.ts';
import type { IndicatorGrid } from '../../../src/grid/indicator-grid.ts';
import { generate } from '../../bench/generate.ts';
import { nextFrame, wiredGrid } from './fixtures.ts';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

interface App {
  grid: IndicatorGrid;
  /** Whether each render since the last call was full (true) or a fast draw (false). */
  renders(): boolean[];
}

/** The wired grid, recording whether each render was full or a fast draw. */
function app(ev: Evaluation): App {
  const { grid, destroy } = wiredGrid(ev, 640);
  let kinds: boolean[] = [];
  grid.hot.addHook('beforeRender', (full: boolean) => kinds.push(full));
  cleanup = destroy;
  return {
    grid,
    renders: () => {
      const out = kinds;
      kinds = [];
      return out;
    },
  };
}

/**
 * Every drawn data cell of the master and the frozen overlay, as the user sees it, keyed by its
 * table, its row's 三级指标 and its place in the row (two full renders at one scroll position may
 * draw bands of different lengths, so only rows drawn on both sides are compared).
 */
function drawn(grid: IndicatorGrid): Map<string, string> {
  const root = grid.hot.rootElement;
  const out = new Map<string, string>();
  for (const table of root.querySelectorAll('.ht_master table.htCore, .ht_clone_inline_start table.htCore')) {
    const kind = table.closest('.ht_master') ? 'M' : 'F';
    for (const tr of (table as HTMLTableElement).tBodies[0]?.rows ?? []) {
      const name = Array.from(tr.cells).find((td) => /^三级指标\d+$/.test(td.textContent ?? ''))?.textContent ?? '?';
      Array.from(tr.cells).forEach((td, i) => {
        // A cell a merge covers is not drawn (display: none): what a full render writes into it is never seen.
        if (td.tagName !== 'TD' || td.style.display === 'none') return;
        const label = td.querySelector('.jx-group-label') as HTMLElement | null;
        const attributes = td.getAttributeNames().sort().map((n) => `${n}=${td.getAttribute(n)}`).join(' ');
        out.set(`${kind}|${name}|${i}`, `${attributes}|${td.textContent}|${label ? `L:${label.style.transform}` : ''}`);
      });
    }
  }
  return out;
}

function edit(grid: IndicatorGrid, name: string, column: Parameters<typeof columnIndex>[0], value: string): void {
  const hot = grid.hot;
  const nameCol = columnIndex('level3');
  for (let row = 0; row < hot.countRows(); row++) {
    if (hot.getDataAtCell(row, nameCol) === name) {
      hot.setDataAtCell(row, columnIndex(column), value, 'edit');
      return;
    }
  }
  throw new Error(`no row named ${name}`);
}

async function expectSameAsFullRender(grid: IndicatorGrid): Promise<void> {
  await nextFrame();
  const fast = drawn(grid);
  grid.hot.render();
  await nextFrame();
  const full = drawn(grid);
  const both = [...fast.keys()].filter((key) => full.has(key));
  expect(both.length).toBeGreaterThan(fast.size * 0.8);
  expect(both.map((key) => [key, fast.get(key)])).toEqual(both.map((key) => [key, full.get(key)]));
}

describe('cells redrawn in place after an edit', () => {
  for (const [label, ev] of [
    ['real merges (groups of 5 rows)', generate(2, 3, 5, 'small')],
    ['drawn spans (groups of 60 rows)', generate(2, 2, 60, 'big')],
  ] as const) {
    it(`${label}: an 实际完成值, a typed score and a status draw as a full render would, with fast draws`, async () => {
      const { grid, renders } = app(ev);
      await nextFrame();
      renders();
      edit(grid, '三级指标2', 'actual', '100个');
      expect(renders()).toEqual([false]);
      await expectSameAsFullRender(grid);
      renders();
      edit(grid, '三级指标3', 'score', '0');
      expect(renders()).toEqual([false]);
      await expectSameAsFullRender(grid);
      renders();
      edit(grid, '三级指标4', 'status', '未完成');
      expect(renders()).toEqual([false]);
      await expectSameAsFullRender(grid);
    });
  }

  it('a cell whose look alone changes (a finding gone after an edit elsewhere in the row) draws as a full render would', async () => {
    const { grid, renders } = app(generate(2, 2, 5, 'look')); // 分值 5: 100个 scores it in full
    await nextFrame();
    // No 扣分原因 while the score is below 分值: the empty cell is marked.
    edit(grid, '三级指标2', 'reason', '');
    await expectSameAsFullRender(grid);
    const reasonCell = () => {
      const hot = grid.hot;
      for (let row = 0; row < hot.countRows(); row++) {
        if (hot.getDataAtCell(row, columnIndex('level3')) === '三级指标2') return hot.getCell(row, columnIndex('reason'));
      }
      return null;
    };
    expect(reasonCell()?.className).toContain('jx-finding');
    renders();
    // The full score: the same empty text, no finding.
    edit(grid, '三级指标2', 'actual', '100个');
    expect(renders()).toEqual([false]);
    await expectSameAsFullRender(grid);
    expect(reasonCell()?.textContent).toBe('');
    expect(reasonCell()?.className).not.toContain('jx-finding');
  });

  it('scrolled into a tall group whose first row is above the view: still as a full render would draw', async () => {
    const { grid, renders } = app(generate(2, 2, 60, 'scrolled'));
    grid.hot.scrollViewportTo({ row: 70, col: 0, verticalSnap: 'top' });
    await nextFrame();
    grid.hot.render(); // the band a full render draws there, so both sides draw the same rows
    await nextFrame();
    renders();
    edit(grid, '三级指标75', 'actual', '0个');
    expect(renders()).toEqual([false]);
    await expectSameAsFullRender(grid);
  });

  it('a long text renders the viewport in full (only Walkontable shrinks a row that wraps less)', async () => {
    const { grid, renders } = app(generate(1, 2, 5, 'long'));
    await nextFrame();
    renders();
    edit(grid, '三级指标2', 'reason', '偏差原因说明：'.repeat(8));
    expect(renders()).toEqual([true]);
    renders();
    edit(grid, '三级指标2', 'reason', '短');
    expect(renders()).toEqual([true]);
    await expectSameAsFullRender(grid);
  });

  it('a text that wraps in its narrow column renders in full, and the frozen columns stay in line', async () => {
    const { grid, renders } = app(generate(1, 2, 5, 'wrap'));
    await nextFrame();
    renders();
    // Words that wrap to four lines or more in 实际完成值 in any font (a CJK text did not wrap
    // beyond the row's other cells on a machine without a CJK font).
    edit(grid, '三级指标2', 'actual', 'on time and within the budget set');
    expect(renders()).toEqual([true]);
    await expectSameAsFullRender(grid);
    const master = grid.hot.rootElement.querySelector('.ht_master tbody') as HTMLTableSectionElement;
    const frozen = grid.hot.rootElement.querySelector('.ht_clone_inline_start tbody') as HTMLTableSectionElement;
    const heights = (body: HTMLTableSectionElement) => Array.from(body.rows).map((tr) => tr.getBoundingClientRect().height);
    expect(heights(frozen)).toEqual(heights(master));
    renders();
    edit(grid, '三级指标2', 'actual', '9个'); // back to one line: Walkontable shrinks the row
    expect(renders()).toEqual([true]);
    await expectSameAsFullRender(grid);
    expect(heights(frozen)).toEqual(heights(master));
  });

  it('a paste through the clipboard of more rows than the view shows: selected, the view stays put, one fast draw', async () => {
    const { grid, renders } = app(generate(2, 3, 20, 'pastedown'));
    await nextFrame();
    grid.hot.selectCell(1, columnIndex('actual'));
    await nextFrame();
    const holder = grid.hot.rootElement.querySelector('.ht_master .wtHolder') as HTMLElement;
    const top = holder.scrollTop;
    renders();
    grid.hot.getPlugin('copyPaste').paste(Array.from({ length: 40 }, (_, i) => `${i}个`).join('\n'));
    expect(grid.hot.getSelectedLast()).toEqual([1, columnIndex('actual'), 40, columnIndex('actual')]);
    expect(renders()).toEqual([false]);
    await nextFrame();
    expect(holder.scrollTop).toBe(top);
    await expectSameAsFullRender(grid);
  });

  it('a paste of many cells is one fast draw, drawn as a full render would', async () => {
    const { grid, renders } = app(generate(2, 3, 5, 'paste'));
    await nextFrame();
    renders();
    const changes: [number, number, string][] = [];
    for (let row = 0; row < 12; row++) changes.push([row, columnIndex('actual'), `${row * 9}个`]);
    grid.hot.setDataAtCell(changes, 'CopyPaste.paste');
    expect(renders()).toEqual([false]);
    await expectSameAsFullRender(grid);
  });
});
