/**
 * Exact short decimals as m × 10^-e (m a safe integer, 0 ≤ e ≤ 22): the engine's fast path.
 *
 * decimal.js is exact but allocates and normalises on every operation, and that was most of
 * a full evaluation's time. Weights, targets, actuals and scores are short decimals, so
 * integers hold them exactly and JS integer arithmetic on them is exact while the results
 * stay safe integers. An operation whose exact result would not fit throws {@link OVERFLOW};
 * the engine catches it and computes the same thing with decimal.js, so the fast path is a
 * shortcut to the same answer, never a different one. Throwing (rather than a null from every
 * operation) keeps the arithmetic readable; it is caught at one place, around one leaf.
 *
 * Divisions are rounded from the exact quotient. decimal.js divides to 40 significant digits
 * first and then rounds; both agree because, with safe integers, an exact quotient is never
 * within 10^-39 (relative) of a rounding boundary without being on it (see divRound).
 */
import type { ParsedValue } from './result.ts';

export interface Fx {
  readonly m: number;
  readonly e: number;
}

/** Thrown when an exact result does not fit: compute it with decimal.js instead. */
export const OVERFLOW: unique symbol = Symbol('fixed-overflow');

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

export const FX_ZERO: Fx = Object.freeze({ m: 0, e: 0 });
export const FX_ONE: Fx = Object.freeze({ m: 1, e: 0 });

function pow10(n: number): number {
  const p = POW10[n];
  if (p === undefined) throw OVERFLOW;
  return p;
}

/** The integer itself when it is safe (so arithmetic that produced it was exact); -0 → 0. */
function safe(n: number): number {
  if (!Number.isSafeInteger(n)) throw OVERFLOW;
  return n === 0 ? 0 : n;
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Plain decimal text ("0.95", "-3", "102.13"), as parse-value and Decimal#toFixed() write it; null when it does not fit. */
export function fxOfText(text: string): Fx | null {
  const match = PLAIN.exec(text);
  if (!match) return null;
  const frac = (match[3] ?? '').replace(/0+$/, '');
  if (frac.length > 22) return null;
  const m = Number(`${match[2] ?? ''}${frac}`);
  if (!Number.isSafeInteger(m)) return null;
  return { m: match[1] && m !== 0 ? -m : m, e: frac.length };
}

/**
 * A JS number as the decimal the evaluator typed: its shortest round-trip text, which is how
 * decimal.js reads numbers too. Exponent forms (1e-7, 1e+21) → null: rare, left to decimal.js.
 */
export function fxOfNumber(n: number): Fx | null {
  let x = ofNumber.get(n);
  if (x === undefined) {
    // Number → shortest text is the costly step, and scores and parameters repeat.
    x = Number.isFinite(n) ? fxOfText(String(n)) : null;
    if (ofNumber.size > 20000) ofNumber.clear();
    ofNumber.set(n, x);
  }
  return x;
}

// -0 and 0 share a key (SameValueZero) and a value: both read as "0".
const ofNumber = new Map<number, Fx | null>();

const ofQuantity = new WeakMap<object, Fx | null>();

/** The exact value of a parsed quantity (memoised: parsed values are shared per text). */
export function fxOfQuantity(q: Extract<ParsedValue, { kind: 'quantity' }>): Fx | null {
  let x = ofQuantity.get(q);
  if (x === undefined) {
    x = fxOfText(q.decimal);
    ofQuantity.set(q, x);
  }
  return x;
}

/** m at the finer scale e (≥ a.e). */
function at(a: Fx, e: number): number {
  return e === a.e ? a.m : safe(a.m * pow10(e - a.e));
}

export function cmp(a: Fx, b: Fx): number {
  return cmpAt(a.m, a.e, b);
}

/** cmp({ m, e }, b) without building the left operand (a score in units against a weight, per leaf). */
export function cmpAt(m: number, e: number, b: Fx): number {
  if (e === b.e) return m < b.m ? -1 : m > b.m ? 1 : 0;
  const x = e >= b.e ? m : safe(m * pow10(b.e - e));
  const y = b.e >= e ? b.m : safe(b.m * pow10(e - b.e));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function add(a: Fx, b: Fx): Fx {
  const e = Math.max(a.e, b.e);
  return normal(safe(at(a, e) + at(b, e)), e);
}

export function sub(a: Fx, b: Fx): Fx {
  const e = Math.max(a.e, b.e);
  return normal(safe(at(a, e) - at(b, e)), e);
}

export function mul(a: Fx, b: Fx): Fx {
  const e = a.e + b.e;
  pow10(e);
  return normal(safe(a.m * b.m), e);
}

/** m × 10^-e (m a safe integer, 0 ≤ e ≤ 22) without trailing zeros. */
export function fxOf(m: number, e: number): Fx {
  pow10(e);
  return normal(safe(m), e);
}

/** Without trailing zeros, so equal values have equal representations and texts stay short. */
function normal(m: number, e: number): Fx {
  while (e > 0 && m % 10 === 0) {
    m /= 10;
    e -= 1;
  }
  return { m: m === 0 ? 0 : m, e: m === 0 ? 0 : e };
}

/** Round to `places` decimals: half away from zero (Excel ROUND) or toward zero (截尾). */
export function roundFx(a: Fx, places: number, truncate: boolean): Fx {
  if (a.e <= places) return a;
  const p = pow10(a.e - places);
  const abs = Math.abs(a.m);
  const r = abs % p;
  let q = (abs - r) / p;
  if (!truncate && 2 * r >= p) q += 1;
  return normal(a.m < 0 ? -q : q, places);
}

/** unitsAt(roundFx(a, places, truncate), places) without the rounded figure (one per leaf). */
export function roundedUnits(a: Fx, places: number, truncate: boolean): number {
  if (a.e <= places) return at(a, places);
  const p = pow10(a.e - places);
  const abs = Math.abs(a.m);
  const r = abs % p;
  let q = (abs - r) / p;
  if (!truncate && 2 * r >= p) q += 1;
  return q === 0 ? 0 : a.m < 0 ? -q : q;
}

/** Whether `a` has no digit past `places` decimals: roundFx(a, places, …) is `a` itself. */
export function fitsPlaces(a: Fx, places: number): boolean {
  return a.e <= places || Math.abs(a.m) % pow10(a.e - places) === 0;
}

/** The integer count of 10^-places in `a` (a score in units); `a` must have at most `places` decimals. */
export function unitsAt(a: Fx, places: number): number {
  if (a.e > places) throw OVERFLOW;
  return at(a, places);
}

// ratio()'s two results. A division runs once or twice per leaf; returning them in an array
// was an allocation each time, and the engine's full evaluation is mostly allocation.
let ratioN = 0;
let ratioD = 1;

/** a / b as ratioN / ratioD with both ≥ 0 safe integers, scaled by 10^places. */
function ratio(a: Fx, b: Fx, places: number): void {
  const k = b.e + places - a.e;
  const n = Math.abs(a.m);
  const d = Math.abs(b.m);
  if (k >= 0) {
    ratioN = safe(n * pow10(k));
    ratioD = d;
  } else {
    ratioN = n;
    ratioD = safe(d * pow10(-k));
  }
}

/**
 * a / b rounded half away from zero to `places` decimals (b ≠ 0). Equal to decimal.js's
 * 40-digit division followed by toDecimalPlaces: scaled to N/D, the quotient is either on a
 * half-way point or at least 1/(2D) away from it, and 40 digits move it by at most
 * N/D × 10^-39, less than that for any safe N.
 */
export function divRound(a: Fx, b: Fx, places: number): Fx {
  if (b.m === 0) throw OVERFLOW;
  ratio(a, b, places);
  const d = ratioD;
  const r = ratioN % d;
  const q0 = (ratioN - r) / d;
  const q = 2 * r >= d ? q0 + 1 : q0;
  const negative = (a.m < 0) !== (b.m < 0);
  return normal(negative ? -q : q, places);
}

/**
 * floor(a / b) for a, b > 0, with whether the quotient is exact. decimal.js agrees on a
 * non-integer quotient (40 digits cannot move it past an integer it is at least 1/D away
 * from); on an exact integer it agrees only when its own operands were exact, which callers check.
 */
export function floorDiv(a: Fx, b: Fx): { q: number; exact: boolean } {
  return { q: floorQuotient(a, b), exact: divTerminates(a, b, 0) };
}

/** floorDiv(a, b).q without the object (a, b > 0). */
export function floorQuotient(a: Fx, b: Fx): number {
  if (a.m <= 0 || b.m <= 0) throw OVERFLOW;
  ratio(a, b, 0);
  const r = ratioN % ratioD;
  return (ratioN - r) / ratioD;
}

/** Whether a / b (b ≠ 0) is a decimal of at most `places` places: then decimal.js holds it exactly. */
export function divTerminates(a: Fx, b: Fx, places: number): boolean {
  if (b.m === 0) return false;
  ratio(a, b, places);
  return ratioN % ratioD === 0;
}

export function abs(a: Fx): Fx {
  return a.m < 0 ? { m: -a.m, e: a.e } : a;
}

export function fxInt(n: number): Fx {
  return normal(safe(n), 0);
}

function digits(m: number, e: number, minFrac: number): string {
  const s = String(Math.abs(m));
  let int: string;
  let frac: string;
  if (e === 0) {
    int = s;
    frac = '';
  } else {
    const padded = s.padStart(e + 1, '0');
    int = padded.slice(0, -e);
    frac = padded.slice(-e);
  }
  if (frac.length < minFrac) frac = frac.padEnd(minFrac, '0');
  const sign = m < 0 ? '-' : '';
  return frac ? `${sign}${int}.${frac}` : `${sign}${int}`;
}

/**
 * Memoise a text per figure m × 10^-e. A sheet repeats its figures (weights, percents,
 * deductions, scores), and building the text is most of what a leaf allocates; a lookup by
 * (e, m) allocates nothing.
 */
export function memoText(f: (m: number, e: number) => string): (m: number, e: number) => string {
  let byScale: Map<number, string>[] = [];
  let size = 0;
  return (m, e) => {
    let map = byScale[e];
    if (map === undefined) map = byScale[e] = new Map();
    let text = map.get(m);
    if (text === undefined) {
      text = f(m, e);
      if (++size > 50000) {
        byScale = [];
        size = 0;
        map = byScale[e] = new Map();
      }
      map.set(m, text);
    }
    return text;
  };
}

/** As Decimal#toFixed() without arguments: "1.1988", "13", "-2"; no exponent. */
const plainText = memoText((m, e) => digits(m, e, 0));
export function fxText(a: Fx): string {
  return plainText(a.m, a.e);
}

/**
 * Exactly `places` decimals, rounded half away from zero, as roundDecimal() writes it: a figure
 * that rounds to zero has no minus sign ("0.00").
 */
export function fxFixed(a: Fx, places: number): string {
  const r = roundFx(a, places, false);
  return digits(r.m, r.e, places);
}

/**
 * As percentText(): a fraction as a percent to 0.01 %, trimmed ("39.96%", "100%"). Never
 * throws: a text must not decide whether a leaf takes the fast path, since the engine builds
 * the worked line only when it is read (./node-result.ts).
 */
const percentText = memoText((m, e) => {
  const r = roundFx({ m, e }, 4, false);
  if (r.e >= 2) return `${fxText(normal(r.m, r.e - 2))}%`;
  // × 100 as text: the digits and the zeros, whatever their length.
  return r.m === 0 ? '0%' : `${fxText({ m: r.m, e: 0 })}${'00'.slice(r.e)}%`;
});
export function fxPercent(a: Fx): string {
  return percentText(a.m, a.e);
}

/** As figureText(): rounded half away from zero to 6 places, trimmed ("1.1988", "3"). */
const figureText = memoText((m, e) => fxText(roundFx({ m, e }, 6, false)));
export function fxFigure(a: Fx): string {
  return figureText(a.m, a.e);
}
