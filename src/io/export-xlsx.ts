/**
 * The evaluation as the workbook its reader expects, written with ExcelJS (SheetJS Community
 * Edition writes neither styles nor freeze panes), in one of three layouts (DOMAIN.md §8):
 * the 评分表 of third-party reports, the 2022 财政项目支出绩效自评表, the Shanghai
 * self-evaluation. Every layout has row heights computed from its text, widths that fit A4
 * landscape, merged group cells named with their weights, live formulas with the engine's
 * figures cached, a 得分情况表 summary, and a hidden sheet carrying the evaluation whole so
 * that re-importing restores it exactly. ExcelJS is loaded on demand so the app bundle does not
 * carry it.
 */
import type * as ExcelJSTypes from 'exceljs';
import { evaluate, type Evaluation } from '../domain/index.ts';
import { defaultLayout, LAYOUT_LABELS, LAYOUTS, type ExportLayout } from './export-choice.ts';
import { CARRIER_SHEET, encodeCarrier, type CarrierEnvelope } from './evaluation-carrier.ts';
import { layoutOf } from './export-layout.ts';
import type { WrittenLayout } from './export-page.ts';
import type { ExportContext } from './export-rows.ts';
import { SCORING_SHEET, writeScoring } from './export-scoring.ts';
import { SELFEVAL_SHEET, writeSelfEval } from './export-selfeval.ts';
import { SHANGHAI_SHEET, writeShanghai } from './export-shanghai.ts';
import { SUMMARY_SHEET, writeSummary } from './export-summary.ts';

export { SUMMARY_SHEET };
/** The indicator sheet of the 评分表 layout. */
export const SCORE_SHEET = SCORING_SHEET;

export { LAYOUT_LABELS, defaultLayout, type ExportLayout };

/** The sheet that holds the indicators in each layout. */
export const LAYOUT_SHEETS: Readonly<Record<ExportLayout, string>> = {
  scoring: SCORING_SHEET,
  selfeval2022: SELFEVAL_SHEET,
  shanghai: SHANGHAI_SHEET,
};

export interface XlsxExportOptions {
  /**
   * false writes formulas without their cached results, so a spreadsheet program must compute
   * every figure itself (used to prove the formulas agree with the engine).
   */
  cachedResults?: boolean;
  /** The layout; by default the one the evaluation came from ({@link defaultLayout}). */
  layout?: ExportLayout;
  /** 评分表: keep the columns that are empty for every leaf (left out by default). */
  keepEmptyColumns?: boolean;
}

async function loadExcelJS(): Promise<typeof ExcelJSTypes> {
  const mod = (await import('exceljs')) as unknown as { default?: typeof ExcelJSTypes } & typeof ExcelJSTypes;
  return mod.default ?? mod;
}

/** The evaluation as .xlsx bytes. */
export async function exportXlsx(evaluation: Evaluation, options: XlsxExportOptions = {}): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS();
  const cached = options.cachedResults !== false;
  const layoutKind = options.layout && LAYOUTS.includes(options.layout) ? options.layout : defaultLayout(evaluation);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jixiao 绩效评价工作台';
  wb.calcProperties = { fullCalcOnLoad: !cached };
  const ctx: ExportContext = {
    evaluation,
    result: evaluate(evaluation),
    layout: layoutOf(evaluation),
    formula: (formula, res) => (cached ? { formula, result: res as number } : { formula }) as ExcelJSTypes.CellFormulaValue,
    cached,
  };
  let written: WrittenLayout;
  let gradeAt: { row: number; col: number } | null = null;
  if (layoutKind === 'selfeval2022') written = writeSelfEval(wb, ctx);
  else if (layoutKind === 'shanghai') ({ gradeCell: gradeAt, ...written } = writeShanghai(wb, ctx));
  else written = writeScoring(wb, ctx, options.keepEmptyColumns === true);
  const gradeCell = writeSummary(wb, ctx, written.summary);
  // The Shanghai block's 绩效等级 follows the summary's grade formula.
  if (gradeAt) wb.getWorksheet(written.sheet)!.getCell(gradeAt.row, gradeAt.col).value = ctx.formula(`'${SUMMARY_SHEET}'!${gradeCell}`, ctx.result.grade);

  const envelope: CarrierEnvelope = { version: 1, evaluation, sheet: written.sheet, leafRows: written.leafRows, columns: written.columns };
  const data = wb.addWorksheet(CARRIER_SHEET, { state: 'veryHidden' });
  encodeCarrier(envelope).forEach((chunk, i) => { data.getCell(i + 1, 1).value = chunk; });

  // Deflate level 1: a 5,000-leaf workbook compresses in a third of the time for a few per cent more bytes.
  const buffer = await wb.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } } as ExcelJSTypes.XlsxWriteOptions);
  return new Uint8Array(buffer as ArrayBuffer);
}
