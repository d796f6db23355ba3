/**
 * The print view's table: the 评分表 rows of the domain with, per row, the group cells that start
 * there (with their row span) and the level cells of its own; the columns that have something in
 * them, with their share of the page width.
 */
import type { ScoringTable, ScoringTextColumn } from '../domain/index.ts';

export interface PrintCell { text: string; rowspan: number; group: boolean; align: 'left' | 'center' }

export interface PrintColumn { key: string; header: string; share: number; align: 'left' | 'center' }

export interface PrintLayout {
  columns: PrintColumn[];
  /** One entry per leaf: its cells in column order (group cells only where they start). */
  rows: { id: string; cells: PrintCell[] }[];
}

const LEVEL_NAMES = ['一级指标', '二级指标', '三级指标'];
const TEXT_COLUMNS: Record<ScoringTextColumn, [string, number]> = {
  explanation: ['指标解释', 2.4], criteria: ['评分标准', 3.2], target: ['指标值', 1.1], actual: ['实际完成值', 1.1], reason: ['扣分原因', 3],
};

export function printLayout(table: ScoringTable): PrintLayout {
  const text = table.usedColumns.filter((k) => k !== 'reason');
  const hasStatus = table.rows.some((r) => r.statusText);
  const hasReason = table.usedColumns.includes('reason');
  const columns: PrintColumn[] = [
    ...Array.from({ length: table.levelColumns }, (_, i): PrintColumn => ({
      key: `level${i + 1}`,
      header: i === table.levelColumns - 1 && table.depth > table.levelColumns ? `${LEVEL_NAMES[i]}及以下` : LEVEL_NAMES[i]!,
      share: i === table.levelColumns - 1 ? 1.6 : 1.1, align: 'left',
    })),
    { key: 'weight', header: '分值', share: 0.55, align: 'center' },
    ...text.map((k): PrintColumn => ({ key: k, header: TEXT_COLUMNS[k][0], share: TEXT_COLUMNS[k][1], align: k === 'target' || k === 'actual' ? 'center' : 'left' })),
    ...(table.hasSelfScores ? [{ key: 'self', header: '自评分', share: 0.6, align: 'center' } as PrintColumn] : []),
    { key: 'score', header: table.hasSelfScores ? '评价得分' : '得分', share: 0.6, align: 'center' },
    ...(table.hasSelfScores ? [{ key: 'difference', header: '差异', share: 0.6, align: 'center' } as PrintColumn] : []),
    { key: 'rate', header: '得分率', share: 0.75, align: 'center' },
    ...(hasStatus ? [{ key: 'status', header: '完成情况', share: 0.9, align: 'center' } as PrintColumn] : []),
    ...(hasReason ? [{ key: 'reason', header: '扣分原因', share: TEXT_COLUMNS.reason[1], align: 'left' } as PrintColumn] : []),
  ];
  // How many level columns of each row a group covers, and which groups start on it.
  const covered = new Array<number>(table.rows.length).fill(0);
  const starts = new Map<number, PrintCell[]>();
  for (const g of table.groups) {
    for (let r = g.first; r <= g.last; r++) covered[r]! += 1;
    const list = starts.get(g.first) ?? [];
    list[g.column] = { text: `${g.label}${g.scoreText ? `\n得分 ${g.scoreText}` : ''}`, rowspan: g.last - g.first + 1, group: true, align: 'center' };
    starts.set(g.first, list);
  }
  const rows = table.rows.map((row, index) => {
    const cells: PrintCell[] = (starts.get(index) ?? []).filter(Boolean);
    for (let col = covered[index]!; col < table.levelColumns; col++) cells.push({ text: row.levels[col] ?? '', rowspan: 1, group: false, align: 'left' });
    const scores = table.hasSelfScores ? [row.selfText, row.scoreText, row.differenceText] : [row.scoreText];
    const values = [row.weightText, ...text.map((k) => row[k]), ...scores, row.rateText, ...(hasStatus ? [row.statusText] : []), ...(hasReason ? [row.reason] : [])];
    values.forEach((t, i) => cells.push({ text: t, rowspan: 1, group: false, align: columns[table.levelColumns + i]!.align }));
    return { id: row.id, cells };
  });
  return { columns, rows };
}
