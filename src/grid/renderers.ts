/**
 * The one renderer of every cell. User text is written with textContent only, never as
 * HTML: an indicator named "<img src=x onerror=…>" shows those characters. Bidi controls
 * are shown as marks (⟨U+202E⟩), never left to reverse the cell (domain visibleText).
 */
import type { CellProperties, HotInstance } from 'handsontable/base';
import { baseRenderer } from 'handsontable/renderers/baseRenderer';
import { visibleText } from '../domain/index.ts';
import { cellLook } from './cell-look.ts';
import { isColumnKey } from './columns.ts';
import type { GridState } from './grid-state.ts';

export type CellRenderer = (
  hot: HotInstance,
  td: HTMLTableCellElement,
  row: number,
  col: number,
  prop: string | number,
  value: unknown,
  cellProperties: CellProperties,
) => void;

/**
 * A cell shows at most this many characters. Laying out a megabyte of wrapped text (and
 * measuring the row's height for it) blocked the page for seconds after each edit; the
 * editor still opens on the whole text, and nothing stored is cut.
 */
export const SHOWN_CELL_CHARS = 5000;

function shownText(raw: string): string {
  if (raw.length <= SHOWN_CELL_CHARS) return visibleText(raw);
  return `${visibleText(raw.slice(0, SHOWN_CELL_CHARS))}…（共 ${raw.length.toLocaleString('en-US')} 字，双击查看全文）`;
}

export function createCellRenderer(getState: () => GridState): CellRenderer {
  return (hot, td, row, col, prop, value, cellProperties) => {
    baseRenderer(hot, td, row, col, prop, value, cellProperties);
    const text = value === null || value === undefined ? '' : shownText(String(value));
    td.textContent = text;
    if (!isColumnKey(prop)) {
      td.removeAttribute('title');
      return;
    }
    const look = cellLook(getState(), hot.toPhysicalRow(row), prop, text);
    if (look.hideText) td.textContent = '';
    if (look.subline !== null) {
      td.textContent = '';
      const name = td.ownerDocument.createElement('div');
      name.className = 'jx-group-name';
      name.textContent = text;
      const subtotal = td.ownerDocument.createElement('div');
      subtotal.className = 'jx-subtotal';
      subtotal.textContent = look.subline;
      // One block, so the label sticks in view as a whole while a tall group scrolls (grid.css).
      const label = td.ownerDocument.createElement('div');
      label.className = 'jx-group-label';
      label.append(name, subtotal);
      td.append(label);
    }
    if (look.classes.length > 0) td.classList.add(...look.classes);
    // TDs are recycled while scrolling: a tooltip must be cleared as surely as it is set.
    if (look.tips.length > 0) td.title = look.tips.join('\n');
    else td.removeAttribute('title');
  };
}
