/**
 * The line under the grid that says, in Chinese, why an input was refused. It fades after
 * a few seconds; the refused cell keeps its previous value.
 */
const VISIBLE_MS = 6000;

export class GridMessage {
  readonly element: HTMLDivElement;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(document: Document) {
    this.element = document.createElement('div');
    this.element.className = 'jx-grid-message';
    this.element.setAttribute('role', 'alert');
    this.element.dataset.testid = 'grid-message';
    this.element.hidden = true;
  }

  show(messages: readonly string[]): void {
    const first = messages[0];
    if (first === undefined) return;
    this.element.textContent = messages.length > 1 ? `${first}（另有 ${messages.length - 1} 处未接受）` : first;
    this.element.hidden = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.clear(), VISIBLE_MS);
  }

  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.element.hidden = true;
    this.element.textContent = '';
  }
}
