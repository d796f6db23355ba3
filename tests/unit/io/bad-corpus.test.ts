import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { importAll } from '../../../src/io/import-workbook.ts';
import { BAD_FILES, corpusPath, englishIn, hasChinese, type BadSpec } from '../../fixtures/bad/build-bad.ts';
import { leaves } from './helpers.ts';

/**
 * The bad-input corpus of issue 8 through the real import entry (the same code the worker and
 * `npm run check` run): each file refused with a Chinese message that names it, or read.
 * Prints `bad files N, refused with a Chinese message N, read N`.
 */
const bigDir = mkdtempSync(join(tmpdir(), 'jixiao-bad-'));
afterAll(() => rmSync(bigDir, { recursive: true, force: true }));


interface Outcome { spec: BadSpec; refused: boolean; message: string; chinese: boolean; ms: number }
const outcomes: Outcome[] = [];

function run(spec: BadSpec) {
  const path = corpusPath(spec, bigDir);
  const bytes = new Uint8Array(readFileSync(path));
  const start = performance.now();
  const out = importAll(bytes, basename(path));
  const ms = performance.now() - start;
  const messages = out.ok ? out.warnings.map((w) => w.message) : out.errors.map((e) => e.message);
  const message = messages.join(' | ');
  outcomes.push({ spec, refused: !out.ok, message, chinese: messages.every((m) => hasChinese(m) && englishIn(m).length === 0), ms });
  return out;
}

describe('bad-input corpus through importAll', () => {
  it('has at least 33 files, every kind the issue lists', () => {
    expect(BAD_FILES.length).toBeGreaterThanOrEqual(33);
    expect(new Set(BAD_FILES.map((s) => s.name)).size).toBe(BAD_FILES.length);
  });

  it.each(BAD_FILES.filter((s) => s.expect === 'refused').map((s) => [s.name, s] as const))('%s is refused with a Chinese message naming it', (name, spec) => {
    const out = run(spec);
    if (out.ok) throw new Error(`${name} was read`);
    for (const e of out.errors) {
      expect(e.message).toContain(`“${name}”`);
      expect(hasChinese(e.message)).toBe(true);
      expect(englishIn(e.message)).toEqual([]);
      expect(e.file).toBe(name);
    }
    if (spec.message) expect(out.errors[0]!.message).toMatch(spec.message);
  }, 60_000);

  it.each(BAD_FILES.filter((s) => s.expect === 'read').map((s) => [s.name, s] as const))('%s is read, its warnings in Chinese', (name, spec) => {
    const out = run(spec);
    if (!out.ok) throw new Error(`${name}: ${out.errors.map((e) => e.message).join('\n')}`);
    expect(out.value.evaluations.length).toBeGreaterThan(0);
    for (const w of out.warnings) {
      expect(hasChinese(w.message)).toBe(true);
      expect(englishIn(w.message)).toEqual([]);
    }
  }, 60_000);

  it('what the odd files read to: control characters dropped, UTF-16 decoded, nothing polluted', () => {
    const read = (name: string) => {
      const out = importAll(new Uint8Array(readFileSync(corpusPath(BAD_FILES.find((s) => s.name === name)!, bigDir))), name);
      if (!out.ok) throw new Error(out.errors[0]!.message);
      return out.value.evaluations[0]!;
    };
    for (const name of ['utf16le-no-bom.csv', 'utf16be-no-bom.csv']) {
      expect(leaves(read(name)).map((l) => l.name)).toEqual(['立项依据充分性', '绩效目标合理性']);
    }
    const nul = leaves(read('nul-bytes.csv'));
    expect(nul[0]!.reason).toBe('原因含控制字符');
    expect(nul[1]!.criteria).toBe('≥95%得满分，否则不得分');
    expect(leaves(read('bidi-controls.csv'))[0]!.reason).toBe('\u202e原因倒序\u202c\u2066隔离\u2069\u200f');
    expect(leaves(read('cells-10k-chars.xlsx'))[0]!.name).toHaveLength(4 + 10_000);
    // A script's text is not cell text; the escaped markup is text, shown as such.
    expect(leaves(read('html-script.xls')).map((l) => [l.name, l.reason])).toEqual([['立项依据充分性', '<img src=x onerror=alert(1)>'], ['绩效目标合理性', '链接']]);
    const half = importAll(new Uint8Array(readFileSync(corpusPath(BAD_FILES.find((s) => s.name === 'one-sheet-corrupt.xlsx')!, bigDir))), 'one-sheet-corrupt.xlsx');
    if (!half.ok) throw new Error(half.errors[0]!.message);
    expect(half.value.evaluations).toHaveLength(1);
    expect(half.warnings.map((w) => w.message)).toContain('文件“one-sheet-corrupt.xlsx”中工作表“附表”（部件“xl/worksheets/sheet2.xml”）的数据已损坏，未能读取；其余工作表照常导入。');
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  afterAll(() => {
    const refused = outcomes.filter((o) => o.refused);
    const chinese = refused.filter((o) => o.chinese);
    const lines = outcomes.map((o) => `  ${o.refused ? '拒绝' : '读取'} ${o.spec.name.padEnd(28)} ${o.ms.toFixed(0).padStart(5)} ms  ${o.spec.what}${o.refused ? `：${o.message}` : ''}`);
    console.log(`${lines.join('\n')}\nbad files ${outcomes.length}, refused with a Chinese message ${chinese.length}, read ${outcomes.length - refused.length}`);
  });
});
