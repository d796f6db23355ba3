/**
 * The blocks above an indicator table that more than one layout prints: the 2022 funds block
 * (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分, 执行率 and 得分 as formulas on the
 * amounts) and the 年度总体目标 block (预期目标 | 实际完成情况).
 */
import { finite, fundsFormulas } from './export-formula.ts';
import type { ExportContext } from './export-rows.ts';
import type { SheetWriter } from './export-sheet.ts';
import { STYLES } from './export-style.ts';

/**
 * Columns of a block that spans the sheet: `parts` consecutive ranges [first, last] covering
 * columns from..to as evenly as their count allows.
 */
export function splitColumns(from: number, to: number, parts: number): [number, number][] {
  const n = Math.max(parts, 1);
  const width = to - from + 1;
  const out: [number, number][] = [];
  let start = from;
  for (let i = 0; i < n; i++) {
    const size = Math.max(1, Math.round((width * (i + 1)) / n) - Math.round((width * i) / n));
    const end = i === n - 1 ? Math.max(start, to) : Math.min(to, start + size - 1);
    out.push([start, end]);
    start = end + 1;
  }
  return out;
}

/**
 * Consecutive column ranges, one per slot, each at least its minimum width where the columns
 * allow; the last slot takes the rest. Past the sheet's last column, one column a slot.
 */
export function slotsByWidth(widths: readonly number[], minimums: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  let c = 1;
  const n = widths.length;
  minimums.forEach((min, i) => {
    const slotsLeft = minimums.length - i - 1;
    const start = c;
    let width = widths[c - 1] ?? 9;
    c++;
    if (i === minimums.length - 1) {
      out.push([start, Math.max(start, n)]);
      return;
    }
    while (width < min && n - (c - 1) > slotsLeft) {
      width += widths[c - 1] ?? 9;
      c++;
    }
    out.push([start, c - 1]);
  });
  return out;
}

/**
 * The vertical funds block from `row`: a label merged down the left, then a header row and the
 * 年度资金总额 row. Returns the next free row and the funds score cell (null: written as a value).
 */
export function writeFundsBlock(w: SheetWriter, ctx: ExportContext, row: number, label: string): { next: number; scoreCell: string | null } {
  const f = ctx.evaluation.funds;
  if (!f) return { next: row, scoreCell: null };
  // Label | 年度资金总额 | six figures: eight slots over the sheet's columns, each wide enough
  // for what it shows (an amount of 2,055,983.00 needs 12 characters, or Excel prints ####).
  const slots = slotsByWidth(w.widths, [6, 8, 12, 12, 12, 5, 8, 6]);
  const put = (r: number, slot: number, value: string | number | null | ReturnType<ExportContext['formula']>, style: Parameters<SheetWriter['put']>[3]) => {
    const [a, b] = slots[slot] as [number, number];
    w.put(r, a, value, style, { cols: b - a + 1 });
  };
  const [la, lb] = slots[0] as [number, number];
  w.put(row, la, `${label}\n（${f.unit || '元'}）`, STYLES.key, { rows: 2, cols: lb - la + 1 });
  put(row, 1, null, STYLES.key);
  ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].forEach((h, i) => put(row, i + 2, h, STYLES.key));
  const v = row + 1;
  const cell = (slot: number) => w.address(v, (slots[slot] as [number, number])[0]);
  put(v, 1, '年度资金总额', STYLES.text);
  put(v, 2, finite(f.initialBudget), STYLES.amount);
  put(v, 3, finite(f.annualBudget), STYLES.amount);
  put(v, 4, finite(f.executed), STYLES.amount);
  put(v, 5, finite(f.weight), STYLES.center);
  const rate = ctx.result.funds?.rate ?? null;
  const score = ctx.result.funds?.score ?? null;
  let scoreCell: string | null = null;
  if (rate !== null && finite(f.annualBudget) !== null && finite(f.executed) !== null) {
    const formulas = fundsFormulas(ctx.evaluation, { annual: cell(3), executed: cell(4), weight: cell(5), rate: cell(6) });
    put(v, 6, ctx.formula(formulas.rate, rate), STYLES.percent);
    put(v, 7, formulas.score ? ctx.formula(formulas.score, score) : score, STYLES.center);
    if (formulas.score) scoreCell = cell(7);
  } else {
    put(v, 6, rate, STYLES.percent);
    put(v, 7, score, STYLES.center);
  }
  return { next: row + 2, scoreCell };
}

/** 年度总体目标 | 预期目标 | 实际完成情况, the texts below; from `row`, returns the next free row. */
export function writeGoalBlock(w: SheetWriter, ctx: ExportContext, row: number): number {
  const meta = ctx.evaluation.meta;
  const total = Math.max(w.columnCount, 3);
  // The label over the first quarter of the columns, the two texts halving the rest.
  const labelEnd = Math.min(total - 2, (splitColumns(1, total, 4)[0] as [number, number])[1]);
  const halves = splitColumns(labelEnd + 1, total, 2);
  const [e1, e2] = halves[0] as [number, number];
  const [a1, a2] = halves[1] as [number, number];
  w.put(row, 1, '年度总体目标', STYLES.key, { rows: 2, cols: labelEnd });
  w.put(row, e1, '预期目标', STYLES.key, { cols: e2 - e1 + 1 });
  w.put(row, a1, '实际完成情况', STYLES.key, { cols: a2 - a1 + 1 });
  w.put(row + 1, e1, meta.goalExpected ?? null, STYLES.text, { cols: e2 - e1 + 1 });
  w.put(row + 1, a1, meta.goalAchieved ?? null, STYLES.text, { cols: a2 - a1 + 1 });
  return row + 2;
}
