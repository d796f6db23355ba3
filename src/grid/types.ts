/**
 * The contract between the Handsontable adapter (src/grid) and the UI (src/ui).
 * The grid never changes the evaluation itself: it reports what the user did as
 * {@link CellEdit}s and {@link StructureOp}s, the UI applies them to the model (immutably)
 * and hands the grid the new evaluation and result through `update`.
 */
import type { CompletionStatus, Evaluation, EvaluationResult, Id } from '../domain/index.ts';

/** The columns of the 评分表, in their default order. */
export type ColumnKey =
  | 'level1' // 一级指标 (name, with its weight and subtotal shown)
  | 'level2' // 二级指标
  | 'level3' // 三级指标 (and deeper levels, see IndicatorGrid)
  | 'code' // 编号 (hidden by default)
  | 'weight' // 分值
  | 'explanation' // 指标解释
  | 'guidance' // 指标说明 (hidden by default)
  | 'criteria' // 评分标准
  | 'target' // 指标值
  | 'actual' // 实际完成值
  | 'score' // 得分 (computed, or typed for manual leaves, or a pin)
  | 'rate' // 得分率 (computed)
  | 'status' // 完成情况 (computed, or an override)
  | 'reason' // 扣分原因
  | 'selfScore' // 自评分 (the department's, from evaluation.selfScores; shown when there is a set)
  | 'difference'; // 差异 = 得分 − 自评分 (computed)

/** The field of an indicator a cell edits. */
export type EditableField =
  | 'name'
  | 'code'
  | 'weight'
  | 'explanation'
  | 'guidance'
  | 'criteria'
  | 'target'
  | 'actual'
  | 'enteredScore'
  | 'statusOverride'
  | 'reason';

/**
 * One cell's new value, already validated by the grid: numbers are numbers, an emptied
 * cell is null. Editing the score of a ruled leaf sends `enteredScore` with `pin: true`.
 * Editing a group cell ("决策 (15分)") sends `name` and `weight` edits for that node.
 */
export type CellEdit =
  | { nodeId: Id; field: 'weight' | 'enteredScore'; value: number | null; pin?: boolean }
  | { nodeId: Id; field: 'statusOverride'; value: CompletionStatus | null }
  /** A typed 自评分: goes to evaluation.selfScores, never to the indicator itself. */
  | { nodeId: Id; field: 'selfScore'; value: number | null }
  | { nodeId: Id; field: Exclude<EditableField, 'weight' | 'enteredScore' | 'statusOverride'>; value: string };

/** Structural changes, from the context menu or the keyboard. */
export type StructureOp =
  | { kind: 'insert-sibling-after'; nodeId: Id }
  | { kind: 'insert-sibling-before'; nodeId: Id }
  | { kind: 'insert-child'; nodeId: Id }
  | { kind: 'delete'; nodeIds: Id[] }
  | { kind: 'indent'; nodeId: Id }
  | { kind: 'outdent'; nodeId: Id }
  | { kind: 'move-up'; nodeId: Id }
  | { kind: 'move-down'; nodeId: Id }
  /**
   * A paste that runs past the last row: new leaves after `afterNodeId` (same parent),
   * one per pasted row, each row's values keyed by column as pasted text.
   */
  | {
      kind: 'append-leaves';
      afterNodeId: Id | null;
      rows: Partial<Record<ColumnKey, string>>[];
      /** The same paste's edits to the rows that fit: applied with the new rows, one commit. */
      edits?: CellEdit[];
    };

export interface GridSelection {
  nodeId: Id;
  column: ColumnKey;
}

export interface GridCallbacks {
  /** One user action (a typed cell, a paste, a fill): all its edits together, one undo step. */
  onEdits(edits: CellEdit[]): void;
  onStructure(op: StructureOp): void;
  onSelect(selection: GridSelection | null): void;
  /** Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) inside the grid: the UI owns the history. */
  onUndo(): void;
  onRedo(): void;
}

export interface GridOptions {
  licenseKey?: string;
  hiddenColumns?: ColumnKey[];
  /** Column widths in px by key, as the user resized them. */
  columnWidths?: Partial<Record<ColumnKey, number>>;
  onColumnWidths?(widths: Partial<Record<ColumnKey, number>>): void;
  /** Enter on the last row adds a leaf below it (else it stays on the last row, the default). */
  enterAddsRow?: boolean;
  /** 'comfortable' (default): long texts wrap; 'compact': one line per cell, text in the tooltip. */
  density?: GridDensity;
}

export type GridDensity = 'comfortable' | 'compact';

/** What src/grid/indicator-grid.ts implements. */
export interface IndicatorGridApi {
  /**
   * Show this evaluation. Called after every change: the grid patches the cells whose
   * values changed (no full re-render) unless the row structure changed.
   */
  update(evaluation: Evaluation, result: EvaluationResult): void;
  /**
   * Select (and scroll to) the cell of `nodeId` in `column`, e.g. when a finding is clicked;
   * `keyboard: false` leaves the keyboard where it is (a find bar's next Enter).
   */
  select(nodeId: Id, column: ColumnKey, keyboard?: boolean): void;
  setHiddenColumns(columns: ColumnKey[]): void;
  /** A cell editor is open: a remote change must wait, or it would re-target the editor. */
  isEditing(): boolean;
  /** Enter on the last row adds a leaf below it (true) or stays on the last row (false). */
  setEnterAddsRow(on: boolean): void;
  setDensity(density: GridDensity): void;
  /** Shows only the rows of these leaves (a filter); null shows every row. */
  setVisibleLeaves(ids: ReadonlySet<Id> | null): void;
  /** Text and column widths × factor (1 = 100 %). */
  setZoom(factor: number): void;
  destroy(): void;
}

export const COLUMN_LABELS: Record<ColumnKey, string> = {
  level1: '一级指标',
  level2: '二级指标',
  level3: '三级指标',
  code: '编号',
  weight: '分值',
  explanation: '指标解释',
  guidance: '指标说明',
  criteria: '评分标准',
  target: '指标值',
  actual: '实际完成值',
  score: '得分',
  rate: '得分率',
  status: '完成情况',
  reason: '扣分原因',
  selfScore: '自评分',
  difference: '差异',
};
