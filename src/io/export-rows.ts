/**
 * The indicator rows every layout shares: one row per leaf, the level names in their columns
 * with each group merged over its leaves and named with its weight ("项目立项 (5分)"), and
 * the fields the layout has columns for. Scores Excel can compute stay live formulas with the
 * engine's figure cached.
 */
import type * as ExcelJSTypes from 'exceljs';
import type { Evaluation, EvaluationResult } from '../domain/index.ts';
import { leafFormula, quantityFormat, rateFormula } from './export-formula.ts';
import { nameWithWeight, type SheetLayout } from './export-layout.ts';
import { MAX_CELL_TEXT, type SheetWriter } from './export-sheet.ts';
import { lineCount, usableWidth } from './export-row-height.ts';
import { centerWithFormat, FONT_SIZE, STYLES } from './export-style.ts';
import { columnLetter } from './messages.ts';

export const FIELDS = ['weight', 'explanation', 'guidance', 'criteria', 'target', 'actual', 'score', 'rate', 'status', 'reason'] as const;
export type Field = (typeof FIELDS)[number];

export interface ExportContext {
  evaluation: Evaluation;
  result: EvaluationResult;
  layout: SheetLayout;
  /** A formula with the engine's figure cached (or without, to prove the formulas). */
  formula: (formula: string, cached: unknown) => ExcelJSTypes.CellFormulaValue;
  /** Whether formulas carry their cached figures. */
  cached: boolean;
}

export interface IndicatorColumns {
  /** 1-based column of level d (1…depth). */
  level: (depth: number) => number;
  fields: Partial<Record<Field, number>>;
}

export interface WrittenRows {
  first: number;
  last: number;
  leafRows: [string, number][];
}

const TEXT_FIELDS = ['explanation', 'guidance', 'criteria', 'reason'] as const;

/** Writes the leaf rows from `first`; returns where they are. */
export function writeIndicatorRows(w: SheetWriter, ctx: ExportContext, cols: IndicatorColumns, first: number): WrittenRows {
  const { evaluation, result, layout } = ctx;
  const L = layout.depth;
  const f = cols.fields;
  const letter = (c: number | undefined) => (c === undefined ? '' : columnLetter(c - 1));
  const leafRows: [string, number][] = [];
  const lastLevel = cols.level(L);
  layout.rows.forEach(({ leaf, path }, i) => {
    const r = first + i;
    // A text cut to Excel's cell limit must not read back as the reader's edit of it.
    if (!TEXT_FIELDS.some((t) => (leaf[t]?.length ?? 0) > MAX_CELL_TEXT)) leafRows.push([leaf.id, r]);
    const node = result.nodes.get(leaf.id);
    const depth = path.length;
    const at = cols.level(depth);
    w.put(r, at, leaf.name, STYLES.center, { cols: lastLevel - at + 1 });
    if (f.weight !== undefined) w.put(r, f.weight, typeof leaf.weight === 'number' ? leaf.weight : null, STYLES.center);
    for (const field of TEXT_FIELDS) {
      const c = f[field];
      if (c !== undefined) w.put(r, c, leaf[field] ?? null, STYLES.text);
    }
    if (f.status !== undefined) w.put(r, f.status, node?.status ?? null, STYLES.center);
    const live = f.weight !== undefined && f.target !== undefined && f.actual !== undefined && f.score !== undefined
      ? leafFormula(evaluation, leaf, node, { weight: `${letter(f.weight)}${r}`, target: `${letter(f.target)}${r}`, actual: `${letter(f.actual)}${r}` })
      : null;
    if (live && f.target !== undefined && f.actual !== undefined) {
      // Numbers Excel can compute with, shown as typed ("≥500人次", "485人次").
      w.put(r, f.target, live.target.value, centerWithFormat(quantityFormat(live.target, true)));
      w.put(r, f.actual, live.actual.value, centerWithFormat(quantityFormat(live.actual, false)));
    } else {
      if (f.target !== undefined) w.put(r, f.target, leaf.target ?? null, STYLES.center);
      if (f.actual !== undefined) w.put(r, f.actual, leaf.actual ?? null, STYLES.center);
    }
    const score = node?.score ?? null;
    if (f.score !== undefined) w.put(r, f.score, live ? ctx.formula(live.formula, score) : score, STYLES.center);
    if (f.rate !== undefined) {
      if (f.weight !== undefined && f.score !== undefined) {
        // One shared formula down the column (as Excel writes a filled-down one): the same figures, a fraction of the XML.
        const rate = node?.rate ?? '';
        const value = i === 0
          ? { ...ctx.formula(rateFormula(`${letter(f.weight)}${r}`, `${letter(f.score)}${r}`), rate), shareType: 'shared', ref: `${letter(f.rate)}${first}:${letter(f.rate)}${first + layout.rows.length - 1}` }
          : { sharedFormula: `${letter(f.rate)}${first}`, ...(ctx.cached ? { result: rate } : {}) };
        w.put(r, f.rate, value as ExcelJSTypes.CellFormulaValue, STYLES.percent);
      } else {
        w.put(r, f.rate, node?.rate ?? null, STYLES.percent);
      }
    }
  });
  for (const g of layout.groups) {
    const col = cols.level(g.depth);
    let label = nameWithWeight(g.node, result.nodes.get(g.node.id));
    // "决策 (15分)" that does not fit on one line breaks before its weight, not inside it.
    if (label !== g.node.name && lineCount(label, usableWidth(w.widths[col - 1] ?? 9), FONT_SIZE) > 1) label = label.replace(/ \((?=[^()]*分\)$)/, '\n(');
    w.put(first + g.first, col, label, STYLES.group, { rows: g.last - g.first + 1 });
  }
  return { first, last: first + layout.rows.length - 1, leafRows };
}

/** The letter of a 1-based column. */
export const letterOf = (col: number): string => columnLetter(col - 1);
