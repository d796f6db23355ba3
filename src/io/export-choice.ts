/**
 * Which .xlsx layout an evaluation is exported in: the one its reader expects (DOMAIN.md §8),
 * from where it came from, and the user may choose another in the export menu. Kept apart from
 * the writers so the menu can name the layouts without loading them.
 */
import type { Evaluation, SourceLayout } from '../domain/index.ts';

export type ExportLayout = SourceLayout;

export const LAYOUT_LABELS: Readonly<Record<ExportLayout, string>> = {
  scoring: '评分表（第三方评价）',
  selfeval2022: '2022 项目支出绩效自评表',
  shanghai: '上海项目绩效自评表',
};

export const LAYOUTS: readonly ExportLayout[] = ['scoring', 'selfeval2022', 'shanghai'];

/**
 * The layout the evaluation's reader expects: where it was imported from, else a 自评 with a
 * scored funds block is the 2022 自评表, another 自评 the Shanghai table, anything else the 评分表.
 */
export function defaultLayout(evaluation: Evaluation): ExportLayout {
  const recorded = evaluation.meta.layout;
  if (typeof recorded === 'string' && LAYOUTS.includes(recorded)) return recorded;
  if (evaluation.meta.type === '自评') return evaluation.funds && (evaluation.funds.weight ?? 0) > 0 ? 'selfeval2022' : 'shanghai';
  return 'scoring';
}
