/**
 * The 得分情况表 sheet (表2 of the reports): per 一级 分值 / 得分 / 得分率, the funds line, 合计,
 * 等级 and the 完成情况 counts, with the grade scale written out as cells that the 等级 formula
 * reads (so no label is ever spliced into a formula). Its title is a row of its own, merged over
 * the table's width.
 */
import type * as ExcelJSTypes from 'exceljs';
import { finite, gradeFormula, rateFormula } from './export-formula.ts';
import type { ExportContext } from './export-rows.ts';
import { SheetWriter } from './export-sheet.ts';
import { STYLES, TITLE_SIZE } from './export-style.ts';
import { heightForLines } from './export-row-height.ts';

export const SUMMARY_SHEET = '得分情况表';

export interface SummaryRefs {
  /** The sheet the indicator rows are on, and the column letter of their scores. */
  sheet: string;
  scoreLetter: string;
  firstLeafRow: number;
  fundsScoreCell: string | null;
}

const quoted = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;

/** Returns the address of the 等级 cell. */
export function writeSummary(wb: ExcelJSTypes.Workbook, ctx: ExportContext, refs: SummaryRefs): string {
  const { evaluation, result, layout } = ctx;
  const ws = wb.addWorksheet(SUMMARY_SHEET);
  const w = new SheetWriter(ws, { widths: [28, 12, 12, 14] });
  const value = ctx.formula;
  w.put(1, 1, `${evaluation.meta.projectName || '项目'}得分情况表`, STYLES.title, { cols: 4, fontSize: TITLE_SIZE });
  w.setHeight(1, Math.max(32, heightForLines(1, TITLE_SIZE), w.heights.heightOf(1)));
  // Not "一级指标": this is not an indicator table, and re-importing the file must not read it as one.
  w.put(2, 1, '一级指标名称', STYLES.header);
  w.put(2, 2, '分值', STYLES.header);
  w.put(2, 3, '得分', STYLES.header);
  w.put(2, 4, '得分率', STYLES.header);
  let r = 3;
  const firstLevelRow = r;
  const S = refs.scoreLetter;
  const spans = new Map(layout.groups.map((g) => [g.node, g]));
  const leafIndex = new Map(layout.rows.map((row, i) => [row.leaf, i]));
  evaluation.indicators.forEach((node, i) => {
    const res = result.levels[i];
    w.put(r, 1, node.name, STYLES.text);
    w.put(r, 2, res?.weight ?? null, STYLES.center);
    const span = spans.get(node);
    const li = leafIndex.get(node);
    const range = span ? `${S}${refs.firstLeafRow + span.first}:${S}${refs.firstLeafRow + span.last}` : li !== undefined ? `${S}${refs.firstLeafRow + li}` : null;
    w.put(r, 3, range ? value(`SUM(${quoted(refs.sheet)}!${range})`, res?.score ?? 0) : res?.score ?? null, STYLES.center);
    w.put(r, 4, value(rateFormula(`B${r}`, `C${r}`), res?.rate ?? ''), STYLES.percent);
    r++;
  });
  if (evaluation.funds && result.funds) {
    w.put(r, 1, '项目资金', STYLES.text);
    w.put(r, 2, result.funds.weight, STYLES.center);
    w.put(r, 3, refs.fundsScoreCell ? value(`${quoted(refs.sheet)}!${refs.fundsScoreCell}`, result.funds.score ?? 0) : result.funds.score, STYLES.center);
    w.put(r, 4, value(rateFormula(`B${r}`, `C${r}`), result.funds.weight ? Number(((result.funds.score ?? 0) / result.funds.weight).toFixed(4)) : ''), STYLES.percent);
    r++;
  }
  const lastLevelRow = r - 1;
  const totalRow = r;
  const adjusted = result.adjustments.some((a) => a.applied);
  const hasLevels = lastLevelRow >= firstLevelRow;
  w.put(r, 1, '合计', STYLES.total);
  w.put(r, 2, hasLevels ? value(`SUM(B${firstLevelRow}:B${lastLevelRow})`, result.maxTotal) : result.maxTotal, STYLES.total);
  w.put(r, 3, adjusted || !hasLevels ? result.total : value(`SUM(C${firstLevelRow}:C${lastLevelRow})`, result.sum), STYLES.total);
  w.put(r, 4, value(`IF(B${r}=0,"",ROUND(C${r}/B${r},4))`, result.maxTotal ? Number((result.total / result.maxTotal).toFixed(4)) : ''), STYLES.totalPercent);
  r++;

  // The grade scale as cells, below the counts: the 等级 formula refers to them.
  const bands = [...evaluation.settings.gradeScale.bands].filter((b) => b && typeof b === 'object').sort((x, y) => (finite(y.min) ?? 0) - (finite(x.min) ?? 0));
  const counts: [string, number][] = [
    ['已完成', result.statusCounts.已完成], ['部分完成', result.statusCounts.部分完成], ['未完成', result.statusCounts.未完成], ['待评', result.statusCounts.pending],
  ];
  const gradeRow = r;
  const countsRow = gradeRow + 2;
  const scaleRow = countsRow + 1 + counts.length + 1;
  const firstBandRow = scaleRow + 1;
  const formula = gradeFormula(`C${totalRow}`, bands, (i) => `A${firstBandRow + i}`, (i) => `B${firstBandRow + i}`);
  w.put(gradeRow, 1, '等级', STYLES.total);
  w.put(gradeRow, 2, null, STYLES.center);
  w.put(gradeRow, 3, formula ? value(formula, result.grade) : result.grade, STYLES.total);
  w.put(gradeRow, 4, String(evaluation.settings.gradeScale.name ?? ''), STYLES.center);

  w.put(countsRow, 1, '完成情况', STYLES.header);
  w.put(countsRow, 2, '指标数', STYLES.header);
  counts.forEach(([label, n], i) => {
    w.put(countsRow + 1 + i, 1, label, STYLES.text);
    w.put(countsRow + 1 + i, 2, n, STYLES.center);
  });

  w.put(scaleRow, 1, '等级', STYLES.header);
  w.put(scaleRow, 2, '分数下限', STYLES.header);
  bands.forEach((b, i) => {
    w.put(firstBandRow + i, 1, String(b.grade ?? ''), STYLES.text);
    w.put(firstBandRow + i, 2, finite(b.min), STYLES.center);
  });
  const last = firstBandRow + bands.length - 1;
  w.finish(Math.max(last, scaleRow));
  ws.pageSetup = { paperSize: 9, orientation: 'portrait', horizontalCentered: true, margins: { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 } };
  return `C${gradeRow}`;
}
