/**
 * The most common rules (ratio, step, binary) computed in exact integers (./fixed.ts), with
 * the same result and worked line as score-rule.ts. Only the case where the rule computes is
 * handled here: anything else (a missing input, a bad parameter, a figure too long for a safe
 * integer) returns null or throws OVERFLOW, and the engine asks score-rule.ts, which holds
 * every message. score-rule.ts stays the definition; tests check the two agree.
 */
import type { CompletionStatus, Rule } from './model.ts';
import type { ParsedValue } from './result.ts';
import { lowerIsBetter, type Quantity } from './completion.ts';
import {
  FX_ONE, FX_ZERO, OVERFLOW, abs, cmp, divRound, divTerminates, floorQuotient, fxFigure, fxInt, fxOfNumber,
  fxPercent, mul, sub, type Fx,
} from './fixed.ts';

/** Where the worked line goes when it is wanted (./node-result.ts builds it when it is read). */
export interface WorkedLine {
  explain: string;
}

function quantity(v: ParsedValue): Quantity | null {
  return v.kind === 'quantity' ? v : null;
}

function param(x: unknown): Fx | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  // decimal.js reads -0 as negative (a negative deduction is an error there): leave it to score-rule.ts.
  if (Object.is(x, -0)) throw OVERFLOW;
  const f = fxOfNumber(x);
  if (f === null) throw OVERFLOW;
  return f;
}

/** A quantity's exact value, which the engine has read already (fxOfQuantity); null does not fit. */
function exact(v: Fx | null): Fx {
  if (v === null) throw OVERFLOW;
  return v;
}

/**
 * Target and actual are both quantities with compatible units (the engine checks units
 * before calling), `exactTarget` and `exactActual` their fxOfQuantity() values (null when
 * they are not both quantities or do not fit). Returns null when score-rule.ts must handle
 * the leaf.
 */
export function fastRule(
  rule: Rule, w: Fx, target: ParsedValue, actual: ParsedValue, exactTarget: Fx | null, exactActual: Fx | null,
  status: CompletionStatus | null, line: WorkedLine | null,
): Fx | null {
  const f = fxFigure;
  switch (rule.type) {
    case 'ratio': {
      const t = quantity(target);
      const a = quantity(actual);
      if (!t || !a) return null;
      const rd = rule.rateDecimals === undefined ? 2 : rule.rateDecimals;
      if (typeof rd !== 'number' || !Number.isFinite(rd)) return null;
      const places = Math.max(0, Math.trunc(rd)) + 2;
      const tv = exact(exactTarget);
      const av = exact(exactActual);
      let ach: Fx;
      if (lowerIsBetter(t)) {
        if (av.m <= 0) { if (tv.m < 0) return null; ach = FX_ONE; } else ach = divRound(tv, av, places);
      } else if (tv.m === 0) {
        if (av.m < 0) return null;
        ach = FX_ONE;
      } else ach = divRound(av, tv, places);
      const floor = param(rule.floor);
      if (floor !== null && cmp(ach, floor) < 0) {
        if (line) line.explain = `达成率 ${fxPercent(ach)} 低于 ${fxPercent(floor)}，不得分`;
        return FX_ZERO;
      }
      const over = cmp(ach, FX_ONE) > 0;
      const capped = cmp(ach, FX_ONE) < 0 ? ach : FX_ONE;
      const raw = mul(w, capped);
      if (line) line.explain = `${over ? `达成率 ${fxPercent(ach)} 按 100% 计，` : ''}${fxPercent(capped)} × ${f(w)} = ${f(raw)}`;
      return raw;
    }
    case 'binary': {
      if (status === null) return null;
      const met = status === '已完成';
      if (line) line.explain = met ? `达到指标值，得 ${f(w)} 分` : `未达到指标值（${status}），不得分`;
      return met ? w : FX_ZERO;
    }
    case 'step': {
      const size = param(rule.size);
      const ded = param(rule.deduction);
      if (size === null || size.m <= 0 || ded === null || ded.m < 0) return null;
      const t = quantity(target);
      const a = quantity(actual);
      if (!t || !a) return null;
      const tv = exact(exactTarget);
      const av = exact(exactActual);
      const lower = lowerIsBetter(t);
      const gap = lower ? sub(av, tv) : sub(tv, av);
      if (gap.m <= 0) {
        if (line) line.explain = `达到指标值，得 ${f(w)} 分`;
        return w;
      }
      let steps: Fx;
      let gapText = '';
      if (rule.unit === 'percent') {
        if (tv.m === 0) return null;
        const base = abs(tv);
        const stepSize = mul(base, size);
        const q = floorQuotient(gap, stepSize);
        // A whole number of steps is what decimal.js finds only if its gap/target was exact.
        if (divTerminates(gap, stepSize, 0) && !divTerminates(gap, base, 8)) throw OVERFLOW;
        steps = fxInt(q);
        if (line) gapText = `${lower ? '超出' : '低于'}指标值 ${fxPercent(divRound(gap, base, 4))}`;
      } else {
        steps = fxInt(floorQuotient(gap, size));
        if (line) gapText = `${lower ? '超出' : '低于'}指标值 ${f(gap)}${t.unit}`;
      }
      const deducted = mul(steps, ded);
      const raw = sub(w, deducted);
      if (line) line.explain = `${gapText}，${f(steps)} 档 × ${f(ded)} 分：${f(w)} − ${f(deducted)} = ${f(raw)}`;
      return raw;
    }
    default:
      return null;
  }
}
