// Engine benchmark: a generated 10,000-leaf, 4-level tree (10 × 10 × 10 × 10), evaluated from
// scratch and re-evaluated after a one-leaf immutable change through createEvaluator. Each figure
// is a median of repeated runs and is compared with a plain loop that only sums the same 10,000
// numbers, measured in the same run, so the ratio means something on any machine.
import type { Evaluation, Indicator } from '../../src/domain/index.ts';
import { createEvaluator, evaluate, newEvaluation } from '../../src/domain/index.ts';
// The same engine with its integer fast path off, every figure in decimal.js: measured in the
// same run, it shows the speed-up whatever else the machine is doing.
const decimalEvaluate = (ev: Evaluation) => evaluate(ev, { fastPath: false });

const FAN = 10;

function generate(): { evaluation: Evaluation; numbers: number[]; leafIds: string[] } {
  const numbers: number[] = [];
  const leafIds: string[] = [];
  let n = 0;
  const build = (depth: number, prefix: string): Indicator[] =>
    Array.from({ length: FAN }, (_, i) => {
      const id = `${prefix}${i}`;
      if (depth === 4) {
        n += 1;
        leafIds.push(id);
        const actual = 50 + (n % 50);
        numbers.push(actual);
        // A mix of the rules the seeds use most.
        const rule = n % 3 === 0 ? { type: 'ratio' as const, floor: 0.6, rateDecimals: 2 }
          : n % 3 === 1 ? { type: 'step' as const, unit: 'percent' as const, size: 0.1, deduction: 0.001 }
            : { type: 'manual' as const };
        return {
          id, name: `指标${n}`, weight: 0.01, target: '>=100个', actual: `${actual}个`, reason: '偏差原因',
          rule, enteredScore: rule.type === 'manual' ? 0.01 * (actual / 100) : null, children: [],
        };
      }
      return { id, name: `层${depth}-${i}`, weight: null, children: build(depth + 1, `${id}.`) };
    });
  return { evaluation: newEvaluation({ id: 'bench', indicators: build(1, 'n') }), numbers, leafIds };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function times(fn: () => void, runs: number): number[] {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return ts;
}

function time(fn: () => void, runs: number): number {
  return median(times(fn, runs));
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] as number;
}

/** Replace one leaf immutably: new objects along its path only, as the UI's edits do. */
function changeLeaf(ev: Evaluation, id: string, actual: string): Evaluation {
  const path = id.slice(1).split('.').map(Number);
  const walk = (nodes: Indicator[], depth: number): Indicator[] => {
    const i = path[depth] as number;
    const copy = nodes.slice();
    const node = nodes[i] as Indicator;
    copy[i] = depth === path.length - 1 ? { ...node, actual } : { ...node, children: walk(node.children, depth + 1) };
    return copy;
  };
  return { ...ev, indicators: walk(ev.indicators, 0) };
}

export async function run(): Promise<void> {
  const { evaluation, numbers, leafIds } = generate();
  let sink = 0;
  const loop = time(() => { let s = 0; for (let i = 0; i < numbers.length; i++) s += numbers[i] as number; sink += s; }, 201);

  // The very first evaluation in the process, cold JIT and empty parse caches (opening the
  // first document of a session), then warm runs: the figure is the median of those.
  const t0 = performance.now();
  sink += evaluate(evaluation).leafCount;
  const first = performance.now() - t0;
  for (let i = 0; i < 9; i++) sink += evaluate(evaluation).leafCount;
  const fullTimes = times(() => { sink += evaluate(evaluation).leafCount; }, 15);
  const full = median(fullTimes);
  // The map by id is part of the figure above; a fast-path leaf's result object is built when
  // first read (src/domain/leaf-fast.ts). The grid reads the rows on screen; an export reads
  // them all, which this figure includes.
  if (evaluate(evaluation).nodes.get(leafIds[0] as string)?.isLeaf !== true) throw new Error('nodes map is missing a leaf');
  const readAll = time(() => { for (const r of evaluate(evaluation).nodes.values()) sink += r.level; }, 15);
  decimalEvaluate(evaluation);
  const decimalFull = time(() => { sink += decimalEvaluate(evaluation).leafCount; }, 15);

  const evaluator = createEvaluator();
  let current = evaluation;
  evaluator.evaluate(current);
  const changed: Evaluation[] = [];
  // Enough edits that the node map's overlay flattens several times (./node-results.ts): the
  // p95 and the mean include those.
  for (let k = 0; k < 401; k++) {
    current = changeLeaf(current, leafIds[(k * 997) % leafIds.length] as string, `${k % 100}个`);
    changed.push(current);
  }
  let k = 0;
  const oneTimes = times(() => { sink += evaluator.evaluate(changed[k++] as Evaluation).total; }, changed.length);
  const one = median(oneTimes);
  const oneMean = oneTimes.reduce((a, b) => a + b, 0) / oneTimes.length;

  const last = evaluator.evaluate(current);
  if (JSON.stringify([...last.nodes.values()].slice(0, 50)) !== JSON.stringify([...evaluate(current).nodes.values()].slice(0, 50)) || last.total !== evaluate(current).total) {
    throw new Error('cached evaluation differs from a fresh one');
  }

  const fmt = (ms: number): string => (ms < 1 ? ms.toFixed(3) : ms.toFixed(1));
  console.log(`engine: ${leafIds.length} leaves, 4 levels (sink ${sink > 0 ? 'ok' : '0'})`);
  console.log(`  plain loop summing ${numbers.length} numbers: ${fmt(loop)} ms (median of 201)`);
  console.log(`  full evaluation:               ${fmt(full)} ms (median of 15 after 10 warm-up runs; best ${fmt(Math.min(...fullTimes))}, p95 ${fmt(p95(fullTimes))} ms) = ${Math.round(full / loop)} × loop`);
  console.log(`  the first one, cold:           ${fmt(first)} ms (JIT not warm, parse caches empty)`);
  console.log(`  same, every node's result read: ${fmt(readAll)} ms (median of 15; each result is built when first read)`);
  console.log(`  same, all in decimal.js:       ${fmt(decimalFull)} ms (median of 15): the fast path is ${(decimalFull / full).toFixed(1)} × faster`);
  console.log(`  one-leaf re-evaluation:        ${fmt(one)} ms (median of ${changed.length}; p95 ${fmt(p95(oneTimes))} ms, mean ${fmt(oneMean)} ms) = ${Math.round(one / loop)} × loop ${one < 16 ? '(under a 16 ms frame)' : '(OVER a 16 ms frame)'}`);
}
