/**
 * The home-list row of an evaluation, computed with the engine. Used by the version-2
 * upgrade and offered to the UI for the Autosaver; the UI may pass its own (it has the
 * result at hand already).
 */
import { evaluate, type Evaluation, type EvaluationResult } from '../domain/index.ts';
import type { EvaluationSummary } from './types.ts';

export interface SummarizeOptions {
  /** The engine's result when the caller has it already (the open session always does). */
  result?: EvaluationResult;
  /** Defaults to the document's updatedAt, then createdAt, then 0. */
  updatedAt?: number;
}

/** Never throws: a document the engine cannot score is listed without total and grade. */
export function summarize(evaluation: Evaluation, options: SummarizeOptions = {}): EvaluationSummary {
  let total: number | null = null;
  let grade: string | null = null;
  try {
    const result = options.result ?? evaluate(evaluation);
    total = result.total;
    grade = result.grade;
  } catch {
    // The row still lists the evaluation; opening it shows what the engine makes of it.
  }
  return {
    id: evaluation.id,
    projectName: evaluation.meta?.projectName ?? '',
    year: evaluation.meta?.year ?? '',
    type: evaluation.meta?.type ?? '自评',
    total,
    grade,
    updatedAt: options.updatedAt ?? evaluation.updatedAt ?? evaluation.createdAt ?? 0,
  };
}
