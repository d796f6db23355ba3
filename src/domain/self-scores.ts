/**
 * 自评 beside 评价 (issue 10 §1). A third-party evaluator scores a project whose department
 * already sent its self-evaluation; the two score sets are compared leaf by leaf and level by
 * level (seed 004: 自评 100 against 评价 84.94). The self scores live in `selfScores` and never
 * enter the evaluator's own figures: importing or removing them changes nothing else.
 *
 * Matching a 自评表 to the evaluation goes by each leaf's path of names (一级 / 二级 / 三级),
 * compared after the usual spelling noise is taken out (spaces, weights written into names
 * like `决策（20分）`, codes like `A11`, full- and half-width brackets); a leaf whose path does
 * not match but whose own name is unique on both sides is matched by name, and said so. What
 * remains unmatched is listed with the reason, for the user to match by hand.
 */
import type { Evaluation, GradeScale, Id, Indicator, SelfScoreEntry, SelfScoreSet } from './model.ts';
import type { EvaluationResult } from './result.ts';
import { Decimal } from './decimal.ts';
import { gradeFor, GRADE_SCALES } from './grades.ts';

export interface LeafPath {
  id: Id;
  /** Names from the 一级 down to the leaf, as written. */
  names: string[];
}

export interface SelfMatch {
  /** This evaluation's leaf ← the 自评表's leaf. */
  matched: { id: Id; path: string; selfId: Id; selfPath: string; how: 'path' | 'name'; score: number | null; reason: string }[];
  /** 自评表 leaves with no counterpart, and why. */
  unmatchedSelf: { selfId: Id; selfPath: string; score: number | null; reason: string; why: string }[];
  /** This evaluation's leaves nothing was matched to. */
  unmatchedOwn: { id: Id; path: string }[];
}

/** A name as compared: no spaces, no weight in brackets, no leading code, one kind of bracket. */
export function comparableName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^[A-Za-z]\d*[.、．]?(?=\p{Script=Han})/u, '')
    .replace(/^[（(]?[一二三四五六七八九十\d]+[)）.、．]+/u, '')
    .replace(/[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）]$/u, '')
    .replace(/[（(]/g, '(')
    .replace(/[)）]/g, ')');
}

export function leafPaths(evaluation: Evaluation): LeafPath[] {
  const out: LeafPath[] = [];
  const walk = (nodes: readonly Indicator[], names: string[], depth: number) => {
    if (depth > 64) return;
    for (const node of nodes) {
      const here = [...names, node.name ?? ''];
      if (node.children.length === 0) out.push({ id: node.id, names: here });
      else walk(node.children, here, depth + 1);
    }
  };
  walk(evaluation.indicators, [], 1);
  return out;
}

const pathText = (names: readonly string[]): string => names.join(' / ');
const pathKey = (names: readonly string[]): string => names.map(comparableName).join('\u0000');

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Matches the leaves of `self` (an imported 自评表, scored by its own figures in `selfResult`)
 * to the leaves of `evaluation`. Nothing is changed: the caller shows the match and applies
 * it with {@link withSelfScores} once the user confirms.
 */
export function matchSelfScores(evaluation: Evaluation, self: Evaluation, selfResult: EvaluationResult): SelfMatch {
  const own = leafPaths(evaluation);
  const theirs = leafPaths(self);
  const ownByPath = new Map<string, LeafPath[]>();
  for (const leaf of own) ownByPath.set(pathKey(leaf.names), [...(ownByPath.get(pathKey(leaf.names)) ?? []), leaf]);
  const lastName = (leaf: LeafPath) => comparableName(leaf.names[leaf.names.length - 1] ?? '');
  const ownNames = countBy(own, lastName);
  const theirNames = countBy(theirs, lastName);
  const ownByName = new Map(own.map((leaf) => [lastName(leaf), leaf]));
  const taken = new Set<Id>();
  const selfNode = (id: Id) => {
    const node = selfResult.nodes.get(id);
    return node?.score ?? null;
  };
  const selfReasons = new Map<Id, string>();
  const collect = (nodes: readonly Indicator[]) => {
    for (const n of nodes) {
      if (n.children.length === 0) selfReasons.set(n.id, typeof n.reason === 'string' ? n.reason : '');
      else collect(n.children);
    }
  };
  collect(self.indicators);

  const result: SelfMatch = { matched: [], unmatchedSelf: [], unmatchedOwn: [] };
  const pending: LeafPath[] = [];
  for (const leaf of theirs) {
    const candidates = (ownByPath.get(pathKey(leaf.names)) ?? []).filter((c) => !taken.has(c.id));
    const hit = candidates[0];
    if (hit) {
      taken.add(hit.id);
      result.matched.push({ id: hit.id, path: pathText(hit.names), selfId: leaf.id, selfPath: pathText(leaf.names), how: 'path', score: selfNode(leaf.id), reason: selfReasons.get(leaf.id) ?? '' });
    } else pending.push(leaf);
  }
  for (const leaf of pending) {
    const name = lastName(leaf);
    const hit = ownByName.get(name);
    const base = { selfId: leaf.id, selfPath: pathText(leaf.names), score: selfNode(leaf.id), reason: selfReasons.get(leaf.id) ?? '' };
    if (name === '') {
      result.unmatchedSelf.push({ ...base, why: '指标名称为空' });
    } else if (!hit) {
      result.unmatchedSelf.push({ ...base, why: '本评价中没有同名指标' });
    } else if ((ownNames.get(name) ?? 0) > 1 || (theirNames.get(name) ?? 0) > 1) {
      result.unmatchedSelf.push({ ...base, why: `名称“${leaf.names[leaf.names.length - 1]}”出现不止一次，且上级指标不同，无法唯一对应` });
    } else if (taken.has(hit.id)) {
      result.unmatchedSelf.push({ ...base, why: `同名指标“${pathText(hit.names)}”已与另一项对应` });
    } else {
      taken.add(hit.id);
      result.matched.push({ ...base, id: hit.id, path: pathText(hit.names), how: 'name' });
    }
  }
  for (const leaf of own) if (!taken.has(leaf.id)) result.unmatchedOwn.push({ id: leaf.id, path: pathText(leaf.names) });
  return result;
}

/**
 * The evaluation with `selfScores` set from a match (and any pairs the user matched by hand:
 * this evaluation's leaf id → the 自评表 leaf id). Everything else is the same object.
 */
export function withSelfScores(
  evaluation: Evaluation, match: SelfMatch, source: string,
  manual: readonly { id: Id; selfId: Id }[] = [], stated: { total?: number | null; funds?: number | null } = {},
): Evaluation {
  const entries: SelfScoreEntry[] = match.matched.map((m) => ({ id: m.id, score: m.score, ...(m.reason ? { reason: m.reason } : {}) }));
  const used = new Set(entries.map((e) => e.id));
  for (const pair of manual) {
    const self = match.unmatchedSelf.find((u) => u.selfId === pair.selfId);
    if (!self || used.has(pair.id)) continue;
    used.add(pair.id);
    entries.push({ id: pair.id, score: self.score, ...(self.reason ? { reason: self.reason } : {}) });
  }
  const set: SelfScoreSet = { source, entries };
  if (stated.total !== undefined) set.statedTotal = stated.total;
  if (stated.funds !== undefined) set.fundsScore = stated.funds;
  return { ...evaluation, selfScores: set };
}

/** One typed 自评分: set, changed or (null) cleared for a leaf. */
export function setSelfScore(evaluation: Evaluation, id: Id, score: number | null): Evaluation {
  const set = evaluation.selfScores ?? { source: '手工录入', entries: [] };
  const rest = set.entries.filter((e) => e.id !== id);
  const old = set.entries.find((e) => e.id === id);
  const entries = score === null && !old?.reason ? rest : [...rest, { ...old, id, score }];
  return { ...evaluation, selfScores: { ...set, entries } };
}

export function withoutSelfScores(evaluation: Evaluation): Evaluation {
  if (!evaluation.selfScores) return evaluation;
  const copy = { ...evaluation };
  delete copy.selfScores;
  return copy;
}

export interface ScoreDifference {
  id: Id;
  path: string;
  weight: number | null;
  self: number | null;
  score: number | null;
  /** 评价得分 − 自评分, when both exist. */
  difference: number | null;
  selfReason: string;
  reason: string;
}

export interface SelfComparison {
  selfTotal: number;
  selfGrade: string;
  total: number;
  grade: string;
  /** Per leaf, largest |difference| first; leaves without both scores last. */
  leaves: ScoreDifference[];
  /** Per 一级, largest |difference| first. */
  levels: ScoreDifference[];
  /** 自评表's own stated total, when it differs from the sum of its matched scores. */
  statedTotal: number | null;
}

const num = (d: Decimal): number => Number(d.toFixed());

/** The two score sets side by side (the evaluator's `result` is the engine's, unchanged). */
export function compareSelfScores(evaluation: Evaluation, result: EvaluationResult): SelfComparison {
  const set = evaluation.selfScores;
  const byId = new Map((set?.entries ?? []).map((e) => [e.id, e]));
  const scale: GradeScale = evaluation.settings?.gradeScale ?? GRADE_SCALES.mof;
  const leaves: ScoreDifference[] = [];
  const levels: ScoreDifference[] = [];
  let selfTotal = new Decimal(set?.fundsScore ?? 0);
  const walk = (nodes: readonly Indicator[], names: string[], depth: number): Decimal | null => {
    let sum: Decimal | null = null;
    for (const node of nodes) {
      const here = [...names, node.name];
      let self: Decimal | null;
      if (node.children.length === 0) {
        const entry = byId.get(node.id);
        self = entry && typeof entry.score === 'number' && Number.isFinite(entry.score) ? new Decimal(entry.score) : null;
        const r = result.nodes.get(node.id);
        const score = r?.score ?? null;
        leaves.push({
          id: node.id, path: here.join(' / '), weight: r?.weight ?? null, self: self === null ? null : num(self), score,
          difference: self === null || score === null ? null : num(new Decimal(score).minus(self)),
          selfReason: entry?.reason ?? '', reason: typeof node.reason === 'string' ? node.reason : '',
        });
      } else {
        self = depth > 64 ? null : walk(node.children, here, depth + 1);
      }
      if (depth === 1) {
        const r = result.nodes.get(node.id);
        const score = r?.score ?? null;
        levels.push({
          id: node.id, path: node.name, weight: r?.weight ?? null, self: self === null ? null : num(self), score,
          difference: self === null || score === null ? null : num(new Decimal(score).minus(self)), selfReason: '', reason: '',
        });
      }
      if (self !== null) sum = (sum ?? new Decimal(0)).plus(self);
    }
    return sum;
  };
  const indicatorsSelf = walk(evaluation.indicators, [], 1);
  if (indicatorsSelf !== null) selfTotal = selfTotal.plus(indicatorsSelf);
  const byGap = (a: ScoreDifference, b: ScoreDifference) => {
    if (a.difference === null || b.difference === null) return a.difference === null ? (b.difference === null ? 0 : 1) : -1;
    return Math.abs(b.difference) - Math.abs(a.difference);
  };
  leaves.sort(byGap);
  levels.sort(byGap);
  const selfSum = num(selfTotal);
  const stated = typeof set?.statedTotal === 'number' && Number.isFinite(set.statedTotal) && set.statedTotal !== selfSum ? set.statedTotal : null;
  return {
    selfTotal: selfSum,
    selfGrade: set && set.entries.some((e) => e.score !== null) ? gradeFor(selfSum, scale) : '',
    total: result.total,
    grade: result.grade,
    leaves,
    levels,
    statedTotal: stated,
  };
}
