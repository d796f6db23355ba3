/**
 * The grid's row filters: which leaves stay visible. Computed from the engine's result, so a
 * leaf leaves the filter as soon as it is fixed (its finding gone, its score full).
 */
import type { EvaluationResult, Id } from '../domain/index.ts';

export type RowFilter = 'all' | 'findings' | 'incomplete' | 'pending' | 'below-full';

export const ROW_FILTER_LABELS: Record<RowFilter, string> = {
  all: '全部指标',
  findings: '有问题的指标',
  incomplete: '未完成 / 部分完成',
  pending: '待评分',
  'below-full': '未得满分',
};

export const ROW_FILTERS = Object.keys(ROW_FILTER_LABELS) as RowFilter[];

/** The leaves the filter keeps; null for 'all' (every row shown). */
export function filteredLeaves(filter: RowFilter, result: EvaluationResult): Set<Id> | null {
  if (filter === 'all') return null;
  const keep = new Set<Id>();
  for (const [id, node] of result.nodes) {
    if (!node.isLeaf) continue;
    const passes =
      filter === 'findings'
        ? node.findings.some((f) => f.severity !== 'info')
        : filter === 'incomplete'
          ? node.status === '未完成' || node.status === '部分完成'
          : filter === 'pending'
            ? node.score === null
            : node.weight !== null && node.score !== null && node.score < node.weight;
    if (passes) keep.add(id);
  }
  return keep;
}
