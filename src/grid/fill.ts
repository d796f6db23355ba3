import type { HotInstance } from 'handsontable/base';
import { columnKeyAt } from './columns.ts';
import type { RowMap } from './row-map.ts';

function previousVisibleRow(hot: HotInstance, row: number): number {
  for (let r = row - 1; r >= 0; r--) if (!hot.rowIndexMapper.isHidden(hot.toPhysicalRow(r))) return r;
  return -1;
}

function previousVisibleColumn(hot: HotInstance, col: number): number {
  for (let c = col - 1; c >= 0; c--) if (!hot.columnIndexMapper.isHidden(hot.toPhysicalColumn(c))) return c;
  return -1;
}

/**
 * Ctrl+D / Ctrl+R as in Excel: the selection's first row (column) copied down (right) over
 * the rest of it; a single cell takes the value above (left of) it. Group cells and read-only
 * cells are left alone. One setDataAtCell, so one onEdits: one undo step.
 */
export function fillSelection(hot: HotInstance, map: RowMap, direction: 'down' | 'right'): void {
  const range = hot.getSelectedRangeActive();
  if (!range) return;
  const from = range.getTopStartCorner();
  const to = range.getBottomEndCorner();
  let top = from.row ?? 0;
  let left = from.col ?? 0;
  const bottom = to.row ?? top;
  const right = to.col ?? left;
  if (direction === 'down' && top === bottom) top = previousVisibleRow(hot, top);
  if (direction === 'right' && left === right) left = previousVisibleColumn(hot, left);
  if (top < 0 || left < 0) return;
  const changes: [number, number, unknown][] = [];
  for (let row = top; row <= bottom; row++) {
    for (let col = left; col <= right; col++) {
      if (hot.rowIndexMapper.isHidden(hot.toPhysicalRow(row)) || hot.columnIndexMapper.isHidden(hot.toPhysicalColumn(col))) continue;
      const source = direction === 'down' ? [top, col] : [row, left];
      if (source[0] === row && source[1] === col) continue;
      const key = columnKeyAt(hot.toPhysicalColumn(col));
      const role = key ? map.role(hot.toPhysicalRow(row), key) : 'filler';
      if (!key || role === 'group' || role === 'filler' || hot.getCellMeta(row, col).readOnly) continue;
      changes.push([row, col, hot.getDataAtCell(source[0] as number, source[1] as number)]);
    }
  }
  if (changes.length > 0) hot.setDataAtCell(changes, 'edit');
}
