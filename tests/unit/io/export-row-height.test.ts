import { describe, expect, it } from 'vitest';
import { heightForLines, lineCount, MAX_ROW_HEIGHT, RowHeights, textHeight, usableWidth } from '../../../src/io/export-row-height.ts';

// At 10 pt a line of width 10 × (n + 0.35) points holds n CJK characters.
const width = (chars: number) => 10 * (chars + 0.35);

describe('row heights from the text', () => {
  it('counts CJK as one em, explicit line breaks, and at least one line', () => {
    expect(lineCount('', width(5), 10)).toBe(1);
    expect(lineCount('一二三四五', width(5), 10)).toBe(1);
    expect(lineCount('一二三四五六', width(5), 10)).toBe(2);
    expect(lineCount('一二\n三\r\n四', width(5), 10)).toBe(3);
    expect(lineCount('一二三四五六七八九十一二三四五六', width(5), 10)).toBe(4);
  });

  it('moves closing punctuation to the next line with the character before it', () => {
    // "一二三四五。" would break before "。": "五。" goes down together.
    expect(lineCount('一二三四五。六七八', width(5), 10)).toBe(2);
    expect(lineCount('一二三四五。六七八九', width(5), 10)).toBe(3);
  });

  it('keeps a Latin word whole when it fits on a line, and breaks one longer than a line', () => {
    // 0.62 em a Latin character: 8 of them fill 4.96 em.
    expect(lineCount('一二 abcdefgh', width(5), 10)).toBe(2);
    expect(lineCount('a'.repeat(40), width(5), 10)).toBe(5);
    // Latin is narrower than CJK: the same count of characters needs fewer lines.
    expect(lineCount('ab cd ef gh ij kl mn op', width(5), 10)).toBe(3);
    expect(lineCount('一二三四五六七八九十一二三四五六七八九十一二三', width(5), 10)).toBe(5);
  });

  it('takes a column as narrow as Excel draws it, and caps a row at Excel\'s limit', () => {
    expect(usableWidth(10)).toBeCloseTo((10 * 7 + 5) * 0.75 - 6);
    expect(usableWidth(20)).toBeGreaterThan(usableWidth(10));
    expect(heightForLines(1, 10)).toBeGreaterThanOrEqual(18);
    expect(heightForLines(3, 10)).toBeGreaterThanOrEqual(3 * 13.5);
    expect(textHeight('长'.repeat(10_000), 20, 10)).toBe(MAX_ROW_HEIGHT);
  });

  it('raises a row to its tallest cell, and spreads what a merged cell lacks over its rows', () => {
    const h = new RowHeights(18);
    h.add(1, 40);
    h.add(1, 30);
    h.addSpan(2, 4, 90);
    h.add(3, 50);
    const out = h.resolve();
    expect(out.get(1)).toBe(40);
    // Rows 2–4 have 18 + 50 + 18 = 86 of the 90 the merged cell needs: 4 more, spread.
    expect((out.get(2) ?? 0) + (out.get(3) ?? 0) + (out.get(4) ?? 0)).toBeGreaterThanOrEqual(90);
    expect(out.get(3)).toBeGreaterThan(50);
    // A span that already has room changes nothing.
    const roomy = new RowHeights(18);
    roomy.add(1, 100);
    roomy.addSpan(1, 2, 50);
    expect(roomy.resolve().get(1)).toBe(100);
  });
});
