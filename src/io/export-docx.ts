/**
 * The Word annex (.docx): the 评分表 as a Word table (一级/二级 merged down their leaves, borders,
 * the header row repeated on every page, A4 landscape), then the report tables (表2, each 一级's
 * table, 绩效指标完成情况表 with its sentence, 扣分汇总) and the chart as a picture.
 *
 * The `docx` package is loaded on the first export only. The chart arrives as PNG bytes (the page
 * draws its SVG to a canvas); without them (Node, the bench) the annex has no picture.
 * Text is written as text runs: a cell starting with "=" stays text, and characters XML cannot
 * carry (control characters, lone surrogates) are dropped rather than corrupting the file.
 */
import type { Evaluation, EvaluationResult, Id, ScoringTable, ScoringTextColumn } from '../domain/index.ts';
import {
  completionTable, deductionSummary, evaluate, levelTables, scoreSummary, scoringTable,
} from '../domain/index.ts';

type Docx = typeof import('docx');
type Paragraph = import('docx').Paragraph;
type Table = import('docx').Table;

export interface DocxOptions {
  /** The result of `evaluation` (computed when absent). */
  result?: EvaluationResult;
  /** The chart as PNG bytes, with its size in CSS pixels. */
  chart?: { png: Uint8Array; width: number; height: number } | null;
  /** The 一级 counted in 绩效指标完成情况 (default: the engine's default). */
  completionGroups?: readonly Id[];
}

// A4 landscape, 1.8 cm margins: 29.7 cm − 3.6 cm of text width, in twips.
const TEXT_WIDTH = 16838 - 2 * 1020;
// Word keeps a row that may not split whole even when it is taller than a page, cutting it
// off; past this much text a row is allowed to break.
const UNSPLIT_LIMIT = 600;

/** Text as XML 1.0 can carry it: no C0 control characters but tab/newline, no lone surrogates. */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '');
}

const SONG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '宋体', hint: 'eastAsia' };
const FANG = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '仿宋', hint: 'eastAsia' };
const HEI = { ascii: 'Arial', hAnsi: 'Arial', cs: 'Arial', eastAsia: '黑体', hint: 'eastAsia' };

class Writer {
  constructor(private readonly d: Docx) {}

  runs(text: string, opts: { bold?: boolean; size?: number; font?: typeof SONG } = {}) {
    const lines = xmlSafe(text).split(/\r\n|\r|\n/);
    return lines.map((line, i) => new this.d.TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: opts.bold, size: opts.size, font: opts.font }));
  }

  para(text: string, opts: { bold?: boolean; size?: number; align?: 'left' | 'center' | 'right'; font?: typeof SONG; before?: number; after?: number; keepNext?: boolean } = {}): Paragraph {
    const { AlignmentType } = this.d;
    const align = opts.align === 'center' ? AlignmentType.CENTER : opts.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT;
    return new this.d.Paragraph({
      alignment: align, keepNext: opts.keepNext, spacing: { before: opts.before ?? 0, after: opts.after ?? 0 },
      children: this.runs(text, opts),
    });
  }

  heading(text: string, newPage = false): Paragraph {
    const p = this.para(text, { bold: true, size: 24, font: HEI, before: 240, after: 120, keepNext: true });
    return newPage ? new this.d.Paragraph({ pageBreakBefore: true, keepNext: true, spacing: { after: 120 }, children: this.runs(text, { bold: true, size: 24, font: HEI }) }) : p;
  }

  caption(text: string): Paragraph {
    return this.para(text, { bold: true, size: 21, align: 'center', font: HEI, before: 120, after: 60, keepNext: true });
  }

  body(text: string): Paragraph {
    return this.para(text, { size: 24, font: FANG, before: 120, after: 120 });
  }

  /** A table of ready-made rows (see {@link tableXml}) as a body element docx writes as it is. */
  table(widths: number[], rows: Xml[]): Table {
    return rawElement(this.d, tableXml(widths, rows));
  }

  /** A simple table: a header row repeated on each page, then the rows. */
  grid(headers: string[], shares: number[], body: string[][], align: Align[] = []): Table {
    const widths = widthsOf(shares, TEXT_WIDTH);
    const head = rowXml(headers.map((h, i) => cellXml(h, { width: widths[i], bold: true, align: 'center', shade: true })), { header: true, unsplit: true });
    const rows = body.map((cells) => rowXml(cells.map((c, i) => cellXml(c, { width: widths[i], align: align[i] })), { unsplit: cells.join('').length < UNSPLIT_LIMIT }));
    return this.table(widths, [head, ...rows]);
  }
}

/*
 * Tables are written as WordprocessingML objects for docx's serialiser rather than as docx's
 * Table/TableRow/TableCell: those build a dozen property objects per cell, and a 5,000-leaf
 * annex (some 150,000 cells with the report tables) then took 10–30 s, mostly in the garbage
 * collector. The serialiser still escapes every text, so user text can only ever be text.
 */
type Xml = Record<string, unknown>;
type Align = 'left' | 'center' | 'right';

const attr = (a: Record<string, string | number>) => ({ _attr: a });
const LINE = attr({ 'w:val': 'single', 'w:sz': 4, 'w:space': 0, 'w:color': '000000' });
const PRESERVE = attr({ 'xml:space': 'preserve' });
const STYLE_CENTER = { 'w:pPr': [{ 'w:pStyle': attr({ 'w:val': 'CellCenter' }) }] };
const BOLD = { 'w:rPr': [{ 'w:b': {} }, { 'w:bCs': {} }] };

interface CellOptions { width?: number; bold?: boolean; align?: Align; vMerge?: 'restart' | 'continue'; columnSpan?: number; shade?: boolean }

function cellXml(text: string, o: CellOptions = {}): Xml {
  const pr: Xml[] = [];
  // The grid (w:tblGrid, fixed layout) gives each column its width; only spans state theirs.
  if (o.width && (o.vMerge || (o.columnSpan ?? 1) > 1)) pr.push({ 'w:tcW': attr({ 'w:w': o.width, 'w:type': 'dxa' }) });
  if (o.columnSpan && o.columnSpan > 1) pr.push({ 'w:gridSpan': attr({ 'w:val': o.columnSpan }) });
  if (o.vMerge === 'restart') pr.push({ 'w:vMerge': attr({ 'w:val': 'restart' }) });
  else if (o.vMerge === 'continue') pr.push({ 'w:vMerge': {} });
  if (o.shade) pr.push({ 'w:shd': attr({ 'w:val': 'clear', 'w:color': 'auto', 'w:fill': 'E7E6E6' }) });
  if (o.vMerge || o.shade) pr.push({ 'w:vAlign': attr({ 'w:val': 'center' }) });
  // Left-aligned cell text is the document default (宋体 9 pt, no spacing): no properties to write.
  const paragraph: unknown[] = o.align === 'center' ? [STYLE_CENTER] : [];
  const clean = o.vMerge === 'continue' ? '' : xmlSafe(text);
  if (clean !== '') {
    const run: unknown[] = o.bold ? [BOLD] : [];
    clean.split(/\r\n|\r|\n/).forEach((line, i) => {
      if (i > 0) run.push({ 'w:br': {} });
      run.push({ 'w:t': [PRESERVE, line] });
    });
    paragraph.push({ 'w:r': run });
  }
  return { 'w:tc': pr.length ? [{ 'w:tcPr': pr }, { 'w:p': paragraph }] : [{ 'w:p': paragraph }] };
}

function rowXml(cells: Xml[], o: { header?: boolean; unsplit?: boolean } = {}): Xml {
  const pr: Xml[] = [];
  if (o.unsplit) pr.push({ 'w:cantSplit': {} });
  if (o.header) pr.push({ 'w:tblHeader': {} });
  return { 'w:tr': pr.length ? [{ 'w:trPr': pr }, ...cells] : cells };
}

function tableXml(widths: number[], rows: Xml[]): Xml {
  const mar = (w: number) => attr({ 'w:w': w, 'w:type': 'dxa' });
  return {
    'w:tbl': [
      { 'w:tblPr': [
        { 'w:tblW': attr({ 'w:w': widths.reduce((s, w) => s + w, 0), 'w:type': 'dxa' }) },
        { 'w:tblBorders': [{ 'w:top': LINE }, { 'w:left': LINE }, { 'w:bottom': LINE }, { 'w:right': LINE }, { 'w:insideH': LINE }, { 'w:insideV': LINE }] },
        { 'w:tblLayout': attr({ 'w:type': 'fixed' }) },
        { 'w:tblCellMar': [{ 'w:top': mar(30) }, { 'w:left': mar(60) }, { 'w:bottom': mar(30) }, { 'w:right': mar(60) }] },
      ] },
      { 'w:tblGrid': widths.map((w) => ({ 'w:gridCol': attr({ 'w:w': w }) })) },
      ...rows,
    ],
  };
}

/** A body element whose XML is `xml` as given (docx's serialiser escapes its text). */
function rawElement(d: Docx, xml: Xml): Table {
  class Raw extends d.BaseXmlComponent {
    constructor() {
      super('w:tbl');
    }
    prepForXml() {
      return xml as ReturnType<InstanceType<typeof d.BaseXmlComponent>['prepForXml']>;
    }
  }
  return new Raw() as unknown as Table;
}

function widthsOf(shares: readonly number[], total: number): number[] {
  const sum = shares.reduce((s, x) => s + x, 0) || 1;
  const widths = shares.map((s) => Math.floor((s / sum) * total));
  widths[widths.length - 1]! += total - widths.reduce((s, w) => s + w, 0);
  return widths;
}

const TEXT_HEADERS: Record<ScoringTextColumn, [string, number]> = {
  explanation: ['指标解释', 2.4], criteria: ['评分标准', 3.2], target: ['指标值', 1.1], actual: ['实际完成值', 1.1], reason: ['扣分原因', 3],
};
const LEVEL_NAMES = ['一级指标', '二级指标', '三级指标'];

function scoringTableDocx(w: Writer, table: ScoringTable, result: EvaluationResult): Table {
  const hasStatus = table.rows.some((r) => r.statusText);
  const textCols = table.usedColumns.filter((k) => k !== 'reason');
  const hasReason = table.usedColumns.includes('reason');
  const headers = [
    ...Array.from({ length: table.levelColumns }, (_, i) => (i === table.levelColumns - 1 && table.depth > table.levelColumns ? `${LEVEL_NAMES[i]}及以下` : LEVEL_NAMES[i]!)),
    '分值', ...textCols.map((k) => TEXT_HEADERS[k][0]), ...(table.hasSelfScores ? ['自评分', '评价得分', '差异'] : ['得分']), '得分率',
    ...(hasStatus ? ['完成情况'] : []), ...(hasReason ? ['扣分原因'] : []),
  ];
  const shares = [
    ...Array.from({ length: table.levelColumns }, (_, i) => (i === table.levelColumns - 1 ? 1.6 : 1.1)),
    0.55, ...textCols.map((k) => TEXT_HEADERS[k][1]), ...(table.hasSelfScores ? [0.6, 0.6, 0.6] : [0.6]), 0.75,
    ...(hasStatus ? [0.9] : []), ...(hasReason ? [TEXT_HEADERS.reason[1]] : []),
  ];
  const widths = widthsOf(shares, TEXT_WIDTH);
  const rows: Xml[] = [rowXml(headers.map((h, i) => cellXml(h, { width: widths[i], bold: true, align: 'center', shade: true })), { header: true, unsplit: true })];
  // A group cell starts a vertical merge in its first row and continues it in the rows below.
  const at = new Map<string, { group: (typeof table.groups)[number]; first: boolean }>();
  for (const g of table.groups) for (let r = g.first; r <= g.last; r++) at.set(`${r}:${g.column}`, { group: g, first: r === g.first });
  table.rows.forEach((row, index) => {
    const cells: Xml[] = [];
    let length = 0;
    for (let col = 0; col < table.levelColumns; col++) {
      const hit = at.get(`${index}:${col}`);
      if (hit) {
        const text = hit.first ? `${hit.group.label}${hit.group.scoreText ? `\n得分 ${hit.group.scoreText}` : ''}` : '';
        length += text.length;
        cells.push(cellXml(text, { width: widths[col], align: 'center', vMerge: hit.first ? 'restart' : 'continue' }));
      } else {
        const text = row.levels[col] ?? '';
        length += text.length;
        cells.push(cellXml(text, { width: widths[col] }));
      }
    }
    const values: [string, Align][] = [
      [row.weightText, 'center'], ...textCols.map((k): [string, Align] => [row[k], k === 'target' || k === 'actual' ? 'center' : 'left']),
      ...(table.hasSelfScores ? [[row.selfText, 'center'], [row.scoreText, 'center'], [row.differenceText, 'center']] as [string, Align][] : [[row.scoreText, 'center'] as [string, Align]]),
      [row.rateText, 'center'], ...(hasStatus ? [[row.statusText, 'center'] as [string, Align]] : []), ...(hasReason ? [[row.reason, 'left'] as [string, Align]] : []),
    ];
    values.forEach(([text, align], i) => {
      length += text.length;
      cells.push(cellXml(text, { width: widths[table.levelColumns + i], align }));
    });
    rows.push(rowXml(cells, { unsplit: length < UNSPLIT_LIMIT }));
  });
  // 合计 | 满分 | (the text columns) | 总分 | 等级 over the rest.
  const span = table.levelColumns;
  const nText = textCols.length;
  const sum = (from: number, to: number) => widths.slice(from, to).reduce((s, x) => s + x, 0);
  const scoreAt = span + 1 + nText;
  rows.push(rowXml([
    cellXml('合计', { width: sum(0, span), bold: true, align: 'center', columnSpan: span }),
    cellXml(String(result.maxTotal), { width: widths[span], bold: true, align: 'center' }),
    ...(nText ? [cellXml('', { width: sum(span + 1, scoreAt), columnSpan: nText })] : []),
    cellXml(result.totalText, { width: widths[scoreAt], bold: true, align: 'center' }),
    cellXml(result.grade ? `等级：${result.grade}` : '', { width: sum(scoreAt + 1, widths.length), bold: true, columnSpan: widths.length - scoreAt - 1 }),
  ], { unsplit: true }));
  return w.table(widths, rows);
}

/** The annex as .docx bytes. */
export async function exportDocx(evaluation: Evaluation, options: DocxOptions = {}): Promise<Uint8Array> {
  const d = await import('docx');
  const w = new Writer(d);
  const result = options.result ?? evaluate(evaluation);
  const name = evaluation.meta.projectName.trim() || '绩效评价';
  const year = evaluation.meta.year.trim();
  const table = scoringTable(evaluation, result);
  const summary = scoreSummary(evaluation, result);
  const levels = levelTables(evaluation, result);
  const completion = completionTable(evaluation, result, options.completionGroups);
  const deductions = deductionSummary(evaluation, result);
  const grade = summary.grade || '—';

  const children: (Paragraph | Table)[] = [
    w.para(`${name}${year ? `（${year} 年度）` : ''}`, { bold: true, size: 32, align: 'center', font: HEI, after: 80 }),
    w.para('绩效评价评分表', { bold: true, size: 28, align: 'center', font: HEI, after: 160 }),
    w.body(`总分 ${result.totalText} 分（满分 ${result.maxTotal} 分），评价等级为“${grade}”。${summary.pendingLeaves ? `尚有 ${summary.pendingLeaves} 项三级指标未评分，总分不完整。` : ''}`),
    scoringTableDocx(w, table, result),

    w.heading('一、绩效评价得分情况表', true),
    w.body(`本项目绩效评价得分 ${result.totalText} 分，评价等级为“${grade}”。`),
    w.caption('绩效评价得分情况表'),
    w.grid(['一级指标', '指标分值', '评价得分', '得分率'], [3, 1, 1, 1],
      [...summary.rows, summary.total].map((r) => [r.name, r.weightText, r.scoreText, r.rateText]), ['left', 'center', 'center', 'center']),

    w.heading('二、绩效目标实现情况'),
    w.body(`根据评价情况，${completion.sentence}`),
    w.body(`统计范围：${completion.groups.filter((g) => g.counted).map((g) => g.name).join('、') || '（未选择）'}下的三级指标。`),
    w.caption('绩效指标完成情况表'),
    w.grid(['一级指标', '二级指标', '三级指标', '指标值', '实际完成值', '完成情况'], [1, 1.4, 2.4, 1.4, 1.6, 1],
      completion.rows.map((r) => [r.level1, r.level2, r.level3, r.target, r.actual, r.statusText]), ['left', 'left', 'left', 'center', 'center', 'center']),

    w.heading('三、各一级指标得分情况'),
  ];
  for (const t of levels) {
    children.push(w.body(`${t.level1.name}：${t.sentence}`));
    children.push(w.caption(`“一级指标${t.level1.name}情况”得分情况表`));
    children.push(w.grid(['项目', '总分', '得分', '得分率'], [3, 1, 1, 1],
      t.rows.map((r) => [`${'　'.repeat(Math.min(Math.max(0, r.depth - 2), 6))}${r.ordinal}${r.name}`, r.weightText, r.scoreText, r.rateText]),
      ['left', 'center', 'center', 'center']));
  }
  children.push(
    w.heading('四、扣分汇总'),
    w.body(`共扣 ${deductions.totalText} 分（满分 ${result.maxTotal} 分，得分 ${result.totalText} 分）${deductions.pendingLeaves ? `；另有 ${deductions.pendingLeaves} 项未评分` : ''}。`),
    w.caption('各一级指标扣分'),
    w.grid(['一级指标', '扣分'], [3, 1], [...deductions.byLevel.map((x) => [x.name, x.lostText]), ['合计', deductions.totalText]], ['left', 'center']),
    w.caption('扣分明细（按扣分从多到少）'),
    w.grid(['一级指标', '二级指标', '三级指标', '分值', '得分', '扣分', '扣分原因'], [1, 1.3, 2, 0.6, 0.6, 0.6, 4.4],
      deductions.rows.map((r) => [r.level1, r.group, r.name, r.weightText, r.scoreText, r.lostText, r.reason]), ['left', 'left', 'left', 'center', 'center', 'center', 'left']),
  );
  if (options.chart) {
    const { png, width, height } = options.chart;
    // Fit the text width (about 980 px at 96 dpi) and keep the aspect ratio.
    const scale = Math.min(1, 960 / Math.max(1, width));
    children.push(
      w.heading('五、得分率图'),
      new d.Paragraph({
        alignment: d.AlignmentType.CENTER,
        children: [new d.ImageRun({ type: 'png', data: png, transformation: { width: Math.round(width * scale), height: Math.round(height * scale) }, altText: { name: '得分率图', title: '得分率图', description: '各一级、二级指标得分率及完成情况' } })],
      }),
    );
  }

  const footer = new d.Footer({
    children: [new d.Paragraph({
      alignment: d.AlignmentType.CENTER,
      children: [new d.TextRun({ children: ['第 ', d.PageNumber.CURRENT, ' 页 共 ', d.PageNumber.TOTAL_PAGES, ' 页'], size: 18, font: SONG })],
    })],
  });
  const header = new d.Header({ children: [w.para(`${name}　绩效评价评分表`, { size: 18, align: 'right', font: SONG })] });
  const doc = new d.Document({
    creator: 'Jixiao 绩效评价工作台',
    title: `${name}绩效评价评分表`,
    styles: {
      // The default is the table text, the bulk of the document; other paragraphs set their own.
      default: { document: { run: { font: SONG, size: 18, language: { value: 'zh-CN', eastAsia: 'zh-CN' } }, paragraph: { spacing: { before: 0, after: 0 } } } },
      paragraphStyles: [
        { id: 'Cell', name: '表格文字', basedOn: 'Normal', run: { font: SONG, size: 18 }, paragraph: { spacing: { before: 0, after: 0 } } },
        { id: 'CellCenter', name: '表格文字居中', basedOn: 'Cell', paragraph: { alignment: d.AlignmentType.CENTER } },
      ],
    },
    sections: [{
      properties: {
        page: { size: { orientation: d.PageOrientation.LANDSCAPE }, margin: { top: 1020, bottom: 1020, left: 1020, right: 1020, header: 500, footer: 500 } },
      },
      headers: { default: header },
      footers: { default: footer },
      children,
    }],
  });
  return d.Packer.pack(doc, 'uint8array');
}
