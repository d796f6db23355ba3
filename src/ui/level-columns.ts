/**
 * Level columns the evaluation has no use for. A Shanghai self-evaluation has two levels
 * (一级指标 / 指标名称): an always-empty 三级 column would take width from the text columns
 * and make every row taller. Shown again as soon as an indicator reaches that level.
 */
import type { Evaluation, Indicator } from '../domain/index.ts';
import type { ColumnKey } from '../grid/types.ts';

function deepest(nodes: readonly Indicator[], depth: number, stopAt: number): number {
  let max = nodes.length ? depth : depth - 1;
  for (const node of nodes) {
    if (max >= stopAt) break;
    if (node.children.length) max = Math.max(max, deepest(node.children, depth + 1, stopAt));
  }
  return max;
}

export function unusedLevelColumns(evaluation: Evaluation): ColumnKey[] {
  // Stops at level 3: a deep tree costs a walk of its first branches only.
  const depth = deepest(evaluation.indicators, 1, 3);
  if (depth >= 3) return [];
  if (depth === 2) return ['level3'];
  // An empty evaluation keeps its columns: the user is about to type into them.
  return depth <= 0 ? [] : ['level2', 'level3'];
}
