/**
 * Version 1: one table holding each evaluation as a single document with its revision.
 * The home list was read from these full documents, which is what version 2 fixes.
 */
import type { Dexie } from 'dexie';
import type { Evaluation } from '../../domain/index.ts';

/** A row of `evaluations`, unchanged since version 1. */
export interface EvaluationRow {
  id: string;
  /** Incremented by one on each successful save; the compare-and-swap key between tabs. */
  revision: number;
  /** Epoch ms of the last save: the home list's order. */
  updatedAt: number;
  evaluation: Evaluation;
}

export const storesV1 = {
  evaluations: 'id, updatedAt',
} as const;

export function defineV1(db: Dexie): void {
  db.version(1).stores(storesV1);
}
