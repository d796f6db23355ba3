/**
 * Two tabs on one evaluation: a change saved in one shows in the other within a second.
 *
 * The fast path is the store's BroadcastChannel message after each commit. The fallback is a
 * Dexie liveQuery on the evaluation's summary row (small, and it carries the revision):
 * Dexie propagates committed changes between tabs itself, and the liveQuery also catches
 * what a lost message or a tab without BroadcastChannel would miss. Both only trigger a
 * re-read from IndexedDB; the listener fires once per revision, and only for revisions
 * newer than what this tab last read or wrote, so a tab never hears the echo of its own save.
 */
import { liveQuery } from 'dexie';
import type { EvaluationSummary, StoredEvaluation } from './types.ts';
import { listenChanges } from './broadcast.ts';
import { evaluationStore, type EvaluationStore } from './evaluation-store.ts';
import { readRecord } from './stored-record.ts';

export interface WatchOptions {
  /** The store of this tab; the app's default store when omitted. */
  store?: EvaluationStore;
  /** The evaluation was deleted (moved to the trash), in this tab or another. */
  onRemoved?: () => void;
}

/**
 * Calls `onNewer` with each stored revision of `id` newer than this tab's own. The UI then
 * adopts it (Autosaver.adopt) when nothing is pending here, or merges and resolves.
 * Returns the function that stops watching.
 */
export function watchEvaluation(
  id: string,
  onNewer: (stored: StoredEvaluation) => void,
  options: WatchOptions = {},
): () => void {
  const store = options.store ?? evaluationStore();
  let stopped = false;
  let delivered = 0;
  let existed = true;
  let running: Promise<void> | null = null;
  let again = false;

  const known = () => Math.max(store.knownRevision(id) ?? 0, delivered);

  // One re-read at a time; a trigger during a read asks for one more afterwards.
  const check = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        const row = await store.db.evaluations.get(id);
        if (stopped) return;
        if (!row) {
          if (existed) {
            existed = false;
            options.onRemoved?.();
          }
          continue;
        }
        existed = true;
        if (row.revision > known()) {
          delivered = row.revision;
          // Another tab's revision is data like any stored record: it reaches the page only checked.
          const read = readRecord(row);
          if (read.ok) onNewer(read.stored);
          else console.error('另一个窗口保存的版本无法读取', read.problems);
        }
      } while (again && !stopped);
    })()
      .catch((error: unknown) => console.error('跨标签页同步读取失败', error))
      .finally(() => {
        running = null;
      });
  };

  const stopListening = listenChanges((message) => {
    if (message.db !== store.db.name || message.origin === store.origin) return;
    const change = message.changes.find((c) => c.id === id);
    if (change && (change.revision === null || change.revision > known())) check();
  });

  // A revision passed over as this tab's save under way, when that save did not commit.
  const stopUncommitted = store.onUncommittedSave((saved) => {
    if (saved === id) check();
  });

  const subscription = liveQuery(() => store.db.summaries.get(id)).subscribe({
    next: (row) => {
      if (!row ? existed : row.revision > known()) check();
    },
    error: (error: unknown) => console.error('跨标签页同步订阅失败', error),
  });

  return () => {
    stopped = true;
    stopListening();
    stopUncommitted();
    subscription.unsubscribe();
  };
}

/** Calls `onChange` with the home list now and after every change, in any tab. */
export function watchSummaries(
  onChange: (summaries: EvaluationSummary[]) => void,
  options: { store?: EvaluationStore; onError?: (message: string) => void } = {},
): () => void {
  const store = options.store ?? evaluationStore();
  const subscription = liveQuery(() => store.listSummaries()).subscribe({
    next: onChange,
    error: (error: unknown) => options.onError?.(error instanceof Error ? error.message : String(error)),
  });
  return () => subscription.unsubscribe();
}
