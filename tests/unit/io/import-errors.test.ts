import { describe, expect, it } from 'vitest';
import { analyseWorkbook, buildEvaluations, importAll } from '../../../src/io/import-workbook.ts';
import { IMPORT_LIMITS } from '../../../src/io/limits.ts';
import { findLeaf, fixtureBytes, importFixture } from './helpers.ts';

function errorOf(bytes: Uint8Array, name: string) {
  const out = importAll(bytes, name);
  if (out.ok) throw new Error(`${name} imported`);
  return out.errors[0]!;
}

describe('bad input: an error value with a Chinese message, never a throw', () => {
  it.each([
    ['bad-not-a-spreadsheet.xlsx', 'not-spreadsheet', /不是可读取的电子表格|不是电子表格/],
    ['bad-encrypted.xlsx', 'encrypted', /设置了打开密码/],
    ['bad-empty.xlsx', 'empty', /没有任何内容/],
    ['bad-no-header.xlsx', 'no-header', /没有找到指标表/],
  ])('%s → %s', (name, code, message) => {
    const e = errorOf(fixtureBytes(name), name);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.message).toContain(name);
    expect(e.file).toBe(name);
  });

  it('a zero-byte file and random bytes named .csv', () => {
    expect(errorOf(new Uint8Array(0), 'x.xlsx').code).toBe('empty');
    const binary = new Uint8Array(256).map((_, i) => (i * 37) % 256);
    expect(errorOf(binary, 'x.csv').code).toBe('not-spreadsheet');
  });

  it('names the sheet, row and column of a number that does not parse', () => {
    const e = errorOf(fixtureBytes('bad-number.xlsx'), 'bad-number.xlsx');
    expect(e).toMatchObject({ code: 'bad-number', sheet: '评分表', row: 3, column: 'D' });
    expect(e.message).toBe('文件“bad-number.xlsx”工作表“评分表”第 3 行 D 列（得分）的得分“八分半”不是数字。请改为数字（如 3 或 1.19）后重新导入。');
  });

  it('refuses a file over the size limit, stating the limit', () => {
    const e = errorOf(new Uint8Array(IMPORT_LIMITS.maxBytes + 1).fill(65), 'big.csv');
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('30.0 MB');
  });

  it('refuses a sheet over the row limit, and imports one at 50,000 rows / 20 MB', () => {
    const header = '一级指标,指标名称,指标解释,分值,得分,备注\n';
    const row = (i: number) => `一级${Math.floor(i / 1000)},指标${i},${'说明文字'.repeat(20)},1,1,${'原因'.repeat(30)}\n`;
    const over = header + Array.from({ length: IMPORT_LIMITS.maxRows + 5 }, (_, i) => `x${i},y\n`).join('');
    expect(errorOf(new TextEncoder().encode(over), 'rows.csv')).toMatchObject({ code: 'too-many-rows', sheet: 'Sheet1' });

    const big = new TextEncoder().encode(header + Array.from({ length: 50_000 }, (_, i) => row(i)).join(''));
    expect(big.byteLength).toBeGreaterThan(20 * 1024 * 1024);
    const out = importAll(big, 'big.csv');
    if (!out.ok) throw new Error(out.errors[0]?.message);
    expect(out.value.previews[0]!.leafCount).toBe(50_000);
  }, 60_000);

  it('keeps other tables importable and says which one failed', () => {
    const analysed = analyseWorkbook(fixtureBytes('bad-number.xlsx'), 'bad-number.xlsx');
    if (!analysed.ok) throw new Error('analysis failed');
    const built = buildEvaluations(analysed.value, []);
    expect(built.ok).toBe(false);
    if (!built.ok) expect(built.errors[0]!.message).toBe('请至少选择一个要导入的表格。');
  });
});

describe('a crafted workbook cannot pollute Object.prototype', () => {
  it('imports "__proto__" / "constructor" / "prototype" as plain text', () => {
    const { evaluations, analysis } = importFixture('crafted-prototype.xlsx');
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(typeof ({} as { constructor: unknown }).constructor).toBe('function');
    expect(analysis.sheets.map((s) => s.name)).toEqual(['__proto__', 'constructor']);
    const ev = evaluations[0]!;
    expect(ev.meta.projectName).toBe('__proto__');
    expect(ev.indicators.map((n) => n.name)).toEqual(['__proto__', 'constructor']);
    expect(findLeaf(ev, 'constructor').explanation).toBeUndefined();
    expect(ev.meta.notes).toContain('__proto__：polluted');
    expect(Object.getPrototypeOf(ev.meta)).toBe(Object.prototype);
    expect(evaluations[1]!.indicators[0]!.children[0]!.name).toBe('__defineGetter__');
  });
});

describe('formula-looking and HTML text is data', () => {
  it('keeps "=HYPERLINK(…)", "+1+1", "@SUM", "<img onerror>" as the text it is', () => {
    const ev = importFixture('formula-text.xlsx').evaluations[0]!;
    const names = ev.indicators[0]!.children.map((c) => c.name);
    expect(names).toEqual(['=HYPERLINK("http://example.com","点击")', '+1+1', '-2']);
    expect(findLeaf(ev, '=HYPERLINK("http://example.com","点击")').reason).toBe('<img src=x onerror=alert(1)>');
  });
});
