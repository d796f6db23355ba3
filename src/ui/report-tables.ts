/**
 * The report view's tables as grids of cells (text + the figure behind it), from the domain's
 * report functions: what the view draws, what is copied to the clipboard and what goes to .xlsx.
 */
import type { CompletionTable, DeductionSummary, Evaluation, EvaluationResult, Id, LevelTable, ReportRow, ScoreSummary } from '../domain/index.ts';
import { completionTable, deductionSummary, levelTables, scoreSummary } from '../domain/index.ts';
import type { ReportCell, ReportGrid } from '../io/export-report-xlsx.ts';

export interface ReportData {
  summary: ScoreSummary;
  levels: LevelTable[];
  completion: CompletionTable;
  deductions: DeductionSummary;
}

export function reportData(evaluation: Evaluation, result: EvaluationResult, groups?: readonly Id[]): ReportData {
  return {
    summary: scoreSummary(evaluation, result),
    levels: levelTables(evaluation, result),
    completion: completionTable(evaluation, result, groups),
    deductions: deductionSummary(evaluation, result),
  };
}

const t = (text: string): ReportCell => ({ text });
const n = (text: string, value: number | null): ReportCell => ({ text, value });
const p = (text: string, value: number | null): ReportCell => ({ text, value, percent: true });
const figures = (r: ReportRow): ReportCell[] => [n(r.weightText, r.weight), n(r.scoreText, r.score), p(r.rateText, r.rate)];

export function summaryGrid(d: ReportData): ReportGrid {
  const s = d.summary;
  return {
    title: '绩效评价得分情况表',
    headers: ['一级指标', '指标分值', '评价得分', '得分率'],
    rows: [...s.rows, s.total].map((r) => [t(r.name), ...figures(r)]),
    notes: [`评价等级：${s.grade || '—'}`],
  };
}

export function levelGrid(table: LevelTable): ReportGrid {
  return {
    title: `“一级指标${table.level1.name}情况”得分情况表`,
    headers: ['项目', '总分', '得分', '得分率'],
    rows: table.rows.map((r) => [t(`${'　'.repeat(Math.min(Math.max(0, r.depth - 2), 6))}${r.ordinal}${r.name}`), ...figures(r)]),
    notes: [table.sentence],
  };
}

export function completionGrid(d: ReportData): ReportGrid {
  const c = d.completion;
  const counted = c.groups.filter((g) => g.counted).map((g) => g.name);
  return {
    title: '绩效指标完成情况表',
    headers: ['一级指标', '二级指标', '三级指标', '指标值', '实际完成值', '完成情况'],
    rows: c.rows.map((r) => [t(r.level1), t(r.level2), t(r.level3), t(r.target), t(r.actual), t(r.statusText)]),
    notes: [c.sentence, `统计范围：${counted.length ? counted.join('、') : '（未选择）'}下的三级指标。`],
  };
}

export function deductionGrid(d: ReportData): ReportGrid {
  return {
    title: '扣分汇总',
    headers: ['一级指标', '二级指标', '三级指标', '分值', '得分', '扣分', '扣分原因'],
    rows: d.deductions.rows.map((r) => [t(r.level1), t(r.group), t(r.name), t(r.weightText), t(r.scoreText), n(r.lostText, r.lost), t(r.reason)]),
    notes: [`共扣 ${d.deductions.totalText} 分${d.deductions.pendingLeaves ? `；另有 ${d.deductions.pendingLeaves} 项未评分` : ''}。`],
  };
}

export function deductionByLevelGrid(d: ReportData): ReportGrid {
  return {
    title: '各一级指标扣分',
    headers: ['一级指标', '扣分'],
    rows: [...d.deductions.byLevel.map((x) => [t(x.name), n(x.lostText, x.lost)]), [t('合计'), n(d.deductions.totalText, d.deductions.total)]],
  };
}

export function allGrids(d: ReportData): ReportGrid[] {
  return [summaryGrid(d), completionGrid(d), ...d.levels.map(levelGrid), deductionByLevelGrid(d), deductionGrid(d)];
}

/** Tab-separated text for Excel: a tab or line break inside a cell becomes a space. */
export function gridTsv(grid: ReportGrid): string {
  const line = (cells: string[]) => cells.map((c) => c.replace(/[\t\r\n]+/g, ' ')).join('\t');
  return [line(grid.headers), ...grid.rows.map((r) => line(r.map((c) => c.text)))].join('\r\n');
}

/** The grid as an HTML table for Word/WPS, built with DOM APIs: every text is a text node. */
export function gridHtml(grid: ReportGrid, doc: Document = document): string {
  const table = doc.createElement('table');
  table.setAttribute('border', '1');
  table.setAttribute('cellspacing', '0');
  table.setAttribute('style', 'border-collapse:collapse;font-family:宋体,SimSun,serif;font-size:10.5pt');
  const caption = doc.createElement('caption');
  caption.textContent = grid.title;
  table.append(caption);
  const thead = doc.createElement('thead');
  const head = doc.createElement('tr');
  for (const h of grid.headers) {
    const th = doc.createElement('th');
    th.textContent = h;
    th.setAttribute('style', 'border:1px solid #000;padding:2px 6px;background:#e7e6e6');
    head.append(th);
  }
  thead.append(head);
  const tbody = doc.createElement('tbody');
  for (const row of grid.rows) {
    const tr = doc.createElement('tr');
    for (const c of row) {
      const td = doc.createElement('td');
      td.textContent = c.text;
      td.setAttribute('style', `border:1px solid #000;padding:2px 6px${c.value !== undefined ? ';text-align:center' : ''}`);
      tr.append(td);
    }
    tbody.append(tr);
  }
  table.append(thead, tbody);
  return table.outerHTML;
}
