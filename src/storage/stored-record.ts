/**
 * A record read back from IndexedDB, trusted only after restoreEvaluation. IndexedDB keeps
 * whatever was put in it (another version of the app, an extension, a half-written upgrade,
 * someone in DevTools), including structures JSON cannot express (cycles, Maps): one bad
 * record must be listed as unreadable and leave every other one usable, never throw.
 */
import { restoreEvaluation } from '../domain/index.ts';
import type { StoredEvaluation } from './types.ts';

/** A stored evaluation that cannot be opened, as the home list shows it. */
export interface UnreadableRecord {
  id: string;
  /** The project name if one can be read from the record, else ''. */
  projectName: string;
  /** Why, in Chinese (the first few problems). The record itself: EvaluationStore.rawRecord(id). */
  problems: string[];
}

export type RecordRead = { ok: true; stored: StoredEvaluation; warnings: string[] } | { ok: false; problems: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An evaluation row of the `evaluations` table (id, revision, updatedAt, evaluation). */
export function readRecord(row: unknown): RecordRead {
  if (!isObject(row)) return { ok: false, problems: ['记录不是对象'] };
  const problems: string[] = [];
  const revision = Object.hasOwn(row, 'revision') ? row.revision : undefined;
  if (typeof revision !== 'number' || !Number.isInteger(revision) || revision < 1) problems.push('记录的版本号无效');
  const evaluation = Object.hasOwn(row, 'evaluation') ? row.evaluation : undefined;
  // 'keep': a record written before texts were bounded opens whole; its next save asks to shorten.
  const restored = restoreEvaluation(evaluation, { overlongText: 'keep' });
  if (!restored.ok) problems.push(...restored.errors);
  else if (restored.evaluation.id !== row.id) problems.push('记录编号与评价编号不一致');
  if (problems.length > 0 || !restored.ok) return { ok: false, problems };
  return { ok: true, stored: { evaluation: restored.evaluation, revision: revision as number }, warnings: restored.warnings };
}

/** The project name a broken record still shows, for the user to recognise it. */
export function nameIn(...sources: unknown[]): string {
  for (const source of sources) {
    if (!isObject(source)) continue;
    const meta = isObject(source.evaluation) ? source.evaluation.meta : source.meta;
    const name = isObject(meta) ? meta.projectName : source.projectName;
    if (typeof name === 'string' && name.trim()) return name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200);
  }
  return '';
}

const MAX_DEPTH = 2_000;

/**
 * Any structured-clone value as JSON-able data: a cycle back to an ancestor and what lies
 * deeper than 2,000 levels become marker strings, Maps and Sets lists, BigInts and Dates text.
 * Nothing throws, so the raw record can always be downloaded.
 */
function toJsonable(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value !== 'object' || value === null) return typeof value === 'function' || typeof value === 'symbol' ? String(value) : value;
  if (ancestors.has(value)) return '[循环引用]';
  if (depth > MAX_DEPTH) return '[层级过深，已省略]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  ancestors.add(value);
  try {
    if (value instanceof Map) return [...value.entries()].map(([k, v]) => [toJsonable(k, ancestors, depth + 1), toJsonable(v, ancestors, depth + 1)]);
    if (value instanceof Set) return [...value].map((v) => toJsonable(v, ancestors, depth + 1));
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[二进制数据 ${value.byteLength} 字节]`;
    if (Array.isArray(value)) return value.map((v) => toJsonable(v, ancestors, depth + 1));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      // defineProperty, not assignment: a "__proto__" key stays an ordinary key.
      Object.defineProperty(out, key, { value: toJsonable((value as Record<string, unknown>)[key], ancestors, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

export function rawJson(value: unknown): string {
  try {
    return JSON.stringify(toJsonable(value, new Set(), 0), null, 1) ?? 'null';
  } catch {
    return '"[无法导出的数据]"';
  }
}
