import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../../src/domain/index.ts';

const ok = (value: string) => ({ ok: true, value });

describe('evaluateExpression', () => {
  it('precedence, parentheses, unary minus, decimals', () => {
    expect(evaluateExpression('1 + 2 * 3', {})).toEqual(ok('7'));
    expect(evaluateExpression('(1 + 2) * 3', {})).toEqual(ok('9'));
    expect(evaluateExpression('10 - 4 - 3', {})).toEqual(ok('3'));
    expect(evaluateExpression('12 / 4 / 3', {})).toEqual(ok('1'));
    expect(evaluateExpression('-2 * -3', {})).toEqual(ok('6'));
    expect(evaluateExpression('0.1 + 0.2', {})).toEqual(ok('0.3'));
  });
  it('percent, full-width symbols, × ÷ and Chinese names', () => {
    expect(evaluateExpression('88% × 30% + 85.20% × 70%', {})).toEqual(ok('0.8604'));
    expect(evaluateExpression('（16＋3）÷20', {})).toEqual(ok('0.95'));
    expect(evaluateExpression('满意度 × 分值', { 满意度: '76.57%', 分值: '7' })).toEqual(ok('5.3599'));
    expect(evaluateExpression('A×2 + B×4', { A: '0.95', B: '0.88' })).toEqual(ok('5.42'));
  });
  it('errors are values with a Chinese message', () => {
    for (const [expr, vars] of [['1 +', {}], ['(1 + 2', {}], ['1 / 0', {}], ['1 # 2', {}], ['', {}], ['2 3', {}], ['未知 + 1', {}], ['a', { a: 'abc' }]] as const) {
      const r = evaluateExpression(expr, vars as Record<string, string>);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it('"constructor", "__proto__" and "toString" are just unknown names', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const r = evaluateExpression(`${name} + 1`, {});
      expect(r).toEqual({ ok: false, error: `未定义的变量“${name}”` });
    }
    expect(evaluateExpression('constructor * 2', { constructor: '3' })).toEqual(ok('6'));
  });
});
