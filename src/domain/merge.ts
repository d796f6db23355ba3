/**
 * Three-way merge of an evaluation edited in two places (two tabs) from a common base, so
 * that edits to different cells both survive. Used when a save finds that another tab saved
 * first: base = the revision both started from, mine = this tab's document, theirs = the one
 * already stored.
 *
 * Granularity is the field: a meta field, a funds field, a setting, an indicator's field by
 * indicator id (a rule is one field: its parameters belong together). When both sides changed
 * the same field differently, theirs wins, because it is already saved and may already have
 * been seen, and the field is reported so the UI can say which edit was not applied.
 *
 * Structure, by indicator id:
 * - added on either side → kept, where that side put it;
 * - removed on one side, untouched on the other → removed;
 * - removed on one side while the other edited it or something under it → kept (reported as
 *   'removed'): a merge must not silently drop what someone just typed;
 * - moved on one side → moved; moved differently on both → theirs (reported as 'position');
 * - sibling order: the side that reordered a list wins, the other side's additions are placed
 *   after the sibling that precedes them there.
 */
import type { Evaluation, Indicator } from './model.ts';

export interface MergeConflict {
  /** The indicator concerned; null for the evaluation's own fields (meta, funds, settings). */
  nodeId: string | null;
  /** 'actual', 'weight', 'rule' … for an indicator; 'meta.projectName', 'funds.executed',
   * 'settings.rounding', 'adjustments', 'statedTotal' for the evaluation; 'removed' and
   * 'position' for structural conflicts. */
  field: string;
}

export interface MergeResult {
  merged: Evaluation;
  conflicts: MergeConflict[];
}

type Plain = Record<string, unknown>;

/** Structural equality of JSON-like values (what an evaluation is made of). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Plain)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Plain)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Plain)[k], (b as Plain)[k]));
}

/** The three-way rule for one value. */
function pick<T>(base: T, mine: T, theirs: T): { value: T; conflict: boolean } {
  if (deepEqual(mine, theirs) || deepEqual(mine, base)) return { value: theirs, conflict: false };
  if (deepEqual(theirs, base)) return { value: mine, conflict: false };
  return { value: theirs, conflict: true };
}

/** Merges two records key by key; `prefix` names the fields in conflicts. */
function mergeRecord(
  base: Plain,
  mine: Plain,
  theirs: Plain,
  skip: ReadonlySet<string>,
  onConflict: (field: string) => void,
): Plain {
  const out: Plain = {};
  const keys = new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)]);
  for (const key of keys) {
    if (skip.has(key)) continue;
    const { value, conflict } = pick(base[key], mine[key], theirs[key]);
    if (conflict) onConflict(key);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

// ── the indicator tree ─────────────────────────────────────────────────────────────

interface Placed {
  node: Indicator;
  parent: string | null;
}

interface Tree {
  nodes: Map<string, Placed>;
  /** Children ids per parent id (null = the level-1 list). */
  children: Map<string | null, string[]>;
}

function flatten(roots: Indicator[]): Tree {
  const nodes = new Map<string, Placed>();
  const children = new Map<string | null, string[]>();
  const walk = (list: Indicator[], parent: string | null) => {
    children.set(parent, list.map((n) => n.id));
    for (const node of list) {
      nodes.set(node.id, { node, parent });
      walk(node.children, node.id);
    }
  };
  walk(roots, null);
  return { nodes, children };
}

const NOT_FIELDS = new Set(['id', 'children']);

function fieldsOf(node: Indicator): Plain {
  const { children: _children, ...fields } = node;
  return fields as Plain;
}

/** The side added, edited or moved this node (relative to base). */
function touched(id: string, side: Tree, base: Tree): boolean {
  const s = side.nodes.get(id);
  const b = base.nodes.get(id);
  if (!s) return false;
  if (!b) return true;
  return s.parent !== b.parent || !deepEqual(fieldsOf(s.node), fieldsOf(b.node));
}

/** The side touched this node or anything it holds. */
function subtreeTouched(id: string, side: Tree, base: Tree): boolean {
  if (touched(id, side, base)) return true;
  return (side.children.get(id) ?? []).some((child) => subtreeTouched(child, side, base));
}

/** Relative order of the ids common to both lists differs. */
function reordered(list: string[], baseList: string[]): boolean {
  const inBase = new Set(baseList);
  const common = list.filter((id) => inBase.has(id));
  const inList = new Set(list);
  const baseCommon = baseList.filter((id) => inList.has(id));
  return !common.every((id, i) => id === baseCommon[i]);
}

function mergeTree(
  baseRoots: Indicator[],
  mineRoots: Indicator[],
  theirRoots: Indicator[],
  conflicts: MergeConflict[],
): Indicator[] {
  const B = flatten(baseRoots);
  const M = flatten(mineRoots);
  const T = flatten(theirRoots);
  const ids = new Set([...B.nodes.keys(), ...M.nodes.keys(), ...T.nodes.keys()]);

  // Which nodes survive, and with which fields.
  const fields = new Map<string, Plain>();
  for (const id of ids) {
    const b = B.nodes.get(id);
    const m = M.nodes.get(id);
    const t = T.nodes.get(id);
    if (m && t) {
      const base = b ? fieldsOf(b.node) : fieldsOf(t.node);
      fields.set(id, {
        ...mergeRecord(base, fieldsOf(m.node), fieldsOf(t.node), NOT_FIELDS, (field) =>
          conflicts.push({ nodeId: id, field }),
        ),
        id,
      });
    } else if (m || t) {
      const [kept, keptTree] = m ? [m, M] : [t!, T];
      if (!b) {
        fields.set(id, fieldsOf(kept.node)); // added on one side
      } else if (subtreeTouched(id, keptTree, B)) {
        fields.set(id, fieldsOf(kept.node)); // removed on one side, edited on the other
        conflicts.push({ nodeId: id, field: 'removed' });
      }
    }
  }

  // Where each surviving node goes.
  const parent = new Map<string, string | null>();
  for (const id of fields.keys()) {
    const b = B.nodes.get(id);
    const m = M.nodes.get(id);
    const t = T.nodes.get(id);
    if (m && t) {
      const { value, conflict } = pick(b ? b.parent : t.parent, m.parent, t.parent);
      if (conflict) conflicts.push({ nodeId: id, field: 'position' });
      parent.set(id, value);
    } else {
      parent.set(id, (m ?? t)!.parent);
    }
  }
  // A parent that did not survive (it cannot, by the rule above, unless ids clash): climb.
  const climb = (id: string): string | null => {
    let p = parent.get(id) ?? null;
    const seen = new Set<string>();
    while (p !== null && !fields.has(p) && !seen.has(p)) {
      seen.add(p);
      p = (T.nodes.get(p) ?? B.nodes.get(p) ?? M.nodes.get(p))?.parent ?? null;
    }
    return p !== null && fields.has(p) ? p : null;
  };
  for (const id of parent.keys()) parent.set(id, climb(id));
  // Moves on both sides can make a cycle (A under B here, B under A there): theirs decides.
  for (let guard = 0; guard <= fields.size; guard++) {
    const onCycle = findCycle(parent);
    if (!onCycle) break;
    // Theirs is a tree, so some node of the cycle is not where theirs has it: put it there.
    const cycle = [onCycle];
    for (let id = parent.get(onCycle); id != null && id !== onCycle; id = parent.get(id)) cycle.push(id);
    const theirParent = (id: string) => {
      const p = T.nodes.get(id)?.parent;
      return p !== undefined && (p === null || fields.has(p)) ? p : null;
    };
    const moved = cycle.find((id) => parent.get(id) !== theirParent(id)) ?? onCycle;
    parent.set(moved, parent.get(moved) !== theirParent(moved) ? theirParent(moved) : null);
    conflicts.push({ nodeId: moved, field: 'position' });
  }

  // Sibling order, per parent.
  const childrenOf = new Map<string | null, string[]>();
  for (const [id, p] of parent) {
    const list = childrenOf.get(p) ?? [];
    list.push(id);
    childrenOf.set(p, list);
  }
  const ordered = new Map<string | null, string[]>();
  for (const [p, members] of childrenOf) {
    const memberSet = new Set(members);
    const baseList = B.children.get(p) ?? [];
    const mineList = M.children.get(p);
    const theirList = T.children.get(p);
    const primary =
      mineList && (!theirList || (reordered(mineList, baseList) && !reordered(theirList, baseList)))
        ? mineList
        : (theirList ?? baseList);
    const seq = primary.filter((id) => memberSet.has(id));
    const placed = new Set(seq);
    // The rest, each after the sibling that precedes it on the side it comes from.
    for (const source of [mineList, theirList, baseList]) {
      if (!source) continue;
      let after: string | null = null;
      for (const id of source) {
        if (placed.has(id)) {
          after = id;
          continue;
        }
        if (!memberSet.has(id)) continue;
        const at = after === null ? 0 : seq.indexOf(after) + 1;
        seq.splice(at, 0, id);
        placed.add(id);
        after = id;
      }
    }
    for (const id of members) if (!placed.has(id)) seq.push(id); // moved here from elsewhere only
    ordered.set(p, seq);
  }

  // Build, reusing their objects where nothing differs (the engine caches by identity).
  const build = (p: string | null): Indicator[] =>
    (ordered.get(p) ?? []).map((id) => {
      const children = build(id);
      const node = { ...(fields.get(id) as Omit<Indicator, 'children'>), id, children } as Indicator;
      const theirs = T.nodes.get(id)?.node;
      if (
        theirs &&
        theirs.children.length === children.length &&
        theirs.children.every((c, i) => c === children[i]) &&
        deepEqual(fieldsOf(theirs), fieldsOf(node))
      ) {
        return theirs;
      }
      return node;
    });
  return build(null);
}

function findCycle(parent: Map<string, string | null>): string | null {
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of parent.keys()) {
    const path: string[] = [];
    let id: string | null = start;
    while (id !== null && !state.has(id)) {
      state.set(id, 'visiting');
      path.push(id);
      id = parent.get(id) ?? null;
    }
    if (id !== null && state.get(id) === 'visiting') return id;
    for (const p of path) state.set(p, 'done');
  }
  return null;
}

// ── the evaluation ─────────────────────────────────────────────────────────────────

function mergeSection(
  name: string,
  base: object | null,
  mine: object | null,
  theirs: object | null,
  conflicts: MergeConflict[],
): object | null {
  if (base && mine && theirs) {
    return mergeRecord(base as Plain, mine as Plain, theirs as Plain, new Set(), (field) =>
      conflicts.push({ nodeId: null, field: `${name}.${field}` }),
    );
  }
  const { value, conflict } = pick(base, mine, theirs); // added or removed as a whole
  if (conflict) conflicts.push({ nodeId: null, field: name });
  return value;
}

/** See the module comment. Pure: the inputs are not modified. */
export function mergeEvaluations(base: Evaluation, mine: Evaluation, theirs: Evaluation): MergeResult {
  if (mine === base || deepEqual(mine, base)) return { merged: theirs, conflicts: [] };
  if (theirs === base || deepEqual(theirs, base)) return { merged: mine, conflicts: [] };

  const conflicts: MergeConflict[] = [];
  const meta = mergeSection('meta', base.meta, mine.meta, theirs.meta, conflicts) as Evaluation['meta'];
  const funds = mergeSection('funds', base.funds, mine.funds, theirs.funds, conflicts) as Evaluation['funds'];
  const settings = mergeSection('settings', base.settings, mine.settings, theirs.settings, conflicts) as Evaluation['settings'];
  const indicators = mergeTree(base.indicators, mine.indicators, theirs.indicators, conflicts);

  const rest = mergeRecord(
    base as unknown as Plain,
    mine as unknown as Plain,
    theirs as unknown as Plain,
    new Set(['id', 'meta', 'funds', 'settings', 'indicators', 'createdAt', 'updatedAt']),
    (field) => conflicts.push({ nodeId: null, field }),
  );
  const merged: Evaluation = {
    ...(rest as Partial<Evaluation>),
    id: theirs.id,
    meta,
    funds,
    settings,
    indicators,
    adjustments: (rest.adjustments as Evaluation['adjustments'] | undefined) ?? theirs.adjustments,
  };
  if (theirs.createdAt !== undefined) merged.createdAt = theirs.createdAt;
  if (theirs.updatedAt !== undefined) merged.updatedAt = theirs.updatedAt;
  return { merged, conflicts };
}
