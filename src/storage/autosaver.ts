/**
 * Saves one open evaluation as it is edited, with no timer: a change starts its write at
 * once, so nothing waits for a tick the page may not live to see. While a write is in
 * flight, further changes only replace the pending document; when the write commits, the
 * newest document is written next. Ten quick edits thus make two or three writes, and the
 * last one written is always the newest edit.
 *
 * The state says 'saved' only once the transaction holding the newest change has committed
 * (strict durability), which is what the page's 已保存 promises.
 *
 * Revisions: `base` is the last revision known to be stored with our content (committed by
 * us, or adopted from another tab); each write is a compare-and-swap against it. A conflict
 * stops writing until the UI merges and calls resolve(); an error keeps the document in
 * memory and the next change (or flush, or retry) tries again.
 */
import type { Evaluation } from '../domain/index.ts';
import type { EvaluationSummary, SaveResult, SaveState, StoredEvaluation } from './types.ts';
import { describeStorageError, isQuotaError } from './errors.ts';

/** What the Autosaver needs of the store (an EvaluationStore, or a fake in tests). */
export interface SavingStore {
  save(evaluation: Evaluation, summary: EvaluationSummary, baseRevision: number): Promise<SaveResult>;
}

export interface AutosaverOptions {
  summarize(evaluation: Evaluation): EvaluationSummary;
}

export class Autosaver {
  readonly #store: SavingStore;
  readonly #summarize: (evaluation: Evaluation) => EvaluationSummary;
  readonly #listeners = new Set<(state: SaveState) => void>();

  #base: StoredEvaluation;
  #current: Evaluation;
  /** `#current` is not yet committed. */
  #dirty = false;
  #writing: Promise<void> | null = null;
  /** Set by a conflict: nothing is written until resolve() or adopt(). */
  #conflict: StoredEvaluation | null = null;
  /** Set by an error: the automatic follow-up write is not attempted (no retry loop). */
  #halted = false;
  /** Bumped by resolve()/adopt(): a write started before them must not reset the base. */
  #epoch = 0;
  #state: SaveState;

  constructor(store: SavingStore, initial: StoredEvaluation, opts: AutosaverOptions) {
    this.#store = store;
    this.#summarize = opts.summarize;
    this.#base = initial;
    this.#current = initial.evaluation;
    this.#state = { kind: 'saved', at: Date.now() };
  }

  get state(): SaveState {
    return this.#state;
  }

  /** The newest document, saved or not. */
  get current(): Evaluation {
    return this.#current;
  }

  /** The last stored revision our content is based on, with its document: the merge base. */
  get base(): StoredEvaluation {
    return this.#base;
  }

  /** Something changed here that is not yet committed. */
  get pending(): boolean {
    return this.#dirty || this.#writing !== null;
  }

  subscribe(listener: (state: SaveState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #setState(state: SaveState): void {
    this.#state = state;
    for (const listener of [...this.#listeners]) {
      // A listener may act (resolve() on a conflict) and so set a newer state, which has
      // been delivered already: the rest must not hear the stale one after it.
      if (this.#state !== state) return;
      try {
        listener(state);
      } catch (error) {
        console.error(error); // one failing listener must not stop saving nor the others
      }
    }
  }

  /** The evaluator changed the document: write it now, or next if a write is under way. */
  change(evaluation: Evaluation): void {
    this.#current = evaluation;
    this.#dirty = true;
    this.#halted = false;
    if (this.#conflict) return; // kept in memory; resolve() writes it merged
    if (this.#state.kind !== 'saving') this.#setState({ kind: 'saving' });
    this.#pump();
  }

  /**
   * Resolves when everything changed so far is committed, or when it cannot be (conflict or
   * error: see `state`). Retries once after an error: the UI calls this on
   * visibilitychange → hidden and pagehide, the last chance to save.
   */
  async flush(): Promise<void> {
    if (this.#halted && this.#dirty && !this.#conflict) {
      this.#halted = false;
      this.#setState({ kind: 'saving' });
      this.#pump();
    }
    while (this.#writing) await this.#writing;
  }

  /**
   * Tries again after an error, without a new change: writes the newest document in memory.
   * The halt stays set until flush() takes it over, since flush() only writes for a halted
   * saver (clearing it here left flush() with nothing to retry).
   */
  retry(): Promise<void> {
    // After an error the newest document is not known to be stored, whatever #dirty says.
    if (this.#halted && !this.#conflict) this.#dirty = true;
    return this.flush();
  }

  /**
   * After a conflict (or a newer revision from another tab while changes were pending): the UI
   * merged its document with theirs (domain mergeEvaluations(base.evaluation, current,
   * theirs.evaluation)) and gives the result, to be written on top of `theirRevision`.
   * `theirs` is the document of that revision, the base of later merges; it is taken from
   * the conflict when omitted.
   */
  resolve(merged: Evaluation, theirRevision: number, theirs?: Evaluation): void {
    const theirDocument =
      theirs ?? (this.#conflict?.revision === theirRevision ? this.#conflict.evaluation : merged);
    this.#epoch++;
    this.#conflict = null;
    this.#halted = false;
    this.#base = { evaluation: theirDocument, revision: theirRevision };
    this.#current = merged;
    this.#dirty = true;
    this.#setState({ kind: 'saving' });
    this.#pump();
  }

  /**
   * Takes another tab's newer revision as is (nothing pending here): no write, or two tabs
   * would echo each other's saves forever.
   */
  adopt(stored: StoredEvaluation): void {
    this.#epoch++;
    this.#conflict = null;
    this.#halted = false;
    this.#base = stored;
    this.#current = stored.evaluation;
    this.#dirty = false;
    if (!this.#writing) this.#setState({ kind: 'saved', at: Date.now() });
  }

  #pump(): void {
    if (this.#writing || !this.#dirty || this.#conflict || this.#halted) return;
    const document = this.#current;
    this.#dirty = false;
    this.#writing = this.#write(document, this.#base.revision, this.#epoch).finally(() => {
      this.#writing = null;
      this.#pump();
    });
  }

  async #write(document: Evaluation, baseRevision: number, epoch: number): Promise<void> {
    let result: SaveResult;
    try {
      result = await this.#store.save(document, this.#summarize(document), baseRevision);
    } catch (error) {
      // The store does not reject, but summarize (the engine) might.
      result = { ok: false, error: describeStorageError(error), quota: isQuotaError(error) };
    }

    if (result.ok) {
      if (epoch === this.#epoch || result.revision > this.#base.revision) {
        this.#base = { evaluation: document, revision: result.revision };
      }
      if (!this.#dirty && !this.#conflict) this.#setState({ kind: 'saved', at: Date.now() });
      return;
    }
    // This document is not stored: it must be written again, unless something replaced it.
    if (document === this.#current) this.#dirty = true;
    if (epoch !== this.#epoch) {
      // adopt() since this write began: nothing of ours is left to write.
      if (!this.#dirty) {
        this.#setState({ kind: 'saved', at: Date.now() });
        return;
      }
      // resolve() since this write began already moved past this revision.
      if ('conflict' in result && result.conflict.revision <= this.#base.revision) return;
    }
    if ('conflict' in result) {
      this.#conflict = result.conflict;
      this.#setState({ kind: 'conflict', theirs: result.conflict });
      return;
    }
    this.#halted = true;
    this.#setState({ kind: 'error', message: result.error, quota: result.quota });
  }
}

/**
 * Flushes when the page is hidden or unloaded: the last moments a closing tab gets. Returns
 * the function that removes the listeners.
 */
export function flushWhenHidden(autosaver: Autosaver, target: Window = window): () => void {
  const onVisibility = () => {
    if (target.document.visibilityState === 'hidden') void autosaver.flush();
  };
  const onPageHide = () => void autosaver.flush();
  target.document.addEventListener('visibilitychange', onVisibility);
  target.addEventListener('pagehide', onPageHide);
  return () => {
    target.document.removeEventListener('visibilitychange', onVisibility);
    target.removeEventListener('pagehide', onPageHide);
  };
}
