/**
 * The cell styles of every exported layout, one shared object each: ExcelJS keys its style
 * table on the object, so sharing them (never mutating one after assignment) keeps a
 * 5,000-leaf export from building and hashing 60,000 style objects.
 */
import type * as ExcelJSTypes from 'exceljs';

/** 宋体 is what the reports are typeset in; a machine without it substitutes its CJK font. */
export const FONT_NAME = '宋体';
export const FONT_SIZE = 10;
export const TITLE_SIZE = 16;

type Style = Partial<ExcelJSTypes.Style>;

const font = { name: FONT_NAME, size: FONT_SIZE };
const boldFont = { name: FONT_NAME, size: FONT_SIZE, bold: true };
const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };
const left = { wrapText: true, vertical: 'middle' as const, horizontal: 'left' as const };
const center = { wrapText: true, vertical: 'middle' as const, horizontal: 'center' as const };
const headerFill = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8EEF7' } };

export const STYLES = {
  title: { font: { name: FONT_NAME, size: TITLE_SIZE, bold: true }, alignment: center },
  subtitle: { font, alignment: center },
  /** A key of the metadata block ("项目名称"), bordered as on the printed forms. */
  key: { font: boldFont, border, alignment: center },
  value: { font, border, alignment: left },
  /** Key/value lines without borders (the Shanghai block, "项目名称：" above the 评分表). */
  plainKey: { font: boldFont, alignment: { wrapText: true, vertical: 'middle' as const, horizontal: 'left' as const } },
  plainValue: { font, alignment: left },
  header: { font: boldFont, border, alignment: center, fill: headerFill },
  text: { font, border, alignment: left },
  center: { font, border, alignment: center },
  /** A group merged over its leaves: at the top, so a group that runs onto the next page is named on the first. */
  group: { font, border, alignment: { wrapText: true, vertical: 'top' as const, horizontal: 'center' as const } },
  percent: { font, border, alignment: center, numFmt: '0.00%' },
  amount: { font, border, alignment: center, numFmt: '#,##0.00' },
  plainAmount: { font, alignment: left, numFmt: '#,##0.00' },
  plainPercent: { font, alignment: left, numFmt: '0.00%' },
  total: { font: boldFont, border, alignment: center },
  totalPercent: { font: boldFont, border, alignment: center, numFmt: '0.00%' },
  note: { font, alignment: left },
} satisfies Record<string, Style>;

export type StyleName = keyof typeof STYLES;

const withFormat = new Map<string, Style>();

/** The centred bordered style with a number format ("≥"0"人次"), one object per format. */
export function centerWithFormat(numFmt: string): Style {
  let s = withFormat.get(numFmt);
  if (!s) {
    s = { ...STYLES.center, numFmt };
    withFormat.set(numFmt, s);
  }
  return s;
}
