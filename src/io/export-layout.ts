/**
 * The 评分表 as rows, shared by the .xlsx and .csv exports: the leaves in tree order with the
 * names of their ancestors, and where each parent's group starts and ends.
 */
import { formatScore, type Evaluation, type Indicator, type NodeResult } from '../domain/index.ts';

export interface LeafRow {
  leaf: Indicator;
  /** The indicators from 一级 down to the leaf itself. */
  path: Indicator[];
}

export interface GroupSpan {
  node: Indicator;
  depth: number;
  /** Indexes into the leaf rows, inclusive. */
  first: number;
  last: number;
}

export interface SheetLayout {
  /** Deepest level (at least 1): the number of level columns. */
  depth: number;
  rows: LeafRow[];
  groups: GroupSpan[];
}

export const LEVEL_HEADERS = ['一级指标', '二级指标', '三级指标', '四级指标', '五级指标', '六级指标', '七级指标', '八级指标'];
export const levelHeader = (depth: number): string => LEVEL_HEADERS[depth - 1] ?? `${depth}级指标`;

/**
 * "决策 (15分)": how the reports (and the grid) print a group with its weight, and what import
 * reads back. With the engine's result, a group without a stated weight shows its effective one
 * (the sum of its children), as the grid does.
 */
export function nameWithWeight(node: Indicator, result?: NodeResult): string {
  const weight = result && result.weight !== null ? result.weightText : typeof node.weight === 'number' && Number.isFinite(node.weight) ? formatScore(node.weight) : '';
  return weight === '' ? node.name : `${node.name} (${weight}分)`;
}

export function layoutOf(evaluation: Evaluation): SheetLayout {
  const rows: LeafRow[] = [];
  const groups: GroupSpan[] = [];
  let depth = 1;
  const walk = (node: Indicator, path: Indicator[]) => {
    const here = [...path, node];
    depth = Math.max(depth, here.length);
    if (node.children.length === 0) {
      rows.push({ leaf: node, path: here });
      return;
    }
    const first = rows.length;
    node.children.forEach((c) => walk(c, here));
    if (rows.length > first) groups.push({ node, depth: here.length, first, last: rows.length - 1 });
  };
  evaluation.indicators.forEach((n) => walk(n, []));
  return { depth, rows, groups };
}
