/**
 * Undo/redo over whole evaluation snapshots. Snapshots share every untouched object with
 * their neighbours (edits copy only the changed path), so keeping a few hundred of them
 * costs little, and structural changes undo exactly like cell edits.
 */
export class History<T> {
  #past: T[] = [];
  #future: T[] = [];
  readonly limit: number;

  constructor(limit = 200) {
    this.limit = limit;
  }

  get canUndo(): boolean {
    return this.#past.length > 0;
  }

  get canRedo(): boolean {
    return this.#future.length > 0;
  }

  /** Records `previous` as the state before a new change; a new change drops the redo branch. */
  record(previous: T): void {
    this.#past.push(previous);
    if (this.#past.length > this.limit) this.#past.shift();
    this.#future = [];
  }

  /** The state to go back to, given the current one; undefined when there is none. */
  undo(current: T): T | undefined {
    const previous = this.#past.pop();
    if (previous === undefined) return undefined;
    this.#future.push(current);
    return previous;
  }

  redo(current: T): T | undefined {
    const next = this.#future.pop();
    if (next === undefined) return undefined;
    this.#past.push(current);
    return next;
  }

  clear(): void {
    this.#past = [];
    this.#future = [];
  }

  /** The steps, oldest first, to keep them across a reload (see keepHistory). */
  steps(): { past: T[]; future: T[] } {
    return { past: [...this.#past], future: [...this.#future] };
  }

  load(steps: { past: readonly T[]; future: readonly T[] }): void {
    this.#past = steps.past.slice(-this.limit);
    this.#future = steps.future.slice(-this.limit);
  }
}

/**
 * Undo history kept across a reload of the same evaluation, in this tab's sessionStorage
 * (gone with the tab, as an editor's history is). Bounded: at most `steps` steps each way and
 * `maxChars` of JSON; the oldest steps go first. Restored only when the stored `current` is
 * the evaluation that was loaded, so a history never applies to another document's state.
 */
export interface KeptHistory<T> {
  current: T;
  past: T[];
  future: T[];
}

export const KEPT_STEPS = 100;
const MAX_CHARS = 4_000_000;
const keyOf = (id: string) => `jixiao.history.v1.${id}`;

export function keepHistory<T>(storage: Storage, id: string, current: T, steps: { past: T[]; future: T[] }): void {
  const past = steps.past.slice(-KEPT_STEPS);
  const future = steps.future.slice(-KEPT_STEPS);
  try {
    // As many steps as documents of this size fit, before the first try: at 5,000 leaves a
    // step is ~1.5 MB of JSON, and trying 100 steps, then 75, then 56… stringified ~100 MB and
    // held the page for ~0.7 s whenever the typing paused (issue 12 profile).
    const room = Math.max(0, Math.floor(MAX_CHARS / Math.max(1, JSON.stringify(current).length)) - 1);
    if (past.length + future.length > room) {
      future.splice(0, Math.max(0, future.length - Math.ceil(room / 2)));
      past.splice(0, Math.max(0, past.length - (room - future.length)));
    }
    for (;;) {
      const text = JSON.stringify({ current, past, future } satisfies KeptHistory<T>);
      if (text.length <= MAX_CHARS || (past.length === 0 && future.length === 0)) {
        storage.setItem(keyOf(id), text);
        return;
      }
      // Too big: drop the oldest steps (a quarter at a time) until it fits.
      past.splice(0, Math.max(1, Math.ceil(past.length / 4)));
      if (past.length === 0) future.splice(0, Math.max(1, Math.ceil(future.length / 4)));
    }
  } catch {
    // Full or unavailable: history is a convenience, the document itself is saved elsewhere.
    try {
      storage.removeItem(keyOf(id));
    } catch {
      // nothing to do
    }
  }
}

export function keptHistory<T extends { id: string }>(
  storage: Storage,
  id: string,
  loaded: T,
  same: (a: unknown, b: unknown) => boolean,
): { past: T[]; future: T[] } | null {
  try {
    const text = storage.getItem(keyOf(id));
    if (!text) return null;
    const kept = JSON.parse(text) as Partial<KeptHistory<T>>;
    if (!Array.isArray(kept.past) || !Array.isArray(kept.future) || !same(kept.current, loaded)) return null;
    const ok = (step: unknown): step is T =>
      typeof step === 'object' && step !== null && (step as { id?: unknown }).id === id && Array.isArray((step as { indicators?: unknown }).indicators);
    if (!kept.past.every(ok) || !kept.future.every(ok)) return null;
    return { past: kept.past, future: kept.future };
  } catch {
    return null;
  }
}
