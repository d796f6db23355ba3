/**
 * Evaluations in IndexedDB: list, load, create, save, delete to the trash and undo.
 *
 * Every write is one read-write transaction (strict durability, see db.ts) that writes the
 * evaluation and its home-list row together, so the list never disagrees with the documents.
 * `save` is a compare-and-swap on the revision, checked inside the transaction: two tabs
 * editing one evaluation can never overwrite each other's newer edit unseen.
 *
 * After each commit the store tells the other tabs (broadcast.ts). It also remembers the
 * revision this tab last read or wrote per evaluation, so cross-tab.ts can tell another
 * tab's change from the echo of its own.
 */
import type { Evaluation } from '../domain/index.ts';
import type { EvaluationSummary, SaveResult, StoredEvaluation } from './types.ts';
import { db as defaultDb, type EvaluationRow, type JixiaoDB, type SummaryRow } from './db.ts';
import { ChangeChannel, type ChangeMessage } from './broadcast.ts';
import { OUTDATED_MESSAGE, StorageError, describeStorageError, isQuotaError } from './errors.ts';
import { checkEvaluation } from './check-evaluation.ts';
import { summaryRowFor } from './migrations/v2.ts';
import { summarize } from './summarize.ts';

/** An evaluation in the trash, as the UI lists it for undo. */
export interface TrashedEvaluation {
  id: string;
  deletedAt: number;
  summary: EvaluationSummary;
}

function randomOrigin(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function toSummary(row: SummaryRow): EvaluationSummary {
  const { revision: _revision, ...summary } = row;
  return summary;
}

function fail(error: unknown, action: string, suffix = ''): StorageError {
  if (error instanceof StorageError) return error;
  return new StorageError(describeStorageError(error, action) + suffix, { quota: isQuotaError(error), cause: error });
}

export class EvaluationStore {
  readonly db: JixiaoDB;
  /** Identifies this store instance (one per tab) in change messages. */
  readonly origin = randomOrigin();
  readonly #channel = new ChangeChannel();
  readonly #known = new Map<string, number>();

  constructor(database: JixiaoDB) {
    this.db = database;
  }

  /** The revision this tab last read or wrote (undefined: never seen here). */
  knownRevision(id: string): number | undefined {
    return this.#known.get(id);
  }

  #see(id: string, revision: number): void {
    if (revision > (this.#known.get(id) ?? 0)) this.#known.set(id, revision);
  }

  /** Called first inside every write transaction (see JixiaoDB.outdated). */
  #assertCurrentSchema(): void {
    if (this.db.outdated) throw new StorageError(OUTDATED_MESSAGE);
  }

  #announce(kind: ChangeMessage['kind'], changes: ChangeMessage['changes']): void {
    this.#channel.post({ db: this.db.name, origin: this.origin, kind, changes });
  }

  /** The home list: newest change first, without trashed evaluations. */
  async listSummaries(): Promise<EvaluationSummary[]> {
    try {
      const rows = await this.db.summaries.orderBy('updatedAt').reverse().toArray();
      return rows.map(toSummary);
    } catch (error) {
      throw fail(error, '读取评价列表');
    }
  }

  async load(id: string): Promise<StoredEvaluation | undefined> {
    let row: EvaluationRow | undefined;
    try {
      row = await this.db.evaluations.get(id);
    } catch (error) {
      throw fail(error, '读取评价');
    }
    if (!row) return undefined;
    this.#see(id, row.revision);
    return { evaluation: row.evaluation, revision: row.revision };
  }

  /**
   * Stores new evaluations, all or none (an import of several tables is one act), each at
   * revision 1. Rejects with a StorageError (Chinese message) when an id is already used,
   * by a stored or a trashed evaluation, or a document is not an evaluation.
   */
  async create(evaluations: Evaluation[], summaries: EvaluationSummary[]): Promise<void> {
    const ids = new Set<string>();
    const byId = new Map(summaries.map((s) => [s.id, s]));
    for (const evaluation of evaluations) {
      const problem = checkEvaluation(evaluation);
      if (problem) throw new StorageError(`${problem}（本次未写入任何评价）`);
      if (ids.has(evaluation.id)) {
        throw new StorageError(`待创建的评价中有重复编号「${evaluation.id}」（本次未写入任何评价）`);
      }
      ids.add(evaluation.id);
      if (!byId.has(evaluation.id)) {
        throw new StorageError(`评价「${evaluation.meta.projectName}」缺少列表摘要（本次未写入任何评价）`);
      }
    }
    if (evaluations.length === 0) return;

    const now = Date.now();
    const rows: EvaluationRow[] = evaluations.map((evaluation) => ({
      id: evaluation.id,
      revision: 1,
      updatedAt: now,
      evaluation: { ...evaluation, createdAt: evaluation.createdAt ?? now, updatedAt: now },
    }));
    const summaryRows: SummaryRow[] = rows.map((row) => ({
      ...(byId.get(row.id) as EvaluationSummary),
      id: row.id,
      updatedAt: now,
      revision: 1,
    }));
    const { evaluations: table, summaries: summaryTable, trash } = this.db;
    try {
      await this.db.transaction('rw', [table, summaryTable, trash], async () => {
        this.#assertCurrentSchema();
        const keys = [...ids];
        const [stored, trashed] = await Promise.all([table.bulkGet(keys), trash.bulkGet(keys)]);
        const clash = stored.find((r) => r !== undefined) ?? trashed.find((r) => r !== undefined)?.row;
        if (clash) {
          throw new StorageError(
            `已存在编号相同的评价「${clash.evaluation.meta?.projectName ?? clash.id}」（本次未写入任何评价）`,
          );
        }
        await table.bulkAdd(rows);
        await summaryTable.bulkPut(summaryRows);
      });
    } catch (error) {
      throw fail(error, '创建评价', '（本次未写入任何评价）');
    }
    for (const row of rows) this.#see(row.id, row.revision);
    this.#announce('created', rows.map((r) => ({ id: r.id, revision: r.revision })));
  }

  /**
   * Writes `evaluation` if the stored revision is still `baseRevision` (compare-and-swap in
   * the transaction), with its summary row, as revision baseRevision + 1. Never rejects:
   * a newer stored revision comes back as `conflict` (nothing written), any failure as a
   * Chinese `error` (`quota` when storage is full).
   */
  async save(evaluation: Evaluation, summary: EvaluationSummary, baseRevision: number): Promise<SaveResult> {
    const problem =
      checkEvaluation(evaluation) ?? (summary.id === evaluation.id ? null : '列表摘要与评价编号不一致，未保存。');
    if (problem) return { ok: false, error: problem, quota: false };

    const id = evaluation.id;
    const now = Date.now();
    type Outcome =
      | { kind: 'saved'; revision: number }
      | { kind: 'conflict'; theirs: StoredEvaluation }
      | { kind: 'missing' };
    let outcome: Outcome;
    try {
      outcome = await this.db.transaction('rw', [this.db.evaluations, this.db.summaries], async (): Promise<Outcome> => {
        this.#assertCurrentSchema();
        const current = await this.db.evaluations.get(id);
        if (!current) return { kind: 'missing' };
        if (current.revision !== baseRevision) {
          return { kind: 'conflict', theirs: { evaluation: current.evaluation, revision: current.revision } };
        }
        const revision = current.revision + 1;
        await this.db.evaluations.put({ id, revision, updatedAt: now, evaluation: { ...evaluation, updatedAt: now } });
        await this.db.summaries.put({ ...summary, id, updatedAt: now, revision });
        return { kind: 'saved', revision };
      });
    } catch (error) {
      return { ok: false, error: describeStorageError(error), quota: isQuotaError(error) };
    }

    switch (outcome.kind) {
      case 'saved':
        this.#see(id, outcome.revision);
        this.#announce('saved', [{ id, revision: outcome.revision }]);
        return { ok: true, revision: outcome.revision };
      case 'conflict':
        this.#see(id, outcome.theirs.revision);
        return { ok: false, conflict: outcome.theirs };
      case 'missing':
        return {
          ok: false,
          error: '此评价已被删除（可能在另一个标签页中）：修改仍保留在本页面中，可从回收站恢复后再保存。',
          quota: false,
          missing: true,
        };
    }
  }

  /** Moves the evaluation and its list row to the trash in one transaction (undo: restore). */
  async remove(id: string): Promise<void> {
    const { evaluations, summaries, trash } = this.db;
    let removed = false;
    try {
      await this.db.transaction('rw', [evaluations, summaries, trash], async () => {
        this.#assertCurrentSchema();
        const row = await evaluations.get(id);
        if (!row) return; // already gone, e.g. deleted in another tab
        const summary = (await summaries.get(id)) ?? null;
        await trash.put({ id, deletedAt: Date.now(), row, summary });
        await evaluations.delete(id);
        await summaries.delete(id);
        removed = true;
      });
    } catch (error) {
      throw fail(error, '删除评价');
    }
    if (removed) this.#announce('removed', [{ id, revision: null }]);
  }

  /** Puts a trashed evaluation back exactly as it was, at its revision. */
  async restore(id: string): Promise<void> {
    const { evaluations, summaries, trash } = this.db;
    let revision = 0;
    try {
      await this.db.transaction('rw', [evaluations, summaries, trash], async () => {
        this.#assertCurrentSchema();
        const trashed = await trash.get(id);
        if (!trashed) throw new StorageError('回收站中找不到该评价，可能已被永久删除。');
        if (await evaluations.get(id)) throw new StorageError('已存在编号相同的评价，无法恢复。');
        await evaluations.add(trashed.row);
        await summaries.put(trashed.summary ?? summaryRowFor(trashed.row, summarize));
        await trash.delete(id);
        revision = trashed.row.revision;
      });
    } catch (error) {
      throw fail(error, '恢复评价');
    }
    this.#see(id, revision);
    this.#announce('restored', [{ id, revision }]);
  }

  /** The trash, most recently deleted first. */
  async listTrash(): Promise<TrashedEvaluation[]> {
    try {
      const rows = await this.db.trash.orderBy('deletedAt').reverse().toArray();
      return rows.map((t) => ({
        id: t.id,
        deletedAt: t.deletedAt,
        summary: t.summary ? toSummary(t.summary) : toSummary(summaryRowFor(t.row, summarize)),
      }));
    } catch (error) {
      throw fail(error, '读取回收站');
    }
  }

  /** Deletes for good what has been in the trash for longer than `olderThanMs`; returns how many. */
  async purgeTrash(olderThanMs: number): Promise<number> {
    const before = Date.now() - olderThanMs;
    try {
      return await this.db.transaction('rw', this.db.trash, () => {
        this.#assertCurrentSchema();
        return this.db.trash.where('deletedAt').belowOrEqual(before).delete();
      });
    } catch (error) {
      throw fail(error, '清理回收站');
    }
  }

  /** Stops announcing changes (the database connection belongs to whoever opened it). */
  close(): void {
    this.#channel.close();
  }
}

let defaultStore: EvaluationStore | undefined;

/** The app's store on the app's database, created on first use. */
export function evaluationStore(): EvaluationStore {
  defaultStore ??= new EvaluationStore(defaultDb());
  return defaultStore;
}
