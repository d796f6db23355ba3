/**
 * Redraws given cells in place, in every table that draws them (the master and the frozen
 * columns' overlay), instead of redrawing the viewport. After an edit at 5,000 leaves,
 * Handsontable's full render re-ran every drawn cell's renderer, re-measured every drawn row and
 * restyled them all: ≈30 ms of the ≈60 ms from Enter to paint (issue 12's profile), for the
 * dozen cells an edit changes (the leaf's row, its groups' subtotals).
 *
 * A cell is redrawn by Walkontable's own cellRenderer (the function its draw uses: index
 * translation, merged-cell mapping, the hooks around the renderer), so a refreshed cell is what a
 * full render would have drawn there. Row heights are checked after: a row that changed height
 * needs Walkontable's measuring and the overlays' alignment, so the caller renders in full then.
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
  getCell(coords: { row: number; col: number }): HTMLElement | number | undefined;
  wtSettings: { getSetting(name: string, ...args: unknown[]): unknown };
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
 * One cell as Walkontable's cells renderer draws it (render/cells.js): a clean class list (but
 * for a cell MergeCells hides), no inline style, no direction and no ARIA attributes, then the
 * cell renderer; the grid-cell ARIA attributes, which depend only on the column, come back.
 */
function redraw(td: HTMLTableCellElement, row: number, col: number, render: RenderCell): void {
  const role = td.getAttribute('role');
  const colIndex = td.getAttribute('aria-colindex');
  if (!td.classList.contains('hide')) td.className = '';
  td.removeAttribute('style');
  td.removeAttribute('dir');
  for (const name of td.getAttributeNames()) if (name.startsWith('aria-') || name === 'role') td.removeAttribute(name);
  render(row, col, td);
  if (role !== null && !td.hasAttribute('role')) td.setAttribute('role', role);
  if (colIndex !== null) td.setAttribute('aria-colindex', colIndex);
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
 * A row's height is measured (a forced layout, before and after) only where a cell whose text
 * may change (`mayReflow`) has an old or a new text that might take more than one line at
 * `fontPx`; a short figure in its column, or a text drawn again unchanged, never moves a row.
 */
export function refreshCells(hot: HotInstance, cells: Iterable<readonly [row: number, column: number, mayReflow: boolean]>, fontPx = 14): RefreshOutcome {
  const found = tablesOf(hot);
  if (!found) return 'failed';
  const { tables, render } = found;
  const jobs: { td: HTMLTableCellElement; row: number; col: number; width: number; reflow: boolean; measure: boolean }[] = [];
  const seen = new Map<HTMLElement, (typeof jobs)[number]>();
  try {
    for (const [visualRow, visualColumn, reflow] of cells) {
      const row = hot.rowIndexMapper.getRenderableFromVisualIndex(visualRow);
      const col = hot.columnIndexMapper.getRenderableFromVisualIndex(visualColumn);
      if (row === null || col === null) continue; // hidden: nothing drawn
      const width = hot.getColWidth(visualColumn);
      for (const table of tables) {
        // As getCell does: a merged cell is drawn at the coordinates the merge maps it to.
        let at: [number, number] = [row, col];
        const mapped = table.wtSettings.getSetting('onModifyGetCellCoords', row, col, !table.isMaster, 'render');
        if (Array.isArray(mapped) && typeof mapped[0] === 'number' && typeof mapped[1] === 'number') at = [mapped[0], mapped[1]];
        const td = table.getCell({ row: at[0], col: at[1] });
        if (!(td instanceof HTMLTableCellElement)) continue;
        const again = seen.get(td);
        if (again) {
          // The same cell asked for again (a merge, or a row's cell also named as changed).
          if (reflow && !again.reflow) Object.assign(again, { reflow, measure: !surelyOneLine(td, width, fontPx) });
          continue;
        }
        const job = { td, row: at[0], col: at[1], width, reflow, measure: reflow && !surelyOneLine(td, width, fontPx) };
        seen.set(td, job);
        jobs.push(job);
      }
    }
    if (jobs.length === 0) return 'done';
    const heights = new Map<HTMLElement, number>();
    for (const job of jobs) {
      const tr = job.td.parentElement;
      if (job.measure && tr && !heights.has(tr)) heights.set(tr, tr.offsetHeight);
    }
    for (const { td, row, col } of jobs) redraw(td, row, col, render);
    for (const job of jobs) {
      const tr = job.td.parentElement;
      if (!tr || !job.reflow || heights.has(tr) || surelyOneLine(job.td, job.width, fontPx)) continue;
      // A text that may wrap now, in a row not measured before: measure it against the row's
      // height before this refresh is no longer possible, so render in full.
      return 'height-changed';
    }
    for (const [tr, height] of heights) if (tr.offsetHeight !== height) return 'height-changed';
    return 'done';
  } catch {
    return 'failed';
  }
}
