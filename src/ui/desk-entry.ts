/**
 * A review-desk row as the desk shows, sorts, filters and exports it: the table's figures from
 * the engine (or the message why it could not be read), and which other rows are the same
 * project (same 项目名称 and 年度).
 */
import { evaluate, visibleText, type Evaluation } from '../domain/index.ts';
import type { DeskExportRow } from '../io/export-desk.ts';
import type { DeskRow } from '../storage/index.ts';
import { bySeverity, severityCounts } from './finding-order.ts';

export interface DeskEntry extends DeskExportRow {
  id: string;
  addedAt: number;
  evaluation: Evaluation | null;
  totalText: string;
}

export type DeskColumn = 'fileName' | 'sheet' | 'project' | 'statedTotal' | 'total' | 'grade' | 'errors' | 'warnings' | 'worst';

export const DESK_COLUMNS: readonly { key: DeskColumn; label: string; numeric: boolean }[] = [
  { key: 'fileName', label: '文件', numeric: false },
  { key: 'sheet', label: '工作表', numeric: false },
  { key: 'project', label: '项目', numeric: false },
  { key: 'statedTotal', label: '表中总分', numeric: true },
  { key: 'total', label: '计算总分', numeric: true },
  { key: 'grade', label: '等级', numeric: false },
  { key: 'errors', label: '错误', numeric: true },
  { key: 'warnings', label: '警告', numeric: true },
  { key: 'worst', label: '最主要的问题', numeric: false },
];

export function deskEntry(row: DeskRow): DeskEntry {
  const base = { id: row.id, addedAt: row.addedAt, fileName: row.fileName, sheet: row.sheet, duplicate: '' };
  const unread = (message: string): DeskEntry => ({
    ...base, evaluation: null, project: '', year: '', statedTotal: null, total: null, totalText: '', grade: '',
    errors: 0, warnings: 0, worst: message, message, findings: [],
  });
  if (!row.evaluation) return unread(row.message || '无法读取。');
  const evaluation = row.evaluation;
  try {
    const result = evaluate(evaluation);
    const counts = severityCounts(result.findings);
    const worst = bySeverity(result.findings)[0];
    return {
      ...base, evaluation,
      project: visibleText(evaluation.meta.projectName).trim(),
      year: visibleText(evaluation.meta.year).trim(),
      statedTotal: typeof evaluation.statedTotal === 'number' ? evaluation.statedTotal : null,
      total: result.total, totalText: result.totalText, grade: result.grade,
      errors: counts.error, warnings: counts.warning,
      worst: worst && worst.severity !== 'info' ? worst.message : '',
      message: '',
      findings: result.findings.map((f) => ({ severity: f.severity, message: f.message })),
    };
  } catch (err) {
    return unread(`计算这张表时出错：${err instanceof Error ? err.message : String(err)}`);
  }
}

const place = (e: DeskEntry): string => (e.sheet ? `${e.fileName}（${e.sheet}）` : e.fileName);

/** Marks rows of the same project (项目名称 and 年度, both non-empty names): "与 X 为同一项目". */
export function markDuplicates(entries: readonly DeskEntry[]): DeskEntry[] {
  const groups = new Map<string, DeskEntry[]>();
  for (const e of entries) {
    if (!e.evaluation || !e.project) continue;
    const key = `${e.project.replace(/\s+/g, '')}\u0000${e.year.replace(/\s+/g, '')}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return entries.map((e) => {
    if (!e.evaluation || !e.project) return e.duplicate ? { ...e, duplicate: '' } : e;
    const key = `${e.project.replace(/\s+/g, '')}\u0000${e.year.replace(/\s+/g, '')}`;
    const others = (groups.get(key) ?? []).filter((o) => o !== e);
    const duplicate = others.length > 0 ? `与 ${others.slice(0, 3).map(place).join('、')}${others.length > 3 ? ` 等 ${others.length} 张表` : ''} 为同一项目` : '';
    return duplicate === e.duplicate ? e : { ...e, duplicate };
  });
}

export type SortDirection = 'asc' | 'desc';

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Sorted by a column; empty figures and unread rows last whichever the direction. */
export function sortEntries(entries: readonly DeskEntry[], key: DeskColumn, direction: SortDirection): DeskEntry[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...entries].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    const xEmpty = x === null || x === '' || (a.message !== '' && typeof x === 'number');
    const yEmpty = y === null || y === '' || (b.message !== '' && typeof y === 'number');
    if (xEmpty || yEmpty) return xEmpty === yEmpty ? a.addedAt - b.addedAt : xEmpty ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return c === 0 ? a.addedAt - b.addedAt : sign * c;
  });
}

/** The text filter (any column's words) and 只看有错误的 (errors, or a table that could not be read). */
export function filterEntries(entries: readonly DeskEntry[], text: string, errorsOnly: boolean): DeskEntry[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => {
    if (errorsOnly && e.errors === 0 && !e.message) return false;
    if (words.length === 0) return true;
    const hay = [e.fileName, e.sheet, e.project, e.year, e.grade, e.worst, e.duplicate, e.message, e.totalText, e.statedTotal ?? ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
