/**
 * Rounding and display of scores and rates (DOMAIN §5).
 *
 * Display decision: scores and rates are shown as the reports print them, to at most
 * `decimals` places with trailing zeros trimmed: "13", "17.19", "1.1", "87.5%", "100%",
 * "39.67%". The grid aligns numbers itself; a trimmed figure is what a reviewer compares with
 * the paper table. Rates are always rounded half-up to 0.01 % whatever the score rounding mode,
 * because the reports that truncate scores still print rates rounded (000 表5: 1.19 / 3 → 39.67%).
 */
import type { RoundingMode } from './model.ts';
import { Decimal, decFromText, roundingOf, safeDecimals } from './decimal.ts';

function toDecimal(value: string | number): Decimal | null {
  if (typeof value === 'number') return Number.isFinite(value) ? new Decimal(value) : null;
  if (typeof value !== 'string') return null;
  return decFromText(value.replace(/[,，\s]/g, ''));
}

/**
 * Round exactly, as Excel's ROUND (half away from zero, so −1.005 → "-1.01") or 截尾 (toward
 * zero): 9.915 → "9.92", 5.3599 → "5.36"; truncate 1.1988 → "1.19", 4.21875 → "4.21".
 * Returns the figure with exactly `decimals` places ("13.00"), or '' when `value` is not a
 * finite number: callers show '' rather than crash on a bad cell.
 */
export function roundDecimal(value: string | number, decimals: number, mode: RoundingMode): string {
  const d = toDecimal(value);
  if (d === null) return '';
  const places = safeDecimals(decimals);
  const r = d.toDecimalPlaces(places, roundingOf(mode));
  const text = r.toFixed(places);
  return r.isZero() ? text.replace(/^-/, '') : text;
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * A score for display: rounded half-up to `decimals` (default 2), trailing zeros trimmed
 * ("13", "17.19", "1.1"); null (pending) → ''.
 */
export function formatScore(n: number | null, decimals = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  return trimZeros(roundDecimal(n, decimals, 'half-up'));
}

// Rates repeat (a sheet has a few hundred distinct ones at most) and each costs decimal objects.
const rateTexts = new Map<number, string>();

/** A fraction as a percent to 0.01 %, trimmed: 0.8667 → "86.67%", 1 → "100%", 0.875 → "87.5%"; null → ''. */
export function formatRate(fraction: number | null): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '';
  let text = rateTexts.get(fraction);
  if (text === undefined) {
    const pct = new Decimal(fraction).times(100);
    text = `${trimZeros(roundDecimal(pct.toFixed(), 2, 'half-up'))}%`;
    if (rateTexts.size > 20000) rateTexts.clear();
    rateTexts.set(fraction, text);
  }
  return text;
}

/** A decimal fraction as a percent text to 0.01 % (for messages built from exact decimals). */
export function percentText(fraction: Decimal): string {
  return `${trimZeros(fraction.times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2))}%`;
}

/** A decimal for display in messages, trimmed, up to 6 places. */
export function figureText(d: Decimal): string {
  return trimZeros(d.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6));
}
