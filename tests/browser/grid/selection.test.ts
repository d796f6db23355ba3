import { afterEach, describe, expect, it } from 'vitest';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { columnIndex } from '../../../src/grid/columns.ts';
import { mount, resultOf, sample, sampleFacts, type Mounted } from './fixtures.ts';

let m: Mounted | null = null;
afterEach(() => {
  m?.destroy();
  m = null;
});

const col = columnIndex;

function without(ev: Evaluation, ids: readonly string[]): Evaluation {
  const prune = (list: Indicator[]): Indicator[] =>
    list.filter((node) => !ids.includes(node.id)).map((node) => ({ ...node, children: prune(node.children) }));
  return { ...ev, indicators: prune(ev.indicators) };
}

function show(mounted: Mounted, ev: Evaluation): void {
  mounted.grid.update(ev, resultOf(ev, sampleFacts));
}

describe('the selection when its row goes away', () => {
  it('moves to the new last row when the selected last row is deleted', () => {
    m = mount();
    m.grid.hot.selectCell(5, col('actual'));
    show(m, without(sample(), ['zzss']));
    expect(m.grid.hot.countRows()).toBe(5);
    expect(m.grid.hot.getSelectedLast()?.slice(0, 2)).toEqual([4, col('actual')]);
    expect(m.log.selections.at(-1)).toEqual({ nodeId: 'zjdw', column: 'actual' });
  });

  it('stays valid when a selected group loses all its leaves', () => {
    m = mount();
    m.grid.hot.selectCell(2, col('level2'), 3, col('score'));
    show(m, without(sample(), ['mbhl', 'zbmq']));
    const selected = m.grid.hot.getSelectedLast();
    expect(selected).toBeDefined();
    const [row = -1, column = -1] = selected ?? [];
    expect(row).toBeGreaterThanOrEqual(0);
    expect(row).toBeLessThan(m.grid.hot.countRows());
    expect(column).toBe(col('level2'));
  });

  it('clears the selection when every indicator is deleted, and shows rows again later', () => {
    m = mount();
    m.grid.hot.selectCell(5, col('score'));
    show(m, { ...sample(), indicators: [] });
    expect(m.grid.hot.countRows()).toBe(0);
    expect(m.grid.hot.getSelected()).toBeUndefined();
    expect(m.log.selections.at(-1)).toBeNull();
    show(m, sample());
    expect(m.grid.hot.countRows()).toBe(6);
  });

  it('keeps a range selected across a rebuild within the new row count', () => {
    m = mount();
    m.grid.hot.selectCell(3, col('target'), 5, col('actual'));
    show(m, without(sample(), ['gc']));
    const [row = -1, , row2 = -1] = m.grid.hot.getSelectedLast() ?? [];
    expect(row).toBeLessThan(4);
    expect(row2).toBeLessThan(4);
  });
});
