/**
 * The evaluation as the 评分表 its readers expect, written with ExcelJS (SheetJS Community
 * Edition writes neither styles nor freeze panes): metadata block, funds block, bold bordered
 * header, merged 一级/二级 cells with weights in their names, wrapped text, widths, frozen
 * header, A4 landscape with the header row repeated, the 合计 row; a 得分情况表 summary; and a
 * hidden sheet carrying the evaluation whole, so re-importing restores it exactly.
 *
 * Scores that Excel can compute stay live formulas (ratio and binary leaves on their target and
 * actual cells, subtotals and totals as SUM, the funds score), each with the engine's figure
 * cached so the file shows the right numbers when opened and recomputes when a reader edits.
 * ExcelJS is loaded on demand so the app bundle does not carry it.
 */
import type * as ExcelJSTypes from 'exceljs';
import { evaluate, parseValue, unitsCompatible, type Evaluation, type EvaluationResult, type Indicator, type NodeResult, type ParsedValue } from '../domain/index.ts';
import { CARRIER_SHEET, encodeCarrier, type CarrierEnvelope } from './evaluation-carrier.ts';
import { layoutOf, levelHeader, nameWithWeight, type SheetLayout } from './export-layout.ts';
import { columnLetter } from './messages.ts';

export const SCORE_SHEET = '评分表';
export const SUMMARY_SHEET = '得分情况表';

export interface XlsxExportOptions {
  /**
   * false writes formulas without their cached results, so a spreadsheet program must compute
   * every figure itself (used to prove the formulas agree with the engine).
   */
  cachedResults?: boolean;
}

type Quantity = Extract<ParsedValue, { kind: 'quantity' }>;

const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };
const WRAP = { wrapText: true, vertical: 'middle' as const };
const CENTER = { wrapText: true, vertical: 'middle' as const, horizontal: 'center' as const };

const FIELDS = ['weight', 'explanation', 'guidance', 'criteria', 'target', 'actual', 'score', 'rate', 'status', 'reason'] as const;
type Field = (typeof FIELDS)[number];
const FIELD_HEADERS: Record<Field, string> = {
  weight: '分值', explanation: '指标解释', guidance: '指标说明', criteria: '评分标准', target: '指标值',
  actual: '实际完成值', score: '得分', rate: '得分率', status: '完成情况', reason: '扣分原因',
};
const FIELD_WIDTHS: Record<Field, number> = {
  weight: 7, explanation: 28, guidance: 24, criteria: 34, target: 12, actual: 12, score: 8, rate: 9, status: 10, reason: 32,
};

async function loadExcelJS(): Promise<typeof ExcelJSTypes> {
  const mod = (await import('exceljs')) as unknown as { default?: typeof ExcelJSTypes } & typeof ExcelJSTypes;
  return mod.default ?? mod;
}

/** Decimals of a decimal text ("0.8405" → 4). */
const decimalsOf = (text: string): number => (text.split('.')[1] ?? '').length;

/** A number format that shows a quantity as typed: "≥"0"家", "0.00%". */
function quantityFormat(q: Quantity, comparator: boolean): string {
  const prefix = comparator && q.comparator !== '=' ? `"${q.comparator === '>=' ? '≥' : q.comparator === '<=' ? '≤' : q.comparator}"` : '';
  if (q.percent) {
    const d = Math.max(0, decimalsOf(q.decimal) - 2);
    return `${prefix}0${d > 0 ? `.${'0'.repeat(d)}` : ''}%`;
  }
  const d = decimalsOf(q.decimal);
  const unit = q.unit ? `"${q.unit.replace(/"/g, '')}"` : '';
  return `${prefix}0${d > 0 ? `.${'0'.repeat(d)}` : ''}${unit}`;
}

const excelRound = (evaluation: Evaluation) => (evaluation.settings.rounding === 'truncate' ? 'ROUNDDOWN' : 'ROUND');

/**
 * The Excel formula that computes this leaf's score from its own cells, when the rule is one
 * Excel can express the way the engine computes it; else null (the score is written as a value).
 */
function leafFormula(evaluation: Evaluation, leaf: Indicator, node: NodeResult | undefined, cells: { weight: string; target: string; actual: string }):
  { formula: string; target: Quantity; actual: Quantity } | null {
  const rule = leaf.rule;
  if (!node || node.score === null || leaf.pinned || !rule || leaf.weight === null) return null;
  if (rule.type !== 'ratio' && rule.type !== 'binary') return null;
  const t = parseValue(leaf.target);
  const a = parseValue(leaf.actual);
  if (t.kind !== 'quantity' || a.kind !== 'quantity' || !unitsCompatible(t, a) || t.percent !== a.percent) return null;
  if (t.value <= 0 || a.value < 0) return null;
  const lower = t.comparator === '<=' || t.comparator === '<';
  const round = excelRound(evaluation);
  const decimals = evaluation.settings.decimals;
  const { weight: W, target: T, actual: A } = cells;
  if (rule.type === 'ratio') {
    if (lower && a.value <= 0) return null;
    const rd = rule.rateDecimals === undefined ? 2 : rule.rateDecimals;
    const raw = lower ? `${T}/${A}` : `${A}/${T}`;
    const ach = typeof rd === 'number' && Number.isFinite(rd) ? `ROUND(${raw},${Math.max(0, Math.trunc(rd)) + 2})` : `(${raw})`;
    const capped = typeof rule.floor === 'number' ? `IF(${ach}<${rule.floor},0,MIN(1,${ach}))` : `MIN(1,${ach})`;
    return { formula: `${round}(${W}*${capped},${decimals})`, target: t, actual: a };
  }
  if (leaf.statusOverride) return null;
  const op = t.comparator === '=' ? '>=' : t.comparator;
  return { formula: `IF(${A}${op}${T},${W},0)`, target: t, actual: a };
}

function gradeFormula(evaluation: Evaluation, totalCell: string): string {
  const bands = [...evaluation.settings.gradeScale.bands].sort((x, y) => y.min - x.min);
  if (bands.length === 0) return '""';
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  let f = quote(bands[bands.length - 1]?.grade ?? '');
  for (let i = bands.length - 2; i >= 0; i--) {
    const b = bands[i];
    if (b) f = `IF(${totalCell}>=${b.min},${quote(b.grade)},${f})`;
  }
  return f;
}

/** The evaluation as .xlsx bytes. */
export async function exportXlsx(evaluation: Evaluation, options: XlsxExportOptions = {}): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJS();
  const cached = options.cachedResults !== false;
  const result = evaluate(evaluation);
  const layout = layoutOf(evaluation);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jixiao 绩效评价工作台';
  wb.calcProperties = { fullCalcOnLoad: !cached };
  const ws = wb.addWorksheet(SCORE_SHEET);
  const value = <T>(formula: string, res: T): ExcelJSTypes.CellFormulaValue =>
    (cached ? { formula, result: res as unknown as number } : { formula }) as ExcelJSTypes.CellFormulaValue;

  const L = layout.depth;
  const col = new Map<Field, number>(FIELDS.map((f, i) => [f, L + 1 + i]));
  const colIndex = (f: Field) => col.get(f) as number;
  const letter = (f: Field) => columnLetter(colIndex(f) - 1);
  const lastCol = L + FIELDS.length;

  // Title and metadata block.
  const meta = evaluation.meta;
  let r = 1;
  ws.mergeCells(r, 1, r, lastCol);
  const title = ws.getCell(r, 1);
  title.value = `${meta.projectName || '项目'}绩效评价评分表`;
  title.font = { bold: true, size: 14 };
  title.alignment = CENTER;
  ws.getRow(r).height = 28;
  r += 1;
  const metaPairs: [string, string][] = [
    ['项目名称', meta.projectName], ['主管部门', meta.department], ['实施单位', meta.implementer],
    ['评价年度', meta.year], ['评价类型', meta.type], ['评价机构', meta.evaluator],
  ];
  for (const [key, text] of metaPairs) {
    ws.getCell(r, 1).value = `${key}：`;
    ws.getCell(r, 1).font = { bold: true };
    ws.getCell(r, 2).value = text;
    if (lastCol > 2) ws.mergeCells(r, 2, r, lastCol);
    r++;
  }

  // Funds block: 执行率 and 得分 as formulas on the amounts.
  let fundsScoreCell: string | null = null;
  if (evaluation.funds) {
    const f = evaluation.funds;
    const headers = [`项目资金（${f.unit || '元'}）`, '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'];
    headers.forEach((h, i) => {
      const c = ws.getCell(r, i + 1);
      c.value = h;
      c.font = { bold: true };
      c.border = BORDER;
      c.alignment = CENTER;
    });
    const v = r + 1;
    const at = (c: number) => `${columnLetter(c - 1)}${v}`;
    ws.getCell(v, 1).value = '年度资金总额';
    ws.getCell(v, 2).value = f.initialBudget;
    ws.getCell(v, 3).value = f.annualBudget;
    ws.getCell(v, 4).value = f.executed;
    ws.getCell(v, 5).value = f.weight;
    const rate = result.funds?.rate ?? null;
    const score = result.funds?.score ?? null;
    if (rate !== null) {
      ws.getCell(v, 6).value = value(`ROUND(${at(4)}/${at(3)},4)`, rate);
      ws.getCell(v, 7).value = value(`${excelRound(evaluation)}(${at(5)}*MIN(1,${at(6)}),${evaluation.settings.decimals})`, score);
      fundsScoreCell = at(7);
    }
    ws.getCell(v, 6).numFmt = '0.00%';
    for (let c = 1; c <= 7; c++) ws.getCell(v, c).border = BORDER;
    r += 3;
  }

  if (meta.goalExpected || meta.goalAchieved) {
    const half = Math.max(3, Math.floor(lastCol / 2));
    ws.getCell(r, 1).value = '年度总体目标';
    ws.getCell(r, 2).value = '预期目标';
    ws.getCell(r, half + 1).value = '实际完成情况';
    ws.getCell(r + 1, 2).value = meta.goalExpected ?? '';
    ws.getCell(r + 1, half + 1).value = meta.goalAchieved ?? '';
    ws.mergeCells(r, 1, r + 1, 1);
    ws.mergeCells(r, 2, r, half);
    ws.mergeCells(r, half + 1, r, lastCol);
    ws.mergeCells(r + 1, 2, r + 1, half);
    ws.mergeCells(r + 1, half + 1, r + 1, lastCol);
    for (let rr = r; rr <= r + 1; rr++) for (let c = 1; c <= lastCol; c++) {
      ws.getCell(rr, c).border = BORDER;
      ws.getCell(rr, c).alignment = rr === r ? CENTER : WRAP;
    }
    ws.getRow(r + 1).height = 48;
    r += 3;
  }

  // Header row.
  const headerRow = r;
  for (let d = 1; d <= L; d++) ws.getCell(headerRow, d).value = levelHeader(d);
  for (const f of FIELDS) ws.getCell(headerRow, colIndex(f)).value = FIELD_HEADERS[f];
  for (let c = 1; c <= lastCol; c++) {
    const cell = ws.getCell(headerRow, c);
    cell.font = { bold: true };
    cell.border = BORDER;
    cell.alignment = CENTER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  }

  // One row per leaf.
  const first = headerRow + 1;
  const leafRows: [string, number][] = [];
  layout.rows.forEach(({ leaf, path }, i) => {
    const rowNo = first + i;
    leafRows.push([leaf.id, rowNo]);
    const node = result.nodes.get(leaf.id);
    const depth = path.length;
    ws.getCell(rowNo, depth).value = leaf.name;
    if (depth < L) ws.mergeCells(rowNo, depth, rowNo, L);
    ws.getCell(rowNo, colIndex('weight')).value = leaf.weight ?? null;
    ws.getCell(rowNo, colIndex('explanation')).value = leaf.explanation ?? '';
    ws.getCell(rowNo, colIndex('guidance')).value = leaf.guidance ?? '';
    ws.getCell(rowNo, colIndex('criteria')).value = leaf.criteria ?? '';
    ws.getCell(rowNo, colIndex('reason')).value = leaf.reason ?? '';
    ws.getCell(rowNo, colIndex('status')).value = node?.status ?? '';
    const cells = { weight: `${letter('weight')}${rowNo}`, target: `${letter('target')}${rowNo}`, actual: `${letter('actual')}${rowNo}` };
    const live = leafFormula(evaluation, leaf, node, cells);
    const scoreCell = ws.getCell(rowNo, colIndex('score'));
    if (live) {
      // Numbers Excel can compute with, shown as typed ("≥500人次", "485人次").
      const t = ws.getCell(rowNo, colIndex('target'));
      t.value = live.target.value;
      t.numFmt = quantityFormat(live.target, true);
      const a = ws.getCell(rowNo, colIndex('actual'));
      a.value = live.actual.value;
      a.numFmt = quantityFormat(live.actual, false);
      scoreCell.value = value(live.formula, node?.score ?? null);
    } else {
      ws.getCell(rowNo, colIndex('target')).value = leaf.target ?? '';
      ws.getCell(rowNo, colIndex('actual')).value = leaf.actual ?? '';
      scoreCell.value = node?.score ?? null;
    }
    const W = `${letter('weight')}${rowNo}`;
    const S = `${letter('score')}${rowNo}`;
    ws.getCell(rowNo, colIndex('rate')).value = value(`IF(OR(${W}="",${W}=0,${S}=""),"",ROUND(${S}/${W},4))`, node?.rate ?? '');
    ws.getCell(rowNo, colIndex('rate')).numFmt = '0.00%';
  });
  const last = first + layout.rows.length - 1;

  // Group cells: merged over their leaves, "决策 (15分)".
  for (const g of layout.groups) {
    const top = first + g.first;
    const bottom = first + g.last;
    ws.getCell(top, g.depth).value = nameWithWeight(g.node);
    if (bottom > top) ws.mergeCells(top, g.depth, bottom, g.depth);
  }

  for (let rr = first; rr <= last; rr++) {
    for (let c = 1; c <= lastCol; c++) {
      const cell = ws.getCell(rr, c);
      cell.border = BORDER;
      cell.alignment = c <= L || c === colIndex('weight') || c >= colIndex('target') && c <= colIndex('status') ? CENTER : WRAP;
    }
  }

  // 合计
  const totalRow = last + 1;
  ws.getCell(totalRow, 1).value = '合计';
  if (L > 1) ws.mergeCells(totalRow, 1, totalRow, L);
  const W = letter('weight');
  const S = letter('score');
  const hasLeaves = layout.rows.length > 0;
  ws.getCell(totalRow, colIndex('weight')).value = result.maxTotal;
  const sumFormula = `${hasLeaves ? `SUM(${S}${first}:${S}${last})` : '0'}${fundsScoreCell ? `+${fundsScoreCell}` : ''}`;
  const adjusted = result.adjustments.some((a) => a.applied);
  ws.getCell(totalRow, colIndex('score')).value = adjusted ? result.total : value(sumFormula, result.sum);
  ws.getCell(totalRow, colIndex('rate')).value = value(`IF(${W}${totalRow}=0,"",ROUND(${S}${totalRow}/${W}${totalRow},4))`, result.maxTotal === 0 ? '' : Number((result.total / result.maxTotal).toFixed(4)));
  ws.getCell(totalRow, colIndex('rate')).numFmt = '0.00%';
  if (adjusted) ws.getCell(totalRow, colIndex('reason')).value = result.adjustments.filter((a) => a.applied).map((a) => a.description).join('；');
  for (let c = 1; c <= lastCol; c++) {
    const cell = ws.getCell(totalRow, c);
    cell.border = BORDER;
    cell.font = { bold: true };
    cell.alignment = CENTER;
  }

  for (let d = 1; d <= L; d++) ws.getColumn(d).width = d === L ? 18 : 12;
  for (const f of FIELDS) ws.getColumn(colIndex(f)).width = FIELD_WIDTHS[f];
  ws.views = [{ state: 'frozen', xSplit: L, ySplit: headerRow, topLeftCell: `${columnLetter(L)}${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
  ws.pageSetup = {
    paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
    printTitlesRow: `${headerRow}:${headerRow}`,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };

  writeSummary(wb, evaluation, result, layout, { first, letterOfScore: S, totalCell: `'${SCORE_SHEET}'!${S}${totalRow}`, fundsScoreCell, value });

  const envelope: CarrierEnvelope = {
    version: 1, evaluation, sheet: SCORE_SHEET, leafRows,
    columns: { target: letter('target'), actual: letter('actual'), score: letter('score'), reason: letter('reason') },
  };
  const data = wb.addWorksheet(CARRIER_SHEET, { state: 'veryHidden' });
  encodeCarrier(envelope).forEach((chunk, i) => { data.getCell(i + 1, 1).value = chunk; });

  const buffer = await wb.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function writeSummary(
  wb: ExcelJSTypes.Workbook, evaluation: Evaluation, result: EvaluationResult, layout: SheetLayout,
  ref: { first: number; letterOfScore: string; totalCell: string; fundsScoreCell: string | null; value: (f: string, r: unknown) => ExcelJSTypes.CellFormulaValue },
): void {
  const ws = wb.addWorksheet(SUMMARY_SHEET);
  const { value } = ref;
  ws.mergeCells(1, 1, 1, 4);
  ws.getCell(1, 1).value = `${evaluation.meta.projectName || '项目'}得分情况表`;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.getCell(1, 1).alignment = CENTER;
  ['一级指标', '分值', '得分', '得分率'].forEach((h, i) => {
    const c = ws.getCell(2, i + 1);
    c.value = h;
    c.font = { bold: true };
  });
  let r = 3;
  const firstLevelRow = r;
  const S = ref.letterOfScore;
  evaluation.indicators.forEach((node, i) => {
    const res = result.levels[i];
    ws.getCell(r, 1).value = node.name;
    ws.getCell(r, 2).value = res?.weight ?? null;
    const span = layout.groups.find((g) => g.node === node);
    const leafIndex = layout.rows.findIndex((row) => row.leaf === node);
    const range = span ? `${S}${ref.first + span.first}:${S}${ref.first + span.last}` : leafIndex >= 0 ? `${S}${ref.first + leafIndex}` : null;
    ws.getCell(r, 3).value = range ? value(`SUM('${SCORE_SHEET}'!${range})`, res?.score ?? 0) : res?.score ?? null;
    ws.getCell(r, 4).value = value(`IF(OR(B${r}="",B${r}=0),"",ROUND(C${r}/B${r},4))`, res?.rate ?? '');
    ws.getCell(r, 4).numFmt = '0.00%';
    r++;
  });
  if (evaluation.funds && result.funds) {
    ws.getCell(r, 1).value = '项目资金';
    ws.getCell(r, 2).value = result.funds.weight;
    ws.getCell(r, 3).value = ref.fundsScoreCell ? value(`'${SCORE_SHEET}'!${ref.fundsScoreCell}`, result.funds.score ?? 0) : result.funds.score;
    ws.getCell(r, 4).value = value(`IF(OR(B${r}="",B${r}=0),"",ROUND(C${r}/B${r},4))`, result.funds.weight ? Number(((result.funds.score ?? 0) / result.funds.weight).toFixed(4)) : '');
    ws.getCell(r, 4).numFmt = '0.00%';
    r++;
  }
  const lastLevelRow = r - 1;
  const totalRow = r;
  ws.getCell(r, 1).value = '合计';
  ws.getCell(r, 2).value = value(`SUM(B${firstLevelRow}:B${lastLevelRow})`, result.maxTotal);
  const adjusted = result.adjustments.some((a) => a.applied);
  ws.getCell(r, 3).value = adjusted ? result.total : value(`SUM(C${firstLevelRow}:C${lastLevelRow})`, result.sum);
  ws.getCell(r, 4).value = value(`IF(B${r}=0,"",ROUND(C${r}/B${r},4))`, result.maxTotal ? Number((result.total / result.maxTotal).toFixed(4)) : '');
  ws.getCell(r, 4).numFmt = '0.00%';
  for (let c = 1; c <= 4; c++) ws.getCell(r, c).font = { bold: true };
  r++;
  ws.getCell(r, 1).value = '等级';
  ws.getCell(r, 3).value = value(gradeFormula(evaluation, `C${totalRow}`), result.grade);
  ws.getCell(r, 4).value = evaluation.settings.gradeScale.name;
  r += 2;
  ws.getCell(r, 1).value = '完成情况';
  ws.getCell(r, 1).font = { bold: true };
  r++;
  const counts: [string, number][] = [
    ['已完成', result.statusCounts.已完成], ['部分完成', result.statusCounts.部分完成], ['未完成', result.statusCounts.未完成], ['待评', result.statusCounts.pending],
  ];
  for (const [label, n] of counts) {
    ws.getCell(r, 1).value = label;
    ws.getCell(r, 2).value = n;
    r++;
  }
  for (let rr = 2; rr <= totalRow + 1; rr++) for (let c = 1; c <= 4; c++) {
    ws.getCell(rr, c).border = BORDER;
    ws.getCell(rr, c).alignment = c === 1 ? WRAP : CENTER;
  }
  ws.getColumn(1).width = 24;
  ws.getColumn(2).width = 10;
  ws.getColumn(3).width = 10;
  ws.getColumn(4).width = 28;
  ws.pageSetup = { paperSize: 9, orientation: 'landscape' };
}
