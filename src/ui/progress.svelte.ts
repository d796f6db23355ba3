/**
 * One progress indicator for anything that may take more than 300 ms (an export, an import,
 * opening a large evaluation): `withProgress('正在导出…', () => work())`. Nothing shows for
 * work that ends sooner (a flash would be noise); after 300 ms the label shows until the
 * work ends, whether it succeeds or throws. Several at once show the oldest label.
 */
export const PROGRESS_DELAY_MS = 300;

interface Running {
  id: number;
  label: string;
  shown: boolean;
}

class Progress {
  #running = $state.raw<Running[]>([]);
  #next = 0;

  /** The label on screen, or null. */
  get label(): string | null {
    return this.#running.find((r) => r.shown)?.label ?? null;
  }

  start(label: string): { show(): void; done(): void } {
    const id = ++this.#next;
    this.#running = [...this.#running, { id, label, shown: false }];
    return {
      show: () => {
        this.#running = this.#running.map((r) => (r.id === id ? { ...r, shown: true } : r));
      },
      done: () => {
        this.#running = this.#running.filter((r) => r.id !== id);
      },
    };
  }
}

export const progress = new Progress();

export async function withProgress<T>(label: string, work: () => Promise<T> | T): Promise<T> {
  const run = progress.start(label);
  const timer = setTimeout(run.show, PROGRESS_DELAY_MS);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    run.done();
  }
}
