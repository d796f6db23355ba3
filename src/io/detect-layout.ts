/**
 * Finds the indicator tables in cell grids: the header row (by the synonyms of
 * header-synonyms.ts), where each table ends (合计/总分, the next header), and the
 * key/value, funds and goal blocks above it. Several tables per sheet and one per sheet.
 */
import { cellText, parseNumberCell, isPageFurniture, isTotalLabel, type Cell } from './cell-values.ts';
import { LEVEL_HEADERS, matchHeader, normaliseHeader, type ColumnField } from './header-synonyms.ts';
import type { ColumnAssignment, DetectedTable } from './layout.ts';
import { IMPORT_LIMITS } from './limits.ts';
import { columnLetter, importWarning, type ImportMessage } from './messages.ts';
import { readMetaBlock, yearOfFileName } from './meta-block.ts';
import type { SheetGrid } from './read-workbook.ts';

/** The header row's columns, or null when the row is not a header. */
export function headerColumns(row: readonly Cell[]): ColumnAssignment[] | null {
  // Every row of a sheet is asked; only a header's columns are worth building.
  let matched = 0;
  let hasLevel = false;
  let hasFigure = false;
  for (const cell of row) {
    const m = matchHeader(cellText(cell));
    if (!m) continue;
    matched++;
    if (m.field === 'level') hasLevel = true;
    if (m.field === 'weight' || m.field === 'score') hasFigure = true;
  }
  if (matched < 3 || !hasLevel || !hasFigure) return null;
  const columns: ColumnAssignment[] = [];
  for (let c = 0; c < row.length; c++) {
    const header = cellText(row[c]);
    if (header === '') continue;
    const field: ColumnField = matchHeader(header)?.field ?? 'ignore';
    columns.push({ column: c, letter: columnLetter(c), header, field });
  }
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

/**
 * Whether a row is one of the header rows again (a page break printing the header anew): every
 * cell the same header text. Compared cell by cell, so a data row is told apart at its first
 * differing cell instead of normalising the whole row for every row of the table.
 */
export function headerRepeat(headerRows: readonly (readonly Cell[])[]): (row: readonly Cell[]) => boolean {
  const keys = headerRows.map((row) => Array.from(row, (c) => normaliseHeader(cellText(c))));
  return (row) => keys.some((key) => key.length === row.length && key.every((h, c) => normaliseHeader(cellText(row[c])) === h));
}

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
function hasDataRows(rows: readonly (readonly Cell[])[], from: number, to: number, repeatsHeader: (row: readonly Cell[]) => boolean): boolean {
  for (let r = from; r < to; r++) {
    const row = rows[r] ?? [];
    const filled = row.filter((c) => cellText(c) !== '');
    if (filled.length === 0 || repeatsHeader(row) || isTotalRow(row)) continue;
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
    const repeatsHeader = headerRepeat(Array.from({ length: headerRows }, (_, k) => rows[r + k] ?? []));
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
      if (headerColumns(row) && !repeatsHeader(row)) {
        endRow = trimTrailingBlock(sheet, headerRow, rr, columns);
        break;
      }
    }
    if (!hasDataRows(rows, headerRow + headerRows, totalRow ?? endRow, repeatsHeader)) {
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
