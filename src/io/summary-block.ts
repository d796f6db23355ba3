/**
 * The summary block some coded tables print above their first section (issue 9):
 *
 *   指标 | 1.项目决策类 | 2.项目过程类 | … | 合计分值
 *   权重 | 10%         | 20%         | … | 100%
 *   分值 | 9           | 17          | … | 89
 *
 * Its figures are stated figures, like a 小计 row's: each category's score becomes its 一级's
 * stated subtotal and the 合计 its stated total, so the engine says where they disagree with
 * the sum of the rows below. Nothing here is trusted over the rows.
 */
import { cellText, parseNumberCell, weightPoints, type Cell } from './cell-values.ts';
import type { BuildNode } from './build-node.ts';
import { columnLetter, importWarning, type ImportMessage } from './messages.ts';

export interface SummaryCategory {
  /** As the block prints it: "1.项目决策类". */
  label: string;
  /** The 一级 it names: "项目决策". */
  name: string;
  /** "B" */
  column: string;
  weight: number | null;
  score: number | null;
}

export interface SummaryBlock {
  /** 1-based row of the block's first line. */
  row: number;
  categories: SummaryCategory[];
  totalWeight: number | null;
  totalScore: number | null;
}

const LABELS = new Set(['指标', '一级指标', '指标类别', '评价指标', '类别', '指标名称', '评价维度']);
const WEIGHT_LABELS = new Set(['权重', '满分', '标准分', '标准分值', '权重(%)', '权重(分)']);
const SCORE_LABELS = new Set(['得分', '评分', '实际得分', '自评分', '评价得分', '得分(分)']);
const TOTAL_HEAD = /^(合计|总计|总分|合计分值|合计得分|总分值)$/;

const norm = (text: string): string => text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/[：:]$/, '');

/** "1.项目决策类", "一、决策类指标", "决策（15分）" → "项目决策" / "决策": what the block and a section title share. */
export function categoryName(text: string): string {
  return norm(text)
    .replace(/^(?:\d+|[一二三四五六七八九十]+)[.、．)]?/, '')
    .replace(/\(\d+(?:\.\d+)?(?:分|%)?\)$/, '')
    .replace(/(类指标|类|指标)$/, '');
}

interface Line { label: string; cells: readonly Cell[] }

/**
 * The block starting at row r (0-based), or null. Its first line is a label cell (指标) and at
 * least two category names; then one to three lines labelled 权重 / 分值 / 得分 with numbers under
 * the categories. 分值 is the score when a 权重 line states the weights (as this family prints
 * it), otherwise the weight.
 */
export function readSummaryBlock(rows: readonly (readonly Cell[])[], r: number, to: number): { block: SummaryBlock; lastRow: number } | null {
  const head = rows[r] ?? [];
  const filled = head.map((c, i) => ({ i, t: cellText(c) })).filter((x) => x.t !== '');
  const first = filled[0];
  if (!first || !LABELS.has(norm(first.t))) return null;
  const heads = filled.slice(1);
  if (heads.length < 2 || heads.some((h) => parseNumberCell(head[h.i]).kind === 'number')) return null;
  const lines: Line[] = [];
  let last = r;
  for (let k = r + 1; k < Math.min(to, r + 4); k++) {
    const row = rows[k] ?? [];
    const label = norm(cellText(row[first.i]));
    const known = WEIGHT_LABELS.has(label) || SCORE_LABELS.has(label) || label === '分值';
    if (!known || !heads.some((h) => parseNumberCell(row[h.i]).kind === 'number')) break;
    lines.push({ label, cells: row });
    last = k;
  }
  if (lines.length === 0) return null;
  const hasWeightLine = lines.some((l) => WEIGHT_LABELS.has(l.label));
  const weightLine = lines.find((l) => WEIGHT_LABELS.has(l.label)) ?? (hasWeightLine ? undefined : lines.find((l) => l.label === '分值' && lines.some((o) => SCORE_LABELS.has(o.label))));
  const scoreLine = lines.find((l) => SCORE_LABELS.has(l.label)) ?? (hasWeightLine ? lines.find((l) => l.label === '分值') : undefined);

  const weightOf = (cell: Cell | undefined): number | null => {
    const p = parseNumberCell(cell);
    return p.kind === 'number' ? weightPoints(p) : null;
  };
  const scoreOf = (cell: Cell | undefined): number | null => {
    const p = parseNumberCell(cell);
    return p.kind === 'number' && !p.percent ? p.value : null;
  };
  const totalHead = heads.find((h) => TOTAL_HEAD.test(norm(h.t)));
  const categories: SummaryCategory[] = heads.filter((h) => h !== totalHead).map((h) => ({
    label: h.t,
    name: categoryName(h.t),
    column: columnLetter(h.i),
    weight: weightLine ? weightOf(weightLine.cells[h.i]) : null,
    score: scoreLine ? scoreOf(scoreLine.cells[h.i]) : null,
  }));
  // Weights written as fractions of one (0.1, 0.2 … adding up to 1) are percents too.
  const ws = categories.map((c) => c.weight);
  const fractions = ws.every((w) => w !== null && w <= 1) && Math.abs(ws.reduce<number>((a, w) => a + (w ?? 0), 0) - 1) < 1e-9;
  if (fractions) for (const c of categories) c.weight = Number(((c.weight ?? 0) * 100).toPrecision(12));
  let totalWeight = totalHead && weightLine ? weightOf(weightLine.cells[totalHead.i]) : null;
  if (fractions && totalWeight !== null && totalWeight <= 1) totalWeight = Number((totalWeight * 100).toPrecision(12));
  return {
    block: {
      row: r + 1,
      categories,
      totalWeight,
      totalScore: totalHead && scoreLine ? scoreOf(scoreLine.cells[totalHead.i]) : null,
    },
    lastRow: last,
  };
}

const fig = (n: number): string => String(Number(n.toPrecision(12)));

/**
 * The block's figures onto the 一级 nodes, matched in order when the counts agree (else by name):
 * a category's score becomes its 一级's stated subtotal and 合计 the stated total, where the rows
 * state none, so the engine reports a sum that differs; where the rows state their own, the rows'
 * figure is kept and a warning names both. Returns the stated total.
 */
export function applySummary(roots: readonly BuildNode[], summary: SummaryBlock, statedTotal: number | null, at: { file: string; sheet: string }, warnings: ImportMessage[]): number | null {
  const where = `工作表“${at.sheet}”第 ${summary.row} 行的汇总表`;
  const warn = (text: string) => warnings.push(importWarning(`${where}${text}`, { ...at, row: summary.row }));
  const byOrder = summary.categories.length === roots.length;
  if (!byOrder) warn(`有 ${summary.categories.length} 项，表中有 ${roots.length} 个一级指标，按名称对应。`);
  for (const [i, cat] of summary.categories.entries()) {
    const root = byOrder ? roots[i] : roots.find((n) => categoryName(n.name) === cat.name);
    if (!root) {
      warn(`中的“${cat.label}”在表中没有对应的一级指标，其数字未导入。`);
      continue;
    }
    const rootName = categoryName(root.name);
    if (byOrder && rootName !== cat.name && !rootName.includes(cat.name) && !cat.name.includes(rootName)) {
      warn(`第 ${i + 1} 项“${cat.label}”与第 ${i + 1} 个一级指标“${root.name}”名称不同，已按顺序对应。`);
    }
    const weight = root.weightFromName ?? root.rowWeight;
    if (cat.weight !== null) {
      if (weight === null) root.rowWeight = cat.weight;
      else if (weight !== cat.weight) warn(`中“${cat.label}”的权重 ${fig(cat.weight)} 与“${root.name}”的分值 ${fig(weight)} 不一致，已采用后者。`);
    }
    if (cat.score !== null) {
      if (root.rowScore === null) root.rowScore = cat.score;
      else if (root.rowScore !== cat.score) warn(`中“${cat.label}”的分值 ${fig(cat.score)} 与表中“${root.name}”的小计 ${fig(root.rowScore)} 不一致，已按小计核对。`);
    }
  }
  if (summary.totalScore === null) return statedTotal;
  if (statedTotal === null) return summary.totalScore;
  if (statedTotal !== summary.totalScore) warn(`的合计分值 ${fig(summary.totalScore)} 与合计行的 ${fig(statedTotal)} 不一致，已按合计行核对。`);
  return statedTotal;
}
