/**
 * The grid layer's one entry point: the 评分表 editor the UI mounts with
 * `createIndicatorGrid(container, callbacks, options?)` (contract in types.ts).
 *
 * How the 评分表 is laid out (decisions):
 * - One row per leaf. 一级/二级 groups span their rows as merged cells showing
 *   "决策 (15分)" and, on a second line, the group's subtotal "得分 13 · 86.67%" (or
 *   "得分 —" while nothing is scored). Typing "决策 (20分)" / "过程（20）" in a group cell
 *   sets its name and weight; a name alone leaves the weight as it was.
 * - Groups bigger than MAX_MERGED_ROWS (40) rows are drawn as spans instead of merged
 *   (label in the first row, no inner borders): Handsontable renders every row of a merged
 *   cell, which would make a 1,000-row group cost 1,000 rows per render.
 * - A leaf above level 3 shows its name in the column of its own level; the columns to its
 *   right are blank and read-only. A leaf below level 3 shows in 三级 as its path below
 *   level 2, "A › B › leaf"; editing that cell renames the leaf (the text after the last ›).
 * - 编号 and 指标说明 are hidden by default; the three name columns are frozen. Columns
 *   stretch to fill the pane when they are narrower than it (stretchH 'all'); a column the
 *   user resized keeps its width.
 * - A thin blank row-header gutter is on: it is what carries each row's measured height to
 *   the frozen columns (merged 一级 cells hide the first cell Handsontable writes it on), so
 *   the names stay in line with wrapped long texts. It ignores the mouse.
 * - The 得分 of a ruled leaf is tinted as computed; typing in it pins it (a small 固 badge, tooltip
 *   "已固定得分（规则计算 X）"); emptying it unpins (pin: false). 得分率 is read-only.
 * - 完成情况 is a dropdown 已完成/部分完成/未完成/自动 (自动 clears the override); statuses
 *   are coloured, an override is marked, findings put a red corner and their messages in
 *   the cell's tooltip.
 * - Input that does not parse (a number cell, a status) is refused with a Chinese message
 *   under the grid; the cell keeps its value and nothing is emitted.
 * - Keyboard shortcuts: see keyboard.ts. Structural commands act on the group when the
 *   active cell is a group cell, else on the row's leaf.
 * - imeFastEdit is on: the focus waits in the editor's textarea, so Chinese typed through an
 *   IME into a selected cell starts editing it (with the focus on the cell the first
 *   characters were lost). select() from outside the grid also takes the keyboard.
 */
export { createIndicatorGrid, DEFAULT_LICENSE_KEY } from './indicator-grid.ts';
export type { IndicatorGrid, IndicatorGridInternals } from './indicator-grid.ts';
export { COLUMN_ORDER, DEFAULT_HIDDEN_COLUMNS } from './columns.ts';
export { MAX_MERGED_ROWS } from './merges.ts';
export { COLUMN_LABELS } from './types.ts';
export { fixedScore } from './display.ts';
export type {
  CellEdit,
  ColumnKey,
  EditableField,
  GridCallbacks,
  GridDensity,
  GridOptions,
  GridSelection,
  IndicatorGridApi,
  StructureOp,
} from './types.ts';
