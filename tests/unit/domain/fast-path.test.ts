// The integer fast path (src/domain/fixed.ts, fast-rule.ts, leaf-fast.ts) against the same
// engine with the fast path switched off (every leaf through leaf-score.ts in decimal.js):
// random trees from a seeded PRNG with every rule type, both rounding modes, odd decimals
// (9.915, 1.1988), pins, stated scores, funds and adjustments must give deep-equal results,
// and both must land on the published figures. And the exact-integer helpers against
// decimal.js on random figures.
import { describe, expect, it, vi } from 'vitest';
import type { Adjustment, Band, Evaluation, EvaluationResult, Indicator, RoundingMode, Rule } from '../../../src/domain/index.ts';
import { createEvaluator, evaluate, newEvaluation } from '../../../src/domain/index.ts';
import { Decimal } from '../../../src/domain/decimal.ts';
import { figureText, percentText, roundDecimal } from '../../../src/domain/rounding.ts';
import { cmp, divRound, floorDiv, fxFigure, fxFixed, fxOfNumber, fxOfText, fxPercent, fxText, mul, OVERFLOW, roundFx, sub } from '../../../src/domain/fixed.ts';
import { scoreLeafFast } from '../../../src/domain/leaf-fast.ts';
import { findLeaf, loadFixture, updateLeaf } from './helpers.ts';

// Counts the fast path's calls, so the test knows the oracle really took the other road.
vi.mock('../../../src/domain/leaf-fast.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/domain/leaf-fast.ts')>();
  return { ...real, scoreLeafFast: vi.fn(real.scoreLeafFast) };
});

/** The oracle: the engine's own definition, the integer path off. */
const referenceEvaluate = (ev: Evaluation) => evaluate(ev, { fastPath: false });

/**
 * Every node's worked line. `explain` is a getter on the result's prototype (the fast path
 * builds it when read, src/domain/node-result.ts), which toEqual does not visit: compared here.
 */
const explains = (r: EvaluationResult): [string, string | undefined][] => [...r.nodes.values()].map((n) => [n.id, n.explain]);

/** mulberry32: small, seeded, good enough to spread cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = ReturnType<typeof prng>;
const pick = <T,>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const chance = (r: Rand, p: number): boolean => r() < p;

const WEIGHTS = [1, 2, 3, 4, 5, 7, 10, 0.5, 1.5, 0.01, 9.915, 1.1988, 100 / 180, 0.3333, 15, 20, 0, 2.25, 12.345678];
const ODD = [9.915, 1.1988, 5.3599, 4.21875, 0.005, 0.0063, 0.005699999999999999, 1.005, 2.675, 0.1 + 0.2, 39.96, 76.57];

function figure(r: Rand): string {
  const kind = r();
  if (kind < 0.3) return String(Math.floor(r() * 200));
  if (kind < 0.6) return (r() * 150).toFixed(pick(r, [1, 2, 3]));
  if (kind < 0.8) return String(pick(r, ODD));
  if (kind < 0.9) return pick(r, ['0', '100', '255.6', '102.13', '8760', '1,200', '0.5']);
  return pick(r, ['123456789012345678', '0.000000001', '99.99999999999', '3.14159265358979']);
}

function target(r: Rand): string | undefined {
  const x = r();
  if (x < 0.08) return undefined;
  if (x < 0.12) return pick(r, ['按时完成', '及时', '>=abc%', '']);
  if (x < 0.5) return `${pick(r, ['>=', '≥', '=', '<=', '≤', '>', '<', ''])}${figure(r)}%`;
  if (x < 0.6) return pick(r, ['0起', '=0次', '≤2次', '<3次']);
  if (x < 0.7) return `${figure(r)}%以上`;
  return `${pick(r, ['>=', '≥', '=', '<=', '≤', ''])}${figure(r)}${pick(r, ['个', '家', '万元', '秒', '小时', ''])}`;
}

function actual(r: Rand, t: string | undefined): string | undefined {
  const x = r();
  if (x < 0.1) return undefined;
  if (x < 0.14) return pick(r, ['及时', '按时完成', '效果明显', '效果一般', '>=abc', '-5%']);
  const percent = t?.includes('%') ?? chance(r, 0.5);
  if (percent && chance(r, 0.9)) return `${figure(r)}%`;
  const unit = /个|家|万元|秒|小时|次|起/.exec(t ?? '')?.[0] ?? '';
  return `${figure(r)}${chance(r, 0.9) ? unit : pick(r, ['个', '家', ''])}`;
}

function bands(r: Rand, percent: boolean): Band[] {
  const top = percent ? 0.95 : 90;
  return [
    { min: top, minInclusive: true, score: 10 },
    { min: top * 0.9, minInclusive: chance(r, 0.5), score: 6 },
    { min: top * 0.8, minInclusive: true, score: 3 },
    ...(chance(r, 0.7) ? [{ min: null, minInclusive: true, score: 0 }] : []),
  ];
}

function rule(r: Rand, weight: number): Rule | undefined {
  const type = pick(r, ['ratio', 'ratio', 'ratio', 'step', 'step', 'binary', 'manual', 'none', 'occurrence', 'deviation', 'bands', 'levels', 'checklist', 'formula'] as const);
  switch (type) {
    case 'none': return undefined;
    case 'manual': return { type: 'manual' };
    case 'ratio': return { type: 'ratio', floor: pick(r, [undefined, null, 0.6, 0.5, -0]), rateDecimals: pick(r, [undefined, 2, 2, 0, 1, 4, null, 1.7]) };
    case 'binary': return { type: 'binary' };
    case 'step': return { type: 'step', unit: pick(r, ['percent', 'absolute'] as const), size: pick(r, [0.1, 0.05, 1, 0.3333, 10, 0, 0.01]), deduction: pick(r, [1, 0.5, 2, 0.001, 1.1988, 9.915, -0]) };
    case 'occurrence': return { type: 'occurrence', deduction: pick(r, [1, 0.5, 2]) };
    case 'deviation': return { type: 'deviation', threshold: 0.95, point: 0.01, shareOfWeight: pick(r, [0.02, 0.05]) };
    case 'bands': return { type: 'bands', input: pick(r, ['actual', 'achievement'] as const), bands: bands(r, chance(r, 0.5)) };
    case 'levels': return { type: 'levels', levels: [{ label: '效果明显', score: weight }, { label: '效果一般', score: weight / 2 }, { label: '不能提高', score: 0 }], chosen: pick(r, [null, '效果一般', undefined]) };
    case 'checklist': {
      const items = [0.5, 0.5, 1.1988].map((points, i) => ({ label: `要点${i}`, points, met: pick(r, [true, false, null]) }));
      return chance(r, 0.5) ? { type: 'checklist', mode: 'award', items } : { type: 'checklist', mode: 'deduct', items, deduction: 0.5, findings: pick(r, [undefined, 1, 3]) };
    }
    case 'formula': return { type: 'formula', expression: pick(r, ['实际值/指标值*分值', 'A*2 + B*4', '分值*0.9915']), variables: [{ name: 'A', expression: '(16+3)/20' }, { name: 'B', expression: '(26+18)/50' }] };
  }
}

let ids = 0;

function leaf(r: Rand): Indicator {
  const weight = chance(r, 0.03) ? pick(r, [null, -1, Number.NaN, 1e-7]) : pick(r, WEIGHTS);
  const t = target(r);
  const ind: Indicator = { id: `n${ids++}`, name: chance(r, 0.05) ? '' : `指标${ids}`, weight: weight as number | null, target: t, actual: actual(r, t), children: [] };
  const ru = rule(r, typeof weight === 'number' && Number.isFinite(weight) ? weight : 5);
  if (ru) ind.rule = ru;
  const w = typeof weight === 'number' && Number.isFinite(weight) ? weight : 5;
  if (chance(r, 0.5)) ind.enteredScore = chance(r, 0.6) ? Math.round(r() * w * 1000) / 1000 : pick(r, [...ODD, 0, -0, w, w + 1, -1, null, w * 0.57]);
  if (chance(r, 0.3)) ind.pinned = true;
  if (chance(r, 0.25)) ind.statedScore = chance(r, 0.5) ? Math.round(r() * w * 100) / 100 : pick(r, [...ODD, w, w + 0.5, -2, -0]);
  if (chance(r, 0.7)) ind.reason = chance(r, 0.1) ? '  ' : '原因';
  if (chance(r, 0.1)) ind.statusOverride = pick(r, ['已完成', '部分完成', '未完成'] as const);
  return ind;
}

function subtree(r: Rand, depth: number): Indicator {
  if (depth >= 4 || chance(r, depth === 1 ? 0.1 : 0.45)) return leaf(r);
  const children = Array.from({ length: 1 + Math.floor(r() * 5) }, () => subtree(r, depth + 1));
  const sum = children.reduce((s, c) => s + (typeof c.weight === 'number' && Number.isFinite(c.weight) ? c.weight : 0), 0);
  const weight = pick(r, [null, null, Math.round(sum * 10000) / 10000, sum + 1]);
  const node: Indicator = { id: `n${ids++}`, name: `组${ids}`, weight, children };
  if (chance(r, 0.15)) node.statedScore = Math.round(r() * sum * 100) / 100;
  return node;
}

function randomEvaluation(seed: number): Evaluation {
  const r = prng(seed);
  const rounding: RoundingMode = chance(r, 0.5) ? 'truncate' : 'half-up';
  const adjustments: Adjustment[] = [];
  if (chance(r, 0.3)) adjustments.push({ id: 'cap', kind: 'execution-cap', name: '封顶', enabled: chance(r, 0.8), caps: [{ below: 0.8, cap: 89 }, { below: 0.5, cap: 59 }] });
  if (chance(r, 0.3)) adjustments.push({ id: 'dock', kind: 'overshoot-dock', name: '目标偏低', enabled: true, threshold: 0.3, points: 1 });
  return newEvaluation({
    id: `e${seed}`,
    indicators: Array.from({ length: 1 + Math.floor(r() * 5) }, () => subtree(r, 1)),
    settings: { gradeScale: { id: 'mof', name: '财政部', bands: [{ grade: '优', min: 90 }, { grade: '差', min: 0 }] }, rounding, decimals: pick(r, [2, 2, 2, 0, 1, 3, 4]) },
    funds: chance(r, 0.3) ? { unit: '万元', initialBudget: null, annualBudget: 255.6, executed: pick(r, [102.13, 255.6, 250, null]), weight: 10, statedRate: pick(r, [null, 0.3996, 1]) } : null,
    adjustments,
    statedTotal: chance(r, 0.2) ? 91.55 : null,
  });
}

describe('fast path = the engine with the fast path off', () => {
  it('the switch is real: the oracle never calls the fast path, the default does', () => {
    const spy = vi.mocked(scoreLeafFast);
    const ev = randomEvaluation(7);
    spy.mockClear();
    referenceEvaluate(ev);
    expect(spy).not.toHaveBeenCalled();
    evaluate(ev);
    expect(spy.mock.calls.length).toBeGreaterThan(0);
    expect(spy.mock.results.some((r) => r.type === 'return' && r.value !== null)).toBe(true);
  });

  it('both paths reproduce the published figures (000 附件3: 91.55 once 预算执行率 is pinned to 1.19; 002: 98 / 98 / 99 / 98)', () => {
    const annex = loadFixture('seed-000-annex3.json');
    const pinned = updateLeaf(annex, findLeaf(annex, '预算执行率').id, (n) => ({ ...n, pinned: true, enteredScore: 1.19 }));
    for (const path of [true, false]) {
      const r = evaluate(pinned, { fastPath: path });
      expect(r.totalText, `fastPath ${path}`).toBe('91.55');
      expect(r.grade).toBe('优');
      expect(r.levels.map((l) => l.score)).toEqual([13, 17.19, 35, 26.36]);
      const totals = [1, 2, 3, 4].map((t) => evaluate(loadFixture(`seed-002-table${t}.json`), { fastPath: path }).total);
      expect(totals).toEqual([98, 98, 99, 98]);
    }
  });

  it('random trees: evaluate() deep-equals the reference, both rounding modes', () => {
    let leaves = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const ev = randomEvaluation(seed);
      const want = referenceEvaluate(ev);
      const got = evaluate(ev);
      expect(got, `seed ${seed}`).toEqual(want);
      expect(explains(got), `seed ${seed} explain`).toEqual(explains(want));
      const other: RoundingMode = ev.settings.rounding === 'truncate' ? 'half-up' : 'truncate';
      const flipped = { ...ev, settings: { ...ev.settings, rounding: other } };
      const wantFlipped = referenceEvaluate(flipped);
      const gotFlipped = evaluate(flipped);
      expect(gotFlipped, `seed ${seed} ${other}`).toEqual(wantFlipped);
      expect(explains(gotFlipped), `seed ${seed} ${other} explain`).toEqual(explains(wantFlipped));
      leaves += want.leafCount;
    }
    expect(leaves).toBeGreaterThan(3000);
  }, 60_000); // a few seconds; more on a busy machine

  it('createEvaluator over successive edits deep-equals the reference', () => {
    const evaluator = createEvaluator();
    for (let seed = 1000; seed < 1060; seed++) {
      const r = prng(seed);
      let ev = randomEvaluation(seed);
      expect(evaluator.evaluate(ev), `seed ${seed}`).toEqual(referenceEvaluate(ev));
      const leafIds = [...referenceEvaluate(ev).nodes.values()].filter((n) => n.isLeaf).map((n) => n.id);
      for (let k = 0; k < 6; k++) {
        const id = pick(r, leafIds);
        ev = k === 3
          ? { ...ev, settings: { ...ev.settings, rounding: ev.settings.rounding === 'truncate' ? 'half-up' : 'truncate' } }
          : updateLeaf(ev, id, (n) => ({ ...n, actual: actual(r, n.target), enteredScore: chance(r, 0.5) ? pick(r, ODD) : n.enteredScore }));
        const got = evaluator.evaluate(ev);
        const want = referenceEvaluate(ev);
        expect(got, `seed ${seed} edit ${k}`).toEqual(want);
        expect(explains(got), `seed ${seed} edit ${k} explain`).toEqual(explains(want));
      }
    }
  }, 60_000);

  it('the seeds’ worked figures take the fast path to the same text', () => {
    const ev = newEvaluation({
      indicators: [{ id: 'p', name: '过程', weight: 20, children: [
        { id: 'a', name: '预算执行率', weight: 3, rule: { type: 'ratio', rateDecimals: 2 }, target: '≥100%', actual: '39.96%', children: [] },
        { id: 'b', name: '满意度', weight: 7, rule: { type: 'ratio', rateDecimals: 2 }, target: '=100%', actual: '76.57%', reason: '低', children: [] },
        { id: 'c', name: '产出数量', weight: 10, rule: { type: 'step', unit: 'percent', size: 0.1, deduction: 1 }, target: '>=500家', actual: '385家', reason: '少', children: [] },
      ] }],
    });
    for (const rounding of ['half-up', 'truncate'] as const) {
      const e = { ...ev, settings: { ...ev.settings, rounding } };
      const got = evaluate(e);
      expect(got).toEqual(referenceEvaluate(e));
      expect(got.nodes.get('a')?.explain).toBe(rounding === 'half-up' ? '39.96% × 3 = 1.1988 → 1.2' : '39.96% × 3 = 1.1988 → 1.19');
      expect(got.nodes.get('c')?.explain).toBe('低于指标值 23%，2 档 × 1 分：10 − 2 = 8');
    }
  });

  it('a leaf’s result, built when first read, is one object, equals the definition’s, and lists the very findings the evaluation lists', () => {
    let leaves = 0;
    for (let seed = 2000; seed < 2040; seed++) {
      const ev = randomEvaluation(seed);
      const r = evaluate(ev);
      const ids = [...r.nodes.keys()];
      const first = ids.map((id) => r.nodes.get(id));
      ids.forEach((id, i) => expect(r.nodes.get(id), `seed ${seed} ${id}`).toBe(first[i]));
      expect([...r.nodes.values()]).toEqual([...referenceEvaluate(ev).nodes.values()]);
      const listed = new Set(r.findings);
      for (const n of r.nodes.values()) for (const f of n.findings) expect(listed.has(f), `seed ${seed} ${f.key}`).toBe(true);
      leaves += r.leafCount;
    }
    expect(leaves).toBeGreaterThan(200);
  });

  it('a worked line built on reading is the eager one, read once or often, in JSON too', () => {
    const ev = newEvaluation({
      indicators: [{ id: 'a', name: '预算执行率', weight: 3, rule: { type: 'ratio', rateDecimals: 2 }, target: '≥100%', actual: '39.96%', reason: '低', children: [] }],
    });
    const lazy = evaluate(ev).nodes.get('a');
    const eager = referenceEvaluate(ev).nodes.get('a');
    expect(lazy?.explain).toBe('39.96% × 3 = 1.1988 → 1.2');
    expect(lazy?.explain).toBe(eager?.explain);
    const json = JSON.parse(JSON.stringify(lazy)) as Record<string, unknown>;
    expect(json.explain).toBe('39.96% × 3 = 1.1988 → 1.2');
    expect(json).toEqual(JSON.parse(JSON.stringify(eager)));
    expect(Object.keys(json).sort()).toEqual([...Object.keys(lazy ?? {}), 'explain'].sort());
    // The cached evaluator's results too: a later version of the document does not change an older line.
    const evaluator = createEvaluator();
    const first = evaluator.evaluate(ev).nodes.get('a');
    evaluator.evaluate(updateLeaf(ev, 'a', (n) => ({ ...n, actual: '50%' })));
    expect(first?.explain).toBe('39.96% × 3 = 1.1988 → 1.2');
  });
});

/** The result of a fast operation, or 'overflow' when it hands over to decimal.js. */
function attempt<T>(f: () => T): T | 'overflow' {
  try {
    return f();
  } catch (e) {
    if (e === OVERFLOW) return 'overflow';
    throw e;
  }
}

function randomFigure(r: Rand): string {
  const sign = chance(r, 0.2) ? '-' : '';
  const int = String(Math.floor(r() * 10 ** Math.floor(r() * 9)));
  const fracLen = Math.floor(r() * 8);
  const frac = Array.from({ length: fracLen }, () => String(Math.floor(r() * 10))).join('');
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

describe('fixed.ts against decimal.js', () => {
  it('reads text and numbers as decimal.js does', () => {
    expect(fxOfText('0.950')).toEqual({ m: 95, e: 2 });
    expect(fxOfText('-0')).toEqual({ m: 0, e: 0 });
    expect(fxOfText('1e-7')).toBeNull();
    expect(fxOfNumber(0.1 + 0.2)).toBeNull(); // 17 digits: not a safe integer, decimal.js takes it
    expect(fxOfNumber(9.915)).toEqual({ m: 9915, e: 3 });
    expect(fxOfNumber(1e21)).toBeNull();
  });

  it('rounding, division and texts agree on random figures', () => {
    const r = prng(7);
    for (let i = 0; i < 5000; i++) {
      const a = randomFigure(r);
      const b = randomFigure(r);
      const fa = fxOfText(a);
      const fb = fxOfText(b);
      if (!fa || !fb) continue;
      const da = new Decimal(a);
      const db = new Decimal(b);
      const places = Math.floor(r() * 5);
      expect(fxText(fa)).toBe(da.toFixed());
      expect(fxFixed(fa, places), `${a} fixed ${places}`).toBe(roundDecimal(a, places, 'half-up'));
      expect(fxText(roundFx(fa, places, true)), `${a} truncate ${places}`).toBe(new Decimal(roundDecimal(a, places, 'truncate')).toFixed());
      expect(fxPercent(fa)).toBe(percentText(da));
      expect(fxFigure(fa)).toBe(figureText(da));
      expect(Math.sign(cmp(fa, fb))).toBe(da.comparedTo(db));
      const product = attempt(() => fxText(mul(fa, fb)));
      if (product !== 'overflow') expect(product).toBe(da.times(db).toFixed());
      const diff = attempt(() => fxText(sub(fa, fb)));
      if (diff !== 'overflow') expect(diff).toBe(da.minus(db).toFixed());
      if (!db.isZero()) {
        const q = attempt(() => fxText(divRound(fa, fb, places + 2)));
        if (q !== 'overflow') expect(q, `${a} / ${b}`).toBe(da.dividedBy(db).toDecimalPlaces(places + 2, Decimal.ROUND_HALF_UP).toFixed());
        if (da.greaterThan(0) && db.greaterThan(0)) {
          const fl = attempt(() => floorDiv(fa, fb).q);
          if (fl !== 'overflow') expect(fl, `floor ${a} / ${b}`).toBe(da.dividedBy(db).floor().toNumber());
        }
      }
    }
  }, 60_000);
});
