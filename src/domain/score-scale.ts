/**
 * The evaluation's rounding mode and decimals, and the figures they give: scores held as
 * integers of 10^-decimals ("units": 1.19 → 119, so sums are exact), their display text, and
 * rates (得分率) rounded half-up to 0.01 %. Every part of the engine formats through one of these,
 * so "1.20" in a message and 1.2 in a result always agree.
 */
import type { RoundingMode } from './model.ts';
import { Decimal, roundTo } from './decimal.ts';
import { roundDecimal } from './rounding.ts';
import { fxFixed, memoText, type Fx } from './fixed.ts';

/** Units of 10^-decimals as the reports print them: "17.19", "13", "1.1". */
const scoreText = memoText((units, decimals) => {
  if (decimals === 0) return String(units);
  const sign = units < 0 ? '-' : '';
  const digits = String(Math.abs(units)).padStart(decimals + 1, '0');
  const int = digits.slice(0, -decimals);
  const frac = digits.slice(-decimals).replace(/0+$/, '');
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
});

// unitsOfNumber() per rounding mode and decimals, shared by every evaluation: a typed score
// with a float artefact (0.0055000000000000005) is read by decimal.js, and such scores repeat.
const numberUnits = new Map<string, Map<number, number>>();

// The numbers handed out for scores (per decimals) and rates: a sheet has a few thousand
// distinct ones at most, and every result holds two or three. Sharing them means one boxed
// number per figure instead of one per result, which is memory the garbage collector copies.
const scoreNumbers = new Map<number, Map<number, number>>();
const rateNumbers = new Map<number, number>();

/** q / 10000 (a rate to 0.01 %, q ≥ 0 an integer), shared. */
function rateNumber(q: number): number {
  let r = rateNumbers.get(q);
  if (r === undefined) {
    r = q / 10000;
    if (rateNumbers.size > 20000) rateNumbers.clear();
    rateNumbers.set(q, r);
  }
  return r;
}

export class ScoreScale {
  readonly scale: number;
  readonly scaleDec: Decimal;
  readonly #numberUnits: Map<number, number>;
  readonly #scores: Map<number, number>;

  constructor(readonly rounding: RoundingMode, readonly decimals: number) {
    this.scale = 10 ** decimals;
    this.scaleDec = new Decimal(10).pow(decimals);
    const key = `${rounding}|${decimals}`;
    let memo = numberUnits.get(key);
    if (memo === undefined) numberUnits.set(key, (memo = new Map()));
    this.#numberUnits = memo;
    let scores = scoreNumbers.get(decimals);
    if (scores === undefined) scoreNumbers.set(decimals, (scores = new Map()));
    this.#scores = scores;
  }

  /** unitsOf(round(new Decimal(n))) for a finite number, memoised. */
  unitsOfNumber(n: number): number {
    let units = this.#numberUnits.get(n);
    if (units === undefined) {
      units = this.unitsOf(this.round(new Decimal(n)));
      if (this.#numberUnits.size > 20000) this.#numberUnits.clear();
      this.#numberUnits.set(n, units);
    }
    return units;
  }

  /** Figure with the evaluation's decimals, fixed, for messages ("1.20" vs "1.19" reads as a difference). */
  fig(d: Decimal | number): string {
    return roundDecimal(typeof d === 'number' ? d : d.toFixed(), this.decimals, 'half-up');
  }

  /** A stated figure as the sheet gave it when it has more decimals than ours ("1.1988"), else as fig(). */
  statedFig(d: Decimal): string {
    return d.decimalPlaces() > this.decimals ? d.toFixed() : this.fig(d);
  }

  round(d: Decimal): Decimal {
    return roundTo(d, this.decimals, this.rounding);
  }

  unitsOf(rounded: Decimal): number {
    return Number(rounded.times(this.scaleDec).toFixed(0));
  }

  fromUnits(units: number): number {
    let n = this.#scores.get(units);
    if (n === undefined) {
      n = units / this.scale;
      if (n === 0) n = 0;
      if (this.#scores.size > 20000) this.#scores.clear();
      this.#scores.set(units, n);
    }
    return n;
  }

  /** score / weight rounded half-up to 0.01 %, as 1/10000 integers when that is exact, else in decimal. */
  rateOf(units: number | null, weight: Decimal | null): number | null {
    if (units === null || weight === null || weight.isZero()) return null;
    const weightUnits = weight.times(this.scaleDec);
    if (weightUnits.isInteger() && units >= 0) {
      const w = weightUnits.toNumber();
      const twice = 2 * units * 10000 + w;
      if (Number.isSafeInteger(twice) && Number.isSafeInteger(2 * w)) return rateNumber(Math.floor(twice / (2 * w)));
    }
    const r = new Decimal(units).dividedBy(weightUnits).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    return Number(r.toFixed());
  }

  /** Display text of a score held as units: integer arithmetic, no decimal objects ("17.19", "13"). */
  unitsText(units: number | null): string {
    return units === null ? '' : scoreText(units, this.decimals);
  }
  /** Figure with the evaluation's decimals, fixed, from an exact short decimal. */
  figFx(x: Fx): string {
    return fxFixed(x, this.decimals);
  }
  /** rateOf() with the weight's units taken from its exact short decimal when they are whole. */
  rateOfFx(units: number | null, wfx: Fx, weight: Decimal): number | null {
    if (units === null || wfx.m === 0) return null;
    if (wfx.e <= this.decimals && units >= 0) {
      const w = wfx.m * 10 ** (this.decimals - wfx.e);
      const twice = 2 * units * 10000 + w;
      if (Number.isSafeInteger(w) && Number.isSafeInteger(twice) && Number.isSafeInteger(2 * w)) return rateNumber(Math.floor(twice / (2 * w)));
    }
    return this.rateOf(units, weight);
  }
}
