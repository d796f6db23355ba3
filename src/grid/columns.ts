/**
 * The columns of the 评分表 as the grid lays them out. Order follows ColumnKey in types.ts,
 * which follows 000 附件3 (一级 | 二级 | 三级 | 分值 | 指标解释 | 指标说明 | 评分标准 | 得分 …).
 */
import type { ColumnKey } from './types.ts';
import { COLUMN_LABELS } from './types.ts';

export const COLUMN_ORDER: readonly ColumnKey[] = [
  'level1',
  'level2',
  'level3',
  'code',
  'weight',
  'explanation',
  'guidance',
  'criteria',
  'target',
  'actual',
  // 自评分 | 得分 | 差异 side by side; hidden (and so skipped by a paste, as Handsontable skips
  // hidden columns) unless the evaluation has a 自评 set.
  'selfScore',
  'score',
  'difference',
  'rate',
  'status',
  'reason',
];

/** 编号 and 指标说明 are rarely filled in the reports; they stay out of the way until asked for. */
export const DEFAULT_HIDDEN_COLUMNS: readonly ColumnKey[] = ['code', 'guidance'];

/** The three name columns stay in view while the long text columns scroll. */
export const FROZEN_COLUMN_COUNT = 3;

/** Widths in px sized for typical content: short names, long criteria text. */
export const DEFAULT_COLUMN_WIDTHS: Record<ColumnKey, number> = {
  level1: 120,
  level2: 120,
  level3: 160,
  code: 60,
  weight: 56,
  explanation: 200,
  guidance: 220,
  criteria: 240,
  target: 90,
  actual: 90,
  score: 70,
  rate: 72,
  status: 84,
  reason: 200,
  selfScore: 64,
  difference: 64,
};

/**
 * Widths in compact density: one line per cell, so the long texts need less room and 得分
 * fits beside them on a 1024 px window with the side panel folded (the full text is in the
 * tooltip and the side panel). A short value is never cut: 得分 holds the 固 badge and
 * "10.00", 完成情况 holds 部分完成, 指标值 and 实际完成值 hold "≥106平方米" (at 60, 72 and 84 px
 * they showed "3.…", "部分…" and "≥106平…"); the long texts give up that room.
 */
export const COMPACT_COLUMN_WIDTHS: Record<ColumnKey, number> = {
  level1: 96,
  level2: 104,
  level3: 150,
  code: 50,
  weight: 48,
  explanation: 106,
  guidance: 130,
  criteria: 154,
  target: 96,
  actual: 96,
  score: 76,
  rate: 66,
  status: 78,
  reason: 130,
  selfScore: 58,
  difference: 58,
};

/** The name columns, outermost first: a node at depth d shows in NAME_COLUMNS[d - 1]. */
export const NAME_COLUMNS: readonly ColumnKey[] = ['level1', 'level2', 'level3'];

/** Choices of the 完成情况 dropdown; 自动 clears the override. */
export const STATUS_AUTO = '自动';
export const STATUS_CHOICES: readonly string[] = ['已完成', '部分完成', '未完成', STATUS_AUTO];

const INDEX: ReadonlyMap<ColumnKey, number> = new Map(COLUMN_ORDER.map((key, index) => [key, index]));

export function columnIndex(key: ColumnKey): number {
  const index = INDEX.get(key);
  if (index === undefined) throw new Error(`unknown column ${key}`);
  return index;
}

export function columnKeyAt(index: number): ColumnKey | undefined {
  return COLUMN_ORDER[index];
}

export function isColumnKey(value: unknown): value is ColumnKey {
  return typeof value === 'string' && INDEX.has(value as ColumnKey);
}

export function columnHeaders(): string[] {
  return COLUMN_ORDER.map((key) => COLUMN_LABELS[key]);
}
