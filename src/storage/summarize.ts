/**
 * The home-list row of an evaluation, computed with the engine. Used by the version-2
 * upgrade and offered to the UI for the Autosaver; the UI may pass its own (it has the
 * result at hand already).
 *
 * Also the reverse: a list row read back from IndexedDB, checked field by field. A row whose
 * total is text (or whose name is a number) must not reach the home list, where it would
 * stop the page from rendering every other row; the store recomputes it from the document.
 */
import { cleanText, evaluate, type Evaluation, type EvaluationResult, type EvaluationType } from '../domain/index.ts';
import type { EvaluationSummary } from './types.ts';

export interface SummarizeOptions {
  /** The engine's result when the caller has it already (the open session always does). */
  result?: EvaluationResult;
  /** Defaults to the document's updatedAt, then createdAt, then 0. */
  updatedAt?: number;
}

const TYPES: readonly EvaluationType[] = ['自评', '第三方评价', '财政评价'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = (v: unknown): string => (typeof v === 'string' ? cleanText(v) : '');

/** Never throws: a document the engine cannot score (or no document) is listed without total and grade. */
export function summarize(evaluation: Evaluation, options: SummarizeOptions = {}): EvaluationSummary {
  let total: number | null = null;
  let grade: string | null = null;
  try {
    const result = options.result ?? evaluate(evaluation);
    total = finite(result.total) ? result.total : null;
    grade = typeof result.grade === 'string' ? result.grade : null;
  } catch {
    // The row still lists the evaluation; opening it shows what the engine makes of it.
  }
  const e: Partial<Evaluation> = isObject(evaluation) ? evaluation : {};
  const meta: Record<string, unknown> = isObject(e.meta) ? e.meta : {};
  const type = meta.type as EvaluationType;
  const updatedAt = options.updatedAt ?? e.updatedAt ?? e.createdAt;
  return {
    id: typeof e.id === 'string' ? e.id : '',
    projectName: text(meta.projectName),
    year: text(meta.year),
    type: TYPES.includes(type) ? type : '自评',
    total,
    grade,
    updatedAt: finite(updatedAt) ? updatedAt : 0,
  };
}

/**
 * A list row as stored, when every field has its type (total a finite number or null, texts
 * texts, a known type); otherwise null, and the caller recomputes the row from the document.
 */
export function summaryFromRow(row: unknown): EvaluationSummary | null {
  if (!isObject(row)) return null;
  const { id, projectName, year, type, total, grade, updatedAt } = row;
  if (typeof id !== 'string' || typeof projectName !== 'string' || typeof year !== 'string') return null;
  if (!TYPES.includes(type as EvaluationType)) return null;
  if (total !== null && !finite(total)) return null;
  if (grade !== null && typeof grade !== 'string') return null;
  if (!finite(updatedAt)) return null;
  return { id, projectName: cleanText(projectName), year: cleanText(year), type: type as EvaluationType, total, grade: grade === null ? null : cleanText(grade), updatedAt };
}
