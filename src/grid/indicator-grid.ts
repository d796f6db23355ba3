/**
 * The 评分表 grid: Handsontable, wrapped. The grid shows an evaluation and its result and
 * reports what the user does (CellEdits, StructureOps, selection, undo/redo); it never
 * changes the evaluation. See row-map.ts for how rows map to indicators, keyboard.ts for
 * the shortcuts.
 *
 * update() is called after every change. When the tree's shape is unchanged it rewrites,
 * in place, only the rows whose indicators or results are new objects (the model is
 * immutable, so identity says what changed) and calls render(), which repaints only the
 * visible cells. Only a change of shape reloads the data and the merges.
 */
import Handsontable from 'handsontable/base';
import type { CellChange, ChangeSource, HotInstance } from 'handsontable/base';
import 'handsontable/styles/handsontable.min.css';
import 'handsontable/styles/ht-theme-main.min.css';
import './grid.css';
import type { Evaluation, EvaluationResult, Id, Indicator, NodeResult } from '../domain/index.ts';
import {
  COLUMN_ORDER,
  COMPACT_COLUMN_WIDTHS,
  DEFAULT_COLUMN_WIDTHS,
  DEFAULT_HIDDEN_COLUMNS,
  FROZEN_COLUMN_COUNT,
  STATUS_CHOICES,
  columnHeaders,
  columnIndex,
  columnKeyAt,
} from './columns.ts';
import { NO_SELF_SCORES, emptyRow, fillRow, type RowData, type SelfScoreMap } from './display.ts';
import { translateChanges, type ChangeBatch } from './edits.ts';
import type { GridState } from './grid-state.ts';
import { keyAction } from './keyboard.ts';
import { EMPTY_LAYOUT, MergeLayout } from './merges.ts';
import { GridMessage } from './message.ts';
import { splitOverflow } from './paste.ts';
import { registerGridModules } from './register.ts';
import { ChangeRender } from './render-batch.ts';
import { drawnRows, refreshCells } from './cell-refresh.ts';
import { changedIndicators, refillChangedRows } from './changed-cells.ts';
import { focusEditorNow, routeTextToEditor } from './editor-focus.ts';
import { fillSelection } from './fill.ts';
import { FrozenAlign } from './frozen-align.ts';
import { createCellRenderer } from './renderers.ts';
import { RowMap } from './row-map.ts';
import { STRUCTURE_COMMANDS, STRUCTURE_LABELS, canApply, structureOp, targetOf, targetsOf, type StructureCommand } from './structure.ts';
import type {
  ColumnKey,
  GridCallbacks,
  GridDensity,
  GridOptions,
  GridSelection,
  IndicatorGridApi,
  StructureOp,
} from './types.ts';

export const DEFAULT_LICENSE_KEY = 'non-commercial-and-evaluation';

function isPlainEnter(event: KeyboardEvent): boolean {
  return event.key === 'Enter' && !event.ctrlKey && !event.metaKey && !event.altKey && !event.shiftKey;
}

/**
 * Walkontable gives every table (the scrolling one and the frozen overlay) a row's measured
 * height by writing it on the row's first cell. Without row headers that is the 一级 cell,
 * which MergeCells hides (display: none) in every row but a group's first, so the frozen rows
 * kept their own short height while the long texts on the right grew theirs: the name columns
 * drifted off their rows. A row header is never merged, so the height always lands. It is a
 * thin blank gutter (see grid.css) that ignores the mouse, so no whole-row selection appears.
 */
const ROW_GUTTER_WIDTH = 6;

/** Changes the grid makes itself (loading data, merging): never echoed as edits. */
const OWN_SOURCES: ReadonlySet<string> = new Set(['loadData', 'updateData', 'MergeCells']);

/** Extra handles for tests and diagnostics; not part of the UI contract. */
export interface IndicatorGridInternals {
  readonly hot: HotInstance;
  /** How many times the data was reloaded because the tree's shape changed. */
  readonly rebuilds: number;
}

export type IndicatorGrid = IndicatorGridApi & IndicatorGridInternals;

/**
 * Handsontable (17 and later) also puts its core stylesheet into the page unless told not to.
 * This module imports it (cut to left-to-right, scripts/handsontable-css.ts), and the second
 * copy doubled every style recalculation's selector matching. Not in 18.1's typings.
 */
const OWN_CORE_CSS = { injectCoreCss: false } as object;

export function createIndicatorGrid(
  container: HTMLElement,
  callbacks: GridCallbacks,
  options: GridOptions = {},
): IndicatorGrid {
  registerGridModules();
  const document = container.ownerDocument;

  const root = document.createElement('div');
  root.className = 'jx-grid';
  const message = new GridMessage(document);
  container.classList.add('jx-grid-host');
  container.append(root, message.element);

  let state: GridState = { map: RowMap.build([]), layout: EMPTY_LAYOUT, nodes: [], result: null, decimals: 2, compact: options.density === 'compact' };
  let data: RowData[] = [];
  /** The objects each preorder position showed last time, to see what changed. */
  let shownResults: (NodeResult | undefined)[] = [];
  let spareNodes: Indicator[] = [];
  /** Rows whose cells the user overwrote since the last update: always refreshed. */
  const dirtyRows = new Set<number>();
  /** The cells the user overwrote since the last update (physical row, column key). */
  const dirtyCells = new Set<string>();
  let applying = false;
  let pending: ChangeBatch | null = null;
  let pendingAppend: StructureOp | null = null;
  let rebuilds = 0;
  let relisten: number | undefined;
  // Before Handsontable: its first render already aligns.
  const frozenAlign = new FrozenAlign(root);
  let enterAddsRow = options.enterAddsRow === true;
  let zoom = 1;
  let enterOnLastRow = false;
  let hidden: ColumnKey[] = [...(options.hiddenColumns ?? DEFAULT_HIDDEN_COLUMNS)];
  const widths: Partial<Record<ColumnKey, number>> = { ...options.columnWidths };

  const renderer = createCellRenderer(() => state);
  const hiddenSettings = (keys: readonly ColumnKey[]) => ({
    columns: keys.map(columnIndex),
    indicators: false,
    // A paste from Excel lands in the columns the user sees.
    copyPasteEnabled: false,
  });

  const contextMenuItems: Record<string, unknown> = {};
  STRUCTURE_COMMANDS.forEach((command, index) => {
    if (index === 3 || index === 4) contextMenuItems[`sep${index}`] = { name: '---------' };
    contextMenuItems[command] = {
      name: STRUCTURE_LABELS[command],
      callback: () => runCommand(command),
      disabled: () => {
        const selection = activeSelection();
        return selection === null || !canApply(command, state.map, selection.nodeId);
      },
    };
  });

  const hot: HotInstance = new Handsontable(root, {
    ...OWN_CORE_CSS,
    licenseKey: options.licenseKey ?? DEFAULT_LICENSE_KEY,
    themeName: 'ht-theme-main',
    data,
    columns: COLUMN_ORDER.map((key) =>
      key === 'status'
        ? { data: key, editor: 'dropdown', source: [...STATUS_CHOICES], strict: false, filter: false, renderer }
        : { data: key, editor: 'text', renderer },
    ),
    colHeaders: columnHeaders(),
    // The row header is what keeps the frozen name columns in line with their rows; see
    // ROW_GUTTER_WIDTH. It is a blank gutter, not a row number: rows are leaves, not lines.
    rowHeaders: () => '',
    rowHeaderWidth: ROW_GUTTER_WIDTH,
    colWidths: columnWidths(),
    manualColumnResize: true,
    // Without the long texts the columns are far narrower than the pane: share the spare
    // width out rather than leave a blank band on the right. A resized column keeps its width.
    stretchH: 'all',
    fixedColumnsStart: FROZEN_COLUMN_COUNT,
    hiddenColumns: hiddenSettings(hidden),
    hiddenRows: { rows: [], indicators: false },
    mergeCells: [],
    undo: false,
    // Compact density: one line per cell, so every row is as tall as one line, whichever
    // columns are on screen (an off-screen 备注 no longer makes a row hundreds of px tall).
    wordWrap: !state.compact,
    width: '100%',
    height: '100%',
    allowInsertRow: false,
    allowInsertColumn: false,
    allowRemoveRow: false,
    allowRemoveColumn: false,
    // Clicking a finding or the rule panel must not lose the selected cell.
    outsideClickDeselects: false,
    // Enter (or an arrow) at the edge of the table stays there, as in Excel: wrapping to the
    // top of the next column jumped the user away from what they were filling in. Enter on
    // the last row can add a row instead (GridOptions.enterAddsRow).
    autoWrapRow: false,
    autoWrapCol: false,
    // Chinese is typed through an IME, whose composition stays with the element focused when
    // it began: with the focus on the cell (Handsontable's default) the first characters typed
    // into a selected cell were lost. This keeps the focus on the editor's textarea instead.
    imeFastEdit: true,
    contextMenu: { items: contextMenuItems },
    cells(row: number, _col: number, prop: string | number) {
      const key = prop as ColumnKey;
      const role = state.map.role(row, key);
      // Every property is set on every call: Handsontable keeps cell meta between calls.
      return { readOnly: key === 'rate' || role === 'filler' };
    },
    beforeChange(changes: (CellChange | null)[], source: ChangeSource) {
      pending = null;
      if (applying || OWN_SOURCES.has(source)) return;
      pending = translateChanges(state, changes, (row) => hot.toPhysicalRow(row));
      if (pending.messages.length > 0) message.show(pending.messages);
    },
    afterChange(changes: CellChange[] | null, source: ChangeSource) {
      if (applying || OWN_SOURCES.has(source)) return;
      for (const change of changes ?? []) {
        dirtyRows.add(hot.toPhysicalRow(change[0]));
        dirtyCells.add(`${hot.toPhysicalRow(change[0])}:${String(change[1])}`);
      }
      const batch = pending;
      pending = null;
      if (!batch || batch.edits.length === 0) return;
      // A paste that also adds rows: its edits go with the new rows (afterPaste), so the
      // whole paste is one commit, one save and one undo step.
      if (pendingAppend?.kind === 'append-leaves' && source === 'CopyPaste.paste') {
        pendingAppend = { ...pendingAppend, edits: [...(pendingAppend.edits ?? []), ...batch.edits] };
        return;
      }
      callbacks.onEdits(batch.edits);
    },
    beforePaste(pasted: unknown[][]) {
      pendingAppend = null;
      const active = hot.getSelectedRangeActive();
      if (!active) return;
      const start = active.getTopStartCorner();
      const hiddenPlugin = hot.getPlugin('hiddenColumns');
      const last = state.map.rows[state.map.rowCount - 1];
      pendingAppend = splitOverflow(pasted, {
        startRow: hot.toPhysicalRow(start.row ?? 0),
        startCol: hot.toPhysicalColumn(start.col ?? 0),
        rowCount: state.map.rowCount,
        hidden: new Set(hiddenPlugin.getHiddenColumns()),
        lastLeafId: last?.leafId ?? null,
      });
    },
    afterPaste() {
      const op = pendingAppend;
      pendingAppend = null;
      if (op) callbacks.onStructure(op);
    },
    beforeKeyDown(event: KeyboardEvent) {
      enterOnLastRow = enterAddsRow && isPlainEnter(event) && activeRowIsLast();
      if (hot.getActiveEditor()?.isOpened()) return;
      const action = keyAction(event);
      if (!action) return;
      event.preventDefault();
      // Handsontable's own flag: stops its shortcut manager from acting on the key too.
      (event as KeyboardEvent & { isImmediatePropagationEnabled?: boolean }).isImmediatePropagationEnabled = false;
      if (action.kind === 'undo') callbacks.onUndo();
      else if (action.kind === 'redo') callbacks.onRedo();
      else if (action.kind === 'fill') fillSelection(hot, state.map, action.direction);
      else runCommand(action.command);
    },
    afterScrollVertically() {
      frozenAlign.keepGroupLabelsInView();
    },
    afterDocumentKeyDown() {
      // Handsontable has committed the edit (if any) and stayed on the last row: add one below.
      if (!enterOnLastRow) return;
      enterOnLastRow = false;
      const last = state.map.rows[state.map.rowCount - 1];
      if (last && activeRowIsLast()) callbacks.onStructure({ kind: 'insert-sibling-after', nodeId: last.leafId });
    },
    afterSelectionEnd() {
      queueMicrotask(() => focusEditorNow(hot, root));
      frozenAlign.alignSoon();
      if (applying) return;
      callbacks.onSelect(activeSelection());
    },
    afterRender() {
      frozenAlign.align();
      frozenAlign.keepGroupLabelsInView();
      // Handsontable moves the focus to the cell on the render after a selection, in a hook
      // that may run after this one: take it back before any input event can arrive.
      queueMicrotask(() => {
        const active = document.activeElement;
        if (active?.tagName === 'TD' && root.contains(active)) focusEditorNow(hot, root);
      });
    },
    afterDeselect() {
      if (applying) return;
      callbacks.onSelect(null);
    },
    afterColumnResize(newSize: number, column: number) {
      const key = columnKeyAt(hot.toPhysicalColumn(column));
      if (!key) return;
      widths[key] = newSize;
      forgetRowHeights();
      renderAll();
      options.onColumnWidths?.({ ...widths });
    },
  });

  // Added after the settings' hooks, so the release runs after the afterChange above (and
  // patch's render() in it) has run: one render per edit, see render-batch.ts.
  const changeRender = new ChangeRender(hot);
  hot.addHook('beforeChangeRender', () => changeRender.hold());
  hot.addHook('afterChange', () => changeRender.release());
  hot.addHook('beforePaste', () => changeRender.hold('paste'));
  hot.addHook('afterPaste', () => changeRender.release('paste'));
  routeTextToEditor(hot, root);
  frozenAlign.listen();




  /**
   * Showing or hiding a long-text column, or resizing one, changes how tall every row
   * wraps. Walkontable re-measures only the rows it draws and keeps the old heights of the
   * others, so after the long texts were hidden it still took the rows below for tall and
   * drew a dozen rows over a mostly blank pane until the user scrolled. Its own reset has
   * no public API, hence the guarded reach into the view.
   */
  function forgetRowHeights(): void {
    const view = hot.view as unknown as { _wt?: { wtViewport?: { resetAllOversizedRows?: () => void } } };
    view._wt?.wtViewport?.resetAllOversizedRows?.();
  }

  function columnWidths(): number[] {
    const base = state.compact ? COMPACT_COLUMN_WIDTHS : DEFAULT_COLUMN_WIDTHS;
    return COLUMN_ORDER.map((key) => widths[key] ?? Math.round(base[key] * zoom));
  }

  function activeRowIsLast(): boolean {
    const row = hot.getSelectedRangeActive()?.highlight.row;
    return row !== undefined && row !== null && row >= 0 && hot.toPhysicalRow(row) === state.map.rowCount - 1;
  }

  function activeSelection(): GridSelection | null {
    const range = hot.getSelectedRangeActive();
    if (!range) return null;
    const row = hot.toPhysicalRow(range.highlight.row ?? -1);
    const column = columnKeyAt(hot.toPhysicalColumn(range.highlight.col ?? -1));
    if (row < 0 || !column) return null;
    const nodeId = targetOf(state.map, row, column);
    return nodeId === null ? null : { nodeId, column };
  }

  function selectedRows(): number[] {
    const rows = new Set<number>();
    for (const [r1, , r2] of hot.getSelected() ?? []) {
      const from = Math.max(0, Math.min(r1 ?? 0, r2 ?? 0));
      const to = Math.max(r1 ?? 0, r2 ?? 0);
      for (let row = from; row <= to; row++) rows.add(hot.toPhysicalRow(row));
    }
    return [...rows].sort((a, b) => a - b);
  }


  /** The leaves the filter shows (null: all); re-applied after each rebuild, as rows move. */
  let visibleLeaves: ReadonlySet<Id> | null = null;
  let hiddenRowKey = '';
  function applyRowFilter(): void {
    const rows: number[] = [];
    if (visibleLeaves) {
      state.map.rows.forEach((row, index) => {
        if (!visibleLeaves?.has(row.leafId)) rows.push(index);
      });
    }
    const key = rows.join(',');
    if (key === hiddenRowKey) return;
    hiddenRowKey = key;
    const plugin = hot.getPlugin('hiddenRows');
    plugin.showRows(plugin.getHiddenRows());
    plugin.hideRows(rows);
    forgetRowHeights();
    renderAll();
  }

  function runCommand(command: StructureCommand): void {
    const selection = activeSelection();
    if (!selection) return;
    const targets =
      command === 'delete' ? targetsOf(state.map, selectedRows(), selection.column) : [selection.nodeId];
    const op = structureOp(command, targets);
    if (op) callbacks.onStructure(op);
  }

  function selectCell(nodeId: Id, column: ColumnKey, scroll: boolean, listen = true): boolean {
    let cell = state.map.cellOf(nodeId, column);
    if (!cell) return false;
    if (hidden.includes(cell.column)) cell = state.map.cellOf(nodeId, 'level1') ?? cell;
    return hot.selectCell(hot.toVisualRow(cell.row), hot.toVisualColumn(columnIndex(cell.column)), undefined, undefined, scroll, listen);
  }

  // The 自评 set the rows were last filled from: a new set (imported, typed, removed) refills
  // every row, since it changes no indicator and no result the patch would notice.
  let selfSet: Evaluation['selfScores'] = undefined;
  let selfMap: SelfScoreMap = NO_SELF_SCORES;
  function takeSelfScores(evaluation: Evaluation): void {
    if (evaluation.selfScores === selfSet) return;
    selfSet = evaluation.selfScores;
    selfMap = selfSet ? new Map(selfSet.entries.map((e) => [e.id, e.score])) : NO_SELF_SCORES;
    for (let index = 0; index < state.map.rowCount; index++) dirtyRows.add(index);
  }

  function patch(nodes: Indicator[], result: EvaluationResult): void {
    const changed = changedIndicators(state.map, nodes, state.nodes, result, shownResults);
    spareNodes = state.nodes;
    state = { ...state, nodes, result };
    // The drawn cells this patch changes: redrawn in place rather than the whole viewport.
    const drawn = drawnRows(hot);
    const cells = refillChangedRows(
      { map: state.map, data, nodes, result, decimals: state.decimals, selfScores: selfMap, changed, dirtyRows, dirtyCells },
      { drawn, toVisualRow: (row) => hot.toVisualRow(row), toVisualColumn: (column) => hot.toVisualColumn(column) },
    );
    dirtyRows.clear();
    dirtyCells.clear();
    if (drawn !== null && refreshCells(hot, cells, Math.round(14 * zoom)) === 'done') {
      if (changeRender.held) changeRender.refreshed();
      else frozenAlign.keepGroupLabelsInView();
      return;
    }
    renderAll();
  }

  /** Every drawn cell again (Handsontable's render), whatever a held edit redrew in place. */
  function renderAll(): void {
    changeRender.needFull();
    hot.render();
  }

  function rebuild(indicators: readonly Indicator[], result: EvaluationResult): void {
    const keep = activeSelection();
    const keptRow = hot.getSelectedRangeActive()?.highlight.row ?? null;
    const map = RowMap.build(indicators);
    const nodes: Indicator[] = [];
    map.matches(indicators, nodes);
    const layout = new MergeLayout(map);
    state = { ...state, map, layout, nodes, result };
    shownResults = map.ids.map((id) => result.nodes.get(id));
    spareNodes = [];
    data = map.rows.map((row) => {
      const out = emptyRow();
      fillRow(out, row, nodes, result, state.decimals, selfMap);
      return out;
    });
    dirtyRows.clear();
    dirtyCells.clear();
    rebuilds++;
    changeRender.needFull();
    // updateSettings loads the data before MergeCells drops the old merges, and dropping a
    // merge resets the meta of its rows: rows the new data may no longer have, which fails
    // Handsontable's index assertion ("Expecting an unsigned number"). So the old merges go
    // first, while their rows exist. A selection past the new last row is put back below.
    hot.getPlugin('mergeCells').clearCollections();
    if (keptRow !== null) hot.deselectCell();
    hot.updateSettings({ data, mergeCells: layout.merges });
    // New rows, new indexes: the filter is applied again (the plugin kept the old indexes).
    if (visibleLeaves !== null || hiddenRowKey !== '') {
      hiddenRowKey = '\u0000';
      applyRowFilter();
    }
    if (keptRow === null) return;
    if (keep && selectCell(keep.nodeId, keep.column, true)) return;
    if (map.rowCount === 0) {
      callbacks.onSelect(null);
      return;
    }
    // The selected node is gone: stay where the user was, on the nearest row that is left.
    const column = keep?.column ?? 'level1';
    const row = Math.min(Math.max(keptRow, 0), map.rowCount - 1);
    const physicalColumn = hidden.includes(column) ? columnIndex('level1') : columnIndex(column);
    hot.selectCell(row, hot.toVisualColumn(physicalColumn));
    callbacks.onSelect(activeSelection());
  }

  const api: IndicatorGrid = {
    get hot() {
      return hot;
    },
    get rebuilds() {
      return rebuilds;
    },
    update(evaluation: Evaluation, result: EvaluationResult) {
      applying = true;
      try {
        state = { ...state, decimals: evaluation.settings.decimals };
        takeSelfScores(evaluation);
        const nodes = spareNodes;
        if (state.map.rowCount > 0 && state.map.matches(evaluation.indicators, nodes)) patch(nodes, result);
        else rebuild(evaluation.indicators, result);
      } finally {
        applying = false;
      }
    },
    select(nodeId: Id, column: ColumnKey, keyboard = true) {
      // A find bar shows the match but keeps the keyboard for its next Enter.
      if (!keyboard) {
        selectCell(nodeId, column, true, false);
        return;
      }
      if (!selectCell(nodeId, column, true)) return;
      // Called from a click outside the grid (a finding, a toolbar button), whose next keys
      // are meant for this cell. selectCell listens, but Handsontable's own window click
      // listener runs after the click's handlers and stops listening on a click outside the
      // grid, so the keys went nowhere: listen again once that click is over.
      const view = document.defaultView;
      if (!view) return;
      view.clearTimeout(relisten);
      relisten = view.setTimeout(() => {
        if (hot.getSelectedRangeActive()) hot.listen();
      }, 0);
    },
    isEditing() {
      return hot.getActiveEditor()?.isOpened() ?? false;
    },
    setDensity(density: GridDensity) {
      const compact = density === 'compact';
      if (compact === state.compact) return;
      state = { ...state, compact };
      hot.updateSettings({ wordWrap: !compact, colWidths: columnWidths() });
      forgetRowHeights();
      renderAll();
    },
    setZoom(factor: number) {
      if (!(factor > 0) || factor === zoom) return;
      zoom = factor;
      // The theme sizes text and rows from these variables; widths follow the same factor.
      const themed = hot.rootWrapperElement ?? root;
      themed.style.setProperty('--ht-font-size', `${Math.round(14 * factor)}px`);
      themed.style.setProperty('--ht-line-height', `${Math.round(20 * factor)}px`);
      hot.updateSettings({ colWidths: columnWidths() });
      forgetRowHeights();
      renderAll();
    },
    setVisibleLeaves(ids: ReadonlySet<Id> | null) {
      visibleLeaves = ids;
      applyRowFilter();
    },
    setEnterAddsRow(on: boolean) {
      enterAddsRow = on;
    },
    setHiddenColumns(columns: ColumnKey[]) {
      hidden = [...columns];
      const plugin = hot.getPlugin('hiddenColumns');
      plugin.showColumns(plugin.getHiddenColumns());
      plugin.hideColumns(hidden.map(columnIndex));
      forgetRowHeights();
      renderAll();
    },
    destroy() {
      document.defaultView?.clearTimeout(relisten);
      frozenAlign.destroy();
      message.clear();
      hot.destroy();
      root.remove();
      message.element.remove();
      container.classList.remove('jx-grid-host');
    },
  };
  return api;
}
