/**
 * The contract between storage (src/storage) and the UI.
 */
import type { Evaluation, EvaluationType, Id } from '../domain/index.ts';

/** A row of the home view; written in the same transaction as the evaluation. */
export interface EvaluationSummary {
  id: Id;
  projectName: string;
  year: string;
  type: EvaluationType;
  /** The total and grade as last computed by the app (the list does not re-run the engine). */
  total: number | null;
  grade: string | null;
  updatedAt: number;
}

/** A stored evaluation with its revision: each successful save increments it by one. */
export interface StoredEvaluation {
  evaluation: Evaluation;
  revision: number;
}

/**
 * saved: everything shown is in IndexedDB (committed with strict durability).
 * saving: a write is under way or queued. error: the last write failed (see message);
 * the data is kept in memory. conflict: another tab saved a newer revision first.
 */
export type SaveState =
  | { kind: 'saved'; at: number }
  | { kind: 'saving' }
  | { kind: 'error'; message: string; quota: boolean }
  | { kind: 'conflict'; theirs: StoredEvaluation };

export type SaveResult =
  | { ok: true; revision: number }
  | { ok: false; conflict: StoredEvaluation }
  | {
      ok: false;
      /** In Chinese, ready to show. */
      error: string;
      quota: boolean;
      /** The evaluation is no longer stored (deleted, possibly in another tab; see the trash). */
      missing?: boolean;
    };
