/**
 * 一级 and 二级 appear once per group, spanning their children, as in the printed 评分表.
 *
 * A group of up to MAX_MERGED_ROWS rows is a real Handsontable merged cell. A bigger one is
 * drawn as a span instead: its label in the first row, no borders between its rows. The
 * reason is speed: Handsontable renders every row of a merged cell that touches the
 * viewport, so a 1,000-row 一级 would make every render draw 1,000 rows. The 评分表 of the
 * reports (a few rows per group) always gets real merges.
 */
import { columnIndex } from './columns.ts';
import type { RowMap } from './row-map.ts';
import type { ColumnKey } from './types.ts';

export const MAX_MERGED_ROWS = 40;

export interface MergeArea {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

/** Where a cell sits in a drawn (not merged) span: its first row, its last, or inside. */
export interface SpanPosition {
  first: boolean;
  last: boolean;
}

const MERGED_COLUMNS: readonly ColumnKey[] = ['level1', 'level2'];

export class MergeLayout {
  readonly merges: MergeArea[] = [];
  /** Per merged column: for each row in a drawn span, the span's first and last row; else -1. */
  private readonly spanStart = new Map<ColumnKey, Int32Array>();
  private readonly spanEnd = new Map<ColumnKey, Int32Array>();

  constructor(map: RowMap, maxMergedRows = MAX_MERGED_ROWS) {
    for (const column of MERGED_COLUMNS) {
      const col = columnIndex(column);
      const starts = new Int32Array(map.rowCount).fill(-1);
      const ends = new Int32Array(map.rowCount).fill(-1);
      this.spanStart.set(column, starts);
      this.spanEnd.set(column, ends);
      let start = 0;
      while (start < map.rowCount) {
        const id = map.role(start, column) === 'group' ? map.nodeAt(start, column) : null;
        let end = start + 1;
        if (id !== null) {
          while (end < map.rowCount && map.role(end, column) === 'group' && map.nodeAt(end, column) === id) end++;
          const rowspan = end - start;
          if (rowspan > maxMergedRows) {
            starts.fill(start, start, end);
            ends.fill(end - 1, start, end);
          } else if (rowspan > 1) {
            this.merges.push({ row: start, col, rowspan, colspan: 1 });
          }
        }
        start = end;
      }
    }
  }

  /** The cell's place in a drawn span, or null when it is not in one. */
  spanAt(row: number, column: ColumnKey): SpanPosition | null {
    const starts = this.spanStart.get(column);
    const start = starts?.[row];
    if (start === undefined || start < 0) return null;
    const end = this.spanEnd.get(column)?.[row] ?? start;
    return { first: row === start, last: row === end };
  }
}

export const EMPTY_LAYOUT: { merges: MergeArea[]; spanAt(row: number, column: ColumnKey): SpanPosition | null } = {
  merges: [],
  spanAt: () => null,
};
