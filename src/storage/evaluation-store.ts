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
import { storable } from './check-evaluation.ts';
import { summaryRowFor } from './migrations/v2.ts';
import { nameIn, rawJson, readRecord, type UnreadableRecord } from './stored-record.ts';
import { summarize, summaryFromRow } from './summarize.ts';
import { directWriter, type DocumentWriter, type WriteOutcome } from './document-writer.ts';
import { WorkerWriter } from './save-worker-client.ts';
import { startSaveWorker } from './save-worker-start.ts';

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

/** The home list: the evaluations that open, and the records that cannot be read. */
export interface HomeList {
  summaries: EvaluationSummary[];
  unreadable: UnreadableRecord[];
}

/** What the last check of a record found, valid while its row's updatedAt is unchanged. */
interface RecordCheck {
  updatedAt: number;
  problems: string[] | null;
  projectName: string;
}

const SHOWN_PROBLEMS = 3;

export function unreadableMessage(projectName: string, problems: readonly string[]): string {
  const name = projectName ? `「${projectName.slice(0, 60)}」` : '这份评价';
  return `${name}的数据已损坏，无法打开：${problems.slice(0, SHOWN_PROBLEMS).join('；')}。可在首页下载它的原始数据，或将它删除。`;
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
  /**
   * Records already checked with restoreEvaluation, by id: the list re-reads a document only
   * when its row's updatedAt changed, so listing does not re-read every indicator tree on
   * every save (the reason summaries exist, see migrations/v2.ts).
   */
  readonly #checked = new Map<string, RecordCheck>();

  /** Where save's transaction runs: in the page, or in the save worker (evaluationStore()). */
  readonly #writer: DocumentWriter;

  constructor(database: JixiaoDB, options: { writer?: DocumentWriter } = {}) {
    this.db = database;
    this.#writer = options.writer ?? directWriter(database);
  }

  /**
   * The revision this tab last read or wrote (undefined: never seen here), counting a save in
   * flight as written: the save worker's commit reaches the other watchers of this tab (Dexie's
   * change propagation) by another road than its answer, and may come first; without this, the
   * tab would take its own save for another tab's. A save that meets a conflict instead moves
   * the known revision to theirs, and its conflict carries their document.
   */
  knownRevision(id: string): number | undefined {
    const known = this.#known.get(id);
    const writing = this.#inFlight.get(id);
    return writing === undefined ? known : Math.max(known ?? 0, writing);
  }

  /** Per evaluation, the revision a save under way will have if it commits. */
  readonly #inFlight = new Map<string, number>();
  readonly #uncommitted = new Set<(id: string) => void>();

  /**
   * Calls `listener` with the id of each save that ends without committing or meeting a
   * conflict. While a save is under way another tab's revision with the same number looks like
   * this tab's own (see knownRevision), so a watcher passed it over; once the save failed, it
   * must look again. A conflict needs no second look: it carries their document, and the
   * session merges it. Returns the function that stops listening.
   */
  onUncommittedSave(listener: (id: string) => void): () => void {
    this.#uncommitted.add(listener);
    return () => this.#uncommitted.delete(listener);
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

  /** The home list: newest change first, without trashed evaluations or unreadable records. */
  async listSummaries(): Promise<EvaluationSummary[]> {
    return (await this.listHome()).summaries;
  }

  /**
   * The home list and, apart, every record that cannot be opened (its document fails
   * restoreEvaluation, or a list row has no document). A bad list row (a total that is text)
   * is recomputed from its document. Never lets one record stop the others from listing.
   */
  async listHome(): Promise<HomeList> {
    const { evaluations, summaries } = this.db;
    try {
      return await this.db.transaction('r', [evaluations, summaries], async () => {
        const stamps = new Map<string, number>();
        const [summaryRows, keys] = await Promise.all([
          summaries.toArray() as Promise<unknown[]>,
          evaluations.toCollection().primaryKeys(),
          // Rows whose updatedAt is not a number are not in the index: they have no stamp and are always re-read.
          evaluations.orderBy('updatedAt').eachKey((key, cursor) => {
            if (typeof cursor.primaryKey === 'string' && typeof key === 'number') stamps.set(cursor.primaryKey, key);
          }),
        ]);
        const rowOf = new Map<string, unknown>();
        for (const row of summaryRows) {
          const id = (row as { id?: unknown } | null)?.id;
          if (typeof id === 'string') rowOf.set(id, row);
        }
        const ids = keys.filter((k): k is string => typeof k === 'string');
        const stale = ids.filter((id) => {
          const check = this.#checked.get(id);
          const stamp = stamps.get(id);
          if (!check || stamp === undefined || check.updatedAt !== stamp) return true;
          return check.problems === null && summaryFromRow(rowOf.get(id)) === null;
        });
        const documents = new Map<string, Evaluation>();
        const fresh = new Map<string, RecordCheck>();
        const rows = stale.length > 0 ? ((await evaluations.bulkGet(stale)) as unknown[]) : [];
        rows.forEach((row, i) => {
          const id = stale[i] as string;
          if (row === undefined) return;
          const read = readRecord(row);
          const check: RecordCheck = { updatedAt: stamps.get(id) ?? Number.NaN, problems: read.ok ? null : read.problems.slice(0, SHOWN_PROBLEMS), projectName: nameIn(row, rowOf.get(id)) };
          fresh.set(id, check);
          if (stamps.has(id)) this.#checked.set(id, check);
          else this.#checked.delete(id);
          if (read.ok) documents.set(id, read.stored.evaluation);
        });
        const listed: EvaluationSummary[] = [];
        const unreadable: UnreadableRecord[] = [];
        const present = new Set(ids);
        for (const id of ids) {
          const check = fresh.get(id) ?? this.#checked.get(id);
          if (!check) continue;
          if (check.problems) {
            unreadable.push({ id, projectName: check.projectName, problems: check.problems });
            continue;
          }
          const document = documents.get(id);
          const summary = summaryFromRow(rowOf.get(id)) ?? (document ? summarize(document, { updatedAt: stamps.get(id) ?? document.updatedAt ?? 0 }) : null);
          if (summary) listed.push({ ...summary, id });
        }
        for (const [id, row] of rowOf) {
          if (!present.has(id)) unreadable.push({ id, projectName: nameIn(row), problems: ['只有列表中的一行，评价数据本身已不存在'] });
        }
        listed.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
        unreadable.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return { summaries: listed, unreadable };
      });
    } catch (error) {
      throw fail(error, '读取评价列表');
    }
  }

  /**
   * The record exactly as stored (its evaluation row and its list row), as JSON text: what
   * the home list offers to download for an unreadable record before it is deleted.
   */
  async rawRecord(id: string): Promise<string> {
    try {
      const [row, summary] = await Promise.all([this.db.evaluations.get(id), this.db.summaries.get(id)]);
      return rawJson({ id, evaluationRow: row ?? null, summaryRow: summary ?? null });
    } catch (error) {
      throw fail(error, '读取原始数据');
    }
  }

  /**
   * The evaluation, checked by restoreEvaluation. A record that fails is never handed to the
   * UI: this rejects with a StorageError saying, in Chinese, what is wrong.
   */
  async load(id: string): Promise<StoredEvaluation | undefined> {
    let row: EvaluationRow | undefined;
    try {
      row = await this.db.evaluations.get(id);
    } catch (error) {
      throw fail(error, '读取评价');
    }
    if (!row) return undefined;
    const read = readRecord(row);
    if (!read.ok) throw new StorageError(unreadableMessage(nameIn(row), read.problems));
    this.#see(id, read.stored.revision);
    return read.stored;
  }

  #remember(id: string, updatedAt: number, evaluation: Evaluation): void {
    this.#checked.set(id, { updatedAt, problems: null, projectName: evaluation.meta.projectName });
  }

  /**
   * Stores new evaluations, all or none (an import of several tables is one act), each at
   * revision 1. Rejects with a StorageError (Chinese message) when an id is already used,
   * by a stored or a trashed evaluation, or a document is not an evaluation.
   * `keepTimes`: a backup being restored keeps the updatedAt it had (else: now).
   */
  async create(evaluations: Evaluation[], summaries: EvaluationSummary[], options: { keepTimes?: boolean } = {}): Promise<void> {
    const ids = new Set<string>();
    const byId = new Map(summaries.map((s) => [s.id, s]));
    const checked: Evaluation[] = [];
    for (const candidate of evaluations) {
      const result = storable(candidate);
      if (!result.ok) throw new StorageError(`${result.message}（本次未写入任何评价）`);
      const evaluation = result.evaluation;
      checked.push(evaluation);
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
    const stamp = (evaluation: Evaluation) => (options.keepTimes && Number.isFinite(evaluation.updatedAt) ? (evaluation.updatedAt as number) : now);
    const rows: EvaluationRow[] = checked.map((evaluation) => ({
      id: evaluation.id,
      revision: 1,
      updatedAt: stamp(evaluation),
      evaluation: { ...evaluation, createdAt: evaluation.createdAt ?? now, updatedAt: stamp(evaluation) },
    }));
    const summaryRows: SummaryRow[] = rows.map((row) => ({
      ...(byId.get(row.id) as EvaluationSummary),
      id: row.id,
      updatedAt: row.updatedAt,
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
            `已存在编号相同的评价「${nameIn(clash) || clash.id}」（本次未写入任何评价）`,
          );
        }
        await table.bulkAdd(rows);
        await summaryTable.bulkPut(summaryRows);
      });
    } catch (error) {
      throw fail(error, '创建评价', '（本次未写入任何评价）');
    }
    for (const row of rows) {
      this.#see(row.id, row.revision);
      this.#remember(row.id, row.updatedAt, row.evaluation);
    }
    this.#announce('created', rows.map((r) => ({ id: r.id, revision: r.revision })));
  }

  /**
   * Writes `evaluation` if the stored revision is still `baseRevision` (compare-and-swap in
   * the transaction), with its summary row, as revision baseRevision + 1. Never rejects:
   * a newer stored revision comes back as `conflict` (nothing written), any failure as a
   * Chinese `error` (`quota` when storage is full).
   */
  async save(candidate: Evaluation, summary: EvaluationSummary, baseRevision: number): Promise<SaveResult> {
    const check = storable(candidate);
    if (!check.ok) return { ok: false, error: `${check.message}。未保存，修改仍保留在本页面中。`, quota: false };
    // What is written is the checked copy: control characters typed or pasted anywhere are gone.
    const evaluation = check.evaluation;
    const clean = summaryFromRow(summary);
    if (!clean) return { ok: false, error: '列表摘要的数据有误，未保存。', quota: false };
    if (clean.id !== evaluation.id) return { ok: false, error: '列表摘要与评价编号不一致，未保存。', quota: false };

    const id = evaluation.id;
    const now = Date.now();
    if (this.db.outdated) return { ok: false, error: OUTDATED_MESSAGE, quota: false };
    let written: WriteOutcome;
    this.#inFlight.set(id, baseRevision + 1);
    let answered = false;
    try {
      written = await this.#writer.write({ id, baseRevision, now, evaluation, summary: { ...clean, id } });
      answered = written.kind === 'saved' || written.kind === 'conflict';
    } catch (error) {
      return { ok: false, error: describeStorageError(error), quota: error instanceof StorageError ? error.quota : isQuotaError(error) };
    } finally {
      this.#inFlight.delete(id);
      if (!answered) for (const listener of this.#uncommitted) listener(id);
    }
    let outcome: { kind: 'saved'; revision: number } | { kind: 'conflict'; theirs: StoredEvaluation } | { kind: 'unreadable'; problems: string[] } | { kind: 'missing' };
    if (written.kind === 'conflict') {
      const theirs = readRecord(written.row);
      outcome = theirs.ok ? { kind: 'conflict', theirs: theirs.stored } : { kind: 'unreadable', problems: theirs.problems };
    } else {
      outcome = written;
    }

    switch (outcome.kind) {
      case 'saved':
        this.#see(id, outcome.revision);
        this.#remember(id, now, evaluation);
        this.#announce('saved', [{ id, revision: outcome.revision }]);
        return { ok: true, revision: outcome.revision };
      case 'conflict':
        this.#see(id, outcome.theirs.revision);
        return { ok: false, conflict: outcome.theirs };
      case 'unreadable':
        return { ok: false, error: `${unreadableMessage(evaluation.meta.projectName, outcome.problems)}（本页的修改未保存，仍保留在本页面中）`, quota: false };
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
        if (!row) {
          // A list row without its document (unreadable, see listHome) goes; nothing to trash.
          if (await summaries.get(id)) {
            await summaries.delete(id);
            removed = true;
          }
          return; // else already gone, e.g. deleted in another tab
        }
        const summary = (await summaries.get(id)) ?? null;
        await trash.put({ id, deletedAt: Date.now(), row, summary });
        await evaluations.delete(id);
        await summaries.delete(id);
        removed = true;
      });
    } catch (error) {
      throw fail(error, '删除评价');
    }
    this.#checked.delete(id);
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
      const out: TrashedEvaluation[] = [];
      for (const t of rows) {
        try {
          const summary = summaryFromRow(t.summary) ?? toSummary(summaryRowFor(t.row, summarize));
          out.push({ id: t.id, deletedAt: t.deletedAt, summary: { ...summary, id: t.id } });
        } catch {
          out.push({ id: t.id, deletedAt: t.deletedAt, summary: { id: t.id, projectName: nameIn(t.row), year: '', type: '自评', total: null, grade: null, updatedAt: 0 } });
        }
      }
      return out;
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

/**
 * The app's store on the app's database, created on first use. Its saves run in the save
 * worker where the page can start one (save-worker-client.ts), else in the page.
 */
export function evaluationStore(): EvaluationStore {
  if (!defaultStore) {
    const database = defaultDb();
    defaultStore = new EvaluationStore(database, typeof Worker === 'undefined' ? {} : { writer: new WorkerWriter(database, startSaveWorker) });
  }
  return defaultStore;
}
