/**
 * 一级 and 二级 appear once per group, spanning their children, as in the printed 评分表:
 * one vertical merge per run of rows under the same group.
 */
import { columnIndex } from './columns.ts';
import type { RowMap } from './row-map.ts';
import type { ColumnKey } from './types.ts';

export interface MergeArea {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

const MERGED_COLUMNS: readonly ColumnKey[] = ['level1', 'level2'];

export function groupMerges(map: RowMap): MergeArea[] {
  const merges: MergeArea[] = [];
  for (const column of MERGED_COLUMNS) {
    const col = columnIndex(column);
    let start = 0;
    while (start < map.rowCount) {
      const id = map.role(start, column) === 'group' ? map.nodeAt(start, column) : null;
      let end = start + 1;
      if (id !== null) {
        while (end < map.rowCount && map.role(end, column) === 'group' && map.nodeAt(end, column) === id) end++;
        if (end - start > 1) merges.push({ row: start, col, rowspan: end - start, colspan: 1 });
      }
      start = end;
    }
  }
  return merges;
}
