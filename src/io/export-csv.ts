/**
 * The evaluation as CSV: the metadata lines, then one row per leaf with the names of its
 * levels (groups with their weights, "决策 (15分)", so Jixiao reads them back), then 合计.
 * UTF-8 with BOM, which Excel and WPS need to show Chinese; formula-looking text guarded.
 */
import { cleanText, evaluate, type Evaluation } from '../domain/index.ts';
import { layoutOf, levelHeader, nameWithWeight } from './export-layout.ts';
import { guardCsvText } from './formula-safety.ts';

function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // Control characters are no text (import and entry drop them too); a NUL would make the file binary.
  const text = guardCsvText(cleanText(value));
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportCsvText(evaluation: Evaluation): string {
  const result = evaluate(evaluation);
  const layout = layoutOf(evaluation);
  const lines: string[] = [];
  const meta = evaluation.meta;
  for (const [k, v] of [['项目名称', meta.projectName], ['主管部门', meta.department], ['实施单位', meta.implementer], ['评价年度', meta.year], ['评价类型', meta.type], ['评价机构', meta.evaluator]] as const) {
    lines.push([field(`${k}：`), field(v)].join(','));
  }
  const f = evaluation.funds;
  if (f) {
    lines.push(['项目资金（' + (f.unit || '元') + '）', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].map(field).join(','));
    lines.push([field('年度资金总额'), field(f.initialBudget), field(f.annualBudget), field(f.executed), field(f.weight), field(result.funds?.rateText ?? ''), field(result.funds?.score ?? null)].join(','));
  }
  if (meta.goalExpected || meta.goalAchieved) {
    lines.push([field('年度总体目标'), field('预期目标'), field('实际完成情况')].join(','));
    lines.push(['', field(meta.goalExpected ?? ''), field(meta.goalAchieved ?? '')].join(','));
  }
  lines.push('');
  const levels = Array.from({ length: layout.depth }, (_, i) => levelHeader(i + 1));
  lines.push([...levels, '分值', '指标解释', '指标说明', '评分标准', '指标值', '实际完成值', '得分', '得分率', '完成情况', '扣分原因'].map(field).join(','));
  for (const { leaf, path } of layout.rows) {
    const node = result.nodes.get(leaf.id);
    const names = levels.map((_, d) => {
      const n = path[d];
      if (!n) return '';
      return n === leaf ? n.name : nameWithWeight(n);
    });
    lines.push([
      ...names.map(field), field(leaf.weight), field(leaf.explanation), field(leaf.guidance), field(leaf.criteria),
      field(leaf.target), field(leaf.actual), field(node?.score ?? null), field(node?.rateText ?? ''), field(node?.status ?? ''), field(leaf.reason),
    ].join(','));
  }
  lines.push([field('合计'), ...levels.slice(1).map(() => ''), field(result.maxTotal), '', '', '', '', '', field(result.total), '', '', ''].join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function exportCsv(evaluation: Evaluation): Uint8Array {
  return new TextEncoder().encode(`\ufeff${exportCsvText(evaluation)}`);
}
