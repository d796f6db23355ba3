/**
 * The review desk's state (issue 10 §2): the rows of every table of the files put on it,
 * kept in IndexedDB until cleared; reading a batch in the import pool with progress and
 * 取消; sorting, filtering; the desk as .xlsx; a row saved as a normal evaluation.
 */
import { newId, restoreEvaluation, withFreshIds, type Evaluation } from '../domain/index.ts';
import { exportDesk } from '../io/export-desk.ts';
import { deskStore, evaluationStore, type DeskRow, type DeskStore } from '../storage/index.ts';
import { deskEntry, filterEntries, markDuplicates, sortEntries, type DeskColumn, type DeskEntry, type SortDirection } from './desk-entry.ts';
import type { FileLike } from './io/import-client.ts';
import { ImportPool, type PoolOptions } from './io/import-pool.ts';
import type { DeskResponse } from './io/import-protocol.ts';
import { download } from './io/export-actions.ts';

/** The rows one file's answer becomes: one per table, or one with the file's message. */
export function rowsOf(fileName: string, response: DeskResponse, addedAt: number): DeskRow[] {
  const row = (sheet: string, evaluation: Evaluation | null, message: string, i: number): DeskRow => ({
    id: newId(), addedAt: addedAt + i / 1000, fileName, sheet, evaluation, message,
  });
  if (!response.ok) return [row('', null, response.message || `文件“${fileName}”无法读取。`, 0)];
  if (response.tables.length === 0) return [row('', null, `文件“${fileName}”中没有找到指标表。`, 0)];
  return response.tables.map((t, i) => {
    if (!t.evaluation) return row(t.sheet, null, t.message || '表格无法导入。', i);
    // What the worker built is data from a file: checked like every evaluation that is stored.
    const restored = restoreEvaluation(t.evaluation);
    return restored.ok
      ? row(t.sheet, restored.evaluation, '', i)
      : row(t.sheet, null, `工作表“${t.sheet}”读出的评价无法使用：${restored.errors.slice(0, 3).join('；')}`, i);
  });
}

export class ReviewDeskState {
  entries = $state.raw<DeskEntry[]>([]);
  loaded = $state(false);
  running = $state(false);
  done = $state(0);
  total = $state(0);
  sortKey = $state<DeskColumn | null>(null);
  sortDirection = $state<SortDirection>('asc');
  filter = $state('');
  errorsOnly = $state(false);
  /** A storage problem, in Chinese. */
  error = $state<string | null>(null);
  /** The row opened read-only. */
  viewing = $state.raw<DeskEntry | null>(null);

  visible = $derived.by(() => {
    const filtered = filterEntries(this.entries, this.filter, this.errorsOnly);
    return this.sortKey ? sortEntries(filtered, this.sortKey, this.sortDirection) : filtered;
  });

  readonly #store: DeskStore;
  readonly #poolOptions: PoolOptions;
  #pool: ImportPool | null = null;

  constructor(options: { store?: DeskStore; pool?: PoolOptions } = {}) {
    this.#store = options.store ?? deskStore();
    this.#poolOptions = options.pool ?? {};
  }

  async load(): Promise<void> {
    try {
      this.entries = markDuplicates((await this.#store.list()).map(deskEntry));
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : '读取复核台失败。';
    }
    this.loaded = true;
  }

  /**
   * Reads the files in the pool; each file's rows are shown and stored as soon as it is read,
   * so 取消 (or a closed page) keeps every row already listed.
   */
  async add(files: readonly FileLike[]): Promise<void> {
    if (files.length === 0 || this.running) return;
    const last = this.entries.reduce((m, e) => Math.max(m, e.addedAt), 0);
    const start = Math.max(Date.now(), Math.floor(last) + 1);
    const pool = new ImportPool(this.#poolOptions);
    this.#pool = pool;
    this.running = true;
    this.done = 0;
    this.total = files.length;
    const writes: Promise<void>[] = [];
    // Rows are shown once a frame, not once a file: 50 small files can arrive within a frame or two.
    let pending: DeskEntry[] = [];
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      if (pending.length === 0) return;
      const next = [...this.entries, ...pending].sort((a, b) => a.addedAt - b.addedAt);
      pending = [];
      this.entries = markDuplicates(next);
    };
    try {
      await pool.run(files, (index, file, response) => {
        const rows = rowsOf(file.name, response, start + index);
        this.done++;
        pending.push(...rows.map(deskEntry));
        frame ??= requestAnimationFrame(flush);
        writes.push(this.#store.add(rows).catch((error: unknown) => {
          this.error = error instanceof Error ? error.message : '保存复核台失败。';
        }));
      });
      await Promise.all(writes);
    } finally {
      if (frame !== null) cancelAnimationFrame(frame);
      flush();
      this.running = false;
      this.#pool = null;
    }
  }

  cancel(): void {
    this.#pool?.cancel();
  }

  async clear(): Promise<void> {
    if (this.running) this.cancel();
    try {
      await this.#store.clear();
      this.entries = [];
      this.viewing = null;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : '清空复核台失败。';
    }
  }

  /** A header click: sort by it, ascending; again: descending; a third time: arrival order. */
  sortBy(key: DeskColumn): void {
    if (this.sortKey !== key) {
      this.sortKey = key;
      this.sortDirection = 'asc';
    } else if (this.sortDirection === 'asc') this.sortDirection = 'desc';
    else this.sortKey = null;
  }

  async exportXlsx(): Promise<void> {
    const bytes = await exportDesk(this.visible);
    const day = new Date().toISOString().slice(0, 10);
    download(bytes, `复核台-${day}.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }

  /**
   * The evaluation of a row, ready to store as a normal one: with fresh ids when its id is
   * already taken here (a Jixiao export read twice, or saved before), so nothing is replaced.
   */
  async asEvaluation(entry: DeskEntry): Promise<Evaluation | null> {
    if (!entry.evaluation) return null;
    const store = evaluationStore();
    const id = entry.evaluation.id;
    let taken: boolean;
    try {
      taken = (await store.load(id)) !== undefined || (await store.listTrash()).some((t) => t.id === id);
    } catch {
      // A record that cannot be read still holds the id.
      taken = true;
    }
    const now = Date.now();
    const evaluation = taken ? withFreshIds(entry.evaluation) : entry.evaluation;
    return { ...evaluation, createdAt: now, updatedAt: now };
  }
}
