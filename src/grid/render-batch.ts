/**
 * One render per edit. Handsontable writes a change, renders the whole viewport, and only then
 * runs afterChange, where the app commits the edit and the grid patches the rows it changed
 * (the score, the group subtotals): a second full render of the same cells, in the same task.
 * At 5,000 leaves each render costs tens of ms (cell renderers, row measuring, Walkontable's
 * visibility checks), so the edit paid twice (profile in issue 12).
 *
 * The render Handsontable starts in its change cycle is held (suspendRender, from the
 * beforeChangeRender hook, which fires only when data was written and always right before that
 * render) and released after afterChange: resumeRender then draws once, with the patched rows.
 * A microtask releases it too, so an exception between the two hooks can never leave the grid
 * frozen.
 */
import type { HotInstance } from 'handsontable/base';

export class ChangeRender {
  readonly #hot: HotInstance;
  #held = false;

  constructor(hot: HotInstance) {
    this.#hot = hot;
  }

  /** Inside Handsontable's change cycle: its render waits for release(). */
  get held(): boolean {
    return this.#held;
  }

  hold(): void {
    if (this.#held) return;
    this.#held = true;
    this.#hot.suspendRender();
    queueMicrotask(() => this.release());
  }

  /** Draws once, if held (patch's own render() meanwhile only asked for a full redraw). */
  release(): void {
    if (!this.#held) return;
    this.#held = false;
    this.#hot.resumeRender();
  }
}
