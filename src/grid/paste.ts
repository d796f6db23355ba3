/**
 * A paste from Excel/WPS that runs past the last row: the rows that fit are pasted as
 * edits, the rest become new leaves (StructureOp 'append-leaves') after the last row's
 * leaf, keyed by the visible columns they landed in, as pasted text.
 */
import type { Id } from '../domain/index.ts';
import { columnKeyAt, COLUMN_ORDER } from './columns.ts';
import type { ColumnKey, StructureOp } from './types.ts';

export interface PasteTarget {
  startRow: number;
  startCol: number;
  rowCount: number;
  /** Physical column indexes that are hidden (a paste skips them, as Handsontable does). */
  hidden: ReadonlySet<number>;
  lastLeafId: Id | null;
}

/**
 * Removes from `data` the rows that fall past the last row and returns them as an
 * append op (or null when everything fits).
 */
export function splitOverflow(data: unknown[][], target: PasteTarget): StructureOp | null {
  const fits = Math.max(0, target.rowCount - target.startRow);
  if (data.length <= fits) return null;
  const overflow = data.splice(fits);
  const columns: ColumnKey[] = [];
  for (let col = target.startCol; col < COLUMN_ORDER.length; col++) {
    if (target.hidden.has(col)) continue;
    const key = columnKeyAt(col);
    if (key) columns.push(key);
  }
  const rows = overflow.map((cells) => {
    const row: Partial<Record<ColumnKey, string>> = {};
    cells.forEach((cell, index) => {
      const key = columns[index];
      const text = cell === null || cell === undefined ? '' : String(cell);
      if (key && text !== '') row[key] = text;
    });
    return row;
  });
  return { kind: 'append-leaves', afterNodeId: target.lastLeafId, rows };
}
