/**
 * The 评分表 of third-party reports (000 附件3): title, the metadata lines, the funds and goal
 * blocks when the evaluation has them, then 一级 | 二级 | 三级 | 分值 | 指标解释 | 指标说明 |
 * 评分标准 | 指标值 | 实际完成值 | 得分 | 得分率 | 完成情况 | 扣分原因 and the 合计 row. Columns
 * that are empty for the whole evaluation are left out unless the user keeps them.
 */
import type * as ExcelJSTypes from 'exceljs';
import { writeFundsBlock, writeGoalBlock } from './export-blocks.ts';
import { fitColumns, type ColumnSpec } from './export-columns.ts';
import { levelHeader } from './export-layout.ts';
import { FIELDS, letterOf, writeIndicatorRows, type ExportContext, type Field } from './export-rows.ts';
import { SheetWriter } from './export-sheet.ts';
import { STYLES, TITLE_SIZE } from './export-style.ts';
import { heightForLines } from './export-row-height.ts';
import { pageSetup, type WrittenLayout } from './export-page.ts';

export const SCORING_SHEET = '评分表';

const HEADERS: Record<Field, string> = {
  weight: '分值', explanation: '指标解释', guidance: '指标说明', criteria: '评分标准', target: '指标值',
  actual: '实际完成值', score: '得分', rate: '得分率', status: '完成情况', reason: '扣分原因',
};
const SPECS: Record<Field, ColumnSpec> = {
  weight: { width: 5 }, explanation: { width: 12, flex: 1, max: 36 }, guidance: { width: 12, flex: 0.8, max: 32 },
  criteria: { width: 14, flex: 1.3, max: 44 }, target: { width: 8.5 }, actual: { width: 8.5 }, score: { width: 6 },
  rate: { width: 8 }, status: { width: 7 }, reason: { width: 14, flex: 1.2, max: 44 },
};

/** The fields with something to show for at least one leaf (weight, score and 得分率 always). */
export function usedFields(ctx: ExportContext, keepEmpty: boolean): Field[] {
  if (keepEmpty) return [...FIELDS];
  const has = new Set<Field>(['weight', 'score', 'rate']);
  for (const { leaf } of ctx.layout.rows) {
    for (const f of ['explanation', 'guidance', 'criteria', 'target', 'actual', 'reason'] as const) if (leaf[f]) has.add(f);
    if (ctx.result.nodes.get(leaf.id)?.status) has.add('status');
  }
  return FIELDS.filter((f) => has.has(f));
}

/** The long-text columns' shares of the spare width: more text, more width (never under a third of the most). */
function textShares(ctx: ExportContext): Partial<Record<Field, number>> {
  const fields = ['explanation', 'guidance', 'criteria', 'reason'] as const;
  const totals = fields.map(() => 0);
  for (const { leaf } of ctx.layout.rows) fields.forEach((f, i) => { totals[i]! += Math.min(600, leaf[f]?.length ?? 0); });
  const most = Math.max(1, ...totals);
  return Object.fromEntries(fields.map((f, i) => [f, Math.max(1 / 3, totals[i]! / most)]));
}

/** Widths of the level columns: the leaf level widest. */
export function levelSpecs(depth: number): ColumnSpec[] {
  return Array.from({ length: depth }, (_, i) => ({ width: depth > 6 ? 6 : i === depth - 1 ? 11 : i === 0 ? 6.5 : 8 }));
}

export function writeScoring(wb: ExcelJSTypes.Workbook, ctx: ExportContext, keepEmptyColumns: boolean): WrittenLayout {
  const { evaluation, result, layout } = ctx;
  const ws = wb.addWorksheet(SCORING_SHEET);
  const L = layout.depth;
  const fields = usedFields(ctx, keepEmptyColumns);
  const shares = textShares(ctx);
  const fitted = fitColumns([...levelSpecs(L), ...fields.map((f) => ({ ...SPECS[f], ...(SPECS[f].flex ? { flex: shares[f] ?? 1 } : {}) }))]);
  const w = new SheetWriter(ws, { widths: fitted.widths });
  const col = Object.fromEntries(fields.map((f, i) => [f, L + 1 + i])) as Partial<Record<Field, number>>;
  const lastCol = L + fields.length;
  const meta = evaluation.meta;

  let r = 1;
  w.put(r, 1, `${meta.projectName || '项目'}绩效评价评分表`, STYLES.title, { cols: lastCol, fontSize: TITLE_SIZE });
  w.setHeight(r, Math.max(30, w.heights.heightOf(r), heightForLines(1, TITLE_SIZE)));
  r++;
  // "项目名称：" | value, the key over the first columns up to ~10 characters.
  let keyCols = 1;
  for (let acc = fitted.widths[0] ?? 0; acc < 10 && keyCols < lastCol - 1; keyCols++) acc += fitted.widths[keyCols] ?? 0;
  const pairs: [string, string][] = [
    ['项目名称', meta.projectName], ['主管部门', meta.department], ['实施单位', meta.implementer],
    ['评价年度', meta.year], ['评价类型', meta.type], ['评价机构', meta.evaluator],
  ];
  for (const [key, text] of pairs) {
    if (!text) continue;
    w.put(r, 1, `${key}：`, STYLES.plainKey, { cols: keyCols });
    w.put(r, keyCols + 1, text, STYLES.plainValue, { cols: Math.max(1, lastCol - keyCols) });
    r++;
  }
  let fundsScoreCell: string | null = null;
  if (evaluation.funds) {
    r++;
    const funds = writeFundsBlock(w, ctx, r, '项目资金');
    fundsScoreCell = funds.scoreCell;
    r = funds.next;
  }
  if (meta.goalExpected || meta.goalAchieved) {
    r++;
    r = writeGoalBlock(w, ctx, r);
  }
  r++;

  const headerRow = r;
  for (let d = 1; d <= L; d++) w.put(headerRow, d, levelHeader(d), STYLES.header);
  for (const f of fields) w.put(headerRow, col[f] as number, HEADERS[f], STYLES.header);
  const rows = writeIndicatorRows(w, ctx, { level: (d) => d, fields: col }, headerRow + 1);

  // 合计
  const totalRow = rows.last + 1;
  w.put(totalRow, 1, '合计', STYLES.total, { cols: L });
  const W = letterOf(col.weight as number);
  const S = letterOf(col.score as number);
  const hasLeaves = layout.rows.length > 0;
  for (let c = L + 1; c <= lastCol; c++) w.blank(totalRow, c, STYLES.total);
  w.put(totalRow, col.weight as number, result.maxTotal, STYLES.total);
  const sum = `${hasLeaves ? `SUM(${S}${rows.first}:${S}${rows.last})` : '0'}${fundsScoreCell ? `+${fundsScoreCell}` : ''}`;
  const adjusted = result.adjustments.some((a) => a.applied);
  w.put(totalRow, col.score as number, adjusted ? result.total : ctx.formula(sum, result.sum), STYLES.total);
  if (col.rate !== undefined) {
    w.put(totalRow, col.rate, ctx.formula(`IF(${W}${totalRow}=0,"",ROUND(${S}${totalRow}/${W}${totalRow},4))`, result.maxTotal === 0 ? '' : Number((result.total / result.maxTotal).toFixed(4))), STYLES.totalPercent);
  }
  if (adjusted && col.reason !== undefined) {
    w.put(totalRow, col.reason, result.adjustments.filter((a) => a.applied).map((a) => a.description).join('；'), STYLES.text);
  }
  w.finish(totalRow);
  pageSetup(ws, { headerRow, frozenColumns: L, fitsPage: fitted.fitsPage });

  return {
    sheet: SCORING_SHEET,
    leafRows: rows.leafRows,
    columns: { target: col.target ? letterOf(col.target) : '', actual: col.actual ? letterOf(col.actual) : '', score: S, reason: col.reason ? letterOf(col.reason) : '' },
    summary: { sheet: SCORING_SHEET, scoreLetter: S, firstLeafRow: rows.first, fundsScoreCell },
  };
}
