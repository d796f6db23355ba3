/**
 * What the importer found in a workbook, before anything becomes an evaluation: the preview
 * shows it and lets the user change the column mapping and which tables to import.
 * Structured-clone-safe (it crosses from the import worker to the page).
 */
import type { EvaluationMeta, FundsBlock, Evaluation } from '../domain/index.ts';
import type { ColumnField } from './header-synonyms.ts';
import type { ImportMessage } from './messages.ts';
import type { SheetGrid, WorkbookFormat } from './read-workbook.ts';
import type { SummaryBlock } from './summary-block.ts';

export interface ColumnAssignment {
  /** 0-based column index in the sheet. */
  column: number;
  /** "H" */
  letter: string;
  /** The header text as the sheet has it. */
  header: string;
  field: ColumnField;
}

/**
 * The metadata found above a table (a key/value block, a title). Fixed keys only; `notes` keeps
 * the key/value pairs that have no field of their own (主要绩效, 是否为经常性项目 …) as text.
 */
export interface DetectedMeta extends Required<Omit<EvaluationMeta, 'layout'>> {
  /** 绩效等级 as the sheet states it; also hints at the grade scale (优秀 → Shanghai). */
  statedGrade: string;
}

export interface DetectedTable {
  /** Stable within one analysis: `${sheetIndex}:${headerRow}`. */
  id: string;
  sheetIndex: number;
  sheet: string;
  /** The title row above the table, if any. */
  title: string;
  /** What the preview calls it: project name, else title, else sheet name. */
  name: string;
  /** 0-based row of the header (the upper row when the header spans two). */
  headerRow: number;
  /** 1, or 2 for a header printed over two rows (a merged 评价指标 / 评分 above its columns). */
  headerRows: number;
  /** 0-based, exclusive end of the data rows (the total row, if any, is at or before it). */
  endRow: number;
  /** 0-based row of the 合计/总分 row, or null. */
  totalRow: number | null;
  /** "A12:F33", as a spreadsheet program names the range. */
  range: string;
  columns: ColumnAssignment[];
  meta: DetectedMeta;
  funds: FundsBlock | null;
  /** Messages about the block above the table (funds figures that do not parse …). */
  messages: ImportMessage[];
  /**
   * The lone text row just above the header (blank rows skipped), 0-based: in a table printed in
   * blocks per 一级 (`项目决策（10分）` above each repeated header) it is the first block's title.
   */
  leadRow?: number | null;
  /** The summary block above the first block (`指标 | 1.项目决策类 | … | 合计分值`), stated figures. */
  summary?: SummaryBlock | null;
}

export interface WorkbookAnalysis {
  fileName: string;
  format: WorkbookFormat;
  sheets: SheetGrid[];
  tables: DetectedTable[];
  /**
   * Evaluations carried whole in a Jixiao export's hidden sheet: re-importing restores them
   * exactly. When present, the preview offers them instead of re-reading the visible tables.
   */
  restored: Evaluation[];
  warnings: ImportMessage[];
}

/** The user's choice for one table: import it with this mapping. */
export interface TableChoice {
  tableId: string;
  columns: ColumnAssignment[];
}
