/**
 * The import entry points, shared by the app (through its worker) and `npm run check`:
 * analyse a file (find its tables), then build the chosen tables into evaluations.
 */
import { evaluate, parseValue, type Evaluation, type Indicator } from '../domain/index.ts';
import { buildTable, type BuiltTable, type TablePreview } from './build-evaluation.ts';
import { cellText, parseNumberCell, type Cell } from './cell-values.ts';
import { decodeCarrier, CARRIER_SHEET } from './evaluation-carrier.ts';
import { findTables } from './detect-layout.ts';
import type { TableChoice, WorkbookAnalysis } from './layout.ts';
import { IMPORT_LIMITS } from './limits.ts';
import { importError, importWarning, internalFailure, type ImportMessage, type Outcome } from './messages.ts';
import { readWorkbook, type SheetGrid } from './read-workbook.ts';
import { statedDifferences } from './stated-differences.ts';

const letterIndex = (letter: string): number => [...letter].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** A number the reader typed into a unit-formatted cell, back to the model's text ("490家"). */
function textLike(previous: string | undefined, cell: Cell | undefined): string {
  if (typeof cell === 'number') {
    const before = parseValue(previous ?? '');
    if (before.kind === 'quantity' && before.unit && before.unit !== '%') return `${cell}${before.unit}`;
    return String(cell);
  }
  return cellText(cell);
}

/**
 * The carried evaluation, with what the reader changed in the visible sheet after export
 * (an actual, a target, a reason, a typed score) taken over and listed as warnings.
 */
function restoreWithEdits(grids: SheetGrid[], fileName: string): { evaluations: Evaluation[]; warnings: ImportMessage[] } {
  const warnings: ImportMessage[] = [];
  const carrier = grids.find((s) => s.name === CARRIER_SHEET);
  if (!carrier) return { evaluations: [], warnings };
  const decoded = decodeCarrier(carrier.rows);
  if (!decoded) return { evaluations: [], warnings };
  if (!decoded.ok) {
    warnings.push(importWarning(`文件“${fileName}”中的 Jixiao 隐藏数据无法使用（${decoded.reason}），改为按表格内容导入。`, { file: fileName, sheet: CARRIER_SHEET }));
    return { evaluations: [], warnings };
  }
  const { evaluation, leafRows, columns, sheet: sheetName } = decoded.envelope;
  for (const text of decoded.warnings) warnings.push(importWarning(`文件“${fileName}”中的 Jixiao 隐藏数据：${text}。`, { file: fileName, sheet: CARRIER_SHEET }));
  const visible = grids.find((s) => s.name === sheetName);
  if (!visible || leafRows.length === 0) return { evaluations: [evaluation], warnings };
  const rowOf = new Map(leafRows);
  const changes: string[] = [];
  // What the export wrote in each score cell: the score as shown (rounded), not as typed.
  const written = evaluate(evaluation).nodes;
  const edit = (ind: Indicator): Indicator => {
    if (ind.children.length > 0) {
      const children = ind.children.map(edit);
      return children.every((c, i) => c === ind.children[i]) ? ind : { ...ind, children };
    }
    const r = rowOf.get(ind.id);
    if (r === undefined) return ind;
    const row = visible.rows[r - 1] ?? [];
    let next = ind;
    for (const field of ['target', 'actual', 'reason'] as const) {
      const col = columns[field];
      if (!col) continue;
      const now = textLike(ind[field], row[letterIndex(col)]);
      const before = ind[field] ?? '';
      const same = now === before || (field !== 'reason' && sameQuantity(before, now));
      if (!same) {
        next = { ...next, [field]: now };
        changes.push(`${col}${r}`);
      }
    }
    const manual = !ind.rule || ind.rule.type === 'manual' || ind.pinned === true;
    if (manual && columns.score) {
      const p = parseNumberCell(row[letterIndex(columns.score)]);
      const now = p.kind === 'number' ? p.value : null;
      if (now !== (written.get(ind.id)?.score ?? null) && now !== (ind.enteredScore ?? null)) {
        next = { ...next, enteredScore: now };
        changes.push(`${columns.score}${r}`);
      }
    }
    return next;
  };
  const indicators = evaluation.indicators.map(edit);
  if (changes.length > 0) {
    warnings.push(importWarning(`文件“${fileName}”导出后在表格中修改过 ${changes.length} 处（${changes.slice(0, 8).join('、')}${changes.length > 8 ? ' …' : ''}），已按表格中的内容更新；规则、设置等从隐藏数据恢复。`, { file: fileName, sheet: sheetName }));
    return { evaluations: [{ ...evaluation, indicators }], warnings };
  }
  return { evaluations: [evaluation], warnings };
}

function sameQuantity(a: string, b: string): boolean {
  const x = parseValue(a);
  const y = parseValue(b);
  return x.kind === 'quantity' && y.kind === 'quantity' && x.decimal === y.decimal && x.percent === y.percent;
}

/** Reads a file and finds its tables. Errors are values with Chinese messages; never throws. */
export function analyseWorkbook(bytes: Uint8Array, fileName: string): Outcome<WorkbookAnalysis> {
  try {
    const read = readWorkbook(bytes, fileName);
    if (!read.ok) return read;
    const { sheets, format } = read.value;
    const restored = restoreWithEdits(sheets, fileName);
    const found = sheets.map((s, i) => (s.name === CARRIER_SHEET ? { tables: [], warnings: [] } : findTables(s, i, fileName)));
    const tables = found.flatMap((f) => f.tables);
    if (tables.length === 0 && restored.evaluations.length === 0) {
      return {
        ok: false,
        errors: [importError('no-header', `文件“${fileName}”中没有找到指标表：各工作表前 ${IMPORT_LIMITS.headerSearchRows} 行内都没有同时包含指标名称（如“一级指标”“指标名称”）和分值或得分（如“分值”“权重”“得分”）的表头行。`, { file: fileName })],
      };
    }
    // A restored export's visible sheets are read from the carrier: their layout is not news.
    const skipped = restored.evaluations.length > 0 ? [] : found.flatMap((f) => f.warnings);
    const warnings = [...read.warnings, ...restored.warnings, ...skipped];
    return { ok: true, value: { fileName, format, sheets, tables, restored: restored.evaluations, warnings }, warnings };
  } catch (err) {
    // A bug of ours must not look like a crash to the user, nor lose their data.
    return { ok: false, errors: [internalFailure(fileName, err)] };
  }
}

/** The preview of one table under a (possibly edited) mapping. */
export function previewTable(analysis: WorkbookAnalysis, choice: TableChoice): BuiltTable {
  const table = analysis.tables.find((t) => t.id === choice.tableId);
  const sheet = table ? analysis.sheets[table.sheetIndex] : undefined;
  if (!table || !sheet) {
    return {
      evaluation: null,
      preview: {
        tableId: choice.tableId, name: '', sheet: '', range: '', levelCount: 0, levelHeaders: [], statedDiffers: [], leafCount: 0, statedTotal: null, rules: [], unrecognised: [], warnings: [],
        errors: [importError('no-table-chosen', `找不到表格 ${choice.tableId}。`)],
      },
    };
  }
  const built = buildTable(sheet, table, choice.columns, analysis.fileName);
  if (built.evaluation) built.preview.statedDiffers = statedDifferences(built.evaluation);
  return built;
}

function buildChoice(analysis: WorkbookAnalysis, choice: TableChoice): BuiltTable {
  const table = analysis.tables.find((t) => t.id === choice.tableId);
  const sheet = table ? analysis.sheets[table.sheetIndex] : undefined;
  return table && sheet ? buildTable(sheet, table, choice.columns, analysis.fileName) : previewTable(analysis, choice);
}

/**
 * The chosen tables as evaluations: all of them or, when any has an error, none (the errors
 * say where). Restored evaluations (a Jixiao export) are chosen with tableId "restored:<i>".
 */
export function buildEvaluations(analysis: WorkbookAnalysis, choices: readonly TableChoice[]): Outcome<{ evaluations: Evaluation[]; previews: TablePreview[] }> {
  if (choices.length === 0) return { ok: false, errors: [importError('no-table-chosen', '请至少选择一个要导入的表格。')] };
  const evaluations: Evaluation[] = [];
  const previews: TablePreview[] = [];
  const errors: ImportMessage[] = [];
  const warnings: ImportMessage[] = [];
  for (const choice of choices) {
    const restored = /^restored:(\d+)$/.exec(choice.tableId);
    if (restored) {
      const ev = analysis.restored[Number(restored[1])];
      if (ev) evaluations.push(ev);
      else errors.push(importError('no-table-chosen', `找不到恢复数据 ${choice.tableId}。`));
      continue;
    }
    const built = buildChoice(analysis, choice);
    previews.push(built.preview);
    errors.push(...built.preview.errors);
    warnings.push(...built.preview.warnings);
    if (built.evaluation) evaluations.push(built.evaluation);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { evaluations, previews }, warnings };
}

/** Every table as detected (or the carried evaluation of a Jixiao export): what `check` reads. */
export function importAll(bytes: Uint8Array, fileName: string): Outcome<{ analysis: WorkbookAnalysis; evaluations: Evaluation[]; previews: TablePreview[] }> {
  const analysed = analyseWorkbook(bytes, fileName);
  if (!analysed.ok) return analysed;
  const analysis = analysed.value;
  const choices: TableChoice[] = analysis.restored.length > 0
    ? analysis.restored.map((_, i) => ({ tableId: `restored:${i}`, columns: [] }))
    : analysis.tables.map((t) => ({ tableId: t.id, columns: t.columns }));
  const built = buildEvaluations(analysis, choices);
  if (!built.ok) return built;
  return { ok: true, value: { analysis, ...built.value }, warnings: [...analysis.warnings, ...built.warnings] };
}
