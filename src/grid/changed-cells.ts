/**
 * What an in-place update changes: which indicators (by their place in the row map) have a new
 * object or a new result, the rows' texts refilled for them, and the drawn cells that show them.
 * The model is immutable, so identity says what changed; the cells go to cell-refresh.ts.
 */
import type { EvaluationResult, Id, Indicator, NodeResult } from '../domain/index.ts';
import { RESULT_LOOK_COLUMNS } from './cell-look.ts';
import { COLUMN_ORDER, columnIndex } from './columns.ts';
import { fillRow, type RowData, type SelfScoreMap } from './display.ts';
import type { RowMap } from './row-map.ts';

/**
 * 1 for each indicator (in the row map's order) whose object or result is not the one drawn;
 * `shown` is brought up to date with the new results.
 */
export function changedIndicators(map: RowMap, nodes: readonly Indicator[], previous: readonly Indicator[], result: EvaluationResult, shown: (NodeResult | undefined)[]): Uint8Array {
  const { ids } = map;
  const changed = new Uint8Array(ids.length);
  for (let index = 0; index < ids.length; index++) {
    const nodeResult = result.nodes.get(ids[index] as Id);
    if (nodes[index] !== previous[index] || nodeResult !== shown[index]) changed[index] = 1;
    shown[index] = nodeResult;
  }
  return changed;
}

export interface Refill {
  map: RowMap;
  data: RowData[];
  nodes: readonly Indicator[];
  result: EvaluationResult;
  decimals: number;
  selfScores: SelfScoreMap;
  changed: Uint8Array;
  /** Rows written by the user since the last update (physical indexes), and their cells as `row:column`. */
  dirtyRows: ReadonlySet<number>;
  dirtyCells: ReadonlySet<string>;
}

/** Where the grid draws: the drawn visual rows (null when unknown: nothing is listed), and the index maps. */
export interface DrawnView {
  drawn: { first: number; last: number } | null;
  toVisualRow(physical: number): number;
  toVisualColumn(physical: number): number;
}

/**
 * Refills the data of every row a change reaches, and lists the drawn cells to redraw:
 * [visual row, visual column, may its text change (and so its row's height)].
 */
export function refillChangedRows(input: Refill, view: DrawnView): [number, number, boolean][] {
  const { map, changed, dirtyRows, dirtyCells } = input;
  const { drawn } = view;
  const cells: [number, number, boolean][] = [];
  const allColumns = COLUMN_ORDER.map((key, i) => [key, view.toVisualColumn(i)] as const);
  map.rows.forEach((row, index) => {
    const leafChanged = dirtyRows.has(index) || changed[row.pathIndex[row.pathIndex.length - 1] as number] === 1;
    if (!leafChanged && !row.pathIndex.some((at) => changed[at] === 1)) return;
    const visualRow = drawn === null ? -1 : view.toVisualRow(index);
    const shown = drawn !== null && visualRow >= drawn.first && visualRow <= drawn.last;
    // A cell whose text changed may change its row's height: cell-refresh.ts measures those rows.
    fillRow(input.data[index] as RowData, row, input.nodes, input.result, input.decimals, input.selfScores, (key) => {
      if (shown) cells.push([visualRow, view.toVisualColumn(columnIndex(key)), true]);
    });
    if (!shown) return;
    if (leafChanged) {
      // The cells whose look follows the result, and the typed ones (their check may have
      // changed); a text that changed came above. Only the typed ones, the score (its pin
      // badge) and the groups can change text here.
      for (const [key, col] of allColumns) {
        const typed = dirtyCells.has(`${index}:${key}`);
        if (typed || RESULT_LOOK_COLUMNS.has(key)) cells.push([visualRow, col, typed || key === 'score' || key === 'level1' || key === 'level2']);
      }
      return;
    }
    // A group's cell shows its subtotal, computed by the renderer from the result.
    row.pathIndex.forEach((at, level) => {
      const key = level === 0 ? 'level1' : level === 1 ? 'level2' : null;
      if (key && changed[at] === 1) cells.push([visualRow, view.toVisualColumn(columnIndex(key)), true]);
    });
  });
  return cells;
}
