/**
 * What to tell the user after another tab's edits were merged with theirs: that both sides'
 * edits were kept, and, where both changed the same field, which of theirs was not applied
 * (the merge keeps the other tab's value, which is already saved and may have been seen).
 */
import type { Evaluation, MergeResult } from '../domain/index.ts';
import { findIndicator } from '../domain/index.ts';
import { COLUMN_LABELS, type ColumnKey } from '../grid/types.ts';

export interface MergeNotice {
  kind: 'info' | 'warning';
  text: string;
}

const EVALUATION_FIELDS: Record<string, string> = {
  'meta.projectName': '项目名称',
  'meta.department': '主管部门',
  'meta.implementer': '实施单位',
  'meta.year': '评价年度',
  'meta.type': '评价类型',
  'meta.evaluator': '评价机构',
  'meta.notes': '备注',
  'funds.initialBudget': '年初预算数',
  'funds.annualBudget': '全年预算数',
  'funds.executed': '全年执行数',
  'funds.weight': '项目资金分值',
  'settings.rounding': '舍入方式',
  'settings.gradeScale': '等级标准',
  adjustments: '总分调整',
  statedTotal: '表中总分',
};

const INDICATOR_FIELDS: Record<string, string> = {
  name: '名称',
  enteredScore: '得分',
  pinned: '固定得分',
  statusOverride: '完成情况',
  rule: '计分规则',
  removed: '删除（对方删除了，但这里修改过，已保留）',
  position: '位置',
};

function fieldLabel(field: string): string {
  return INDICATOR_FIELDS[field] ?? (COLUMN_LABELS as Record<string, string>)[field as ColumnKey] ?? field;
}

export function describeMerge(result: MergeResult, merged: Evaluation): MergeNotice {
  if (result.conflicts.length === 0) {
    return { kind: 'info', text: '另一个窗口也修改了这份评价：双方的修改已合并，均已保留。' };
  }
  const parts = result.conflicts.map((c) => {
    if (c.nodeId === null) return EVALUATION_FIELDS[c.field] ?? c.field;
    const name = findIndicator(merged, c.nodeId)?.name || '（已删除的指标）';
    return `「${name}」的${fieldLabel(c.field)}`;
  });
  const shown = parts.slice(0, 5).join('、');
  const more = parts.length > 5 ? ` 等 ${parts.length} 处` : '';
  return {
    kind: 'warning',
    text: `另一个窗口也修改了这份评价，已合并；双方都改过的${shown}${more}采用了另一个窗口已保存的内容，本窗口的修改未生效。可点“撤销”找回合并前的内容。`,
  };
}
