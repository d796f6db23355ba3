import { describe, expect, it } from 'vitest';
import { recogniseRule } from '../../../src/io/criteria-rules.ts';
import { IMPORT_LIMITS } from '../../../src/io/limits.ts';

/**
 * Issue 8, defect 5: one 评分标准 cell of "≥" and 300,000 nines blocked the import for 60 s
 * (80,000 digits: 6.8 s; "，否则" × 26,667: 3.1 s). Fixed, each is read in about a millisecond;
 * the bound below is generous so a busy machine cannot fail it, and the quadratic code took far
 * longer than it on every one of these.
 */
const timed = <T>(f: () => T): { value: T; ms: number } => {
  const start = performance.now();
  const value = f();
  return { value, ms: performance.now() - start };
};

describe('criteria recognition on pathological cells is linear', () => {
  it.each([
    ['≥ and 300,000 nines', `≥${'9'.repeat(300_000)}`],
    ['≥ and 80,000 digits', `≥${'1234567890'.repeat(8_000)}%得满分`],
    ['"，否则" × 26,667', '，否则'.repeat(26_667)],
    ['300,000 nines then 得3分', `${'9'.repeat(300_000)}%得3分`],
    ['得 × 100,000', '得'.repeat(100_000)],
  ])('%s: read in well under 2 s, left manual', (_, text) => {
    const { value, ms } = timed(() => recogniseRule(text, 10));
    expect(value).toBeNull();
    expect(ms).toBeLessThan(2_000);
  });

  // Under the length bound, where the patterns do run: each of these was quadratic before.
  it.each([
    ['1,980 nines', `≥${'9'.repeat(1_980)}%得5分；否则不得分`, 'binary'],
    ['"，否则" × 600', `${'，否则'.repeat(600)}不得分`, null],
    ['digits and dots', `${'1.'.repeat(900)}%以下不得分，按比例计分`, 'ratio'],
  ])('%s under the length bound: read quickly, the same rule as before', (_, text, type) => {
    expect(text.length).toBeLessThanOrEqual(IMPORT_LIMITS.criteriaChars);
    const { value, ms } = timed(() => recogniseRule(text, 5));
    expect(value?.rule.type ?? null).toBe(type);
    expect(ms).toBeLessThan(2_000);
  });

  it('a text longer than the bound stays manual; the same rule within it is recognised', () => {
    const rule = '≥95%得满分，否则不得分';
    expect(recogniseRule(rule, 5)?.rule).toEqual({ type: 'binary' });
    expect(recogniseRule(`${rule}${'。'.repeat(IMPORT_LIMITS.criteriaChars)}`, 5)).toBeNull();
  });

  it('figures up to 30 digits still read; the clause glued over commas still finds its award', () => {
    expect(recogniseRule('每低于指标值的10.5%，扣1.25分', 3)?.rule).toEqual({ type: 'step', unit: 'percent', size: 0.105, deduction: 1.25 });
    expect(recogniseRule(`≥${'9'.repeat(20)}%时，得3分；否则不得分`, 3)?.rule).toEqual({ type: 'binary' });
    // "满意度≥90%" and "，" and "得满分" are three pieces before they are one clause.
    expect(recogniseRule(`满意度≥90%，${'，'.repeat(300)}得满分；80%-90%，得4分；<80%，不得分`, 5)?.rule).toEqual({
      type: 'bands', input: 'actual', bands: [{ min: 0.9, minInclusive: true, score: 5 }, { min: 0.8, minInclusive: true, score: 4 }, { min: null, minInclusive: true, score: 0 }],
    });
  });
});
