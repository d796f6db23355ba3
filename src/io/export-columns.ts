/**
 * Column widths that fit A4 landscape at 100 %: fixed columns (levels, figures) keep their
 * width, the long-text columns (指标解释, 评分标准, 扣分原因 …) share what is left of the page.
 * Only when the fixed columns alone cannot fit (a 20-level tree) does the sheet fall back to
 * fit-to-width printing.
 */
import { printedWidth } from './export-row-height.ts';

/** A4 landscape is 842 pt wide; the export prints with 0.3-inch side margins. */
export const PAGE_MARGIN_INCHES = 0.3;
const PRINTABLE_POINTS = 842 - 2 * PAGE_MARGIN_INCHES * 72 - 4;

export interface ColumnSpec {
  /** Width in characters for a fixed column, the least for a flexible one. */
  width: number;
  /** Share of the spare page width a long-text column takes (0 = fixed). */
  flex?: number;
  /** Most a flexible column grows to. */
  max?: number;
}

export interface FittedColumns {
  widths: number[];
  /** false: the columns cannot fit at 100 %, print fitted to the page width. */
  fitsPage: boolean;
}

export function fitColumns(specs: readonly ColumnSpec[]): FittedColumns {
  const widths = specs.map((s) => s.width);
  const used = () => widths.reduce((sum, w) => sum + printedWidth(w), 0);
  let spare = PRINTABLE_POINTS - used();
  if (spare < 0) return { widths, fitsPage: false };
  // Hand the spare width out by share, capped, in a few passes so capped columns pass theirs on.
  for (let pass = 0; pass < 4 && spare > 7; pass++) {
    const open = specs.map((s, i) => ({ s, i })).filter(({ s, i }) => (s.flex ?? 0) > 0 && widths[i]! < (s.max ?? 60));
    const shares = open.reduce((sum, { s }) => sum + (s.flex ?? 0), 0);
    if (shares === 0) break;
    const chars = spare / 7;
    for (const { s, i } of open) {
      const grow = Math.floor((chars * (s.flex ?? 0)) / shares * 2) / 2;
      widths[i] = Math.min(s.max ?? 60, widths[i]! + grow);
    }
    spare = PRINTABLE_POINTS - used();
  }
  return { widths, fitsPage: true };
}
