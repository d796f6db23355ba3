import { afterEach, describe, expect, it } from 'vitest';
import { columnIndex } from '../../../src/grid/columns.ts';
import { cellAt, evaluation, group, leaf, mount, mountWith, resultOf, type Mounted } from './fixtures.ts';

let m: Mounted | null = null;
afterEach(() => {
  m?.destroy();
  m = null;
});

const col = columnIndex;

describe('the 评分表 layout', () => {
  it('shows one row per leaf, in tree order', () => {
    m = mount();
    expect(m.grid.hot.countRows()).toBe(6);
    expect(m.grid.hot.getDataAtCell(0, col('level3'))).toBe('立项依据充分性');
    expect(m.grid.hot.getDataAtCell(3, col('level3'))).toBe('绩效指标明确性');
  });

  it('merges 一级 and 二级 over their children, with weights and subtotals', () => {
    m = mount();
    const level1 = cellAt(m, 0, col('level1'));
    expect(level1.getAttribute('rowspan')).toBe('4');
    expect(level1.querySelector('.jx-group-name')?.textContent).toBe('决策 (15分)');
    // 3 + 2 + 3 + 5.33 = 13.33 of 15
    expect(level1.querySelector('.jx-subtotal')?.textContent).toBe('得分 13.33 · 88.87%');
    const level2 = cellAt(m, 2, col('level2'));
    expect(level2.getAttribute('rowspan')).toBe('2');
    expect(level2.querySelector('.jx-group-name')?.textContent).toBe('绩效目标 (10分)');
    expect(level2.classList.contains('jx-group')).toBe(true);
  });

  it('shows a leaf at level 2 in the 二级 column with a blank read-only 三级', () => {
    m = mount();
    const hot = m.grid.hot;
    expect(hot.getDataAtCell(4, col('level2'))).toBe('资金到位率');
    expect(hot.getDataAtCell(4, col('level3'))).toBe('');
    expect(hot.getCellMeta(4, col('level3')).readOnly).toBe(true);
    expect(cellAt(m, 4, col('level3')).classList.contains('jx-filler')).toBe(true);
    expect(cellAt(m, 4, col('level2')).classList.contains('jx-group')).toBe(false);
  });

  it('shows a leaf deeper than 3 levels as its path below level 2', () => {
    m = mount();
    expect(m.grid.hot.getDataAtCell(5, col('level3'))).toBe('管理制度 › 管理制度健全性');
    expect(cellAt(m, 5, col('level3')).classList.contains('jx-deep')).toBe(true);
  });

  it('draws a group too big for a real merge as a span: label once, no merge', () => {
    const leaves = Array.from({ length: 45 }, (_, i) => leaf(`l${i}`, `指标${i}`, 1, { enteredScore: 1 }));
    m = mount(evaluation([group('big', '产出', 45, leaves)]), {});
    expect(m.grid.hot.getSettings().mergeCells).toEqual([]);
    const first = cellAt(m, 0, col('level1'));
    expect(first.getAttribute('rowspan')).toBeNull();
    expect(first.querySelector('.jx-group-name')?.textContent).toBe('产出 (45分)');
    expect(first.classList.contains('jx-span-open')).toBe(true);
    const inner = cellAt(m, 1, col('level1'));
    expect(inner.textContent).toBe('');
    expect(inner.classList.contains('jx-span-inner')).toBe(true);
  });

  it('in compact density, a pinned 得分 (its 固 badge), a 部分完成 and short 指标值 / 实际完成值 show whole, not cut to "3.…"', () => {
    // A pane narrower than the columns, so that nothing is stretched: the widths as set.
    const ev = evaluation([
      group('g', '产出', 30, [
        leaf('pinned', '验收合格率', 10, { rule: { type: 'ratio', rateDecimals: 2 }, pinned: true, enteredScore: 10 }),
        leaf('partial', '完成及时性', 20, { enteredScore: 13.5, target: '≥106平方米', actual: '102.13万元' }),
      ]),
    ]);
    m = mountWith(ev, resultOf(ev, { pinned: { computed: 8 }, partial: { status: '部分完成' } }), { density: 'compact' }, 1150);
    const whole = (td: HTMLTableCellElement): boolean => {
      const range = document.createRange();
      range.selectNodeContents(td);
      const text = range.getBoundingClientRect();
      const box = td.getBoundingClientRect();
      const style = getComputedStyle(td);
      const right = box.right - Number.parseFloat(style.paddingRight) - Number.parseFloat(style.borderRightWidth);
      return text.width > 0 && text.right <= right + 0.5;
    };
    const score = cellAt(m, 0, col('score'));
    expect(score.classList.contains('jx-pinned')).toBe(true);
    expect(score.textContent).toBe('10.00');
    expect(whole(score), `得分 ${score.getBoundingClientRect().width}px wide`).toBe(true);
    const status = cellAt(m, 1, col('status'));
    expect(status.textContent).toBe('部分完成');
    expect(whole(status), `完成情况 ${status.getBoundingClientRect().width}px wide`).toBe(true);
    for (const key of ['target', 'actual'] as const) {
      const td = cellAt(m, 1, col(key));
      expect(td.textContent).toMatch(/^(≥106平方米|102\.13万元)$/);
      expect(whole(td), `${key} ${td.getBoundingClientRect().width}px wide`).toBe(true);
    }
  });

  it('renders user text as text, never as HTML', () => {
    const xss = '<img src=x onerror=alert(1)>';
    m = mount(evaluation([group('g', xss, 10, [leaf('a', xss, 10, { criteria: xss, enteredScore: 5 })])]), {});
    const group1 = cellAt(m, 0, col('level1'));
    const name = cellAt(m, 0, col('level2'));
    const criteria = cellAt(m, 0, col('criteria'));
    expect(name.textContent).toBe(xss);
    expect(criteria.textContent).toBe(xss);
    expect(group1.querySelector('.jx-group-name')?.textContent).toBe(`${xss} (10分)`);
    expect(m.container.querySelector('img')).toBeNull();
  });

  it('hides 编号 and 指标说明 by default and shows/hides columns on demand', () => {
    m = mount();
    const plugin = m.grid.hot.getPlugin('hiddenColumns');
    expect(plugin.isHidden(col('code'))).toBe(true);
    expect(plugin.isHidden(col('guidance'))).toBe(true);
    const headers = () => [...m!.container.querySelectorAll('thead th')].map((th) => th.textContent ?? '');
    expect(headers().some((t) => t.includes('编号'))).toBe(false);
    expect(headers().some((t) => t.includes('评分标准'))).toBe(true);

    m.grid.setHiddenColumns(['criteria']);
    expect(plugin.isHidden(col('code'))).toBe(false);
    expect(plugin.isHidden(col('criteria'))).toBe(true);
    expect(headers().some((t) => t.includes('编号'))).toBe(true);
    expect(headers().some((t) => t.includes('评分标准'))).toBe(false);
  });

  it('reports resized column widths by key', () => {
    const reported: Partial<Record<string, number>>[] = [];
    m = mount(undefined, undefined, { columnWidths: { level1: 90 }, onColumnWidths: (w) => reported.push(w) });
    m.grid.hot.runHooks('afterColumnResize', 300, col('criteria'), false);
    expect(reported).toEqual([{ level1: 90, criteria: 300 }]);
  });

  it('freezes the name columns and takes column widths from the options', () => {
    m = mount(undefined, undefined, { columnWidths: { criteria: 333 } });
    expect(m.grid.hot.getSettings().fixedColumnsStart).toBe(3);
    expect(m.grid.hot.getColWidth(col('criteria'))).toBe(333);
  });
});
