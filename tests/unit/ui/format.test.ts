import { describe, it, expect } from 'vitest';
import { formatWhen, fromPercentText, parseNumberText, toPercentText } from '../../../src/ui/format.ts';

describe('number fields', () => {
  it('reads what users type, full-width and with separators', () => {
    expect(parseNumberText('1,200.5')).toBe(1200.5);
    expect(parseNumberText('１２．５')).toBe(12.5);
    expect(parseNumberText(' -3 ')).toBe(-3);
    expect(parseNumberText('')).toBeNull();
    expect(parseNumberText('12a')).toBeUndefined();
    expect(parseNumberText('1.2.3')).toBeUndefined();
  });

  it('shows fractions as percents without float noise and back', () => {
    expect(toPercentText(0.07)).toBe('7');
    expect(toPercentText(0.955)).toBe('95.5');
    expect(toPercentText(null)).toBe('');
    expect(fromPercentText('7')).toBe(0.07);
    expect(fromPercentText('95.5%')).toBe(0.955);
    expect(fromPercentText('')).toBeNull();
    expect(fromPercentText('abc')).toBeUndefined();
  });
});

describe('formatWhen', () => {
  const now = new Date(2024, 2, 10, 15, 0).getTime();
  it('says 今天 / 昨天 / the date', () => {
    expect(formatWhen(new Date(2024, 2, 10, 9, 5).getTime(), now)).toBe('今天 09:05');
    expect(formatWhen(new Date(2024, 2, 9, 23, 59).getTime(), now)).toBe('昨天 23:59');
    expect(formatWhen(new Date(2023, 11, 1, 8, 0).getTime(), now)).toBe('2023-12-01 08:00');
    expect(formatWhen(0, now)).toBe('—');
  });
});
