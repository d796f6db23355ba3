/**
 * The frozen name columns kept in line with the main table, and tall groups' labels kept in view.
 *
 * Selecting a frozen cell far from the viewport (a 一级 at the top, from the last row, as Enter
 * used to wrap to, or a finding clicked) scrolled the frozen overlay's own holder by the height
 * of a row while the main table went to the top: the name columns then stood ~29 px off their
 * rows until a wheel scroll re-synced them. The main table is the truth: the overlay is put back
 * to its vertical scroll whenever they differ.
 */
export class FrozenAlign {
  readonly #root: HTMLElement;
  /** The frame that re-aligns the overlay (alignSoon). */
  #frame = 0;

  constructor(root: HTMLElement) {
    this.#root = root;
  }

  #holders(): { master: HTMLElement | null; frozen: HTMLElement | null } {
    return {
      master: this.#root.querySelector<HTMLElement>('.ht_master .wtHolder'),
      frozen: this.#root.querySelector<HTMLElement>('.ht_clone_inline_start .wtHolder'),
    };
  }

  align(): void {
    const { master, frozen } = this.#holders();
    if (master && frozen && frozen.scrollTop !== master.scrollTop) frozen.scrollTop = master.scrollTop;
  }

  readonly alignSoon = (): void => {
    const view = this.#root.ownerDocument.defaultView;
    if (!view) return;
    view.cancelAnimationFrame(this.#frame);
    this.#frame = view.requestAnimationFrame(() => this.align());
  };

  /**
   * A merged 一级/二级 cell taller than the pane showed its label only at its top, scrolled
   * away: the rows below stood beside an empty-looking column. Each drawn group label is moved
   * down to the top of the visible rows, and no further than its cell's bottom.
   */
  keepGroupLabelsInView(): void {
    const { master, frozen } = this.#holders();
    if (!master || !frozen) return;
    const head = master.querySelector('thead');
    const top = master.getBoundingClientRect().top + (head?.getBoundingClientRect().height ?? 0);
    for (const label of frozen.querySelectorAll<HTMLElement>('td.jx-group .jx-group-label')) {
      const box = (label.parentElement as HTMLElement).getBoundingClientRect();
      const room = box.height - label.offsetHeight - 8;
      const shift = Math.max(0, Math.min(room, top - box.top));
      label.style.transform = shift > 0 ? `translateY(${Math.round(shift)}px)` : '';
    }
  }

  /** Follows the overlay's own scrolling (once the grid is drawn). */
  listen(): void {
    this.#holders().frozen?.addEventListener('scroll', this.alignSoon, { passive: true });
  }

  destroy(): void {
    this.#root.ownerDocument.defaultView?.cancelAnimationFrame(this.#frame);
    this.#holders().frozen?.removeEventListener('scroll', this.alignSoon);
  }
}
