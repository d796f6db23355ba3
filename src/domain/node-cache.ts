/**
 * Each node scored once per version: results are kept in a WeakMap keyed by the Indicator
 * object (per rounding mode and decimals, checked against the node's depth). Updates are
 * immutable, so after a one-leaf change only the objects on that leaf's path are new and only
 * they are recomputed: O(depth × siblings).
 */
import type { Id, Indicator } from './model.ts';
import type { ScoreScale } from './score-scale.ts';
import { scoreLeaf } from './leaf-score.ts';
import { scoreLeafFast } from './leaf-fast.ts';
import { sumParent, tooDeep } from './parent-sum.ts';
import { MAX_DEPTH, NO_KIDS, type Computed } from './node-computed.ts';
import { NodeResults } from './node-results.ts';

/** The children that are objects: the list itself when all are (a copy per parent was most of its cost). */
function objectsOf(children: Indicator[]): Indicator[] {
  for (const c of children) if (!c || typeof c !== 'object') return children.filter((k) => k && typeof k === 'object');
  return children;
}

/**
 * A parent's place in the one-off map: set before its children so the map is in tree order,
 * as NodeResults.build() makes it. When the parent is done its result replaces the mark,
 * unless a node below it had the same id (a corrupt document): as in build(), the node that
 * comes last in tree order keeps the id.
 */
const RESERVED = Symbol('reserved');

export class NodeScorer {
  /** null for a one-off evaluate(): nothing would ever read the cache. */
  private readonly cache: WeakMap<Indicator, Computed> | null;
  private readonly fastPath: boolean;
  #lastNodes: NodeResults | null = null;
  /** A one-off evaluate() fills the nodes map while scoring, each result still at hand. */
  readonly #index: Map<Id, Computed | typeof RESERVED> | null;

  constructor(readonly scale: ScoreScale, options: { cached: boolean; fastPath: boolean }) {
    this.cache = options.cached ? new WeakMap() : null;
    this.fastPath = options.fastPath;
    this.#index = options.cached ? null : new Map();
  }

  node(ind: Indicator, level: number): Computed {
    const hit = this.cache?.get(ind);
    if (hit && hit.level === level) return hit;
    const kids = Array.isArray(ind.children) && ind.children.length > 0 ? objectsOf(ind.children) : NO_KIDS;
    let computed: Computed;
    const index = this.#index;
    if (kids.length === 0) {
      computed = (this.fastPath ? scoreLeafFast(this.scale, ind, level) : null) ?? scoreLeaf(this.scale, ind, level);
      index?.set(ind.id, computed);
    } else if (level < MAX_DEPTH) {
      index?.set(ind.id, RESERVED);
      const children: Computed[] = [];
      for (const c of kids) children.push(this.node(c, level + 1));
      computed = sumParent(this.scale, ind, children, level);
      if (index?.get(ind.id) === RESERVED) index.set(ind.id, computed);
    } else {
      computed = tooDeep(this.scale, ind, level);
      index?.set(ind.id, computed);
    }
    this.cache?.set(ind, computed);
    return computed;
  }

  /** Every node's result by id: with the cache, the previous map updated along what changed. */
  nodesOf(roots: readonly Computed[]): NodeResults {
    if (this.#index) return NodeResults.of(this.#index as Map<Id, Computed>, roots);
    this.#lastNodes = this.#lastNodes ? this.#lastNodes.next(roots) : NodeResults.build(roots);
    return this.#lastNodes;
  }
}
