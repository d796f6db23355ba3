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

  /** Draws once when the last hold goes (patch's own render() meanwhile only asked for a full redraw). */
  release(kind: Hold = 'change'): void {
    if (!this.#held.delete(kind)) return;
    this.#hot.resumeRender();
  }

  releaseAll(): void {
    for (const kind of [...this.#held]) this.release(kind);
  }
}
