/**
 * Registers only the Handsontable modules the 评分表 uses (no UndoRedo: the UI owns the
 * history; no Formulas, Filters …), once per page. A setting whose plugin is not registered
 * here is silently ignored (that is why `autoRowSize: true` did nothing): StretchColumns
 * backs `stretchH`. AutoRowSize is left out on purpose: row heights come from measuring the
 * drawn rows, and AutoRowSize would measure all 10,000 of them.
 */
import { DropdownCellType, registerCellType, TextCellType } from 'handsontable/cellTypes';
import {
  AutoColumnSize,
  Autofill,
  ContextMenu,
  CopyPaste,
  HiddenColumns,
  HiddenRows,
  ManualColumnResize,
  MergeCells,
  registerPlugin,
  StretchColumns,
} from 'handsontable/plugins';

let registered = false;

export function registerGridModules(): void {
  if (registered) return;
  registered = true;
  registerCellType(TextCellType);
  registerCellType(DropdownCellType);
  for (const plugin of [AutoColumnSize, Autofill, ContextMenu, CopyPaste, HiddenColumns, HiddenRows, ManualColumnResize, MergeCells, StretchColumns]) {
    registerPlugin(plugin);
  }
}
