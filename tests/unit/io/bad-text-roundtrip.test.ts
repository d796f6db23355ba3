import { describe, expect, it } from 'vitest';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { exportCsv } from '../../../src/io/export-csv.ts';
import { importAll } from '../../../src/io/import-workbook.ts';
import { importFixture, leaves } from './helpers.ts';

/**
 * Issue 8, defect 8: a NUL in any text made the exported CSV unreadable by Jixiao itself, and a
 * text that really begins with an apostrophe ("'=1+1") came back without it. Export → import
 * gives back every text; control characters other than tab and line breaks are no text: they
 * are dropped on import (and on entry), so the export drops them too.
 */
const TEXTS: [written: string, readBack: string][] = [
  ["'=1+1", "'=1+1"],
  ["''x", "''x"],
  ["'普通文字", "'普通文字"],
  ['=1+1', '=1+1'],
  ['=HYPERLINK("http://evil.example/","点")', '=HYPERLINK("http://evil.example/","点")'],
  ['+1+1', '+1+1'],
  ['-2', '-2'],
  ['@SUM(A1)', '@SUM(A1)'],
  ['含\u0000空字符', '含空字符'],
  ['\u0000=1+1', '=1+1'],
  ['控制\u0001\u0008\u000b\u001f\u007f字符', '控制字符'],
  ['"引号", 逗号', '"引号", 逗号'],
  ['第一行\n第二行', '第一行\n第二行'],
  ['制表\t在中间', '制表\t在中间'],
  ['\u202e倒序\u202c与\u2066隔离\u2069', '\u202e倒序\u202c与\u2066隔离\u2069'],
  ['<script>alert(1)</script>', '<script>alert(1)</script>'],
  ['__proto__', '__proto__'],
  ['表情😀与生僻字𠀀', '表情😀与生僻字𠀀'],
];

function withTexts(ev: Evaluation, texts: readonly string[]): Evaluation {
  let i = 0;
  const next = () => texts[i++ % texts.length]!;
  const edit = (n: Indicator): Indicator => (n.children.length > 0
    ? { ...n, children: n.children.map(edit) }
    : { ...n, reason: next(), explanation: next(), guidance: next() });
  return { ...ev, meta: { ...ev.meta, evaluator: next() }, indicators: ev.indicators.map(edit) };
}

describe('CSV export → import gives every text back', () => {
  const base = importFixture('annex3-scoring-table.xlsx').evaluations[0]!;
  const written = withTexts(base, TEXTS.map(([w]) => w));
  const expected = withTexts(base, TEXTS.map(([, r]) => r));

  it('the exported file is text (no NUL byte) and reads back', () => {
    const bytes = exportCsv(written);
    expect(bytes.includes(0)).toBe(false);
    const out = importAll(bytes, 'export.csv');
    if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
    expect(out.value.evaluations).toHaveLength(1);
  });

  it('reasons, explanations and guidance come back exactly (control characters dropped)', () => {
    const out = importAll(exportCsv(written), 'export.csv');
    if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
    const back = leaves(out.value.evaluations[0]!);
    const want = leaves(expected);
    expect(back.map((l) => [l.reason, l.explanation, l.guidance])).toEqual(want.map((l) => [l.reason, l.explanation, l.guidance]));
  });

  it.each(TEXTS)('%j comes back as %j', (text, readBack) => {
    const ev = withTexts(base, [text]);
    const out = importAll(exportCsv(ev), 'one.csv');
    if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
    expect(leaves(out.value.evaluations[0]!)[0]!.reason).toBe(readBack);
  });
});
