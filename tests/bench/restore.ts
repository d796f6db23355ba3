/**
 * restoreEvaluation, which every stored record passes through (on load, on save, in the home
 * list once per change), on the generated 10,000-leaf tree, beside what the browser does to
 * the same document anyway: a structured clone (IndexedDB's put and get) and JSON.parse.
 */
import { newEvaluation, restoreEvaluation, type Indicator } from '../../src/domain/index.ts';

const FAN = 10;

function generate() {
  let n = 0;
  const build = (depth: number, prefix: string): Indicator[] =>
    Array.from({ length: FAN }, (_, i) => {
      const id = `${prefix}${i}`;
      if (depth === 4) {
        n += 1;
        return {
          id, name: `指标${n}`, weight: 0.01, target: '>=100个', actual: `${50 + (n % 50)}个`, reason: '偏差原因',
          criteria: '达到指标值得满分；每低于指标值的10%扣1分，扣完为止。', rule: { type: 'ratio', floor: 0.6, rateDecimals: 2 }, enteredScore: null, children: [],
        };
      }
      return { id, name: `层${depth}-${i}`, weight: null, children: build(depth + 1, `${id}.`) };
    });
  return { evaluation: newEvaluation({ id: 'bench', indicators: build(1, 'n') }), leaves: () => n };
}

function median(fn: () => void, runs: number): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)] as number;
}

export function run(): void {
  const { evaluation, leaves } = generate();
  const json = JSON.stringify(evaluation);
  for (let i = 0; i < 3; i++) restoreEvaluation(evaluation); // warm up
  const restore = median(() => restoreEvaluation(evaluation), 15);
  const clone = median(() => structuredClone(evaluation), 15);
  const parse = median(() => JSON.parse(json), 15);
  console.log(`restoreEvaluation, ${leaves()} leaves: ${restore.toFixed(1)} ms (structuredClone of the same document: ${clone.toFixed(1)} ms, ${(restore / clone).toFixed(2)}×; JSON.parse: ${parse.toFixed(1)} ms)`);
}
