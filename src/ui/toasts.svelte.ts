/** Short messages at the foot of the page, some with one action (撤销 after a delete). */
export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
  action?: { label: string; run: () => void };
  testId?: string;
}

export class Toasts {
  items = $state.raw<Toast[]>([]);
  #next = 1;

  show(toast: Omit<Toast, 'id'>, ms = toast.action ? 10_000 : 5_000): number {
    const id = this.#next++;
    this.items = [...this.items, { ...toast, id }];
    setTimeout(() => this.dismiss(id), ms);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  /** Runs the toast's action once, then removes the toast. */
  act(id: number): void {
    const toast = this.items.find((t) => t.id === id);
    this.dismiss(id);
    toast?.action?.run();
  }
}
