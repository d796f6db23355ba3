/**
 * The tables a report pastes, drawn from the live result (never stored): 绩效评价得分情况表
 * (000 表2), each 一级's 二级/三级 table (表4–表7), 绩效指标完成情况表 with its sentence (表3),
 * 扣分汇总 (the raw material of 存在问题), and the 评分表 as rows for print and the Word annex.
 *
 * Figures are the engine's own texts (scores rounded and summed as the engine does); the only
 * arithmetic here is points lost (weight − score) and the total's 得分率, both exact decimals.
 */
import type { CompletionStatus, Evaluation, Id, Indicator } from './model.ts';
import type { EvaluationResult, NodeResult } from './result.ts';
import { Decimal, ZERO, dec, toNumber } from './decimal.ts';
import { formatRate, formatScore } from './rounding.ts';

/** The evaluator stops descending at this depth (see evaluator.ts); a node there is shown as a leaf. */
const MAX_LEVEL = 64;

export interface ReportRow {
  id: Id | null;
  name: string;
  weight: number | null;
  weightText: string;
  score: number | null;
  scoreText: string;
  rate: number | null;
  rateText: string;
}

export interface ScoreSummary {
  /** One row per 一级, then 项目资金 (when the evaluation has a funds block) and 总分调整 (when applied). */
  rows: ReportRow[];
  total: ReportRow;
  /** '' while nothing is scored. */
  grade: string;
  /** Leaves still without a score: the total is partial while > 0. */
  pendingLeaves: number;
}

export interface LevelRow extends ReportRow {
  /** 2 for 二级, 3 for 三级 … */
  depth: number;
  isLeaf: boolean;
  /** "一、" before a 二级 name, as 表4 prints it; '' elsewhere. */
  ordinal: string;
}

export interface LevelTable {
  level1: ReportRow;
  rows: LevelRow[];
  /** "本指标包含项目立项、绩效目标、资金投入 3 个二级指标，指标分值 15 分，评价得分 13 分，得分率 86.67%。" */
  sentence: string;
}

export interface CompletionRow {
  id: Id;
  level1: string;
  /** The levels between 一级 and the leaf, joined by " / " ('' for a 二级 leaf). */
  level2: string;
  level3: string;
  target: string;
  actual: string;
  status: CompletionStatus | null;
  /** 已完成 / 部分完成 / 未完成, 待判定 (a target but no status yet), or 未设定 (no target). */
  statusText: string;
}

export interface CompletionCounts { total: number; 已完成: number; 部分完成: number; 未完成: number; 未判定: number }

export interface CompletionTable {
  /** Every 一级, and whether its leaves were counted. */
  groups: { id: Id; name: string; counted: boolean }[];
  rows: CompletionRow[];
  counts: CompletionCounts;
  /** "14 项具体绩效指标有 11 项实现预期目标，3 项指标部分实现预期目标。" */
  sentence: string;
}

export interface DeductionRow {
  /** The leaf, or null for the funds block. */
  id: Id | null;
  level1: string;
  /** Ancestors below 一级, joined by " / ". */
  group: string;
  name: string;
  weightText: string;
  scoreText: string;
  lost: number;
  lostText: string;
  /** The leaf's 扣分原因, or "未填写扣分原因". */
  reason: string;
  reasonMissing: boolean;
}

export interface DeductionSummary {
  /** Sorted by points lost, largest first; ties in tree order. */
  rows: DeductionRow[];
  /** Points lost per 一级 (every 一级, 0 included), in tree order. */
  byLevel: { id: Id | null; name: string; lost: number; lostText: string }[];
  total: number;
  totalText: string;
  /** Leaves not scored yet: not listed (nothing was deducted yet), but counted here. */
  pendingLeaves: number;
}

/** A leaf of the tree with its ancestors (一级 first) and its result. */
interface LeafEntry { leaf: Indicator; path: Indicator[]; result: NodeResult }

function leavesOf(roots: readonly Indicator[], result: EvaluationResult): LeafEntry[] {
  const out: LeafEntry[] = [];
  // Iterative: a pasted tree may be deep, and the walk must not depend on the call stack.
  const stack: { node: Indicator; path: Indicator[] }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i]!, path: [] });
  while (stack.length) {
    const { node, path } = stack.pop()!;
    const here = [...path, node];
    if (node.children.length === 0 || here.length >= MAX_LEVEL) {
      const r = result.nodes.get(node.id);
      if (r) out.push({ leaf: node, path: here, result: r });
      continue;
    }
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i]!, path: here });
  }
  return out;
}

const nameOf = (node: Indicator): string => node.name.trim() || '（未命名）';

function rowOf(node: Indicator, r: NodeResult | undefined): ReportRow {
  return {
    id: node.id, name: nameOf(node),
    weight: r?.weight ?? null, weightText: r?.weightText ? formatScore(r.weight) : '',
    score: r?.score ?? null, scoreText: r?.scoreText ?? '', rate: r?.rate ?? null, rateText: r?.rateText ?? '',
  };
}

/** score / weight rounded half-up to 0.01 %, as the engine rounds every rate. */
function rateOf(score: number | null, weight: number | null): number | null {
  const s = dec(score);
  const w = dec(weight);
  if (s === null || w === null || w.isZero()) return null;
  return toNumber(s.dividedBy(w).toDecimalPlaces(4, Decimal.ROUND_HALF_UP));
}

/** 表2 绩效评价得分情况表. */
export function scoreSummary(evaluation: Evaluation, result: EvaluationResult): ScoreSummary {
  const decimals = evaluation.settings.decimals;
  const rows = evaluation.indicators.map((n) => rowOf(n, result.nodes.get(n.id)));
  if (result.funds) {
    const f = result.funds;
    rows.push({ id: null, name: '项目资金（预算执行率）', weight: f.weight, weightText: formatScore(f.weight, decimals), score: f.score, scoreText: f.scoreText, rate: rateOf(f.score, f.weight), rateText: formatRate(rateOf(f.score, f.weight)) });
  }
  const docked = result.adjustments.filter((a) => a.applied && a.effect > 0).reduce((s, a) => s.plus(dec(a.effect) ?? ZERO), ZERO);
  if (!docked.isZero()) {
    const score = toNumber(docked.negated());
    rows.push({ id: null, name: '总分调整', weight: null, weightText: '', score, scoreText: formatScore(score, decimals), rate: null, rateText: '' });
  }
  const totalRate = rateOf(result.total, result.maxTotal);
  return {
    rows,
    total: { id: null, name: '合计', weight: result.maxTotal, weightText: formatScore(result.maxTotal, decimals), score: result.total, scoreText: result.totalText, rate: totalRate, rateText: formatRate(totalRate) },
    grade: result.grade,
    pendingLeaves: result.pendingLeaves ?? 0,
  };
}

const DIGITS = '零一二三四五六七八九';

/** 1 → "一", 12 → "十二", 23 → "二十三"; beyond 99 the Arabic figure. */
export function chineseOrdinal(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  if (n < 10) return DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** 表4–表7: per 一级, its 二级 and 三级 (and deeper) rows. */
export function levelTables(evaluation: Evaluation, result: EvaluationResult): LevelTable[] {
  return evaluation.indicators.map((top) => {
    const level1 = rowOf(top, result.nodes.get(top.id));
    const rows: LevelRow[] = [];
    const stack: { node: Indicator; depth: number; ordinal: string }[] = [];
    const push = (kids: readonly Indicator[], depth: number) => {
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, depth, ordinal: depth === 2 ? `${chineseOrdinal(i + 1)}、` : '' });
    };
    if (top.children.length) push(top.children, 2);
    while (stack.length) {
      const { node, depth, ordinal } = stack.pop()!;
      const r = result.nodes.get(node.id);
      if (!r) continue;
      const isLeaf = node.children.length === 0 || depth >= MAX_LEVEL;
      rows.push({ ...rowOf(node, r), depth, isLeaf, ordinal });
      if (!isLeaf) push(node.children, depth + 1);
    }
    const seconds = top.children.map(nameOf);
    const has = seconds.length ? `本指标包含${seconds.join('、')} ${seconds.length} 个二级指标，` : '本指标没有下级指标，';
    const scored = level1.scoreText ? `评价得分 ${level1.scoreText} 分，得分率 ${level1.rateText || '—'}` : '尚未评分';
    const sentence = `${has}指标分值 ${level1.weightText || '—'} 分，${scored}。`;
    return { level1, rows, sentence };
  });
}

// 000 counts the 产出 and 效益 leaves (its 14): the output/effect indicators whose targets the
// report lists; 决策 and 过程 are about how the project was run and carry no 指标值.
const OUTCOME_GROUP = /产出|效益|效果|满意/;

/**
 * The 一级 whose leaves 绩效指标完成情况 counts by default: those named as outputs or effects
 * (产出 / 效益 / 产出指标 / 效益指标 / 满意度 …); failing any, those with a leaf that has a
 * 指标值; failing that, all.
 */
export function defaultCompletionGroups(evaluation: Evaluation): Id[] {
  const named = evaluation.indicators.filter((n) => OUTCOME_GROUP.test(n.name));
  if (named.length) return named.map((n) => n.id);
  const hasTarget = (n: Indicator): boolean => (n.children.length === 0 ? Boolean(n.target?.trim()) : n.children.some(hasTarget));
  const targeted = evaluation.indicators.filter(hasTarget);
  return (targeted.length ? targeted : evaluation.indicators).map((n) => n.id);
}

/** The sentence reports write under 绩效目标实现情况; zero parts are left out. */
export function completionSentence(c: CompletionCounts): string {
  if (c.total === 0) return '所选一级指标下没有具体绩效指标。';
  const parts = [`${c.total} 项具体绩效指标有 ${c.已完成} 项实现预期目标`];
  if (c.部分完成) parts.push(`${c.部分完成} 项指标部分实现预期目标`);
  if (c.未完成) parts.push(`${c.未完成} 项指标未实现预期目标`);
  if (c.未判定) parts.push(`${c.未判定} 项指标尚未判定完成情况`);
  return `${parts.join('，')}。`;
}

/** 表3 绩效指标完成情况表, over the leaves of the chosen 一级 (default: {@link defaultCompletionGroups}). */
export function completionTable(evaluation: Evaluation, result: EvaluationResult, groupIds?: readonly Id[]): CompletionTable {
  const chosen = new Set(groupIds ?? defaultCompletionGroups(evaluation));
  const roots = evaluation.indicators.filter((n) => chosen.has(n.id));
  const counts: CompletionCounts = { total: 0, 已完成: 0, 部分完成: 0, 未完成: 0, 未判定: 0 };
  const rows = leavesOf(roots, result).map(({ leaf, path, result: r }): CompletionRow => {
    const target = leaf.target?.trim() ?? '';
    const status = r.status;
    counts.total += 1;
    if (status) counts[status] += 1;
    else counts.未判定 += 1;
    return {
      id: leaf.id, level1: path.length > 1 ? nameOf(path[0]!) : '', level2: path.slice(1, -1).map(nameOf).join(' / '), level3: nameOf(leaf),
      target, actual: leaf.actual?.trim() ?? '', status, statusText: status ?? (target ? '待判定' : '未设定'),
    };
  });
  return {
    groups: evaluation.indicators.map((n) => ({ id: n.id, name: nameOf(n), counted: chosen.has(n.id) })),
    rows, counts, sentence: completionSentence(counts),
  };
}

/** 扣分汇总: every scored leaf below full marks (and the funds block), with its points lost. */
export function deductionSummary(evaluation: Evaluation, result: EvaluationResult): DeductionSummary {
  const decimals = evaluation.settings.decimals;
  const text = (d: Decimal) => formatScore(toNumber(d), decimals);
  const lostOf = (weight: number | null, score: number | null): Decimal | null => {
    const w = dec(weight);
    const s = dec(score);
    return w === null || s === null || !s.lessThan(w) ? null : w.minus(s);
  };
  const perLevel = new Map<Id, Decimal>();
  const entries: { row: DeductionRow; lost: Decimal }[] = [];
  let pendingLeaves = 0;
  for (const { leaf, path, result: r } of leavesOf(evaluation.indicators, result)) {
    if (r.score === null) {
      pendingLeaves += 1;
      continue;
    }
    const lost = lostOf(r.weight, r.score);
    if (!lost) continue;
    const top = path[0]!;
    perLevel.set(top.id, (perLevel.get(top.id) ?? ZERO).plus(lost));
    const reason = leaf.reason?.trim() ?? '';
    entries.push({
      lost,
      row: {
        id: leaf.id, level1: path.length > 1 ? nameOf(top) : '', group: path.slice(1, -1).map(nameOf).join(' / '), name: nameOf(leaf),
        weightText: formatScore(r.weight, decimals), scoreText: r.scoreText, lost: toNumber(lost), lostText: text(lost),
        reason: reason || '未填写扣分原因', reasonMissing: !reason,
      },
    });
  }
  const byLevel: DeductionSummary['byLevel'] = evaluation.indicators.map((n) => {
    const lost = perLevel.get(n.id) ?? ZERO;
    return { id: n.id, name: nameOf(n), lost: toNumber(lost), lostText: text(lost) };
  });
  const f = result.funds;
  const fundsLost = f ? lostOf(f.weight, f.score) : null;
  if (f && fundsLost) {
    entries.push({
      lost: fundsLost,
      row: { id: null, level1: '', group: '', name: '项目资金（预算执行率）', weightText: formatScore(f.weight, decimals), scoreText: f.scoreText, lost: toNumber(fundsLost), lostText: text(fundsLost), reason: `预算执行率 ${f.rateText || '—'}`, reasonMissing: false },
    });
    byLevel.push({ id: null, name: '项目资金', lost: toNumber(fundsLost), lostText: text(fundsLost) });
  }
  // Array.prototype.sort is stable, so equal losses keep tree order.
  entries.sort((a, b) => b.lost.comparedTo(a.lost));
  const total = entries.reduce((s, e) => s.plus(e.lost), ZERO);
  return { rows: entries.map((e) => e.row), byLevel, total: toNumber(total), totalText: text(total), pendingLeaves };
}

/** One leaf of the 评分表 as print and the Word annex show it. */
export interface ScoringRow {
  id: Id;
  /** One cell per level column; a leaf shallower than the deepest sits in its own level's column. */
  levels: string[];
  weightText: string;
  explanation: string;
  criteria: string;
  target: string;
  actual: string;
  scoreText: string;
  rateText: string;
  statusText: string;
  reason: string;
  /** The department's 自评分 and 得分 − 自评分, when the evaluation keeps a 自评 set ('' otherwise). */
  selfText: string;
  differenceText: string;
}

/** A group cell spanning rows `first`…`last` of level column `column`. */
export interface ScoringGroup {
  node: Indicator; column: number; first: number; last: number; weightText: string; scoreText: string;
  /** "决策（15分）", as the 评分表 prints a group cell. */
  label: string;
}

export type ScoringTextColumn = 'explanation' | 'criteria' | 'target' | 'actual' | 'reason';

export interface ScoringTable {
  /** The tree's depth (the deepest leaf's level; 0 without leaves). */
  depth: number;
  /** Level columns: the tree's depth, at most `maxLevels` (the last one then names the deeper levels too). */
  levelColumns: number;
  rows: ScoringRow[];
  groups: ScoringGroup[];
  /** The text columns with something in them: an empty column only takes width from the others. */
  usedColumns: ScoringTextColumn[];
  /** The evaluation keeps a 自评 set: print and the Word annex add 自评分 and 差异 beside 得分. */
  hasSelfScores: boolean;
}

/**
 * The 评分表 as rows: the leaves in tree order, their ancestors as merged group cells. Trees
 * deeper than `maxLevels` keep their first levels as columns and name the rest in the last one
 * ("a / b / c"), so a 64-level paste still fits a page.
 */
export function scoringTable(evaluation: Evaluation, result: EvaluationResult, maxLevels = 3): ScoringTable {
  const leaves = leavesOf(evaluation.indicators, result);
  const depth = leaves.reduce((m, l) => Math.max(m, l.path.length), 0);
  const levelColumns = Math.max(1, Math.min(depth, maxLevels));
  const used = new Set<ScoringTextColumn>();
  const self = new Map((evaluation.selfScores?.entries ?? []).map((e) => [e.id, e.score]));
  const groups: ScoringGroup[] = [];
  const open: (ScoringGroup | undefined)[] = [];
  const rows = leaves.map(({ leaf, path, result: r }, index): ScoringRow => {
    const levels = new Array<string>(levelColumns).fill('');
    const own = Math.min(path.length, levelColumns) - 1;
    levels[own] = path.slice(own).map(nameOf).join(' / ');
    for (let col = 0; col < own; col++) {
      const node = path[col]!;
      const current = open[col];
      if (current && current.node === node) current.last = index;
      else {
        const nr = result.nodes.get(node.id);
        const weightText = nr?.weightText ? formatScore(nr.weight) : '';
        const g: ScoringGroup = { node, column: col, first: index, last: index, weightText, scoreText: nr?.scoreText ?? '', label: `${nameOf(node)}${weightText ? `（${weightText}分）` : ''}` };
        groups.push(g);
        open[col] = g;
        open.length = col + 1;
      }
      levels[col] = nameOf(node);
    }
    if (own < open.length) open.length = own;
    const cell = (key: ScoringTextColumn): string => {
      const value = leaf[key]?.trim() ?? '';
      if (value) used.add(key);
      return value;
    };
    return {
      id: leaf.id, levels, weightText: r.weightText ? formatScore(r.weight) : '',
      explanation: cell('explanation'), criteria: cell('criteria'), target: cell('target'), actual: cell('actual'), reason: cell('reason'),
      scoreText: r.scoreText, rateText: r.rateText, statusText: r.status ?? '',
      ...selfTexts(self.get(leaf.id), r.score),
    };
  });
  const order: ScoringTextColumn[] = ['explanation', 'criteria', 'target', 'actual', 'reason'];
  return { depth, levelColumns, rows, groups, usedColumns: order.filter((k) => used.has(k)), hasSelfScores: Boolean(evaluation.selfScores) };
}

/** 自评分 as the reports print scores (trimmed), and 得分 − 自评分 with its sign. */
function selfTexts(self: number | null | undefined, score: number | null): { selfText: string; differenceText: string } {
  if (self === null || self === undefined) return { selfText: '', differenceText: '' };
  if (score === null) return { selfText: formatScore(self), differenceText: '' };
  const d = Number((score - self).toFixed(6));
  return { selfText: formatScore(self), differenceText: `${d > 0 ? '+' : ''}${formatScore(d === 0 ? 0 : d)}` };
}
