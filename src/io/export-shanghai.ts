/**
 * The Shanghai 项目绩效自评价 table (seed 002): a key/value block (项目名称 / 预算单位, the
 * amounts and 预算执行率, 项目年度总目标, 绩效等级, 主要绩效 and the other lines the evaluation
 * keeps in its notes), then 一级指标 (with its weight) | 指标名称 | 指标解释 | 权重 | 自评分 | 备注,
 * 合计, and the 说明 line with the grade scale. A funds block that is scored (2022-style) is
 * printed as the 2022 block, so its points are not lost on the way.
 */
import type * as ExcelJSTypes from 'exceljs';
import { slotsByWidth, writeFundsBlock } from './export-blocks.ts';
import { fitColumns, type ColumnSpec } from './export-columns.ts';
import { finite } from './export-formula.ts';
import { levelHeader } from './export-layout.ts';
import { pageSetup, type WrittenLayout } from './export-page.ts';
import { heightForLines } from './export-row-height.ts';
import { letterOf, writeIndicatorRows, type ExportContext, type Field } from './export-rows.ts';
import { SheetWriter, type CellInput } from './export-sheet.ts';
import { STYLES, TITLE_SIZE } from './export-style.ts';

export const SHANGHAI_SHEET = '自评表';

const FIELDS: readonly Field[] = ['explanation', 'weight', 'score', 'reason'];
const HEADERS: Partial<Record<Field, string>> = { explanation: '指标解释', weight: '权重', score: '自评分', reason: '备注' };

/** "主要问题：…" lines of the notes (import keeps the block's other keys there) as key/value pairs. */
export function notePairs(notes: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  const rest: string[] = [];
  for (const part of notes.split(/\n|；(?=[^：；\n]{2,14}：)/)) {
    const line = part.trim();
    if (line === '') continue;
    const m = /^([^：:\n]{2,14})[：:]([\s\S]*)$/.exec(line);
    if (m && m[1] && !/^绩效等级/.test(m[1])) out.push({ key: m[1].trim(), value: (m[2] ?? '').trim() });
    else if (!m) rest.push(line);
  }
  if (rest.length > 0) out.push({ key: '备注', value: rest.join('\n') });
  return out;
}

/** "自评分合计90（含）-100分为优秀，75（含）-90分为良好，…": the scale the evaluation uses. */
function scaleSentence(bands: readonly { grade: unknown; min: unknown }[]): string {
  const sorted = bands.filter((b) => finite(b.min) !== null).sort((x, y) => (finite(y.min) as number) - (finite(x.min) as number));
  const parts = sorted.map((b, i) => {
    const min = finite(b.min) as number;
    const upper = i === 0 ? 100 : (finite(sorted[i - 1]?.min) as number);
    return `${min}（含）-${upper}分为${String(b.grade ?? '')}`;
  });
  return parts.length > 0 ? `说明：绩效等级说明：自评分合计${parts.join('，')}。` : '';
}

export function writeShanghai(wb: ExcelJSTypes.Workbook, ctx: ExportContext): WrittenLayout & { gradeCell: { row: number; col: number } } {
  const { evaluation, result, layout } = ctx;
  const ws = wb.addWorksheet(SHANGHAI_SHEET);
  const L = layout.depth;
  const levels: ColumnSpec[] = Array.from({ length: L }, (_, i) => ({ width: i === L - 1 ? 14 : L > 6 ? 6 : 12 }));
  const fitted = fitColumns([...levels, { width: 16, flex: 1, max: 50 }, { width: 5.5 }, { width: 6 }, { width: 20, flex: 1.6, max: 70 }]);
  const w = new SheetWriter(ws, { widths: fitted.widths });
  const col = Object.fromEntries(FIELDS.map((f, i) => [f, L + 1 + i])) as Partial<Record<Field, number>>;
  const lastCol = L + FIELDS.length;
  const meta = evaluation.meta;
  const funds = evaluation.funds;

  w.put(1, 1, '项目绩效自评价', STYLES.title, { cols: lastCol, fontSize: TITLE_SIZE });
  w.setHeight(1, Math.max(30, heightForLines(1, TITLE_SIZE)));
  let r = 2;
  // Two pairs a row where both are short, else one pair over the whole width.
  const slots = slotsByWidth(fitted.widths, [12, 20, 12, 10]);
  const span = (i: number) => {
    const [a, b] = slots[i] as [number, number];
    return { at: a, cols: b - a + 1 };
  };
  const pair = (key: string, value: CellInput, style: Parameters<SheetWriter['put']>[3] = STYLES.plainValue, key2?: string, value2?: CellInput, style2: Parameters<SheetWriter['put']>[3] = STYLES.plainValue) => {
    const k = span(0);
    w.put(r, k.at, `${key}：`, STYLES.plainKey, { cols: k.cols });
    if (key2 === undefined) {
      w.put(r, k.at + k.cols, value, style, { cols: Math.max(1, lastCol - k.cols) });
    } else {
      const v = span(1);
      const k2 = span(2);
      const v2 = span(3);
      w.put(r, v.at, value, style, { cols: v.cols });
      w.put(r, k2.at, `${key2}：`, STYLES.plainKey, { cols: k2.cols });
      w.put(r, v2.at, value2, style2, { cols: Math.max(1, lastCol - v2.at + 1) });
    }
    r++;
  };
  pair('项目名称', meta.projectName || null, STYLES.plainValue, '预算单位', meta.implementer || null);
  if (meta.department || meta.year) pair('主管部门', meta.department || null, STYLES.plainValue, '评价年度', meta.year || null);
  let fundsScoreCell: string | null = null;
  const notes = notePairs(meta.notes ?? '');
  if (funds && (finite(funds.weight) ?? 0) > 0) {
    const block = writeFundsBlock(w, ctx, r, '项目资金');
    fundsScoreCell = block.scoreCell;
    r = block.next;
  } else if (funds) {
    const unit = funds.unit || '元';
    pair(`当年预算数(${unit})`, finite(funds.annualBudget), STYLES.plainAmount, `预算执行数(${unit})`, finite(funds.executed), STYLES.plainAmount);
    const budgetCell = w.address(r - 1, span(1).at);
    const executedCell = w.address(r - 1, span(3).at);
    const rate = result.funds?.rate ?? null;
    const rateValue = rate !== null && finite(funds.annualBudget) !== null && finite(funds.executed) !== null ? ctx.formula(`ROUND(${executedCell}/${budgetCell},4)`, rate) : rate;
    const initial = finite(funds.initialBudget);
    if (initial !== null) pair('预算执行率(%)', rateValue, STYLES.plainPercent, `年初预算数(${unit})`, initial, STYLES.plainAmount);
    else pair('预算执行率(%)', rateValue, STYLES.plainPercent);
  }
  if (meta.goalExpected) pair('项目年度总目标', meta.goalExpected);
  const gradeRow = r;
  pair('绩效等级', result.grade);
  if (meta.goalAchieved) pair('主要绩效', meta.goalAchieved);
  for (const { key, value } of notes) pair(key, value || null);
  r++;

  const headerRow = r;
  for (let d = 1; d <= L; d++) w.put(headerRow, d, d === L ? '指标名称' : levelHeader(d), STYLES.header);
  for (const f of FIELDS) w.put(headerRow, col[f] as number, HEADERS[f] ?? '', STYLES.header);
  const rows = writeIndicatorRows(w, ctx, { level: (d) => d, fields: col }, headerRow + 1);

  const totalRow = rows.last + 1;
  const S = letterOf(col.score as number);
  const hasLeaves = layout.rows.length > 0;
  w.put(totalRow, 1, '合计', STYLES.total, { cols: L + 1 });
  w.put(totalRow, col.weight as number, result.maxTotal, STYLES.total);
  const sum = `${hasLeaves ? `SUM(${S}${rows.first}:${S}${rows.last})` : '0'}${fundsScoreCell ? `+${fundsScoreCell}` : ''}`;
  const adjusted = result.adjustments.some((a) => a.applied);
  w.put(totalRow, col.score as number, adjusted ? result.total : ctx.formula(sum, result.sum), STYLES.total);
  w.put(totalRow, col.reason as number, adjusted ? result.adjustments.filter((a) => a.applied).map((a) => a.description).join('；') : null, STYLES.text);
  const sentence = scaleSentence(evaluation.settings.gradeScale.bands ?? []);
  if (sentence) w.put(totalRow + 1, 1, sentence, STYLES.note, { cols: lastCol });
  w.finish(totalRow + 1);
  pageSetup(ws, { headerRow, frozenColumns: L, fitsPage: fitted.fitsPage });
  return {
    sheet: SHANGHAI_SHEET,
    leafRows: rows.leafRows,
    columns: { target: '', actual: '', score: S, reason: letterOf(col.reason as number) },
    summary: { sheet: SHANGHAI_SHEET, scoreLetter: S, firstLeafRow: rows.first, fundsScoreCell },
    gradeCell: { row: gradeRow, col: span(0).at + span(0).cols },
  };
}
