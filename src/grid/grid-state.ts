/**
 * What the grid currently shows: the row map, the indicator objects in preorder and the
 * engine's result. Renderers, cell meta and edit translation all read this one state,
 * which `update` replaces.
 */
import type { EvaluationResult, Indicator, NodeResult } from '../domain/index.ts';
import type { MergeLayout } from './merges.ts';
import type { RowMap } from './row-map.ts';
import type { ColumnKey } from './types.ts';

export interface GridState {
  map: RowMap;
  layout: Pick<MergeLayout, 'merges' | 'spanAt'>;
  /** Current indicator objects in preorder, indexed like RowMap.ids. */
  nodes: Indicator[];
  result: EvaluationResult | null;
  /** Decimals of the evaluation, to print a pinned leaf's computed score. */
  decimals: number;
  /** Compact density: one line per cell, the full text in the cell's tooltip. */
  compact: boolean;
}

export function nodeResult(state: GridState, row: number, column: ColumnKey): NodeResult | undefined {
  const id = state.map.nodeAt(row, column);
  return id === null ? undefined : state.result?.nodes.get(id);
}

/** The indicator object of the cell (the leaf, or the group of a group cell). */
export function indicatorAt(state: GridState, row: number, column: ColumnKey): Indicator | undefined {
  const gridRow = state.map.rows[row];
  const id = state.map.nodeAt(row, column);
  if (!gridRow || id === null) return undefined;
  const at = gridRow.path.indexOf(id);
  const index = gridRow.pathIndex[at];
  return index === undefined ? undefined : state.nodes[index];
}

/** Whether a leaf's score comes from a rule (so typing it pins it) rather than by hand. */
export function isRuled(state: GridState, row: number): boolean {
  const result = nodeResult(state, row, 'score');
  if (result) return result.ruleType !== 'manual';
  const leaf = indicatorAt(state, row, 'score');
  return leaf?.rule !== undefined && leaf.rule.type !== 'manual';
}
