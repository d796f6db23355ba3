import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { columnIndex } from '../../../src/grid/columns.ts';
import { mount, type Mounted } from './fixtures.ts';

let m: Mounted | null = null;
let outside: HTMLButtonElement | null = null;
afterEach(() => {
  m?.destroy();
  m = null;
  outside?.remove();
  outside = null;
});

describe('where the keyboard goes', () => {
  it('keeps the focus in the editor textarea once a cell is selected, so an IME composition lands in the cell', async () => {
    m = mount();
    m.grid.hot.selectCell(4, columnIndex('actual'));
    await expect.poll(() => document.activeElement?.tagName).toBe('TEXTAREA');
    expect(m.container.contains(document.activeElement)).toBe(true);
  });

  it('takes the keyboard on select() from a click outside the grid (a finding), so typing edits that cell', async () => {
    m = mount();
    const mounted = m;
    outside = document.createElement('button');
    outside.textContent = '资金到位率：未填写实际完成值';
    outside.addEventListener('click', () => mounted.grid.select('zjdw', 'actual'));
    document.body.append(outside);
    await userEvent.click(outside);
    expect(m.grid.hot.getSelectedLast()?.slice(0, 2)).toEqual([4, columnIndex('actual')]);
    await expect.poll(() => mounted.grid.hot.isListening()).toBe(true);
    await userEvent.keyboard('88%{Enter}');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'zjdw', field: 'actual', value: '88%' }]);
  });
});
