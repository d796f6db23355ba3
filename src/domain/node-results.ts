/**
 * Every node's result by id, as a persistent map: results are values, so a caller may keep an
 * older result and read it after the next evaluation, yet a one-leaf change must not rebuild
 * an 11,000-entry map. A version is a base map plus a small overlay of the entries changed
 * since the base was built (the edited leaves and their ancestors); the next version copies
 * only the overlay. Once the overlay outgrows OVERLAY_LIMIT the next version flattens into a
 * new base, so reads stay two lookups and the occasional flatten costs what one full build
 * does. Neither map is ever mutated after it is handed out. Iteration walks the tree, so it is
 * in tree order (preorder).
 */
import type { Id } from './model.ts';
import type { NodeResult } from './result.ts';
import type { Computed } from './node-computed.ts';

/** Entries changed since the base before the next version flattens. */
const OVERLAY_LIMIT = 512;
const NO_OVERLAY: ReadonlyMap<Id, Computed> = new Map();

function preorder(roots: readonly Computed[], visit: (c: Computed) => void): void {
  const stack: Computed[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i] as Computed);
  while (stack.length) {
    const c = stack.pop() as Computed;
    visit(c);
    for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i] as Computed);
  }
}

export class NodeResults implements ReadonlyMap<Id, NodeResult> {
  // #private: equality in tests (and anywhere) goes by the entries, not the maps' layout.
  // The maps hold the computed nodes, not their results: a fast-path leaf builds its result
  // when it is first read (./leaf-fast.ts), so a full evaluation that nobody reads node by
  // node does not build 10,000 of them.
  readonly #base: ReadonlyMap<Id, Computed>;
  readonly #overlay: ReadonlyMap<Id, Computed>;
  readonly #roots: readonly Computed[];
  readonly size: number;

  private constructor(base: ReadonlyMap<Id, Computed>, overlay: ReadonlyMap<Id, Computed>, roots: readonly Computed[]) {
    this.#base = base;
    this.#overlay = overlay;
    this.#roots = roots;
    this.size = base.size;
  }

  /** The map a one-off scorer filled as it went, in tree order (./node-cache.ts). */
  static of(base: ReadonlyMap<Id, Computed>, roots: readonly Computed[]): NodeResults {
    return new NodeResults(base, NO_OVERLAY, roots);
  }

  static build(roots: readonly Computed[]): NodeResults {
    const base = new Map<Id, Computed>();
    preorder(roots, (c) => base.set(c.id, c));
    return new NodeResults(base, NO_OVERLAY, roots);
  }

  /**
   * The map for `roots`, sharing what it can with this one (built for the previous roots). A
   * subtree whose computed node is the same object is unchanged; a changed node whose
   * children keep their ids in order replaces its old entry; any other change (nodes added,
   * removed, moved) rebuilds.
   */
  next(roots: readonly Computed[]): NodeResults {
    const changed: Computed[] = [];
    const sameShape = (before: readonly Computed[], after: readonly Computed[]): boolean => {
      if (before.length !== after.length) return false;
      for (let i = 0; i < after.length; i++) {
        const a = after[i] as Computed;
        const b = before[i] as Computed;
        if (a === b) continue;
        if (a.id !== b.id) return false;
        changed.push(a);
        if (!sameShape(b.children, a.children)) return false;
      }
      return true;
    };
    if (!sameShape(this.#roots, roots)) return NodeResults.build(roots);
    if (changed.length === 0) return new NodeResults(this.#base, this.#overlay, roots);
    if (this.#overlay.size + changed.length > OVERLAY_LIMIT) return NodeResults.build(roots);
    const overlay = new Map(this.#overlay);
    for (const c of changed) overlay.set(c.id, c);
    return new NodeResults(this.#base, overlay, roots);
  }

  get(id: Id): NodeResult | undefined {
    return (this.#overlay.get(id) ?? this.#base.get(id))?.result;
  }

  has(id: Id): boolean {
    return this.#base.has(id);
  }

  *entries(): MapIterator<[Id, NodeResult]> {
    for (const [id, c] of this.#base) yield [id, (this.#overlay.get(id) ?? c).result];
  }

  *keys(): MapIterator<Id> {
    yield* this.#base.keys();
  }

  *values(): MapIterator<NodeResult> {
    const overlay = this.#overlay;
    if (overlay.size === 0) {
      for (const c of this.#base.values()) yield c.result;
      return;
    }
    for (const [id, c] of this.#base) yield (overlay.get(id) ?? c).result;
  }

  [Symbol.iterator](): MapIterator<[Id, NodeResult]> {
    return this.entries();
  }

  forEach(callback: (value: NodeResult, key: Id, map: ReadonlyMap<Id, NodeResult>) => void, thisArg?: unknown): void {
    for (const [id, result] of this.entries()) callback.call(thisArg, result, id, this);
  }
}
