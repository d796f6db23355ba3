/**
 * The home list's unreadable records, live: like watchSummaries (cross-tab.ts), a Dexie
 * liveQuery, so a record repaired, deleted or broken in any tab shows at once.
 */
import { liveQuery } from 'dexie';
import { evaluationStore, type EvaluationStore } from './evaluation-store.ts';
import type { UnreadableRecord } from './stored-record.ts';

export function watchUnreadable(
  onChange: (records: UnreadableRecord[]) => void,
  options: { store?: EvaluationStore; onError?: (message: string) => void } = {},
): () => void {
  const store = options.store ?? evaluationStore();
  const subscription = liveQuery(async () => (await store.listHome()).unreadable).subscribe({
    next: onChange,
    error: (error: unknown) => options.onError?.(error instanceof Error ? error.message : String(error)),
  });
  return () => subscription.unsubscribe();
}
