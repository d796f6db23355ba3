/**
 * The text each cell shows, from the evaluation (what was typed) and the result (what the
 * engine computed). Pure: the renderers and the data patcher both read from here.
 */
import type { EvaluationResult, Id, Indicator, NodeResult } from '../domain/index.ts';
import type { ColumnKey } from './types.ts';
import { DEEP_PATH_SEPARATOR, type GridRow } from './row-map.ts';

export type RowData = Record<ColumnKey, string>;

export function emptyRow(): RowData {
  return {
    level1: '',
    level2: '',
    level3: '',
    code: '',
    weight: '',
    explanation: '',
    guidance: '',
    criteria: '',
    target: '',
    actual: '',
    score: '',
    rate: '',
    status: '',
    reason: '',
    selfScore: '',
    difference: '',
  };
}

/** The 自评 set as the grid reads it: leaf id → the department's score. */
export type SelfScoreMap = ReadonlyMap<Id, number | null>;
export const NO_SELF_SCORES: SelfScoreMap = new Map();

/** 得分 − 自评分 with the evaluation's decimals and a sign ("-6.00", "+0.50", "0.00"). */
export function differenceText(score: number | null | undefined, self: number | null | undefined, decimals: number): string {
  if (score === null || score === undefined || self === null || self === undefined) return '';
  const d = Number((score - self).toFixed(decimals));
  return `${d > 0 ? '+' : ''}${(d === 0 ? 0 : d).toFixed(decimals)}`;
}

function weightText(node: Indicator, result: NodeResult | undefined): string {
  if (result && result.weight !== null) return result.weightText;
  return node.weight === null ? '' : String(node.weight);
}

/** "决策 (15分)": the name and the (effective) weight, as the reports print a group. */
export function groupLabel(node: Indicator, result: NodeResult | undefined): string {
  const weight = weightText(node, result);
  return weight === '' ? node.name : `${node.name} (${weight}分)`;
}

/**
 * A score as the workbench shows it everywhere: with the evaluation's decimals, as the totals
 * bar prints the total ("1.20", "13.00"), so one figure never reads "1.2" in one place and
 * "1.20" in another. The score is already rounded to those decimals by the engine.
 */
export function fixedScore(score: number | null | undefined, decimals: number): string {
  return score === null || score === undefined || !Number.isFinite(score) ? '' : score.toFixed(decimals);
}

/** The second line of a group cell: its subtotal, "得分 13.00 · 86.67%". */
export function subtotalLine(result: NodeResult | undefined, decimals = 2): string {
  if (!result || result.score === null) return '得分 —';
  const score = fixedScore(result.score, decimals);
  return result.rate === null ? `得分 ${score}` : `得分 ${score} · ${result.rateText}`;
}

export function scoreDisplay(result: NodeResult | undefined, decimals = 2): string {
  return result && result.score !== null ? fixedScore(result.score, decimals) : '';
}

/** Fills `out` with the texts of one row; returns true when any text changed. */
export function fillRow(
  out: RowData,
  row: GridRow,
  nodes: readonly Indicator[],
  result: EvaluationResult,
  decimals = 2,
  self: SelfScoreMap = NO_SELF_SCORES,
  onChange?: (key: ColumnKey) => void,
): boolean {
  let changed = false;
  const set = (key: ColumnKey, text: string): void => {
    if (out[key] !== text) {
      onChange?.(key);
      out[key] = text;
      changed = true;
    }
  };
  const pathNodes = row.pathIndex.map((index) => nodes[index] as Indicator);
  const leaf = pathNodes[pathNodes.length - 1] as Indicator;
  const leafResult = result.nodes.get(leaf.id);
  const nameCell = (level: number): string => {
    if (level > row.depth) return '';
    const node = pathNodes[level - 1] as Indicator;
    if (level === row.depth) return node.name;
    if (level === 3) {
      return pathNodes
        .slice(2)
        .map((n) => n.name)
        .join(DEEP_PATH_SEPARATOR);
    }
    return groupLabel(node, result.nodes.get(node.id));
  };
  set('level1', nameCell(1));
  set('level2', nameCell(2));
  set('level3', nameCell(3));
  set('code', leaf.code ?? '');
  set('weight', weightText(leaf, leafResult));
  set('explanation', leaf.explanation ?? '');
  set('guidance', leaf.guidance ?? '');
  set('criteria', leaf.criteria ?? '');
  set('target', leaf.target ?? '');
  set('actual', leaf.actual ?? '');
  set('score', scoreDisplay(leafResult, decimals));
  set('rate', leafResult && leafResult.rate !== null ? leafResult.rateText : '');
  set('status', leafResult?.status ?? '');
  set('reason', leaf.reason ?? '');
  const selfScore = self.get(leaf.id);
  set('selfScore', fixedScore(selfScore, decimals));
  set('difference', differenceText(leafResult?.score, selfScore, decimals));
  return changed;
}
