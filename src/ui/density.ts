/**
 * Which density the grid opens in when the user has not chosen one: compact when the
 * evaluation's long texts would wrap over many lines (rows hundreds of px tall, 得分 pushed
 * off-screen), comfortable when every text is short.
 */
import type { Evaluation, Indicator } from '../domain/index.ts';
import type { GridDensity } from '../grid/types.ts';
import type { DensityPref } from './prefs.svelte.ts';

/** A text this long wraps to three lines or more in its column at the comfortable width. */
const LONG_TEXT = 36;

function hasLongText(nodes: readonly Indicator[]): boolean {
  for (const node of nodes) {
    for (const text of [node.explanation, node.criteria, node.reason, node.guidance]) {
      if (text && text.length > LONG_TEXT) return true;
    }
    if (hasLongText(node.children)) return true;
  }
  return false;
}

export function effectiveDensity(pref: DensityPref, evaluation: Evaluation): GridDensity {
  if (pref !== 'auto') return pref;
  return hasLongText(evaluation.indicators) ? 'compact' : 'comfortable';
}
