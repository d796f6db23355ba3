/**
 * The shape a document must have before it is stored. IndexedDB stores anything
 * structured-clonable, so without this check a bad import (or a bug) could write a
 * document the app cannot open again, and the evaluator would find it only on reload.
 * The check is the domain's restoreEvaluation (types, ranges, ids, cycles, depth), with
 * over-long texts refused rather than cut: what the evaluator typed is never shortened.
 */
import { restoreEvaluation, type Evaluation, type Indicator, type RestoreResult } from '../domain/index.ts';
import { nameIn } from './stored-record.ts';

const SHOWN = 3;

/**
 * The subtrees every earlier check passed, by identity: a save after a one-leaf edit re-reads
 * only the leaf and its ancestors, not the whole document (17–27 ms at 10,000 leaves, on every
 * keystroke's save; issue 12). The app's documents are immutable, so an untouched subtree is
 * the same object as when it was checked.
 */
const CHECKED = new WeakMap<object, Indicator>();

/** The document as it may be stored (fresh objects, texts cleaned), or why not in Chinese. */
export function storable(evaluation: unknown): { ok: true; evaluation: Evaluation } | { ok: false; message: string } {
  const result: RestoreResult = restoreEvaluation(evaluation, { overlongText: 'refuse', checked: CHECKED });
  if (result.ok) return { ok: true, evaluation: result.evaluation };
  let name = '';
  try {
    name = nameIn(evaluation).slice(0, 60);
  } catch {
    // A hostile getter: the message goes without the name.
  }
  const shown = result.errors.slice(0, SHOWN).join('；');
  const more = result.errors.length > SHOWN ? `（另有 ${result.errors.length - SHOWN} 处）` : '';
  return { ok: false, message: `${name ? `评价「${name}」的数据有误：` : '数据有误：'}${shown}${more}` };
}

/** null when storable; otherwise why not, in Chinese. */
export function checkEvaluation(evaluation: unknown): string | null {
  const result = storable(evaluation);
  return result.ok ? null : result.message;
}
