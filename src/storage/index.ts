/**
 * The storage layer's one entry point: evaluations in IndexedDB (Dexie), saved as they are
 * edited, shared between tabs. The UI imports from here only.
 *
 * Database — `openDb(name = 'jixiao'): JixiaoDB`, `db(): JixiaoDB` (the app's, lazily).
 *   Tables: evaluations (id, revision, updatedAt, evaluation), summaries (home-list rows),
 *   trash (deleted evaluations, for undo). Every write uses strict durability. `db.outdated`:
 *   a newer page upgraded the database; writes are refused (Chinese error), ask for a reload.
 *
 * Store — `evaluationStore(): EvaluationStore` (the app's), or `new EvaluationStore(db)`:
 *   listSummaries(): Promise<EvaluationSummary[]>          newest updatedAt first, no trash
 *   listHome(): Promise<{ summaries, unreadable }>          the same, plus the records that fail
 *       restoreEvaluation (UnreadableRecord: id, projectName, problems); rawRecord(id) → their JSON
 *   load(id): Promise<StoredEvaluation | undefined>         the document through restoreEvaluation;
 *       rejects with a Chinese StorageError for a record that cannot be read
 *   create(evaluations, summaries): Promise<void>           all or none, revision 1 each;
 *       rejects with StorageError (Chinese message, .quota) on a used id or a bad document.
 *       Duplicate = create([{ ...copy, new ids }], [summary]).
 *   save(evaluation, summary, baseRevision): Promise<SaveResult>   never rejects:
 *       { ok: true, revision } | { ok: false, conflict: theirs } (nothing written) |
 *       { ok: false, error, quota, missing? } (error in Chinese)
 *   remove(id) / restore(id): Promise<void>                 to the trash and back
 *   listTrash(): Promise<TrashedEvaluation[]>;  purgeTrash(olderThanMs): Promise<number>
 *       (nothing purges by itself: the UI may call purgeTrash(30 days) at start-up)
 *   The same functions bound to the app's store are exported below (listSummaries, load, …).
 *
 * Autosaver — `new Autosaver(store, stored, { summarize })` for the open evaluation:
 *   change(evaluation) on each edit (written at once, coalesced while a write is in flight);
 *   state / subscribe(listener) → SaveState for 已保存 / 保存中 / 错误 / 冲突;
 *   flush() on visibilitychange → hidden and pagehide (flushWhenHidden(autosaver) wires both);
 *   retry() after an error; adopt(stored) to take another tab's revision as is;
 *   on { kind: 'conflict', theirs }: merged = mergeEvaluations(autosaver.base.evaluation,
 *   autosaver.current, theirs.evaluation).merged; show it; autosaver.resolve(merged,
 *   theirs.revision, theirs.evaluation). `summarize` (below) computes a list row with the engine.
 *
 * Tabs — `watchEvaluation(id, onNewer, { store?, onRemoved? }): () => void`: onNewer gets
 *   each revision saved by another tab, newer than this tab's own. If !autosaver.pending:
 *   autosaver.adopt(stored) and show it; else merge as for a conflict and resolve.
 *   `watchSummaries(onChange): () => void` for the home list (fires at once, then on changes).
 *
 * Persistence — requestPersistence({ force? }) once there is data, persistenceStatus(),
 *   estimateUsage(). Errors — StorageError, describeStorageError, isQuotaError.
 */
import type { Evaluation } from '../domain/index.ts';
import type { EvaluationSummary, SaveResult, StoredEvaluation } from './types.ts';
import { evaluationStore, type TrashedEvaluation } from './evaluation-store.ts';

export type { EvaluationSummary, SaveResult, SaveState, StoredEvaluation } from './types.ts';
export { JixiaoDB, openDb, db, DEFAULT_DB_NAME, SCHEMA_VERSION } from './db.ts';
export { EvaluationStore, evaluationStore, type TrashedEvaluation } from './evaluation-store.ts';
export { Autosaver, flushWhenHidden, type AutosaverOptions, type SavingStore } from './autosaver.ts';
export { watchEvaluation, watchSummaries, type WatchOptions } from './cross-tab.ts';
export {
  requestPersistence,
  persistenceStatus,
  persistenceAsked,
  estimateUsage,
  type PersistenceResult,
  type UsageEstimate,
} from './persistence.ts';
export { StorageError, describeStorageError, isQuotaError, QUOTA_MESSAGE, OUTDATED_MESSAGE } from './errors.ts';
export { checkEvaluation, storable } from './check-evaluation.ts';
export { rawJson, type UnreadableRecord } from './stored-record.ts';
export { watchUnreadable } from './unreadable-watch.ts';
export type { HomeList } from './evaluation-store.ts';
export { summarize } from './summarize.ts';
export { TemplateStore, templateStore, type UserTemplate, type TemplateFile } from './template-store.ts';
export { DeskStore, deskStore, type DeskRow } from './desk-store.ts';

export const listSummaries = (): Promise<EvaluationSummary[]> => evaluationStore().listSummaries();
export const load = (id: string): Promise<StoredEvaluation | undefined> => evaluationStore().load(id);
export const create = (evaluations: Evaluation[], summaries: EvaluationSummary[]): Promise<void> =>
  evaluationStore().create(evaluations, summaries);
export const save = (evaluation: Evaluation, summary: EvaluationSummary, baseRevision: number): Promise<SaveResult> =>
  evaluationStore().save(evaluation, summary, baseRevision);
export const remove = (id: string): Promise<void> => evaluationStore().remove(id);
export const restore = (id: string): Promise<void> => evaluationStore().restore(id);
export const listTrash = (): Promise<TrashedEvaluation[]> => evaluationStore().listTrash();
export const purgeTrash = (olderThanMs: number): Promise<number> => evaluationStore().purgeTrash(olderThanMs);
export { directWriter, type DocumentWriter } from './document-writer.ts';
export { WorkerWriter } from './save-worker-client.ts';
export { startSaveWorker } from './save-worker-start.ts';
