/**
 * Redraws given cells in place, in every table that draws them (the master and the frozen
 * columns' overlay), instead of redrawing the viewport. After an edit at 5,000 leaves,
 * Handsontable's full render re-ran every drawn cell's renderer, re-measured every drawn row and
 * restyled them all: ≈30 ms of the ≈60 ms from Enter to paint (issue 12's profile), for the
 * dozen cells an edit changes (the leaf's row, its groups' subtotals).
 *
 * A cell is drawn by Walkontable's own cellRenderer (the function its draw uses: index
 * translation, merged-cell mapping, the hooks around the renderer) into a copy of it, and the
 * drawn cell takes only what differs, so a refreshed cell is what a full render would have drawn
 * there, and a cell that did not change is not touched (nor restyled). Row heights are checked
 * after: a row that changed height needs Walkontable's measuring and the overlays' alignment, so
 * the caller renders in full then.
 *
 * This reaches into Walkontable (`hot.view._wt`), which has no public API for it; every reach is
 * guarded, and any surprise answers 'failed' so that the caller renders in full as before.
 */
import type { HotInstance } from 'handsontable/base';

type RenderCell = (renderedRow: number, renderedColumn: number, td: HTMLTableCellElement) => void;

interface WtTable {
  isMaster: boolean;
  getFirstRenderedRow(): number;
  getLastRenderedRow(): number;
  getFirstRenderedColumn(): number;
  getLastRenderedColumn(): number;
  getRow(row: number): HTMLTableRowElement | false;
  columnFilter: { sourceColumnToVisibleRowHeadedColumn(column: number): number };
  wtSettings: { getSetting(name: string, ...args: unknown[]): unknown };
}

/**
 * A table's drawn cell at renderable coordinates, or null where it draws none: Walkontable's
 * getCell without its per-call range checks, which work out the rendered columns anew each
 * time (≈3 µs a call, 3 ms for a 50-row paste's 800 cells); the ranges are read once here.
 */
function cellFinder(table: WtTable): (row: number, col: number) => HTMLElement | null {
  const firstRow = table.getFirstRenderedRow();
  const lastRow = table.getLastRenderedRow();
  const firstCol = table.getFirstRenderedColumn();
  const lastCol = table.getLastRenderedColumn();
  return (row, col) => {
    if (row < firstRow || row > lastRow || col < firstCol || col > lastCol || firstRow < 0 || firstCol < 0) return null;
    const tr = table.getRow(row);
    const td = tr ? tr.childNodes[table.columnFilter.sourceColumnToVisibleRowHeadedColumn(col)] : undefined;
    return td instanceof HTMLElement ? td : null;
  };
}

interface Walkontable {
  wtTable?: WtTable;
  wtSettings?: { getSettingPure(name: string): unknown };
  wtOverlays?: { inlineStartOverlay?: { clone?: { wtTable?: WtTable } } };
}

export type RefreshOutcome = 'done' | 'height-changed' | 'failed';

/** The tables that draw cells, master first, and the renderer their draws use. */
function tablesOf(hot: HotInstance): { tables: WtTable[]; render: RenderCell } | null {
  const wt = (hot.view as unknown as { _wt?: Walkontable } | undefined)?._wt;
  // getSetting would call a function-valued setting; the renderer itself is wanted.
  const render = wt?.wtSettings?.getSettingPure('cellRenderer');
  const master = wt?.wtTable;
  if (!wt || !master || typeof render !== 'function') return null;
  const tables = [master];
  const frozen = wt.wtOverlays?.inlineStartOverlay?.clone?.wtTable;
  if (frozen) tables.push(frozen);
  return { tables, render: render as RenderCell };
}

/**
 * The drawn rows (visual indexes) of the master table: the only rows whose cells a refresh
 * needs to look at, or null when they cannot be known.
 */
export function drawnRows(hot: HotInstance): { first: number; last: number } | null {
  const found = tablesOf(hot);
  const master = found?.tables[0];
  if (!master) return null;
  const first = master.getFirstRenderedRow();
  const last = master.getLastRenderedRow();
  if (first < 0 || last < first) return { first: 0, last: -1 };
  const firstVisual = hot.rowIndexMapper.getVisualFromRenderableIndex(first);
  const lastVisual = hot.rowIndexMapper.getVisualFromRenderableIndex(last);
  if (firstVisual === null || lastVisual === null) return null;
  return { first: firstVisual, last: lastVisual };
}

/**
 * What a full render would draw in this cell, drawn into a copy of it (its attributes, no
 * children), as Walkontable's cells renderer (render/cells.js) draws: a clean class list (but
 * for a cell MergeCells hides), no inline style, no direction and no ARIA attributes, then the
 * cell renderer; the grid-cell ARIA attributes, which depend only on the column, come back.
 */
function drawnCopy(td: HTMLTableCellElement, row: number, col: number, render: RenderCell): HTMLTableCellElement {
  const copy = td.cloneNode(false) as HTMLTableCellElement;
  if (!copy.classList.contains('hide')) copy.className = '';
  copy.removeAttribute('style');
  copy.removeAttribute('dir');
  for (const name of copy.getAttributeNames()) if (name.startsWith('aria-') || name === 'role') copy.removeAttribute(name);
  render(row, col, copy);
  const role = td.getAttribute('role');
  const colIndex = td.getAttribute('aria-colindex');
  if (role !== null && !copy.hasAttribute('role')) copy.setAttribute('role', role);
  if (colIndex !== null) copy.setAttribute('aria-colindex', colIndex);
  return copy;
}

/**
 * The drawn cell made equal to its new drawing with the fewest writes: an attribute that did
 * not change is not set again, and children that did not change stay. A class list set again,
 * even to the same classes, has the browser restyle the cell (and a new text node lays it out
 * again): redrawing a whole row for a figure or two restyled the row.
 */
function adopt(td: HTMLTableCellElement, copy: HTMLTableCellElement): void {
  for (const name of td.getAttributeNames()) if (!copy.hasAttribute(name)) td.removeAttribute(name);
  for (const name of copy.getAttributeNames()) {
    const value = copy.getAttribute(name) as string;
    if (td.getAttribute(name) !== value) td.setAttribute(name, value);
  }
  const now = td.childNodes;
  const next = copy.childNodes;
  if (now.length !== next.length || [...next].some((node, i) => !node.isEqualNode(now[i] ?? null))) td.replaceChildren(...next);
}

/** What a cell's width holds besides its text: the theme's padding (8 px a side) and border, with room to spare. */
const CELL_CHROME = 24;

/**
 * The text surely fits on one line: every character counted as wide as a CJK one (one em,
 * wider than any Latin glyph), no line break. A merged cell spanning rows never sets a row's
 * height by itself (its label's two lines fit in two rows).
 */
function surelyOneLine(td: HTMLTableCellElement, width: number, fontPx: number): boolean {
  if (td.rowSpan > 1) return true;
  const text = td.textContent ?? '';
  return !text.includes('\n') && text.length * fontPx <= width - CELL_CHROME;
}

/**
 * Redraws the cells at these visual coordinates where they are drawn; see the module comment.
 * Each cell is drawn into a copy first, and only a cell whose drawing differs is written. A
 * row's height is measured (a forced layout, before and after) only where a cell that changed
 * holds a text that changed or may change (`mayReflow`) and that text, old or new, might take
 * more than one line at `fontPx`; a short figure never moves a row.
 */
export function refreshCells(hot: HotInstance, cells: Iterable<readonly [row: number, column: number, mayReflow: boolean]>, fontPx = 14): RefreshOutcome {
  const found = tablesOf(hot);
  if (!found) return 'failed';
  const { tables, render } = found;
  const jobs: { td: HTMLTableCellElement; row: number; col: number; width: number; reflow: boolean }[] = [];
  const seen = new Map<HTMLElement, (typeof jobs)[number]>();
  try {
    const finders = tables.map(cellFinder);
    const widths = new Map<number, number>();
    for (const [visualRow, visualColumn, reflow] of cells) {
      const row = hot.rowIndexMapper.getRenderableFromVisualIndex(visualRow);
      const col = hot.columnIndexMapper.getRenderableFromVisualIndex(visualColumn);
      if (row === null || col === null) continue; // hidden: nothing drawn
      // Handsontable works a column's width out anew on each call (its modifyColWidth hooks).
      let width = widths.get(visualColumn);
      if (width === undefined) widths.set(visualColumn, (width = hot.getColWidth(visualColumn)));
      for (const [index, table] of tables.entries()) {
        // As getCell does: a merged cell is drawn at the coordinates the merge maps it to.
        let at: [number, number] = [row, col];
        const mapped = table.wtSettings.getSetting('onModifyGetCellCoords', row, col, !table.isMaster, 'render');
        if (Array.isArray(mapped) && typeof mapped[0] === 'number' && typeof mapped[1] === 'number') at = [mapped[0], mapped[1]];
        const td = (finders[index] as ReturnType<typeof cellFinder>)(at[0], at[1]);
        if (!(td instanceof HTMLTableCellElement)) continue;
        const again = seen.get(td);
        // The same cell asked for again (a merge, or a row's cell also named as changed).
        if (again) again.reflow ||= reflow;
        else {
          const job = { td, row: at[0], col: at[1], width, reflow };
          seen.set(td, job);
          jobs.push(job);
        }
      }
    }
    // Every drawing first, the page untouched: the heights read below cost no layout.
    const changes: { td: HTMLTableCellElement; copy: HTMLTableCellElement }[] = [];
    const heights = new Map<HTMLElement, number>();
    for (const { td, row, col, width, reflow } of jobs) {
      const copy = drawnCopy(td, row, col, render);
      if (td.isEqualNode(copy)) continue;
      changes.push({ td, copy });
      const tr = td.parentElement;
      const textMoved = reflow || td.textContent !== copy.textContent;
      if (tr && textMoved && !heights.has(tr) && !(surelyOneLine(td, width, fontPx) && surelyOneLine(copy, width, fontPx))) {
        heights.set(tr, tr.offsetHeight);
      }
    }
    for (const { td, copy } of changes) adopt(td, copy);
    for (const [tr, height] of heights) if (tr.offsetHeight !== height) return 'height-changed';
    return 'done';
  } catch {
    return 'failed';
  }
}
