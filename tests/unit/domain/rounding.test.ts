import { describe, expect, it } from 'vitest';
import { formatRate, formatScore, GRADE_SCALES, gradeFor, roundDecimal } from '../../../src/domain/index.ts';

describe('roundDecimal', () => {
  it.each([
    [9.915, 'half-up', '9.92'], ['9.915', 'half-up', '9.92'], [5.3599, 'half-up', '5.36'], [1.1988, 'half-up', '1.20'],
    [1.1988, 'truncate', '1.19'], [4.21875, 'truncate', '4.21'], [5.3599, 'truncate', '5.35'], [1.005, 'half-up', '1.01'],
    [-1.005, 'half-up', '-1.01'], [-4.21875, 'truncate', '-4.21'], [-0.001, 'half-up', '0.00'], [13, 'half-up', '13.00'],
    ['2,050,000', 'half-up', '2050000.00'],
  ] as const)('%s %s → %s', (value, mode, out) => {
    expect(roundDecimal(value, 2, mode)).toBe(out);
  });
  it('Math.round gets 9.915 wrong; we do not', () => {
    expect(Math.round(9.915 * 100) / 100).toBe(9.91);
    expect(roundDecimal(9.915, 2, 'half-up')).toBe('9.92');
  });
  it('bad input gives "" rather than a throw', () => {
    expect(roundDecimal('abc', 2, 'half-up')).toBe('');
    expect(roundDecimal(Number.NaN, 2, 'truncate')).toBe('');
  });
});

describe('display', () => {
  it('scores trimmed like the reports', () => {
    expect([formatScore(13), formatScore(17.19), formatScore(1.1), formatScore(null), formatScore(9.915)]).toEqual(['13', '17.19', '1.1', '', '9.92']);
  });
  it('rates as percents to 0.01 %, trimmed', () => {
    expect([formatRate(0.8667), formatRate(1), formatRate(0.875), formatRate(0.39666), formatRate(null)]).toEqual(['86.67%', '100%', '87.5%', '39.67%', '']);
  });
});

describe('grades', () => {
  it('财政部: lower bounds inclusive', () => {
    const g = (t: number) => gradeFor(t, GRADE_SCALES.mof);
    expect([g(100), g(91.55), g(90), g(89.99), g(80), g(79.99), g(60), g(59.99), g(0)]).toEqual(['优', '优', '优', '良', '良', '中', '中', '差', '差']);
  });
  it('Shanghai: 75 → 良好', () => {
    const g = (t: number) => gradeFor(t, GRADE_SCALES.shanghai);
    expect([g(98), g(90), g(89.99), g(75), g(74.99), g(60), g(59)]).toEqual(['优秀', '优秀', '良好', '良好', '合格', '合格', '不合格']);
  });
  it('custom scales in any order', () => {
    const scale = { id: 'custom' as const, name: '自定义', bands: [{ grade: 'C', min: 0 }, { grade: 'A', min: 85 }, { grade: 'B', min: 70 }] };
    expect([gradeFor(85, scale), gradeFor(84.9, scale), gradeFor(10, scale)]).toEqual(['A', 'B', 'C']);
    expect(gradeFor(50, { id: 'custom', name: '空', bands: [] })).toBe('');
  });
});
