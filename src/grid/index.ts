/**
 * The grid layer's one entry point: the 评分表 editor the UI mounts.
 */
export { createIndicatorGrid, DEFAULT_LICENSE_KEY } from './indicator-grid.ts';
export type { IndicatorGrid, IndicatorGridInternals } from './indicator-grid.ts';
export { COLUMN_ORDER, DEFAULT_HIDDEN_COLUMNS } from './columns.ts';
export { COLUMN_LABELS } from './types.ts';
export type {
  CellEdit,
  ColumnKey,
  EditableField,
  GridCallbacks,
  GridOptions,
  GridSelection,
  IndicatorGridApi,
  StructureOp,
} from './types.ts';
