/**
 * What to tell the user after another tab's edits were merged with theirs: that both sides'
 * edits were kept, or, for every field both changed, which value was taken and which of ours
 * lost (it is in the undo step: the document before the merge). A value that loses is never
 * left unnamed: each conflict is listed, with both values where they are short enough to say.
 */
import type { Evaluation, Indicator, MergeConflict, MergeResult } from '../domain/index.ts';
import { findIndicator, visibleText } from '../domain/index.ts';
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
  'meta.goalExpected': '预期目标',
  'meta.goalAchieved': '实际完成情况',
  'funds.unit': '资金单位',
  'funds.initialBudget': '年初预算数',
  'funds.annualBudget': '全年预算数',
  'funds.executed': '全年执行数',
  'funds.weight': '项目资金分值',
  'settings.rounding': '舍入方式',
  'settings.decimals': '小数位数',
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
  position: '位置',
};

/** Longer values are cut: the notice names the cell, the undo step has the whole text. */
const SHOWN_CHARS = 40;

function fieldLabel(field: string): string {
  return INDICATOR_FIELDS[field] ?? (COLUMN_LABELS as Record<string, string>)[field as ColumnKey] ?? field;
}

/** A value as the notice quotes it; null for values that are not short text (rules, lists). */
function quote(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return '（空）';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return null;
  const text = visibleText(value).replace(/\s+/g, ' ');
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
}

function valueAt(evaluation: Evaluation, field: string): unknown {
  let value: unknown = evaluation;
  for (const key of field.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function nameOf(node: Indicator | undefined): string {
  return quote(node?.name) ?? '（未命名指标）';
}

function took(label: string, theirs: unknown, mine: unknown): string {
  const t = quote(theirs);
  const m = quote(mine);
  if (t === null || m === null) return `${label}：采用了另一窗口的设置（本窗口的设置已放入撤销记录）`;
  return `${label}：采用了另一窗口的值 ${t}（本窗口的 ${m} 已放入撤销记录）`;
}

function describeConflict(c: MergeConflict, merged: Evaluation, mine: Evaluation | undefined): string {
  if (c.nodeId === null) {
    const label = EVALUATION_FIELDS[c.field] ?? c.field;
    return mine ? took(label, valueAt(merged, c.field), valueAt(mine, c.field)) : label;
  }
  const kept = findIndicator(merged, c.nodeId);
  const ours = mine ? findIndicator(mine, c.nodeId) : undefined;
  const name = `「${nameOf(kept ?? ours)}」`;
  if (c.field === 'removed') {
    if (!mine) return `${name}的删除（对方删除了，但这里修改过，已保留）`;
    return ours
      ? `${name}：另一窗口删除了它，但本窗口修改过，已保留`
      : `${name}：本窗口删除了它，但另一窗口修改过，已保留（如仍要删除，请再删一次）`;
  }
  if (c.field === 'position') return `${name}的位置：采用了另一窗口的位置`;
  const label = `${name}的${fieldLabel(c.field)}`;
  if (!mine) return label;
  return took(label, (kept as unknown as Record<string, unknown> | undefined)?.[c.field], (ours as unknown as Record<string, unknown> | undefined)?.[c.field]);
}

/**
 * `mine`: this tab's document before the merge (the undo step), whose values the notice
 * quotes as the ones that lost.
 */
export function describeMerge(result: MergeResult, merged: Evaluation, mine?: Evaluation): MergeNotice {
  if (result.conflicts.length === 0) {
    return { kind: 'info', text: '另一个窗口也修改了这份评价：双方的修改已合并，均已保留。' };
  }
  const parts = result.conflicts.map((c) => describeConflict(c, merged, mine));
  return {
    kind: 'warning',
    text: `另一个窗口也修改了这份评价，已合并；双方都改过的 ${parts.length} 处采用了另一个窗口已保存的内容：${parts.join('；')}。可点“撤销”找回合并前的内容。`,
  };
}
