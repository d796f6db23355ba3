/**
 * Edits of the indicator tree, pure and immutable with path copying: a change makes new
 * objects for the changed indicator and its ancestors only, so the evaluator's identity
 * cache recomputes just that path. Every function returns the same evaluation object when
 * nothing changed, which lets callers skip an undo step and a save.
 */
import type { CompletionStatus, Evaluation, Id, Indicator, Rule } from './model.ts';
import { newId as domainId } from './factory.ts';
import { cleanText } from './restore-reader.ts';

/** Structurally the grid's CellEdit (src/grid/types.ts), redeclared so domain stays pure. */
export type IndicatorEdit =
  | { nodeId: Id; field: 'weight' | 'enteredScore'; value: number | null; pin?: boolean }
  | { nodeId: Id; field: 'statusOverride'; value: CompletionStatus | null }
  | {
      nodeId: Id;
      field: 'name' | 'code' | 'explanation' | 'guidance' | 'criteria' | 'target' | 'actual' | 'reason';
      value: string;
    };

/** A pasted row keyed by the grid's column keys, as text. */
export type PastedRow = Partial<Record<string, string>>;

export type IdFactory = () => Id;

// The domain's own ids: src/domain stays free of platform APIs (crypto is one).
const defaultId: IdFactory = () => domainId();

const STATUSES: readonly CompletionStatus[] = ['已完成', '部分完成', '未完成'];

/** The indicators from level 1 down to `id`, or undefined when it is not in the tree. */
export function pathTo(evaluation: Evaluation, id: Id): Indicator[] | undefined {
  const walk = (list: Indicator[], trail: Indicator[]): Indicator[] | undefined => {
    for (const node of list) {
      const here = [...trail, node];
      if (node.id === id) return here;
      const found = walk(node.children, here);
      if (found) return found;
    }
    return undefined;
  };
  return walk(evaluation.indicators, []);
}

export function findIndicator(evaluation: Evaluation, id: Id): Indicator | undefined {
  const path = pathTo(evaluation, id);
  return path?.[path.length - 1];
}

/** Every indicator in tree order (depth first, parents before children). */
export function allIndicators(evaluation: Evaluation): Indicator[] {
  const out: Indicator[] = [];
  const walk = (list: Indicator[]) => {
    for (const node of list) {
      out.push(node);
      walk(node.children);
    }
  };
  walk(evaluation.indicators);
  return out;
}

/**
 * Replaces the sibling list that contains `id` (the top level when `id` is level 1) by
 * `change(list, index)`, copying the path above it. Unchanged → the same evaluation.
 */
function updateSiblings(
  evaluation: Evaluation,
  id: Id,
  change: (list: Indicator[], index: number) => Indicator[] | undefined,
): Evaluation {
  const rewrite = (list: Indicator[]): Indicator[] | undefined => {
    const index = list.findIndex((n) => n.id === id);
    if (index >= 0) return change(list, index);
    for (let i = 0; i < list.length; i++) {
      const node = list[i]!;
      const children = rewrite(node.children);
      if (children) {
        const copy = list.slice();
        copy[i] = { ...node, children };
        return copy;
      }
    }
    return undefined;
  };
  const indicators = rewrite(evaluation.indicators);
  return indicators ? { ...evaluation, indicators } : evaluation;
}

/** Replaces indicator `id` by `change(node)`, copying its ancestors. */
export function updateIndicator(evaluation: Evaluation, id: Id, change: (node: Indicator) => Indicator): Evaluation {
  return updateSiblings(evaluation, id, (list, index) => {
    const node = list[index]!;
    const next = change(node);
    if (next === node) return undefined;
    const copy = list.slice();
    copy[index] = next;
    return copy;
  });
}

function applyOne(node: Indicator, edit: IndicatorEdit): Indicator {
  switch (edit.field) {
    case 'weight':
      return node.weight === edit.value ? node : { ...node, weight: edit.value };
    case 'enteredScore': {
      // A score typed over a ruled leaf pins it; clearing it unpins (the rule counts again).
      const ruled = node.rule !== undefined && node.rule.type !== 'manual';
      const pinned = ruled && edit.value !== null && (edit.pin ?? true);
      if (node.enteredScore === edit.value && (node.pinned ?? false) === pinned) return node;
      const next: Indicator = { ...node, enteredScore: edit.value };
      if (pinned) next.pinned = true;
      else delete next.pinned;
      return next;
    }
    case 'statusOverride': {
      const value = edit.value !== null && STATUSES.includes(edit.value) ? edit.value : null;
      return (node.statusOverride ?? null) === value ? node : { ...node, statusOverride: value };
    }
    default: {
      const text = edit as Extract<IndicatorEdit, { value: string }>;
      const field = text.field;
      // NUL and other control characters (pasted, typed with Alt codes) are never stored.
      const value = cleanText(typeof text.value === 'string' ? text.value : String(text.value ?? ''));
      if ((node[field] ?? '') === value) return node;
      return { ...node, [field]: value };
    }
  }
}

/** One user action's cell edits, applied in order. Edits of unknown nodes are ignored. */
export function applyCellEdits(evaluation: Evaluation, edits: readonly IndicatorEdit[]): Evaluation {
  let current = evaluation;
  for (const edit of edits) current = updateIndicator(current, edit.nodeId, (node) => applyOne(node, edit));
  return current;
}

/**
 * Gives the leaf a new rule. A score typed by hand (手工打分) stays as a pinned score when the
 * leaf gets a rule, as import pins a stated score: the new rule has no inputs yet, and
 * dropping the typed score silently changed the total and grade (91.55 → 86.19, 优 → 良).
 */
export function setRule(evaluation: Evaluation, nodeId: Id, rule: Rule): Evaluation {
  return updateIndicator(evaluation, nodeId, (node) => {
    if (node.rule === rule) return node;
    const wasManual = node.rule === undefined || node.rule.type === 'manual';
    const keepsTyped = wasManual && rule.type !== 'manual' && node.enteredScore !== null && node.enteredScore !== undefined;
    return keepsTyped ? { ...node, rule, pinned: true } : { ...node, rule };
  });
}

/** Lets the rule count again: the pin and its typed score go. */
export function unpin(evaluation: Evaluation, nodeId: Id): Evaluation {
  return updateIndicator(evaluation, nodeId, (node) => {
    if (!node.pinned) return node;
    const next: Indicator = { ...node, enteredScore: null };
    delete next.pinned;
    return next;
  });
}

export function blankIndicator(newId: IdFactory = defaultId, name = ''): Indicator {
  return { id: newId(), name, weight: null, children: [] };
}

export interface Inserted {
  evaluation: Evaluation;
  /** The new indicator's id, or null when the anchor was not found. */
  id: Id | null;
}

function insertSibling(evaluation: Evaluation, nodeId: Id, offset: 0 | 1, node: Indicator): Inserted {
  const next = updateSiblings(evaluation, nodeId, (list, index) => {
    const copy = list.slice();
    copy.splice(index + offset, 0, node);
    return copy;
  });
  return { evaluation: next, id: next === evaluation ? null : node.id };
}

export function insertSiblingAfter(evaluation: Evaluation, nodeId: Id, newId: IdFactory = defaultId): Inserted {
  return insertSibling(evaluation, nodeId, 1, blankIndicator(newId, '新指标'));
}

export function insertSiblingBefore(evaluation: Evaluation, nodeId: Id, newId: IdFactory = defaultId): Inserted {
  return insertSibling(evaluation, nodeId, 0, blankIndicator(newId, '新指标'));
}

/** A new last child. A leaf that gets a child becomes a group: its own score is no longer used. */
export function insertChild(evaluation: Evaluation, nodeId: Id, newId: IdFactory = defaultId): Inserted {
  const child = blankIndicator(newId, '新指标');
  const next = updateIndicator(evaluation, nodeId, (node) => ({ ...node, children: [...node.children, child] }));
  return { evaluation: next, id: next === evaluation ? null : child.id };
}

/**
 * A given indicator (from the library, say) placed after `nodeId` (a leaf: beside it) or as
 * the last child of `nodeId` (a group); at the end of the sheet when there is no anchor.
 */
export function insertIndicator(evaluation: Evaluation, nodeId: Id | null, node: Indicator): Inserted {
  const anchor = nodeId === null ? undefined : findIndicator(evaluation, nodeId);
  if (!anchor) return { evaluation: { ...evaluation, indicators: [...evaluation.indicators, node] }, id: node.id };
  if (anchor.children.length > 0) {
    return { evaluation: updateIndicator(evaluation, anchor.id, (n) => ({ ...n, children: [...n.children, node] })), id: node.id };
  }
  return insertSibling(evaluation, anchor.id, 1, node);
}

/** A new level-1 indicator at the end (for an empty evaluation, where there is no anchor). */
export function appendTopLevel(evaluation: Evaluation, newId: IdFactory = defaultId): Inserted {
  const node = blankIndicator(newId, '新指标');
  return { evaluation: { ...evaluation, indicators: [...evaluation.indicators, node] }, id: node.id };
}

/** Removes the indicators (with their subtrees). */
export function deleteIndicators(evaluation: Evaluation, ids: readonly Id[]): Evaluation {
  const doomed = new Set(ids);
  if (doomed.size === 0) return evaluation;
  const prune = (list: Indicator[]): Indicator[] => {
    let changed = false;
    const out: Indicator[] = [];
    for (const node of list) {
      if (doomed.has(node.id)) {
        changed = true;
        continue;
      }
      const children = prune(node.children);
      if (children !== node.children) {
        changed = true;
        out.push({ ...node, children });
      } else out.push(node);
    }
    return changed ? out : list;
  };
  const indicators = prune(evaluation.indicators);
  return indicators === evaluation.indicators ? evaluation : { ...evaluation, indicators };
}

/** The indicator becomes the last child of its previous sibling (one level deeper). */
export function indent(evaluation: Evaluation, nodeId: Id): Evaluation {
  return updateSiblings(evaluation, nodeId, (list, index) => {
    if (index === 0) return undefined;
    const previous = list[index - 1]!;
    const node = list[index]!;
    const copy = list.slice();
    copy.splice(index - 1, 2, { ...previous, children: [...previous.children, node] });
    return copy;
  });
}

/** The indicator moves up one level, right after its former parent. */
export function outdent(evaluation: Evaluation, nodeId: Id): Evaluation {
  const path = pathTo(evaluation, nodeId);
  if (!path || path.length < 2) return evaluation;
  const parent = path[path.length - 2]!;
  const node = path[path.length - 1]!;
  return updateSiblings(evaluation, parent.id, (list, index) => {
    const copy = list.slice();
    copy.splice(index, 1, { ...parent, children: parent.children.filter((c) => c !== node) }, node);
    return copy;
  });
}

function move(evaluation: Evaluation, nodeId: Id, delta: -1 | 1): Evaluation {
  return updateSiblings(evaluation, nodeId, (list, index) => {
    const target = index + delta;
    if (target < 0 || target >= list.length) return undefined;
    const copy = list.slice();
    copy[index] = list[target]!;
    copy[target] = list[index]!;
    return copy;
  });
}

export const moveUp = (evaluation: Evaluation, nodeId: Id) => move(evaluation, nodeId, -1);
export const moveDown = (evaluation: Evaluation, nodeId: Id) => move(evaluation, nodeId, 1);

/** "3", "３分", "1,200" → number; anything else → null. */
function pastedNumber(text: string | undefined): number | null {
  if (text === undefined) return null;
  const clean = text
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s分]/g, '');
  if (clean === '' || !/^-?\d+(\.\d+)?$/.test(clean)) return null;
  return Number(clean);
}

function leafFromRow(row: PastedRow, newId: IdFactory): Indicator {
  const text = (key: string) => (row[key] ?? '').trim();
  const name = text('level3') || text('level2') || text('level1') || '新指标';
  const node: Indicator = { id: newId(), name, weight: pastedNumber(row['weight']), children: [] };
  for (const key of ['code', 'explanation', 'guidance', 'criteria', 'target', 'actual', 'reason'] as const) {
    const value = text(key);
    if (value) node[key] = value;
  }
  const score = pastedNumber(row['score']);
  if (score !== null) node.enteredScore = score;
  const status = text('status');
  if ((STATUSES as readonly string[]).includes(status)) node.statusOverride = status as CompletionStatus;
  return node;
}

/**
 * A paste that runs past the last row: one new leaf per row after `afterNodeId` (same
 * parent), or at the top level when there is no anchor.
 */
export function appendLeaves(
  evaluation: Evaluation,
  afterNodeId: Id | null,
  rows: readonly PastedRow[],
  newId: IdFactory = defaultId,
): Evaluation {
  if (rows.length === 0) return evaluation;
  const leaves = rows.map((row) => leafFromRow(row, newId));
  if (afterNodeId === null || !findIndicator(evaluation, afterNodeId)) {
    return { ...evaluation, indicators: [...evaluation.indicators, ...leaves] };
  }
  return updateSiblings(evaluation, afterNodeId, (list, index) => {
    const copy = list.slice();
    copy.splice(index + 1, 0, ...leaves);
    return copy;
  });
}

/** A deep copy with fresh ids everywhere (duplicating last year's evaluation into this year's). */
export function withFreshIds(evaluation: Evaluation, newId: IdFactory = defaultId): Evaluation {
  const copy = (node: Indicator): Indicator => ({ ...node, id: newId(), children: node.children.map(copy) });
  return {
    ...evaluation,
    id: newId(),
    indicators: evaluation.indicators.map(copy),
    adjustments: evaluation.adjustments.map((a) => ({ ...a, id: newId() })),
  };
}
