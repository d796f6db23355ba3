/**
 * Exact decimal arithmetic for scores. Binary floating point gets report figures wrong
 * (9.915 is stored as 9.91499…, so Math.round(9.915 * 100) gives 991), so every figure the
 * engine computes goes through decimal.js, and every `number` it hands out is produced from
 * an exact decimal string, so it equals Number(text) of what it shows.
 */
import DecimalJs from 'decimal.js';
import type { RoundingMode } from './model.ts';

/** A private constructor: global decimal.js settings belong to nobody, so we never touch them. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/**
 * A JS number as the decimal the evaluator typed: decimal.js reads a number through its
 * shortest round-trip string, so 102.13 becomes exactly 102.13. Non-finite → null, never a throw.
 */
export function dec(n: number | null | undefined): Decimal | null {
  if (n === null || n === undefined || typeof n !== 'number' || !Number.isFinite(n)) return null;
  return new Decimal(n);
}

/** Decimal from text such as "0.95"; null when it is not a finite number. */
export function decFromText(text: string): Decimal | null {
  try {
    const d = new Decimal(text.trim());
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/** decimal.js rounding constant for a mode: Excel ROUND is half away from zero; 截尾 is toward zero. */
export function roundingOf(mode: RoundingMode): 1 | 4 {
  return mode === 'truncate' ? Decimal.ROUND_DOWN : Decimal.ROUND_HALF_UP;
}

/** Clamp a decimals setting to something sane: a corrupt setting must not crash the engine. */
export function safeDecimals(decimals: number | null | undefined): number {
  if (typeof decimals !== 'number' || !Number.isFinite(decimals)) return 2;
  return Math.min(10, Math.max(0, Math.trunc(decimals)));
}

export function roundTo(d: Decimal, decimals: number, mode: RoundingMode): Decimal {
  return d.toDecimalPlaces(decimals, roundingOf(mode));
}

/** The number that equals its decimal text exactly (no -0). */
export function toNumber(d: Decimal): number {
  const n = Number(d.toFixed());
  return n === 0 ? 0 : n;
}

/** Plain decimal text without exponent or trailing zeros: "1.1988", "13". */
export function plain(d: Decimal): string {
  const s = d.toFixed();
  return s === '-0' ? '0' : s;
}

export function minDec(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}

export function maxDec(a: Decimal, b: Decimal): Decimal {
  return a.greaterThan(b) ? a : b;
}

/** Clamp to [0, weight] (DOMAIN §4: every score). */
export function clampScore(d: Decimal, weight: Decimal | null): Decimal {
  let r = d.isNegative() ? ZERO : d;
  if (weight !== null && r.greaterThan(weight)) r = weight;
  return r;
}
