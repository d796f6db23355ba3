/**
 * One render per edit. Handsontable writes a change, renders the whole viewport, and only then
 * runs afterChange, where the app commits the edit and the grid patches the rows it changed
 * (the score, the group subtotals): a second full render of the same cells, in the same task.
 * At 5,000 leaves each render costs tens of ms (cell renderers, row measuring, Walkontable's
 * visibility checks), so the edit paid twice (profile in issue 12). A paste paid a third time:
 * after writing the cells it selects the pasted range, which renders again.
 *
 * The render Handsontable starts in its change cycle is held (suspendRender, from the
 * beforeChangeRender hook, which fires only when data was written and always right before that
 * render) and released after afterChange; a paste is held from beforePaste to afterPaste.
 * resumeRender then draws once, with the patched rows. A microtask releases every hold too, so
 * an exception (or a beforePaste that cancels) can never leave the grid frozen.
 */
import type { HotInstance } from 'handsontable/base';

export type Hold = 'change' | 'paste';

export class ChangeRender {
  readonly #hot: HotInstance;
  readonly #held = new Set<Hold>();
  /** The changed cells were redrawn in place (cell-refresh.ts): the held render may be a fast draw. */
  #refreshed = false;
  /** Something needs every drawn cell redrawn (new data, new widths, a filter): a full render. */
  #full = false;

  constructor(hot: HotInstance) {
    this.#hot = hot;
  }

  /** Some render is waiting for release(). */
  get held(): boolean {
    return this.#held.size > 0;
  }

  hold(kind: Hold = 'change'): void {
    if (this.#held.has(kind)) return;
    if (this.#held.size === 0) queueMicrotask(() => this.releaseAll());
    this.#held.add(kind);
    this.#hot.suspendRender();
  }

  /** The changed cells are drawn already: unless something asks for a full render, none is needed. */
  refreshed(): void {
    if (this.held) this.#refreshed = true;
  }

  /** A full render is needed, whatever was refreshed. */
  needFull(): void {
    if (this.held) this.#full = true;
  }

  /**
   * Draws once when the last hold goes (patch's own render() meanwhile only asked for a full
   * redraw). When the patch redrew its cells in place and nothing else needs a full render,
   * the draw is Walkontable's fast one (selection and overlays only): Handsontable's change
   * cycle asked for a full render only because data changed, and every changed cell is drawn.
   */
  release(kind: Hold = 'change'): void {
    if (!this.#held.delete(kind)) return;
    if (this.#held.size === 0) {
      const fast = this.#refreshed && !this.#full;
      this.#refreshed = false;
      this.#full = false;
      if (fast) (this.#hot as unknown as { forceFullRender: boolean }).forceFullRender = false;
    }
    this.#hot.resumeRender();
  }

  releaseAll(): void {
    for (const kind of [...this.#held]) this.release(kind);
  }
}
