/**
 * A thin writer over an ExcelJS worksheet that every layout uses: empty values stay blank
 * cells (never empty strings), text is always a string cell (so "=1+1" is never a formula),
 * merges and the text in them feed the row heights, and the widths chosen for the page.
 */
import type * as ExcelJSTypes from 'exceljs';
import { RowHeights, textHeight, heightForLines } from './export-row-height.ts';
import { FONT_SIZE, STYLES } from './export-style.ts';
import { columnLetter } from './messages.ts';

type Style = Partial<ExcelJSTypes.Style>;
export type CellInput = string | number | null | undefined | ExcelJSTypes.CellFormulaValue;

/** Excel keeps at most 32,767 characters in a cell; the carrier sheet keeps the whole text. */
export const MAX_CELL_TEXT = 32_000;

export interface SheetWriterOptions {
  widths: readonly number[];
  /** The font size of the body text, for the row heights. */
  fontSize?: number;
  minRowHeight?: number;
}

export class SheetWriter {
  readonly heights: RowHeights;
  readonly widths: readonly number[];
  private readonly fontSize: number;
  /** Rows whose heights are set by hand (title rows). */
  private readonly fixed = new Map<number, number>();
  /** Whether any visible text had to be cut to fit Excel's cell limit. */
  truncated = false;

  constructor(readonly ws: ExcelJSTypes.Worksheet, options: SheetWriterOptions) {
    this.widths = options.widths;
    this.fontSize = options.fontSize ?? FONT_SIZE;
    this.heights = new RowHeights(options.minRowHeight ?? heightForLines(1, this.fontSize));
    options.widths.forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  }

  get columnCount(): number {
    return this.widths.length;
  }

  address(row: number, col: number): string {
    return `${columnLetter(col - 1)}${row}`;
  }

  /**
   * Writes one cell, merged over `rows` × `cols` when larger than 1; wrapped text adds its
   * height need (spread over the merged rows). Every cell of a merge gets the style, so its
   * borders are drawn all round.
   */
  put(row: number, col: number, value: CellInput, style: Style = STYLES.text, span: { rows?: number; cols?: number; fontSize?: number } = {}): ExcelJSTypes.Cell {
    const rows = Math.max(1, span.rows ?? 1);
    const cols = Math.max(1, span.cols ?? 1);
    const cell = this.ws.getCell(row, col);
    if (rows > 1 || cols > 1) {
      this.ws.mergeCells(row, col, row + rows - 1, col + cols - 1);
      for (let r = row; r < row + rows; r++) for (let c = col; c < col + cols; c++) this.ws.getCell(r, c).style = style;
    }
    cell.style = style;
    if (typeof value === 'string') {
      if (value !== '') {
        let text = value;
        if (text.length > MAX_CELL_TEXT) {
          text = `${text.slice(0, MAX_CELL_TEXT)}…`;
          this.truncated = true;
        }
        cell.value = text;
        this.need(row, col, rows, cols, text, span.fontSize ?? this.fontSize);
      }
    } else if (typeof value === 'number') {
      if (Number.isFinite(value)) cell.value = value;
    } else if (value !== null && value !== undefined) {
      cell.value = value;
    }
    return cell;
  }

  /** Style only (a bordered blank cell). */
  blank(row: number, col: number, style: Style): void {
    this.ws.getCell(row, col).style = style;
  }

  setHeight(row: number, points: number): void {
    this.fixed.set(row, points);
  }

  private need(row: number, col: number, rows: number, cols: number, text: string, fontSize: number): void {
    let width = 0;
    for (let c = col; c < col + cols; c++) width += this.widths[c - 1] ?? 9;
    this.heights.addSpan(row, row + rows - 1, textHeight(text, width, fontSize));
  }

  /** Sets every row's height (at least one line), fixed rows as given. */
  finish(lastRow: number): void {
    const heights = this.heights.resolve();
    for (let r = 1; r <= lastRow; r++) {
      this.ws.getRow(r).height = this.fixed.get(r) ?? heights.get(r) ?? this.heights.heightOf(r);
    }
  }
}
