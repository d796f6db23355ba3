/**
 * A document as its difference from the one sent before, for the save worker (save.worker.ts):
 * posting the whole 5,000-leaf document on every keystroke's save would cost the main thread
 * the structured clone the worker is there to take off it (≈13 ms, issue 12).
 *
 * The app's documents are immutable and share every untouched subtree with the document
 * before (the save check keeps that sharing, check-evaluation.ts), so the difference is found
 * by identity along the changed paths only: an unchanged child is sent as its index among the
 * old parent's children, a changed one as its own fields and its children's patches, a child
 * with no old counterpart whole. Inserts, deletes, moves and reorders are all just children
 * lists; nothing here knows what the edit was.
 */
import type { Evaluation, Indicator } from '../domain/index.ts';

export type NodePatch =
  /** The old parent's child at index `i`, unchanged. */
  | { k: 's'; i: number }
  /** The old parent's child at `i` with new own fields (`node`, no children) and these children. */
  | { k: 'e'; i: number; node: Omit<Indicator, 'children'>; children: NodePatch[] }
  /** A node not among the old parent's children, whole. */
  | { k: 'n'; node: Indicator };

export interface DocumentPatch {
  /** The top-level fields that differ (deeply) from the old document's; `indicators` never. */
  changed: Partial<Omit<Evaluation, 'indicators'>>;
  /** Top-level fields the old document had and the new one has not. */
  removed: string[];
  indicators: NodePatch[];
}

/** The old document the patch is applied to is not the one it was made against. */
export class PatchMismatch extends Error {
  constructor() {
    super('document patch does not fit the document it is applied to');
    this.name = 'PatchMismatch';
  }
}

function ownFields(node: Indicator): Omit<Indicator, 'children'> {
  const { children: _children, ...own } = node;
  return own;
}

function childPatches(before: readonly Indicator[], after: readonly Indicator[]): NodePatch[] {
  if (before === after) return before.map((_, i) => ({ k: 's', i }));
  const byIdentity = new Map<Indicator, number>();
  const byId = new Map<string, number>();
  before.forEach((child, i) => {
    byIdentity.set(child, i);
    if (!byId.has(child.id)) byId.set(child.id, i);
  });
  return after.map((child): NodePatch => {
    const same = byIdentity.get(child);
    if (same !== undefined) return { k: 's', i: same };
    const i = byId.get(child.id);
    const old = i === undefined ? undefined : before[i];
    if (i === undefined || !old) return { k: 'n', node: child };
    return { k: 'e', i, node: ownFields(child), children: childPatches(old.children, child.children) };
  });
}

/** Structural equality of plain data (what a document holds: no Maps, no cycles). */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** What turns `before` into `after`; apply it with applyPatch(before, patch). */
export function makePatch(before: Evaluation, after: Evaluation): DocumentPatch {
  const changed: Record<string, unknown> = {};
  const removed: string[] = [];
  for (const key of Object.keys(after) as (keyof Evaluation)[]) {
    if (key === 'indicators') continue;
    if (!Object.hasOwn(before, key) || !same(before[key], after[key])) changed[key] = after[key];
  }
  for (const key of Object.keys(before)) {
    if (key !== 'indicators' && !Object.hasOwn(after, key)) removed.push(key);
  }
  return { changed: changed as DocumentPatch['changed'], removed, indicators: childPatches(before.indicators, after.indicators) };
}

function applyChildren(before: readonly Indicator[], patches: readonly NodePatch[]): Indicator[] {
  return patches.map((p) => {
    if (p.k === 'n') return p.node;
    const old = before[p.i];
    if (!old) throw new PatchMismatch();
    if (p.k === 's') return old;
    return { ...p.node, children: applyChildren(old.children, p.children) };
  });
}

/** `after` again, from the `before` the patch was made against (throws PatchMismatch if not). */
export function applyPatch(before: Evaluation, patch: DocumentPatch): Evaluation {
  const out: Record<string, unknown> = { ...before };
  for (const key of patch.removed) delete out[key];
  Object.assign(out, patch.changed);
  out.indicators = applyChildren(before.indicators, patch.indicators);
  return out as unknown as Evaluation;
}
