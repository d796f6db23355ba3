/**
 * The evaluation, whole, inside the exported workbook: a hidden sheet of JSON chunks. The
 * visible 评分表 cannot show rules, pins, settings or ids; this is what makes re-importing an
 * export give back exactly what was exported.
 *
 * Anyone can edit a hidden sheet, so what it carries is untrusted: the evaluation goes through
 * restoreEvaluation (a crafted `decimals` or grade bound is refused there, before it could
 * reach a formula of the next export), and the row map is checked here.
 */
import { restoreEvaluation, type Evaluation } from '../domain/index.ts';
import type { Cell } from './cell-values.ts';
import { cellText } from './cell-values.ts';

export const CARRIER_SHEET = 'JixiaoData';
export const CARRIER_MARK = 'JIXIAO-EVALUATION';
export const CARRIER_VERSION = 1;
/** Excel's cell limit is 32,767 characters; stay well below it. */
export const CHUNK_SIZE = 30_000;

/** Where each leaf sits in the visible sheet, so edits made there after export are not lost. */
export interface CarrierEnvelope {
  version: number;
  evaluation: Evaluation;
  sheet: string;
  /** [leaf id, 1-based row] */
  leafRows: [string, number][];
  /** Column letters of the editable fields in the visible sheet. */
  columns: { target: string; actual: string; score: string; reason: string };
}

/** Column A of the hidden sheet: mark, chunk count, then the chunks. */
export function encodeCarrier(envelope: CarrierEnvelope): string[] {
  const json = JSON.stringify(envelope);
  const chunks: string[] = [];
  for (let i = 0; i < json.length; i += CHUNK_SIZE) chunks.push(json.slice(i, i + CHUNK_SIZE));
  return [`${CARRIER_MARK} v${CARRIER_VERSION}`, String(chunks.length), ...chunks];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Excel's last row. */
const MAX_ROW = 1_048_576;
const SHOWN_ERRORS = 3;

const isLeafRow = (p: unknown): p is [string, number] =>
  Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'number' && Number.isInteger(p[1]) && p[1] >= 1 && p[1] <= MAX_ROW;

/**
 * The envelope, or a reason it cannot be trusted (then the visible table is read instead).
 * `warnings`: what restoreEvaluation repaired (control characters removed, unknown keys dropped).
 */
export function decodeCarrier(rows: readonly (readonly Cell[])[]): { ok: true; envelope: CarrierEnvelope; warnings: string[] } | { ok: false; reason: string } | null {
  const mark = cellText(rows[0]?.[0]);
  if (!mark.startsWith(CARRIER_MARK)) return null;
  const count = Number(cellText(rows[1]?.[0]));
  if (!Number.isInteger(count) || count < 1) return { ok: false, reason: '分块数量无效' };
  let json = '';
  for (let i = 0; i < count; i++) {
    const cell = rows[2 + i]?.[0];
    if (typeof cell !== 'string') return { ok: false, reason: `缺少第 ${i + 1} 块数据` };
    json += cell;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, reason: '数据不是有效的 JSON' };
  }
  if (!isObject(parsed) || parsed.version !== CARRIER_VERSION || !isObject(parsed.evaluation)) return { ok: false, reason: '数据版本不受支持' };
  const restored = restoreEvaluation(parsed.evaluation);
  if (!restored.ok) {
    const more = restored.errors.length > SHOWN_ERRORS ? `，另有 ${restored.errors.length - SHOWN_ERRORS} 处` : '';
    return { ok: false, reason: `评价数据有误：${restored.errors.slice(0, SHOWN_ERRORS).join('；')}${more}` };
  }
  const leafRows = Array.isArray(parsed.leafRows) ? parsed.leafRows.filter(isLeafRow) : [];
  const columns = isObject(parsed.columns) ? parsed.columns : {};
  const letter = (v: unknown) => (typeof v === 'string' && /^[A-Z]{1,3}$/.test(v) ? v : '');
  return {
    ok: true,
    envelope: {
      version: CARRIER_VERSION,
      evaluation: restored.evaluation,
      // An Excel sheet name has at most 31 characters.
      sheet: typeof parsed.sheet === 'string' && parsed.sheet.length <= 31 ? parsed.sheet : '',
      leafRows,
      columns: { target: letter(columns.target), actual: letter(columns.actual), score: letter(columns.score), reason: letter(columns.reason) },
    },
    warnings: restored.warnings,
  };
}
