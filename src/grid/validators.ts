/**
 * What a typed or pasted cell text means, checked before anything reaches the model. A
 * text that does not parse is rejected with a message in Chinese; the model is untouched.
 */
import type { CompletionStatus } from '../domain/index.ts';
import { STATUS_AUTO } from './columns.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Full-width digits and punctuation, as typed with a Chinese IME. */
function toHalfWidth(text: string): string {
  return text.replace(/[０-９．－＋，]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A number cell (分值, 得分): "3", "1.19", "３", "2,000", "3分"; empty → null.
 * `label` names the column in the message.
 */
export function parseNumberCell(raw: unknown, label: string): Parsed<number | null> {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, message: `${label}必须是数字` };
  }
  const text = toHalfWidth(String(raw)).trim().replace(/,/g, '').replace(/\s*分$/, '').trim();
  if (text === '') return { ok: true, value: null };
  if (!NUMBER.test(text)) return { ok: false, message: `${label}必须是数字，“${String(raw).trim()}”不是数字` };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: `${label}必须是数字，“${String(raw).trim()}”不是数字` };
  return { ok: true, value };
}

/**
 * A group cell as the reports write it: "决策 (15分)", "过程（20）", "项目立项(6分)": the
 * name and, when present, the weight. Without a weight only the name is meant.
 */
export function parseGroupLabel(raw: unknown): { name: string; weight: number | null } {
  const text = String(raw ?? '').trim();
  const match = /^(.*?)\s*[(（]\s*([0-9０-９.．]+)\s*分?\s*[)）]\s*$/.exec(text);
  if (match && match[1] !== undefined && match[2] !== undefined && match[1].trim() !== '') {
    const weight = Number(toHalfWidth(match[2]));
    if (Number.isFinite(weight)) return { name: match[1].trim(), weight };
  }
  return { name: text, weight: null };
}

const STATUS_ALIASES: Record<string, CompletionStatus | null> = {
  已完成: '已完成',
  全部完成: '已完成',
  完成: '已完成',
  部分完成: '部分完成',
  未完成: '未完成',
  [STATUS_AUTO]: null,
  '': null,
};

/** 完成情况: one of the three statuses (an override), or 自动/empty (no override). */
export function parseStatusCell(raw: unknown): Parsed<CompletionStatus | null> {
  const text = String(raw ?? '').trim();
  if (Object.prototype.hasOwnProperty.call(STATUS_ALIASES, text)) {
    return { ok: true, value: STATUS_ALIASES[text] ?? null };
  }
  return { ok: false, message: `完成情况只能是：已完成、部分完成、未完成或自动，“${text}”无法识别` };
}
