/**
 * Registers only the Handsontable modules the 评分表 uses (no UndoRedo: the UI owns the
 * history; no Formulas, Filters …), once per page.
 */
import { DropdownCellType, registerCellType, TextCellType } from 'handsontable/cellTypes';
import {
  AutoColumnSize,
  Autofill,
  ContextMenu,
  CopyPaste,
  HiddenColumns,
  ManualColumnResize,
  MergeCells,
  registerPlugin,
} from 'handsontable/plugins';

let registered = false;

export function registerGridModules(): void {
  if (registered) return;
  registered = true;
  registerCellType(TextCellType);
  registerCellType(DropdownCellType);
  for (const plugin of [AutoColumnSize, Autofill, ContextMenu, CopyPaste, HiddenColumns, ManualColumnResize, MergeCells]) {
    registerPlugin(plugin);
  }
}
