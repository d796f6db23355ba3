import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { columnIndex } from '../../../src/grid/columns.ts';
import { cellAt, mount, nextFrame, type Mounted } from './fixtures.ts';

let m: Mounted | null = null;
afterEach(() => {
  m?.destroy();
  m = null;
});

const col = columnIndex;

async function openMenuAt(mounted: Mounted, row: number, column: number): Promise<HTMLElement> {
  mounted.grid.hot.selectCell(row, column);
  await userEvent.click(cellAt(mounted, row, column), { button: 'right' });
  await nextFrame();
  const menu = document.querySelector<HTMLElement>('.htContextMenu');
  if (!menu) throw new Error('context menu did not open');
  return menu;
}

function menuItem(menu: HTMLElement, label: string): HTMLElement {
  const item = [...menu.querySelectorAll<HTMLElement>('td')].find((td) => td.textContent?.trim() === label);
  if (!item) throw new Error(`no menu item ${label}`);
  return item;
}

describe('structural operations', () => {
  it('lists the Chinese commands in the context menu and emits the chosen one', async () => {
    m = mount();
    const menu = await openMenuAt(m, 2, col('target'));
    const labels = [...menu.querySelectorAll('td')].map((td) => td.textContent?.trim()).filter(Boolean);
    for (const label of ['在下方插入指标', '在上方插入指标', '插入下级指标', '删除指标', '升级(左移)', '降级(右移)', '上移', '下移']) {
      expect(labels).toContain(label);
    }
    await userEvent.click(menuItem(menu, '在下方插入指标'));
    expect(m.log.ops).toEqual([{ kind: 'insert-sibling-after', nodeId: 'mbhl' }]);
  });

  it('greys out the commands that cannot apply, and they emit nothing', async () => {
    m = mount();
    const disabled = (menu: HTMLElement) =>
      [...menu.querySelectorAll('td.htDisabled')].map((td) => td.textContent?.trim() ?? '').sort();
    // 决策: a 一级 and the first of its siblings.
    let menu = await openMenuAt(m, 0, col('level1'));
    expect(disabled(menu)).toEqual(['上移', '升级(左移)', '降级(右移)'].sort());
    expect(menuItem(menu, '上移').classList.contains('htDisabled')).toBe(true);
    m.grid.hot.getPlugin('contextMenu').executeCommand('move-up');
    expect(m.log.ops).toEqual([]);
    await userEvent.keyboard('{Escape}');

    // 绩效指标明确性: the last child of 绩效目标, with a sibling before it.
    menu = await openMenuAt(m, 3, col('target'));
    expect(disabled(menu)).toEqual(['下移']);
    await userEvent.keyboard('{Escape}');

    // 过程: the last 一级.
    menu = await openMenuAt(m, 4, col('level1'));
    expect(disabled(menu)).toEqual(['下移', '升级(左移)'].sort());
  });

  it('acts on the group when the menu is opened on a group cell', async () => {
    m = mount();
    const menu = await openMenuAt(m, 2, col('level2'));
    await userEvent.click(menuItem(menu, '上移'));
    expect(m.log.ops).toEqual([{ kind: 'move-up', nodeId: 'jxmb' }]);
  });

  it('deletes every selected row’s indicator', () => {
    m = mount();
    m.grid.hot.selectCell(1, col('target'), 3, col('actual'));
    m.grid.hot.getPlugin('contextMenu').executeCommand('delete');
    expect(m.log.ops).toEqual([{ kind: 'delete', nodeIds: ['lxcx', 'mbhl', 'zbmq'] }]);
  });

  it('maps the keyboard shortcuts to operations', async () => {
    m = mount();
    m.grid.hot.selectCell(3, col('target'));
    await userEvent.keyboard('{Alt>}{Shift>}{ArrowRight}{/Shift}{/Alt}');
    await userEvent.keyboard('{Alt>}{Shift>}{ArrowLeft}{/Shift}{/Alt}');
    await userEvent.keyboard('{Alt>}{Shift>}{ArrowUp}{/Shift}{/Alt}');
    await userEvent.keyboard('{Alt>}{Shift>}{ArrowDown}{/Shift}{/Alt}');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    expect(m.log.ops).toEqual([
      { kind: 'indent', nodeId: 'zbmq' },
      { kind: 'outdent', nodeId: 'zbmq' },
      { kind: 'move-up', nodeId: 'zbmq' },
      { kind: 'move-down', nodeId: 'zbmq' },
      { kind: 'insert-sibling-after', nodeId: 'zbmq' },
    ]);
    // The selection did not move: the keys were the grid's, not navigation.
    expect(m.grid.hot.getSelectedLast()?.slice(0, 2)).toEqual([3, col('target')]);
    expect(m.log.edits).toEqual([]);
  });

  it('routes Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z to the UI’s history', async () => {
    m = mount();
    m.grid.hot.selectCell(0, col('criteria'));
    await userEvent.keyboard('{Control>}z{/Control}');
    await userEvent.keyboard('{Control>}y{/Control}');
    await userEvent.keyboard('{Control>}{Shift>}Z{/Shift}{/Control}');
    expect(m.log.undo).toBe(1);
    expect(m.log.redo).toBe(2);
    expect(m.log.edits).toEqual([]);
  });

  it('reports the selected cell as node and column', () => {
    m = mount();
    m.grid.hot.selectCell(4, col('actual'));
    expect(m.log.selections.at(-1)).toEqual({ nodeId: 'zjdw', column: 'actual' });
    m.grid.hot.selectCell(0, col('level1'));
    expect(m.log.selections.at(-1)).toEqual({ nodeId: 'jc', column: 'level1' });
  });

  it('selects and scrolls to a node’s cell on select()', () => {
    m = mount();
    m.grid.select('zbmq', 'score');
    expect(m.grid.hot.getSelectedLast()?.slice(0, 2)).toEqual([3, col('score')]);
    m.grid.select('jxmb', 'weight');
    expect(m.grid.hot.getSelectedLast()?.slice(0, 2)).toEqual([2, col('level2')]);
    m.grid.select('zd', 'score');
    expect(m.grid.hot.getSelectedLast()?.slice(0, 2)).toEqual([5, col('level3')]);
  });
});
