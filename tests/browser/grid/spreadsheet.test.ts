/** What spreadsheet users expect of the grid: fill down / right, row filters, density, zoom. */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { columnIndex } from '../../../src/grid/columns.ts';
import { mount, nextFrame, type Mounted } from './fixtures.ts';

let m: Mounted | null = null;
afterEach(() => {
  m?.destroy();
  m = null;
});
const col = columnIndex;

describe('fill', () => {
  it('Ctrl+D copies the first row of the selection down, as one onEdits (one undo step)', async () => {
    m = mount();
    m.grid.hot.selectCell(0, col('target'), 2, col('actual'));
    m.grid.hot.setDataAtCell(0, col('target'), '≥95%', 'loadData');
    m.grid.hot.setDataAtCell(0, col('actual'), '96%', 'loadData');
    m.grid.hot.selectCell(0, col('target'), 2, col('actual'));
    await userEvent.keyboard('{Control>}d{/Control}');
    expect(m.log.edits).toHaveLength(1);
    expect(m.log.edits[0]).toEqual([
      { nodeId: 'lxcx', field: 'target', value: '≥95%' },
      { nodeId: 'lxcx', field: 'actual', value: '96%' },
      { nodeId: 'mbhl', field: 'target', value: '≥95%' },
      { nodeId: 'mbhl', field: 'actual', value: '96%' },
    ]);
  });

  it('Ctrl+D on one cell takes the value above; Ctrl+R on one cell the value to its left', async () => {
    m = mount();
    m.grid.hot.selectCell(3, col('target'));
    await userEvent.keyboard('{Control>}d{/Control}');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'zbmq', field: 'target', value: '' }]);
    m.grid.hot.selectCell(4, col('actual'));
    await userEvent.keyboard('{Control>}r{/Control}');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'zjdw', field: 'actual', value: '=100%' }]);
  });

  it('leaves group cells alone', async () => {
    m = mount();
    m.grid.hot.selectCell(0, col('level1'), 5, col('level1'));
    await userEvent.keyboard('{Control>}d{/Control}');
    expect(m.log.edits).toEqual([]);
  });
});

describe('row filter', () => {
  it('shows only the chosen leaves, and every row again when cleared', async () => {
    m = mount();
    m.grid.setVisibleLeaves(new Set(['zbmq', 'zjdw']));
    await nextFrame();
    const shown = () => [...m!.container.querySelectorAll('.ht_master tbody tr')].length;
    expect(shown()).toBe(2);
    expect(m.grid.hot.getPlugin('hiddenRows').getHiddenRows()).toEqual([0, 1, 2, 5]);
    m.grid.setVisibleLeaves(null);
    await nextFrame();
    expect(shown()).toBe(6);
  });
});

describe('density and zoom', () => {
  it('compact: one line per cell, the full text in the tooltip', async () => {
    m = mount();
    const long = '项目立项具备明确的文件依据，得3分；否则不得分。'.repeat(4);
    m.grid.hot.setDataAtCell(0, col('criteria'), long, 'loadData');
    m.grid.hot.render();
    await nextFrame();
    const td = () => m!.grid.hot.getCell(0, col('criteria')) as HTMLTableCellElement;
    const tall = td().getBoundingClientRect().height;
    m.grid.setDensity('compact');
    await nextFrame();
    expect(td().getBoundingClientRect().height).toBeLessThan(tall);
    expect(td().getBoundingClientRect().height).toBeLessThan(40);
    expect(td().title).toContain(long);
  });

  it('zoom scales the text and the column widths', async () => {
    m = mount();
    const width = m.grid.hot.getColWidth(col('weight'));
    m.grid.setZoom(1.25);
    await nextFrame();
    expect(m.grid.hot.getColWidth(col('weight'))).toBeGreaterThan(width);
    const td = m.grid.hot.getCell(0, col('weight')) as HTMLTableCellElement;
    expect(getComputedStyle(td).fontSize).toBe('18px');
  });
});
