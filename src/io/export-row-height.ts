/**
 * How tall a row must be for its wrapped text, since no spreadsheet program sizes rows from
 * a file on opening: every row keeps the height the file states (15 pt by default) and the
 * rest of a long 评分标准 runs over the rows below.
 *
 * The estimate is deliberately generous, because the same file is opened by Excel, WPS and
 * LibreOffice with whatever fonts each machine has: a column is taken as narrow as Excel makes
 * it (Calibri 11 as the workbook's default font: 7 px per character plus 5 px), a CJK or
 * full-width character as one em, a Latin one as 0.62 em (wider than any common Latin font's
 * average), a closing punctuation mark that would begin a line takes the character before it
 * along (the CJK line-breaking rule), 0.35 em of each line is kept back for the fonts' spread,
 * and a line is 1.35 em tall (SimSun and WenQuanYi draw about 1.2 em).
 */

/** Excel's row height limit. */
export const MAX_ROW_HEIGHT = 409;
/** Space above and below the text inside a cell, in points. */
const CELL_PADDING = 5;
export const LINE_HEIGHT_EM = 1.35;

/** Points a column of `width` characters gives its text (Excel's narrowest reading of it, less padding). */
export function usableWidth(width: number): number {
  return Math.max(4, (width * 7 + 5) * 0.75 - 6);
}

/** Points a column of `width` characters takes on the page at most (LibreOffice without Carlito: 7 pt a character). */
export function printedWidth(width: number): number {
  return width * 7 + 1;
}

/** Width of one character in em. */
function charEm(code: number): number {
  if (code < 0x80) return code === 0x20 ? 0.4 : 0.62;
  // Latin-1 and other alphabets: a little wider than ASCII, narrower than CJK.
  if (code < 0x1100) return 0.7;
  return 1;
}

/**
 * Lines the text needs in a column `widthPt` points wide at `fontSize` points: explicit line
 * breaks kept, Latin words moved whole to the next line when they fit on one, CJK broken
 * anywhere.
 */
export function lineCount(text: string, widthPt: number, fontSize: number): number {
  const capacity = Math.max(1, widthPt / fontSize - WIDTH_MARGIN_EM);
  let lines = 0;
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    lines += paragraphLines(paragraph, capacity);
  }
  return Math.max(1, lines);
}

/** Kept back on every line for the spread between fonts' widths. */
const WIDTH_MARGIN_EM = 0.35;

/** Characters that may not begin a line (closing punctuation): they take the character before them along. */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉”’%％)]}.,;:?!·…—～']);

function paragraphLines(text: string, capacity: number): number {
  let lines = 1;
  let used = 0;
  let previous = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code < 0x80 && code !== 0x20 && !NO_LINE_START.has(text[i] as string)) {
      // A Latin word: up to the next space, punctuation or non-ASCII character.
      let j = i;
      let w = 0;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c >= 0x80 || c === 0x20 || (j > i && NO_LINE_START.has(text[j] as string))) break;
        w += 0.62;
        j++;
      }
      if (used + w <= capacity) {
        used += w;
      } else if (w <= capacity) {
        lines++;
        used = w;
      } else {
        // Longer than a line: broken where it reaches the edge.
        const total = used + w;
        lines += Math.floor(total / capacity);
        used = total % capacity;
      }
      previous = Math.min(w, 0.62);
      i = j;
      continue;
    }
    const w = charEm(code);
    if (used + w > capacity) {
      lines++;
      if (code === 0x20) used = 0;
      // Closing punctuation cannot start the line: the character before it moves down too.
      else used = NO_LINE_START.has(text[i] as string) ? previous + w : w;
    } else {
      used += w;
    }
    previous = w;
    i++;
  }
  return lines;
}

/** Points a cell needs for `lines` lines of text at `fontSize`. */
export function heightForLines(lines: number, fontSize: number): number {
  return Math.min(MAX_ROW_HEIGHT, Math.ceil(lines * fontSize * LINE_HEIGHT_EM + CELL_PADDING));
}

/** The points a text needs in a cell `width` characters wide. */
export function textHeight(text: string, width: number, fontSize: number): number {
  return heightForLines(lineCount(text, usableWidth(width), fontSize), fontSize);
}

/**
 * Collects what each row needs and then sets the heights: a single-row cell raises its row
 * to its need; a cell merged over several rows spreads what they lack evenly over them.
 */
export class RowHeights {
  private readonly need = new Map<number, number>();
  private readonly spans: { top: number; bottom: number; need: number }[] = [];

  constructor(private readonly minimum: number) {}

  add(row: number, height: number): void {
    const h = Math.min(MAX_ROW_HEIGHT, height);
    if (h > (this.need.get(row) ?? 0)) this.need.set(row, h);
  }

  addSpan(top: number, bottom: number, height: number): void {
    if (bottom <= top) this.add(top, height);
    else this.spans.push({ top, bottom, need: height });
  }

  heightOf(row: number): number {
    return Math.max(this.minimum, this.need.get(row) ?? 0);
  }

  /** The final heights, row → points. */
  resolve(): Map<number, number> {
    for (const s of this.spans) {
      let have = 0;
      for (let r = s.top; r <= s.bottom; r++) have += this.heightOf(r);
      if (have >= s.need) continue;
      const extra = (s.need - have) / (s.bottom - s.top + 1);
      for (let r = s.top; r <= s.bottom; r++) this.need.set(r, Math.min(MAX_ROW_HEIGHT, Math.ceil(this.heightOf(r) + extra)));
    }
    const out = new Map<number, number>();
    for (const r of this.need.keys()) out.set(r, this.heightOf(r));
    return out;
  }
}
