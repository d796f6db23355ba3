/**
 * The 2022 财政项目支出绩效自评表 as the finance bureau's form prints it: 项目支出绩效自评表,
 * （2022年度）, 项目名称 / 主管部门 / 实施单位, the funds block (年初预算数 | 全年预算数 |
 * 全年执行数 | 分值 | 执行率 | 得分), 年度总体目标 (预期目标 | 实际完成情况), then 绩效指标 |
 * 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施,
 * and 总分.
 */
import type * as ExcelJSTypes from 'exceljs';
import { writeFundsBlock, writeGoalBlock } from './export-blocks.ts';
import { fitColumns } from './export-columns.ts';
import { levelHeader } from './export-layout.ts';
import { pageSetup, type WrittenLayout } from './export-page.ts';
import { heightForLines } from './export-row-height.ts';
import { letterOf, writeIndicatorRows, type ExportContext, type Field } from './export-rows.ts';
import { levelSpecs } from './export-scoring.ts';
import { SheetWriter } from './export-sheet.ts';
import { STYLES, TITLE_SIZE } from './export-style.ts';

export const SELFEVAL_SHEET = '自评表';

const FIELDS: readonly Field[] = ['target', 'actual', 'weight', 'score', 'reason'];
const HEADERS: Partial<Record<Field, string>> = { target: '年度指标值', actual: '实际完成值', weight: '分值', score: '得分', reason: '偏差原因分析及改进措施' };

// Stacked vertically at the top: a label over rows that run onto the next page must start on the first.
const label = { ...STYLES.key, alignment: { ...STYLES.key.alignment, vertical: 'top' as const, textRotation: 'vertical' as const } };

export function writeSelfEval(wb: ExcelJSTypes.Workbook, ctx: ExportContext): WrittenLayout {
  const { evaluation, result, layout } = ctx;
  const ws = wb.addWorksheet(SELFEVAL_SHEET);
  const L = layout.depth;
  const fitted = fitColumns([
    { width: 4 }, ...levelSpecs(L), { width: 12 }, { width: 12 }, { width: 7 }, { width: 8 }, { width: 20, flex: 1, max: 60 },
  ]);
  const w = new SheetWriter(ws, { widths: fitted.widths });
  const col = Object.fromEntries(FIELDS.map((f, i) => [f, 1 + L + 1 + i])) as Partial<Record<Field, number>>;
  const lastCol = 1 + L + FIELDS.length;
  const meta = evaluation.meta;

  w.put(1, 1, '项目支出绩效自评表', STYLES.title, { cols: lastCol, fontSize: TITLE_SIZE });
  w.setHeight(1, Math.max(30, heightForLines(1, TITLE_SIZE)));
  w.put(2, 1, `（${meta.year || '    '}年度）`, STYLES.subtitle, { cols: lastCol });
  // 项目名称 | value; 主管部门 | value | 实施单位 | value.
  const keyCols = Math.min(2, lastCol - 2);
  const half = Math.max(keyCols + 2, Math.ceil((lastCol + 1) / 2));
  w.put(3, 1, '项目名称', STYLES.key, { cols: keyCols });
  w.put(3, keyCols + 1, meta.projectName || null, STYLES.value, { cols: lastCol - keyCols });
  w.put(4, 1, '主管部门', STYLES.key, { cols: keyCols });
  w.put(4, keyCols + 1, meta.department || null, STYLES.value, { cols: Math.max(1, half - keyCols - 1) });
  w.put(4, half, '实施单位', STYLES.key);
  w.put(4, half + 1, meta.implementer || null, STYLES.value, { cols: Math.max(1, lastCol - half) });
  let r = 5;
  let fundsScoreCell: string | null = null;
  if (evaluation.funds) {
    const funds = writeFundsBlock(w, ctx, r, '项目资金');
    fundsScoreCell = funds.scoreCell;
    r = funds.next;
  }
  r = writeGoalBlock(w, ctx, r);

  const headerRow = r;
  w.put(headerRow, 1, null, STYLES.header);
  for (let d = 1; d <= L; d++) w.put(headerRow, 1 + d, levelHeader(d), STYLES.header);
  for (const f of FIELDS) w.put(headerRow, col[f] as number, HEADERS[f] ?? '', STYLES.header);
  const rows = writeIndicatorRows(w, ctx, { level: (d) => 1 + d, fields: col }, headerRow + 1);
  // The form's 绩效指标 label down the left of the indicator rows.
  if (rows.last >= rows.first) w.put(rows.first, 1, '绩效指标', label, { rows: rows.last - rows.first + 1 });

  const totalRow = rows.last + 1;
  const S = letterOf(col.score as number);
  w.put(totalRow, 1, '总分', STYLES.total, { cols: (col.weight as number) - 1 });
  w.put(totalRow, col.weight as number, result.maxTotal, STYLES.total);
  const hasLeaves = layout.rows.length > 0;
  const sum = `${hasLeaves ? `SUM(${S}${rows.first}:${S}${rows.last})` : '0'}${fundsScoreCell ? `+${fundsScoreCell}` : ''}`;
  const adjusted = result.adjustments.some((a) => a.applied);
  w.put(totalRow, col.score as number, adjusted ? result.total : ctx.formula(sum, result.sum), STYLES.total);
  w.put(totalRow, col.reason as number, adjusted ? result.adjustments.filter((a) => a.applied).map((a) => a.description).join('；') : null, STYLES.text);
  w.finish(totalRow);
  pageSetup(ws, { headerRow, frozenColumns: 1 + L, fitsPage: fitted.fitsPage });
  return {
    sheet: SELFEVAL_SHEET,
    leafRows: rows.leafRows,
    columns: { target: letterOf(col.target as number), actual: letterOf(col.actual as number), score: S, reason: letterOf(col.reason as number) },
    summary: { sheet: SELFEVAL_SHEET, scoreLetter: S, firstLeafRow: rows.first, fundsScoreCell },
  };
}
