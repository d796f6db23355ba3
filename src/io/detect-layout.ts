/**
 * Finds the indicator tables in cell grids: the header row (by the synonyms of
 * header-synonyms.ts), where each table ends (合计/总分, the next header), and the
 * key/value, funds and goal blocks above it. Several tables per sheet and one per sheet.
 */
import type { EvaluationType, FundsBlock } from '../domain/index.ts';
import { cellText, parseNumberCell, isPageFurniture, isTotalLabel, toHalfWidth, type Cell } from './cell-values.ts';
import { LEVEL_HEADERS, matchHeader, normaliseHeader, type ColumnField } from './header-synonyms.ts';
import type { ColumnAssignment, DetectedMeta, DetectedTable } from './layout.ts';
import { IMPORT_LIMITS } from './limits.ts';
import { columnLetter, importWarning, type ImportMessage } from './messages.ts';
import type { SheetGrid } from './read-workbook.ts';
import { readSummaryBlock, type SummaryBlock } from './summary-block.ts';

/** The header row's columns, or null when the row is not a header. */
export function headerColumns(row: readonly Cell[]): ColumnAssignment[] | null {
  const columns: ColumnAssignment[] = [];
  let matched = 0;
  let hasLevel = false;
  let hasFigure = false;
  for (let c = 0; c < row.length; c++) {
    const header = cellText(row[c]);
    if (header === '') continue;
    const m = matchHeader(header);
    const field: ColumnField = m ? m.field : 'ignore';
    if (m) matched++;
    if (field === 'level') hasLevel = true;
    if (field === 'weight' || field === 'score') hasFigure = true;
    columns.push({ column: c, letter: columnLetter(c), header, field });
  }
  if (matched < 3 || !hasLevel || !hasFigure) return null;
  // Beside 一级/二级/三级 columns, 指标内容 (附件1) describes the indicator; it is not a fourth level.
  const numbered = columns.find((c) => c.field === 'level' && typeof LEVEL_HEADERS.get(normaliseHeader(c.header)) === 'number');
  if (numbered) {
    for (const c of columns) if (c.field === 'level' && normaliseHeader(c.header) === '指标内容') c.field = 'explanation';
    // The 自评表's 绩效指标 left of 一级指标 labels the block (merged down its side); it names no level.
    for (const c of columns) if (c.field === 'level' && c.column < numbered.column && LEVEL_HEADERS.get(normaliseHeader(c.header)) === 'next') c.field = 'ignore';
  }
  return resolveDuplicates(columns);
}

/**
 * One column per field except levels. "分值" beside another weight column and no score
 * column is the score (003-style tables); other repeats are not imported.
 */
function resolveDuplicates(columns: ColumnAssignment[]): ColumnAssignment[] {
  const weights = columns.filter((c) => c.field === 'weight');
  if (weights.length > 1 && !columns.some((c) => c.field === 'score')) {
    const asScore = weights.find((c) => normaliseHeader(c.header) === '分值') ?? weights[weights.length - 1];
    if (asScore) asScore.field = 'score';
  }
  const seen = new Set<ColumnField>();
  for (const col of columns) {
    if (col.field === 'level' || col.field === 'ignore') continue;
    if (seen.has(col.field)) col.field = 'ignore';
    else seen.add(col.field);
  }
  return columns;
}

export const headerSignature = (row: readonly Cell[]): string => row.map((c) => normaliseHeader(cellText(c))).join('\u0001');

/** The lower row of a two-row header: header words only, no figures. */
function isHeaderContinuation(row: readonly Cell[]): boolean {
  let words = 0;
  for (const cell of row) {
    const t = cellText(cell);
    if (t === '') continue;
    if (parseNumberCell(cell).kind === 'number' || !matchHeader(t)) return false;
    words++;
  }
  return words > 0;
}

/**
 * Two header rows read as one: where the lower row names the column (一级指标 under a merged
 * 评价指标, 得分 under a merged 评分) it wins; where it is blank (指标分值 merged down over both
 * rows keeps its text in the upper cell) the upper row names it.
 */
export function combineHeaderRows(upper: readonly Cell[], lower: readonly Cell[]): Cell[] {
  const out: Cell[] = [];
  for (let c = 0; c < Math.max(upper.length, lower.length); c++) {
    const below = cellText(lower[c]);
    out.push(below !== '' ? below : cellText(upper[c]) || null);
  }
  return out;
}

/**
 * Whether rows r and r + 1 are one header printed over two rows. The upper row must itself hold
 * header words (not a title, not a key/value line such as "自评分：98" above a one-row header),
 * and the two rows must fill different columns: a group header over its sub-headers, or a header
 * merged down beside them. Otherwise a one-row header followed by anything stays one row.
 */
function twoRowHeader(rows: readonly (readonly Cell[])[], r: number): Cell[] | null {
  const upper = rows[r] ?? [];
  const lower = rows[r + 1] ?? [];
  if (!isHeaderContinuation(lower)) return null;
  const filled = upper.map((c, i) => ({ i, t: cellText(c) })).filter((x) => x.t !== '');
  if (filled.length < 2) return null;
  if (filled.some((x) => /[：:]$/.test(x.t) || parseNumberCell(upper[x.i]).kind === 'number')) return null;
  if (!filled.some((x) => matchHeader(x.t))) return null;
  const lowerCols = new Set(lower.map((c, i) => (cellText(c) === '' ? -1 : i)).filter((i) => i >= 0));
  const sameColumns = filled.length === lowerCols.size && filled.every((x) => lowerCols.has(x.i));
  if (sameColumns) return null;
  const combined = combineHeaderRows(upper, lower);
  return headerColumns(combined) ? combined : null;
}

/** A 合计 / 总分 row: the label is among the row's first non-empty cells. */
export function isTotalRow(row: readonly Cell[]): boolean {
  let seen = 0;
  for (const cell of row) {
    const t = cellText(cell);
    if (t === '') continue;
    if (isTotalLabel(t)) return true;
    if (++seen >= 3) return false;
  }
  return false;
}

const META_KEYS: ReadonlyMap<string, keyof DetectedMeta> = new Map<string, keyof DetectedMeta>([
  ['项目名称', 'projectName'],
  ['主管部门', 'department'],
  ['主管部门(单位)', 'department'],
  ['主管单位', 'department'],
  ['实施单位', 'implementer'],
  ['项目实施单位', 'implementer'],
  ['预算单位', 'implementer'],
  ['单位名称', 'implementer'],
  ['评价年度', 'year'],
  ['自评年度', 'year'],
  ['年度', 'year'],
  ['评价类型', 'type'],
  ['评价机构', 'evaluator'],
  ['第三方机构', 'evaluator'],
  ['评价单位', 'evaluator'],
  ['项目年度总目标', 'goalExpected'],
  ['年度总体目标', 'goalExpected'],
  ['总体目标', 'goalExpected'],
  ['绩效等级', 'statedGrade'],
]);

type FundsField = 'initialBudget' | 'annualBudget' | 'executed' | 'statedRate' | 'weight' | 'statedScore';

const FUNDS_KEYS: ReadonlyMap<string, FundsField> = new Map<string, FundsField>([
  ['年初预算数', 'initialBudget'],
  ['全年预算数', 'annualBudget'],
  ['当年预算数', 'annualBudget'],
  ['全年执行数', 'executed'],
  ['预算执行数', 'executed'],
  ['执行率', 'statedRate'],
  ['预算执行率', 'statedRate'],
  ['分值', 'weight'],
  ['得分', 'statedScore'],
]);

/** "当年预算数(元)：" → key 当年预算数, unit 元. */
function splitKey(text: string): { key: string; unit: string; colon: boolean } {
  const t = text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  const colon = /[：:]$/.test(t);
  const bare = t.replace(/[：:]$/, '');
  const m = /^(.*?)\(([^()]*)\)$/.exec(bare);
  if (m && m[1] && m[2] !== undefined && !META_KEYS.has(bare)) return { key: m[1], unit: m[2], colon };
  return { key: bare, unit: '', colon };
}

function evaluationType(text: string): EvaluationType {
  if (/自评/.test(text)) return '自评';
  if (/财政(重点)?评价/.test(text)) return '财政评价';
  return '第三方评价';
}

const emptyMeta = (): DetectedMeta => ({
  projectName: '', department: '', implementer: '', year: '', type: '第三方评价', evaluator: '',
  notes: '', goalExpected: '', goalAchieved: '', statedGrade: '',
});

interface MetaBlock { meta: DetectedMeta; funds: FundsBlock | null; title: string; messages: ImportMessage[]; summary: SummaryBlock | null }

/** `项目决策（10分）`: a block's title in a table printed per 一级, not the table's title. */
export const hasBracketWeight = (text: string): boolean => /[（(]\s*\d+(?:\.\d+)?\s*(?:分|%)\s*[)）]\s*$/.test(toHalfWidth(text));

/** A year in a file name ("shanghai-2019-selfeval.xlsx", "2023年度自评.xls"), not a date's digits. */
export function yearOfFileName(fileName: string): string {
  return /(?:^|[^0-9])((?:19|20)\d{2})(?![0-9])/.exec(fileName.replace(/\.[A-Za-z0-9]+$/, ''))?.[1] ?? '';
}

/** Reads the rows above a table: title, key/value pairs, the funds block, the goal block. */
export function readMetaBlock(sheet: SheetGrid, from: number, to: number): MetaBlock {
  const meta = emptyMeta();
  const notes: string[] = [];
  const messages: ImportMessage[] = [];
  const titles: string[] = [];
  const funds: Partial<Record<FundsField, number | null>> = {};
  let summary: SummaryBlock | null = null;
  let fundsUnit = '';
  let fundsSeen = false;
  let fundsVertical = false;
  const consumed = new Set<number>();

  const number = (cell: Cell | undefined, r: number, c: number, label: string, asRate: boolean): number | null => {
    const p = parseNumberCell(cell);
    if (p.kind === 'empty') return null;
    if (p.kind === 'invalid') {
      messages.push(importWarning(`工作表“${sheet.name}”第 ${r + 1} 行 ${columnLetter(c)} 列（${label}）的“${p.text}”不是数字，未导入该项。`, { sheet: sheet.name, row: r + 1, column: columnLetter(c) }));
      return null;
    }
    // 执行率 written as 99.31 (no % sign) is a percent.
    if (asRate && !p.percent && p.value > 1.5) return Number((p.value / 100).toPrecision(12));
    return p.value;
  };

  for (let r = from; r < to; r++) {
    if (consumed.has(r)) continue;
    const row = sheet.rows[r] ?? [];
    const filled = row.map((c, i) => ({ c: i, t: cellText(c) })).filter((x) => x.t !== '');
    if (filled.length === 0) continue;

    const found: ReturnType<typeof readSummaryBlock> = summary ? null : readSummaryBlock(sheet.rows, r, to);
    if (found) {
      summary = found.block;
      for (let k = r; k <= found.lastRow; k++) consumed.add(k);
      continue;
    }

    // The 2022 funds block: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分, values below.
    const fundsHeaders = filled.filter((x) => FUNDS_KEYS.has(splitKey(x.t).key) && !splitKey(x.t).colon);
    if (fundsHeaders.filter((x) => /预算数|执行数/.test(x.t)).length >= 2) {
      fundsSeen = true;
      fundsVertical = true;
      const unitCell = filled.find((x) => /[（(]\s*(万元|元)\s*[)）]/.test(x.t));
      fundsUnit = /[（(]\s*(万元|元)\s*[)）]/.exec(unitCell?.t ?? '')?.[1] ?? fundsUnit;
      for (let rr = r + 1; rr < Math.min(to, r + 6); rr++) {
        const values = sheet.rows[rr] ?? [];
        if (!fundsHeaders.some((h) => parseNumberCell(values[h.c]).kind === 'number')) continue;
        for (const h of fundsHeaders) {
          const field = FUNDS_KEYS.get(splitKey(h.t).key);
          if (field) funds[field] = number(values[h.c], rr, h.c, h.t, field === 'statedRate');
        }
        consumed.add(rr);
        // The breakdown rows below (其中：当年财政拨款 …) stay visible in the notes.
        for (let k = rr + 1; k < to; k++) {
          const sub = (sheet.rows[k] ?? []).map((c) => cellText(c)).filter(Boolean);
          if (sub.length === 0 || !fundsHeaders.some((h) => parseNumberCell((sheet.rows[k] ?? [])[h.c]).kind === 'number')) break;
          notes.push(sub.join(' '));
          consumed.add(k);
        }
        break;
      }
      continue;
    }

    // 年度总体目标 | 预期目标 | 实际完成情况, texts below.
    const goal = filled.find((x) => /^(年度总体目标|项目年度总目标|总体目标)/.test(x.t.replace(/\s+/g, '')));
    const headerRowOfGoal = [row, sheet.rows[r + 1] ?? []].findIndex((cells) => cells.some((c) => /^预期目标/.test(cellText(c))));
    if (goal && headerRowOfGoal >= 0) {
      const hr = r + headerRowOfGoal;
      const cells = sheet.rows[hr] ?? [];
      const expectedCol = cells.findIndex((c) => /^预期目标/.test(cellText(c)));
      const achievedCol = cells.findIndex((c) => /^实际完成情况/.test(cellText(c)));
      const values = sheet.rows[hr + 1] ?? [];
      const textFrom = (col: number, until: number): string => {
        for (let c = col; c < Math.max(col + 1, until); c++) if (cellText(values[c]) !== '') return cellText(values[c]);
        return '';
      };
      meta.goalExpected = textFrom(expectedCol, achievedCol >= 0 ? achievedCol : values.length);
      if (achievedCol >= 0) meta.goalAchieved = textFrom(achievedCol, values.length);
      for (let k = r; k <= hr + 1; k++) consumed.add(k);
      continue;
    }

    // Key/value pairs: "项目名称：" | value | "预算单位：" | value …
    let pairs = 0;
    for (let i = 0; i < filled.length; i++) {
      const cell = filled[i];
      if (!cell) continue;
      let text = cell.t;
      let inlineValue: string | null = null;
      const inline = /^([^：:]{2,12})[：:](.+)$/s.exec(text);
      if (inline && inline[1] && inline[2] && (META_KEYS.has(splitKey(inline[1]).key) || FUNDS_KEYS.has(splitKey(inline[1]).key))) {
        text = `${inline[1]}：`;
        inlineValue = inline[2].trim();
      }
      const { key, unit, colon } = splitKey(text);
      const metaField = META_KEYS.get(key);
      const fundsField = FUNDS_KEYS.get(key);
      if (!colon && !metaField && !fundsField) continue;
      if (!metaField && !fundsField && !colon) continue;
      const next = filled[i + 1];
      const nextIsKey = next !== undefined && (splitKey(next.t).colon || META_KEYS.has(splitKey(next.t).key));
      let value = inlineValue ?? '';
      let valueCell: { c: number; t: string } | undefined;
      if (inlineValue === null && next && !nextIsKey) {
        value = next.t;
        valueCell = next;
        i++;
      }
      pairs++;
      if (metaField) {
        if (metaField === 'type') meta.type = evaluationType(value);
        else if (meta[metaField] === '') meta[metaField] = value;
      } else if (fundsField && (fundsField === 'initialBudget' || fundsField === 'annualBudget' || fundsField === 'executed' || fundsField === 'statedRate')) {
        fundsSeen = true;
        if (unit && unit !== '%') fundsUnit = unit;
        funds[fundsField] = number(valueCell ? (sheet.rows[r] ?? [])[valueCell.c] : value, r, valueCell?.c ?? cell.c, key, fundsField === 'statedRate');
      } else if (value !== '') {
        notes.push(`${key}：${value}`);
      }
    }
    if (pairs > 0) continue;

    // A lone text cell above the table: the title, or a "（2022年度）" line under it.
    if (filled.length === 1 && filled[0] && !/[：:]$/.test(filled[0].t)) {
      // "附件3" above the title labels the page, it does not name the table; nor does a block's title.
      if (!isPageFurniture(filled[0].t) && !hasBracketWeight(filled[0].t)) titles.push(filled[0].t);
      continue;
    }
  }

  const title = titles[0] ?? '';
  if (meta.year === '') {
    const y = /((?:19|20)\d{2})\s*年/.exec(titles.join(' ')) ?? /((?:19|20)\d{2})\s*年/.exec(sheet.name);
    if (y?.[1]) meta.year = y[1];
  }
  meta.type = evaluationType(`${title} ${sheet.name} ${meta.type === '第三方评价' ? '' : meta.type}`);
  meta.notes = notes.join('\n');

  let block: FundsBlock | null = null;
  if (fundsSeen) {
    block = {
      unit: fundsUnit || '元',
      initialBudget: funds.initialBudget ?? null,
      annualBudget: funds.annualBudget ?? null,
      executed: funds.executed ?? null,
      // Shanghai tables state the funds but score 预算执行率 as an indicator: weight 0.
      weight: fundsVertical ? (funds.weight ?? 10) : 0,
      statedRate: funds.statedRate ?? null,
      statedScore: fundsVertical ? (funds.statedScore ?? null) : null,
    };
  }
  return { meta, funds: block, title, messages, summary };
}

function rangeText(sheet: SheetGrid, headerRow: number, endRow: number, columns: ColumnAssignment[]): string {
  const first = Math.min(...columns.map((c) => c.column));
  let last = Math.max(...columns.map((c) => c.column));
  for (let r = headerRow; r < endRow; r++) last = Math.max(last, (sheet.rows[r]?.length ?? 1) - 1);
  return `${columnLetter(first)}${headerRow + 1}:${columnLetter(last)}${endRow}`;
}

/**
 * A table that ends where the next one's header starts, without a 合计 row, must not take the
 * next table's title and key/value rows as indicators: walk back over them.
 */
function trimTrailingBlock(sheet: SheetGrid, headerRow: number, nextHeader: number, columns: ColumnAssignment[]): number {
  const firstColumn = Math.min(...columns.map((c) => c.column));
  const figureColumns = columns.filter((c) => c.field === 'weight' || c.field === 'score').map((c) => c.column);
  let end = nextHeader;
  while (end - 1 > headerRow) {
    const row = sheet.rows[end - 1] ?? [];
    const filled = row.map((c, i) => ({ c: i, t: cellText(c) })).filter((x) => x.t !== '');
    const hasFigure = figureColumns.some((c) => parseNumberCell(row[c]).kind === 'number');
    const looksLikeBlock = filled.length === 0 || filled.some((x) => /[：:]$/.test(x.t) || /预算数|执行数|预期目标/.test(x.t))
      || (filled.length === 1 && (filled[0]?.c ?? 0) <= firstColumn);
    if (hasFigure || !looksLikeBlock) break;
    end--;
  }
  return end;
}

/**
 * Whether the rows between a header and the table's end hold anything to import: a template
 * sheet with only its header, or a header whose rows were cut away, is not a table.
 */
function hasDataRows(rows: readonly (readonly Cell[])[], from: number, to: number, signatures: ReadonlySet<string>): boolean {
  for (let r = from; r < to; r++) {
    const row = rows[r] ?? [];
    const filled = row.filter((c) => cellText(c) !== '');
    if (filled.length === 0 || signatures.has(headerSignature(row)) || isTotalRow(row)) continue;
    if (filled.length === 1 && isPageFurniture(cellText(filled[0]))) continue;
    return true;
  }
  return false;
}

/** The lone text row just above a header (blank rows skipped), or null. */
function leadRow(rows: readonly (readonly Cell[])[], from: number, headerRow: number): number | null {
  for (let r = headerRow - 1; r >= from; r--) {
    const filled = (rows[r] ?? []).filter((c) => cellText(c) !== '');
    if (filled.length === 0) continue;
    const t = cellText(filled[0]);
    return filled.length === 1 && typeof filled[0] === 'string' && !/[：:]/.test(t) && !isPageFurniture(t) ? r : null;
  }
  return null;
}

export interface SheetTables {
  tables: DetectedTable[];
  /** Why a sheet gave no table, or a header with no rows was passed over. */
  warnings: ImportMessage[];
}

/** Every indicator table of one sheet. The first header is looked for in the first rows only. */
export function detectTables(sheet: SheetGrid, sheetIndex: number): DetectedTable[] {
  return findTables(sheet, sheetIndex).tables;
}

/** detectTables with the warnings a user should see about what was passed over. */
export function findTables(sheet: SheetGrid, sheetIndex: number, fileName = ''): SheetTables {
  const tables: DetectedTable[] = [];
  const warnings: ImportMessage[] = [];
  const rows = sheet.rows;
  const where = `${fileName ? `文件“${fileName}”` : ''}工作表“${sheet.name}”`;
  const place = fileName ? { file: fileName, sheet: sheet.name } : { sheet: sheet.name };
  let blockStart = 0;
  let r = 0;
  while (r < rows.length) {
    if (tables.length === 0 && r >= IMPORT_LIMITS.headerSearchRows) break;
    const pair = twoRowHeader(rows, r);
    const columns = headerColumns(pair ?? rows[r] ?? []);
    if (!columns) {
      r++;
      continue;
    }
    const headerRow = r;
    const headerRows = pair ? 2 : 1;
    const signatures = new Set<string>();
    for (let k = 0; k < headerRows; k++) signatures.add(headerSignature(rows[r + k] ?? []));
    let endRow = rows.length;
    let totalRow: number | null = null;
    for (let rr = r + headerRows; rr < rows.length; rr++) {
      const row = rows[rr] ?? [];
      if (isTotalRow(row)) {
        totalRow = rr;
        endRow = rr + 1;
        break;
      }
      // The same header again is a page break repeating it; another header is another table.
      if (headerColumns(row) && !signatures.has(headerSignature(row))) {
        endRow = trimTrailingBlock(sheet, headerRow, rr, columns);
        break;
      }
    }
    if (!hasDataRows(rows, headerRow + headerRows, totalRow ?? endRow, signatures)) {
      warnings.push(importWarning(`${where}第 ${headerRow + 1} 行有表头，但下面没有指标行（可能是空白模板），已跳过。`, { ...place, row: headerRow + 1 }));
      r = endRow;
      continue;
    }
    // Without a total row the table runs to the next table's block (title, key/value rows).
    const block = readMetaBlock(sheet, blockStart, headerRow);
    if (block.meta.year === '') block.meta.year = yearOfFileName(fileName);
    const name = block.meta.projectName || block.title || sheet.name;
    tables.push({
      id: `${sheetIndex}:${headerRow}`,
      sheetIndex,
      sheet: sheet.name,
      title: block.title,
      name,
      headerRow,
      headerRows,
      endRow,
      totalRow,
      range: rangeText(sheet, headerRow, endRow, columns),
      columns,
      meta: block.meta,
      funds: block.funds,
      messages: block.messages,
      leadRow: leadRow(rows, blockStart, headerRow),
      summary: block.summary,
    });
    blockStart = endRow;
    r = endRow;
  }
  if (tables.length === 0 && warnings.length === 0) {
    const filled = rows.filter((row) => row.some((c) => cellText(c) !== '')).length;
    const why = filled === 0 ? '是空的' : `前 ${IMPORT_LIMITS.headerSearchRows} 行内没有指标表的表头（需同时有指标名称和分值或得分两类列）`;
    warnings.push(importWarning(`${where}${why}，未导入。`, place));
  }
  return { tables, warnings };
}
