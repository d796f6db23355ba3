import { afterEach, describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/domain/index.ts';
import type { Evaluation } from '../../../src/domain/index.ts';
import { columnIndex } from '../../../src/grid/columns.ts';
import { createIndicatorGrid, type IndicatorGrid } from '../../../src/grid/index.ts';
import seed from '../../fixtures/seed-000-annex3.json';
import { nextFrame, recorder, withIndicator } from './fixtures.ts';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function mountSeed(width = 1400, height = 800): { grid: IndicatorGrid; ev: Evaluation; container: HTMLDivElement } {
  const ev = structuredClone(seed) as unknown as Evaluation;
  const container = document.createElement('div');
  container.style.width = `${width}px`;
  container.style.height = `${height}px`;
  document.body.append(container);
  // 评分标准, 指标解释 and 扣分原因 shown: the long texts wrap and make rows tall.
  const grid = createIndicatorGrid(container, recorder().callbacks, { hiddenColumns: ['code', 'guidance'] });
  grid.update(ev, evaluate(ev));
  cleanup = () => {
    grid.destroy();
    container.remove();
  };
  return { grid, ev, container };
}

interface RowBox {
  top: number;
  height: number;
}

function bodyRows(container: HTMLElement, overlay: string): RowBox[] {
  const rows = container.querySelectorAll<HTMLTableRowElement>(`.${overlay} .htCore tbody tr`);
  return [...rows].map((tr) => {
    const rect = tr.getBoundingClientRect();
    return { top: Math.round(rect.top), height: Math.round(rect.height) };
  });
}

/** Every rendered row of the frozen (left) part against the same row of the scrolling part. */
function misalignments(container: HTMLElement): string[] {
  const master = bodyRows(container, 'ht_master');
  const left = bodyRows(container, 'ht_clone_inline_start');
  const problems: string[] = [];
  if (left.length === 0) problems.push('the frozen overlay rendered no rows');
  if (left.length !== master.length) problems.push(`rendered rows: left ${left.length}, main ${master.length}`);
  left.forEach((box, index) => {
    const other = master[index];
    if (!other) return;
    if (Math.abs(box.height - other.height) > 1 || Math.abs(box.top - other.top) > 1) {
      problems.push(`row ${index}: left top ${box.top} h ${box.height}, main top ${other.top} h ${other.height}`);
    }
  });
  return problems;
}

async function settle(): Promise<void> {
  await nextFrame();
  await nextFrame();
}

describe('the frozen name columns', () => {
  it('line up with their rows when long texts wrap, after scrolling and after update()', async () => {
    const { grid, ev, container } = mountSeed();
    await settle();
    // The fixture's long texts must actually wrap, or this test proves nothing.
    const heights = bodyRows(container, 'ht_master').map((row) => row.height);
    expect(Math.max(...heights)).toBeGreaterThan(60);
    expect(misalignments(container)).toEqual([]);

    grid.hot.scrollViewportTo({ row: 14, verticalSnap: 'top' });
    grid.hot.render();
    await settle();
    expect(misalignments(container)).toEqual([]);

    const next = withIndicator(ev, 'B23', (node) => ({ ...node, reason: `${node.reason ?? ''}${'补充说明。'.repeat(30)}` }));
    grid.update(next, evaluate(next));
    await settle();
    expect(misalignments(container)).toEqual([]);

    grid.hot.scrollViewportTo({ row: 25, verticalSnap: 'bottom' });
    grid.hot.render();
    await settle();
    expect(misalignments(container)).toEqual([]);

    // Scrolled right, the main table no longer draws the name columns: a row made tall by
    // its long name alone must still be as tall on both sides.
    const named = withIndicator(next, 'D13', (node) => ({ ...node, name: '名称很长的指标'.repeat(12), reason: '' }));
    grid.update(named, evaluate(named));
    grid.hot.scrollViewportTo({ row: 25, col: columnIndex('reason'), verticalSnap: 'bottom' });
    grid.hot.render();
    await settle();
    expect(grid.hot.view.getFirstRenderedVisibleColumn()).toBeGreaterThan(2);
    expect(misalignments(container)).toEqual([]);
  });
});

describe('the grid’s width and rows when columns are hidden', () => {
  const longTexts = ['code', 'guidance', 'criteria', 'explanation', 'reason'] as const;

  it('fills its container’s width when the long-text columns are hidden', async () => {
    const { grid, container } = mountSeed();
    grid.setHiddenColumns([...longTexts]);
    await settle();
    const left = container.getBoundingClientRect().left;
    const headers = [...container.querySelectorAll<HTMLElement>('.ht_master thead th')];
    const width = Math.max(0, ...headers.map((th) => th.getBoundingClientRect().right - left));
    console.log(`columns reach ${Math.round(width)} px of a 1400 px container`);
    expect(width).toBeGreaterThan(1400 - 40);
    expect(width).toBeLessThanOrEqual(1400);
  });

  it('keeps a column the user resized at its width while the others stretch', async () => {
    const { grid } = mountSeed();
    grid.setHiddenColumns([...longTexts]);
    await settle();
    grid.hot.getPlugin('manualColumnResize').setManualSize(columnIndex('target'), 300);
    grid.hot.render();
    await settle();
    expect(grid.hot.getColWidth(columnIndex('target'))).toBe(300);
  });

  it('draws every row that fits once the tall rows shrink', async () => {
    const { grid, container } = mountSeed();
    await settle();
    grid.setHiddenColumns([...longTexts]);
    await settle();
    // 26 one-line rows fit in 800 px: all of them must be drawn, not just the few that fit
    // while the rows were tall.
    expect(container.querySelectorAll('.ht_master .htCore tbody tr').length).toBe(26);
    expect(misalignments(container)).toEqual([]);
  });
});
