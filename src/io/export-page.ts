/**
 * Page set-up shared by the layouts: A4 landscape at 100 % (fitted to the width only when the
 * columns cannot fit), the header row repeated on every page, frozen panes below it, 第 N 页
 * in the footer; and what a layout writer reports back for the summary sheet and the carrier.
 */
import type * as ExcelJSTypes from 'exceljs';
import type { CarrierEnvelope } from './evaluation-carrier.ts';
import { PAGE_MARGIN_INCHES } from './export-columns.ts';
import type { SummaryRefs } from './export-summary.ts';
import { columnLetter } from './messages.ts';

export interface WrittenLayout {
  sheet: string;
  leafRows: [string, number][];
  columns: CarrierEnvelope['columns'];
  summary: SummaryRefs;
}

export function pageSetup(ws: ExcelJSTypes.Worksheet, opts: { headerRow: number; frozenColumns: number; fitsPage: boolean }): void {
  const { headerRow, frozenColumns, fitsPage } = opts;
  ws.views = [{ state: 'frozen', xSplit: frozenColumns, ySplit: headerRow, topLeftCell: `${columnLetter(frozenColumns)}${headerRow + 1}`, activeCell: `A${headerRow + 1}` }];
  ws.pageSetup = {
    paperSize: 9, orientation: 'landscape', horizontalCentered: true,
    ...(fitsPage ? { scale: 100, fitToPage: false } : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
    printTitlesRow: `${headerRow}:${headerRow}`,
    margins: { left: PAGE_MARGIN_INCHES, right: PAGE_MARGIN_INCHES, top: 0.5, bottom: 0.6, header: 0.25, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '&C第 &P 页，共 &N 页' };
  // A tall block above the table must not leave the header alone at the foot of page 1.
  let above = 0;
  for (let r = 1; r <= headerRow + 1; r++) above += ws.getRow(r).height ?? 15;
  if (above > FIRST_PAGE_POINTS && headerRow > 1) ws.getRow(headerRow - 1).addPageBreak();
}

/** What of A4 landscape's 595 pt the margins, footer and rounding leave for rows, to be safe. */
const FIRST_PAGE_POINTS = 470;
