/**
 * The open evaluation: what the workbench shows and edits.
 *
 * Every change goes through `commit`: the new evaluation (built immutably, sharing every
 * untouched object with the old one) is scored synchronously by this session's own
 * evaluator — whose identity cache makes a one-leaf change cheap — handed to the grid at
 * once, recorded for undo, and given to the autosaver, which starts writing it right away.
 *
 * Another tab's change never reaches an open cell editor: while one is open, a newer
 * revision (or a conflict found by our own write) waits until the editor closes. The edit
 * is committed first, by indicator id, then merged three-way with theirs, so the typed text
 * can neither be overwritten nor land in a row that moved; and every value of ours that
 * loses in the merge is named in the notice (describeMerge), the pre-merge document kept
 * as the undo step.
 */
import type { Evaluation, EvaluationResult, Id, Rule } from '../domain/index.ts';
import {
  createEvaluator,
  mergeEvaluations,
  deepEqual,
  appendLeaves,
  applyCellEdits,
  deleteIndicators,
  findIndicator,
  indent,
  insertChild,
  insertSiblingAfter,
  insertSiblingBefore,
  moveDown,
  moveUp,
  outdent,
  pathTo,
  setRule,
  setSelfScore,
  unpin,
  type IndicatorEdit,
} from '../domain/index.ts';
import type { CellEdit, ColumnKey, GridSelection, IndicatorGridApi, StructureOp } from '../grid/types.ts';
import type { EvaluationSummary, SaveState, StoredEvaluation } from '../storage/types.ts';
import { Autosaver, evaluationStore, summarize, watchEvaluation } from '../storage/index.ts';
import { History, keepHistory, keptHistory } from './history.ts';
import { describeMerge, type MergeNotice } from './merge-notice.ts';

export type SessionNotice = MergeNotice;

export class EvaluationSession {
  // Assigned in the constructor; the placeholder never shows.
  evaluation = $state.raw<Evaluation>(null!);
  result = $state.raw<EvaluationResult>(null!);
  saveState: SaveState = $state.raw({ kind: 'saved', at: Date.now() });
  selection: GridSelection | null = $state.raw(null);
  canUndo = $state(false);
  canRedo = $state(false);
  /** The last cross-tab event worth telling the user about (merge, adoption). */
  notice: SessionNotice | null = $state.raw(null);

  readonly #evaluator = createEvaluator();
  readonly #history = new History<Evaluation>();
  readonly #autosaver: Autosaver;
  #grid: IndicatorGridApi | null = null;
  #lastCoalesce: string | undefined;
  #lastCommitAt = 0;
  readonly #cleanups: (() => void)[] = [];
  /** The newest revision another tab announced that is not yet shown here. */
  #newest: StoredEvaluation | null = null;
  /** Polls for the open editor to close, while something waits for it. */
  #editorPoll: ReturnType<typeof setInterval> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  selectedNode = $derived(this.selection ? findIndicator(this.evaluation, this.selection.nodeId) ?? null : null);

  constructor(stored: StoredEvaluation) {
    this.evaluation = stored.evaluation;
    this.result = this.#evaluator.evaluate(stored.evaluation);
    this.#autosaver = new Autosaver(evaluationStore(), stored, { summarize: (e) => this.#summarize(e) });
    // The undo history of this evaluation before a reload, if it was kept for this very state.
    const kept = historyStorage() && keptHistory(historyStorage() as Storage, stored.evaluation.id, stored.evaluation, sameAsKept);
    if (kept) this.#history.load(kept);
    this.#syncHistoryFlags();
    this.#cleanups.push(
      this.#autosaver.subscribe((state) => {
        this.saveState = state;
        this.#scheduleRetry(state);
        if (state.kind === 'conflict') this.#onConflict();
        // 'saved' is told from inside the write, which still counts as pending: look after it.
        else if (state.kind === 'saved') setTimeout(() => this.#catchUp(), 0);
      }),
    );
  }

  get id(): Id {
    return this.evaluation.id;
  }

  /** Starts listening to other tabs and to the page being hidden or closed. */
  start(): void {
    this.#cleanups.push(watchEvaluation(this.id, (theirs) => this.#onNewer(theirs)));
    const flushIfHidden = () => {
      if (document.visibilityState === 'hidden') void this.flush();
    };
    const flush = () => void this.flush();
    // Leaving while the last write failed would lose the edits kept only in this page.
    const warnIfUnsaved = (event: BeforeUnloadEvent) => {
      if (this.unsaved) event.preventDefault();
    };
    document.addEventListener('visibilitychange', flushIfHidden);
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', warnIfUnsaved);
    this.#cleanups.push(() => {
      document.removeEventListener('visibilitychange', flushIfHidden);
      window.removeEventListener('pagehide', flush);
      window.removeEventListener('beforeunload', warnIfUnsaved);
    });
  }

  dispose(): void {
    void this.flush();
    this.#disposed = true;
    clearInterval(this.#editorPoll);
    clearTimeout(this.#retryTimer);
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    this.#grid = null;
  }

  /** Edits that are only in this page: the last write failed, or a merge is still waiting. */
  get unsaved(): boolean {
    return this.saveState.kind === 'error' || this.saveState.kind === 'conflict';
  }

  /**
   * After a failed write, try again every few seconds: space may be freed in another tab or
   * by the user, and a document left in memory (the page was left) has no one to press 重试.
   */
  #scheduleRetry(state: SaveState): void {
    clearTimeout(this.#retryTimer);
    if (state.kind !== 'error' || this.#disposed) return;
    this.#retryTimer = setTimeout(() => void this.retrySave(), 4000);
  }

  flush(): Promise<void> {
    this.#keepHistoryNow();
    return this.#autosaver.flush();
  }

  retrySave(): Promise<void> {
    return this.#autosaver.retry();
  }

  #summarize(evaluation: Evaluation): EvaluationSummary {
    return summarize(evaluation, { result: this.#evaluator.evaluate(evaluation), updatedAt: Date.now() });
  }

  attachGrid(grid: IndicatorGridApi | null): void {
    this.#grid = grid;
    this.#updateGrid();
  }

  /**
   * Shows `next`: scores it, saves it, updates the grid before the next frame. Saving comes
   * before the grid so that a failure drawing the grid can never keep an edit from disk.
   */
  #show(next: Evaluation, save = true): void {
    this.evaluation = next;
    this.result = this.#evaluator.evaluate(next);
    if (save) this.#autosaver.change(next);
    this.#updateGrid();
  }

  #updateGrid(): void {
    try {
      this.#grid?.update(this.evaluation, this.result);
    } catch (error) {
      console.error('表格刷新失败', error);
    }
  }

  /**
   * One user action: one undo step and one save. Unchanged (same object) → nothing happens.
   * Typing in a form field commits per keystroke (nothing waits for a blur that may never
   * come); `coalesce` names the field so those keystrokes make one undo step.
   */
  commit(next: Evaluation, coalesce?: string): void {
    if (next === this.evaluation) return;
    const now = Date.now();
    const continuing = coalesce !== undefined && coalesce === this.#lastCoalesce && now - this.#lastCommitAt < 2000;
    if (!continuing) this.#history.record(this.evaluation);
    this.#lastCoalesce = coalesce;
    this.#lastCommitAt = now;
    this.#syncHistoryFlags();
    this.#show(next);
  }

  /** A change built from the current evaluation (forms, rule panel). */
  update(change: (evaluation: Evaluation) => Evaluation, coalesce?: string): void {
    this.commit(change(this.evaluation), coalesce);
  }

  undo(): void {
    this.#lastCoalesce = undefined;
    const previous = this.#history.undo(this.evaluation);
    if (!previous) return;
    this.#syncHistoryFlags();
    this.#show(previous);
  }

  redo(): void {
    this.#lastCoalesce = undefined;
    const next = this.#history.redo(this.evaluation);
    if (!next) return;
    this.#syncHistoryFlags();
    this.#show(next);
  }

  #syncHistoryFlags(): void {
    this.canUndo = this.#history.canUndo;
    this.canRedo = this.#history.canRedo;
    // Kept for a reload (history.ts) by flush(), which runs on pagehide and when the page is
    // hidden: a reload always passes there. Not on every pause: at 5,000 leaves the write is
    // ≈25 ms of JSON and sessionStorage, which the next keystroke would wait for (issue 12).
  }

  #keepHistoryNow(): void {
    const storage = historyStorage();
    if (storage && this.evaluation) keepHistory(storage, this.evaluation.id, this.evaluation, this.#history.steps());
  }

  applyEdits(edits: readonly CellEdit[], coalesce?: string): void {
    // A typed 自评分 belongs to the 自评 set, not to the indicator: one commit all the same.
    const indicatorEdits = edits.filter((e) => e.field !== 'selfScore');
    let next = applyCellEdits(this.evaluation, indicatorEdits as readonly IndicatorEdit[]);
    for (const e of edits) if (e.field === 'selfScore') next = setSelfScore(next, e.nodeId, e.value);
    this.commit(next, coalesce);
  }

  applyStructure(op: StructureOp): void {
    const e = this.evaluation;
    let selectAfter: Id | null = null;
    let next: Evaluation;
    switch (op.kind) {
      case 'insert-sibling-after': {
        const r = insertSiblingAfter(e, op.nodeId);
        next = r.evaluation;
        selectAfter = r.id;
        break;
      }
      case 'insert-sibling-before': {
        const r = insertSiblingBefore(e, op.nodeId);
        next = r.evaluation;
        selectAfter = r.id;
        break;
      }
      case 'insert-child': {
        const r = insertChild(e, op.nodeId);
        next = r.evaluation;
        selectAfter = r.id;
        break;
      }
      case 'delete':
        next = deleteIndicators(e, op.nodeIds);
        break;
      case 'indent':
        next = indent(e, op.nodeId);
        break;
      case 'outdent':
        next = outdent(e, op.nodeId);
        break;
      case 'move-up':
        next = moveUp(e, op.nodeId);
        break;
      case 'move-down':
        next = moveDown(e, op.nodeId);
        break;
      case 'append-leaves': {
        // The rows of the paste that fit and the rows it adds: one commit, one undo step.
        const edited = op.edits?.length ? applyCellEdits(e, op.edits as readonly IndicatorEdit[]) : e;
        next = appendLeaves(edited, op.afterNodeId, op.rows);
        break;
      }
    }
    this.commit(next);
    if (selectAfter) {
      // The new indicator's name cell: 一级, 二级 or 三级 (and deeper) by its depth.
      const depth = pathTo(this.evaluation, selectAfter)?.length ?? 3;
      this.select(selectAfter, depth === 1 ? 'level1' : depth === 2 ? 'level2' : 'level3');
    }
  }

  setRule(nodeId: Id, rule: Rule, coalesce?: string): void {
    this.commit(setRule(this.evaluation, nodeId, rule), coalesce);
  }

  unpin(nodeId: Id): void {
    this.commit(unpin(this.evaluation, nodeId));
  }

  /** Selects a cell in the grid (a finding was clicked, a row was inserted). */
  select(nodeId: Id, column: ColumnKey, keyboard = true): void {
    this.selection = { nodeId, column };
    this.#grid?.select(nodeId, column, keyboard);
  }

  onGridSelect(selection: GridSelection | null): void {
    // Keep the rule panel on the last leaf while the user clicks elsewhere (toolbar, forms).
    if (selection) this.selection = selection;
  }

  dismissNotice(): void {
    this.notice = null;
  }

  /** Another tab saved a newer revision of this evaluation. */
  #onNewer(theirs: StoredEvaluation): void {
    if (!this.#newest || theirs.revision > this.#newest.revision) this.#newest = theirs;
    this.#catchUp();
  }

  #editorOpen(): boolean {
    try {
      return this.#grid?.isEditing() ?? false;
    } catch {
      return false;
    }
  }

  /** Runs the waiting remote work once the open editor has closed (and its edit committed). */
  #waitForEditor(): void {
    if (this.#editorPoll !== undefined || this.#disposed) return;
    this.#editorPoll = setInterval(() => {
      if (this.#editorOpen()) return;
      clearInterval(this.#editorPoll);
      this.#editorPoll = undefined;
      if (this.saveState.kind === 'conflict') this.#onConflict();
      else this.#catchUp();
    }, 50);
  }

  /** Our write found a newer revision stored: merge now, or once the editor is closed. */
  #onConflict(): void {
    const state = this.#autosaver.state;
    if (state.kind !== 'conflict') return;
    if (this.#editorOpen()) {
      this.#waitForEditor();
      return;
    }
    const newest = this.#newest;
    const theirs = newest && newest.revision > state.theirs.revision ? newest : state.theirs;
    if (newest && newest.revision <= theirs.revision) this.#newest = null;
    this.#mergeWith(theirs);
  }

  /** Shows the newest revision another tab saved, when it is safe to. */
  #catchUp(): void {
    const theirs = this.#newest;
    if (!theirs || this.#disposed) return;
    if (theirs.revision <= this.#autosaver.base.revision) {
      this.#newest = null;
      return;
    }
    if (this.#editorOpen()) {
      this.#waitForEditor();
      return;
    }
    // Being merged already (the autosaver reported the conflict).
    if (this.saveState.kind === 'conflict') return;
    if (this.saveState.kind === 'error') {
      this.#newest = null;
      this.#mergeWith(theirs);
      return;
    }
    // A write of ours is under way: it may be the very revision announced here (the notice
    // can outrun the write's own bookkeeping), and if it is not, the write's compare-and-swap
    // fails and the autosaver reports a conflict, merged then against the newest revision.
    // Merging now, against our own write, would resurrect what we just deleted. Once the
    // write settles ('saved'), this runs again.
    if (this.#autosaver.pending) return;
    this.#newest = null;
    this.#autosaver.adopt(theirs);
    this.#history.record(this.evaluation);
    this.#syncHistoryFlags();
    this.#show(theirs.evaluation, false);
    this.#tell({ kind: 'info', text: '已载入另一个窗口保存的修改。' });
  }

  /** Both sides changed: keep both where they touched different fields, theirs otherwise told. */
  #mergeWith(theirs: StoredEvaluation): void {
    const base = this.#autosaver.base.evaluation;
    const mine = this.#autosaver.current;
    const outcome = mergeEvaluations(base, mine, theirs.evaluation);
    this.#autosaver.resolve(outcome.merged, theirs.revision, theirs.evaluation);
    // The document before the merge is the undo step: what the notice says lost is there.
    this.#history.record(this.evaluation);
    this.#syncHistoryFlags();
    this.#show(outcome.merged, false);
    this.#tell(describeMerge(outcome, outcome.merged, mine));
  }

  /**
   * A warning (values of ours that lost) stays until dismissed: a later 'info' does not
   * replace it, and a later warning is added to it, so no named loss scrolls away unread.
   */
  #tell(notice: SessionNotice): void {
    const shown = this.notice;
    if (shown?.kind === 'warning' && notice.kind === 'info') return;
    if (shown?.kind === 'warning' && notice.kind === 'warning' && shown.text !== notice.text) {
      this.notice = { kind: 'warning', text: `${shown.text} ${notice.text}` };
      return;
    }
    this.notice = notice;
  }
}

/**
 * The kept `current` went through JSON, and the store stamps `updatedAt` on each save: compare
 * it with the loaded document as JSON sees it, the stamp aside.
 */
function sameAsKept(kept: unknown, loaded: unknown): boolean {
  if (typeof kept !== 'object' || kept === null) return false;
  return deepEqual({ ...kept, updatedAt: 0 }, { ...(JSON.parse(JSON.stringify(loaded)) as object), updatedAt: 0 });
}

/** This tab's sessionStorage, where the undo history outlives a reload; null where there is none. */
function historyStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
