/**
 * Every node's result by id, as a persistent map: results are values, so a caller may keep an
 * older result and read it after the next evaluation, yet a one-leaf change must not rebuild
 * an 11,000-entry map. Entries live in buckets chosen by a hash of the id; the next version
 * copies only the buckets that hold a changed node (the changed leaf and its ancestors: a few
 * buckets of a few dozen entries) and shares the rest. Iteration walks the tree, so it is in
 * tree order (preorder) as before.
 */
import type { Id } from './model.ts';
import type { NodeResult } from './result.ts';
import type { Computed } from './node-computed.ts';

/** Entries per bucket, roughly: small enough to copy, large enough to keep few buckets. */
const BUCKET_SIZE = 32;

function hashOf(raw: string): number {
  // A corrupt document may carry an id that is not a string; it is still a key.
  const id = typeof raw === 'string' ? raw : String(raw);
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

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
  // #private: equality in tests (and anywhere) goes by the entries, not the buckets' layout.
  readonly #buckets: readonly ReadonlyMap<Id, NodeResult>[];
  readonly #roots: readonly Computed[];
  readonly size: number;

  private constructor(buckets: readonly ReadonlyMap<Id, NodeResult>[], roots: readonly Computed[], size: number) {
    this.#buckets = buckets;
    this.#roots = roots;
    this.size = size;
  }

  static build(roots: readonly Computed[]): NodeResults {
    let count = 0;
    preorder(roots, () => count++);
    const n = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1, count / BUCKET_SIZE))));
    const buckets = Array.from({ length: n }, () => new Map<Id, NodeResult>());
    let size = 0;
    preorder(roots, (c) => {
      const bucket = buckets[hashOf(c.result.id) & (n - 1)] as Map<Id, NodeResult>;
      if (!bucket.has(c.result.id)) size++;
      bucket.set(c.result.id, c.result);
    });
    return new NodeResults(buckets, roots, size);
  }

  /**
   * The map for `roots`, sharing what it can with this one (built for the previous roots). A
   * subtree whose computed node is the same object is unchanged; a changed node whose
   * children keep their ids in order is updated in place of the old entry; any other change
   * (nodes added, removed, moved) rebuilds.
   */
  next(roots: readonly Computed[]): NodeResults {
    const previousRoots = this.#roots;
    const changed: Computed[] = [];
    const sameShape = (before: readonly Computed[], after: readonly Computed[]): boolean => {
      if (before.length !== after.length) return false;
      for (let i = 0; i < after.length; i++) {
        const a = after[i] as Computed;
        const b = before[i] as Computed;
        if (a === b) continue;
        if (a.result.id !== b.result.id) return false;
        changed.push(a);
        if (!sameShape(b.children, a.children)) return false;
      }
      return true;
    };
    if (!sameShape(previousRoots, roots)) return NodeResults.build(roots);
    if (changed.length === 0) return new NodeResults(this.#buckets, roots, this.size);
    const n = this.#buckets.length;
    const buckets = this.#buckets.slice();
    const copied = new Set<number>();
    for (const c of changed) {
      const at = hashOf(c.result.id) & (n - 1);
      if (!copied.has(at)) {
        buckets[at] = new Map(buckets[at]);
        copied.add(at);
      }
      (buckets[at] as Map<Id, NodeResult>).set(c.result.id, c.result);
    }
    return new NodeResults(buckets, roots, this.size);
  }

  get(id: Id): NodeResult | undefined {
    return (this.#buckets[hashOf(id) & (this.#buckets.length - 1)] as ReadonlyMap<Id, NodeResult>).get(id);
  }

  has(id: Id): boolean {
    return this.get(id) !== undefined;
  }

  *entries(): MapIterator<[Id, NodeResult]> {
    // A duplicated id (a corrupt document) is listed once, with the result the map holds.
    const seen = new Set<Id>();
    const out: [Id, NodeResult][] = [];
    preorder(this.#roots, (c) => {
      if (seen.has(c.result.id)) return;
      seen.add(c.result.id);
      out.push([c.result.id, this.get(c.result.id) as NodeResult]);
    });
    yield* out;
  }

  *keys(): MapIterator<Id> {
    for (const [id] of this.entries()) yield id;
  }

  *values(): MapIterator<NodeResult> {
    for (const [, result] of this.entries()) yield result;
  }

  [Symbol.iterator](): MapIterator<[Id, NodeResult]> {
    return this.entries();
  }

  forEach(callback: (value: NodeResult, key: Id, map: ReadonlyMap<Id, NodeResult>) => void, thisArg?: unknown): void {
    for (const [id, result] of this.entries()) callback.call(thisArg, result, id, this);
  }
}
