/** Test documents and throwaway databases for the storage tests. */
import Dexie from 'dexie';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { openDb, type JixiaoDB, type JixiaoDBOptions } from '../../../src/storage/db.ts';
import type { EvaluationSummary } from '../../../src/storage/types.ts';

let counter = 0;

export function leaf(id: string, name: string, weight: number, extra: Partial<Indicator> = {}): Indicator {
  return { id, name, weight, children: [], ...extra };
}

export function evaluation(id: string, projectName = `项目${id}`, extra: Partial<Evaluation> = {}): Evaluation {
  return {
    id,
    meta: {
      projectName,
      department: '某区财政局',
      implementer: '某中心',
      year: '2023',
      type: '第三方评价',
      evaluator: '某会计师事务所',
      notes: '',
    },
    funds: null,
    indicators: [
      {
        id: `${id}-1`,
        name: '决策',
        weight: 20,
        children: [leaf(`${id}-11`, '立项依据充分性', 10, { enteredScore: 9 }), leaf(`${id}-12`, '绩效目标合理性', 10)],
      },
    ],
    settings: {
      gradeScale: { id: 'mof', name: '财政部', bands: [{ grade: '优', min: 90 }, { grade: '良', min: 80 }, { grade: '中', min: 60 }, { grade: '差', min: 0 }] },
      rounding: 'half-up',
      decimals: 2,
    },
    adjustments: [],
    ...extra,
  };
}

/** A list row as the UI would compute it (tests do not depend on the engine). */
export function summaryOf(e: Evaluation, total: number | null = 9): EvaluationSummary {
  return { id: e.id, projectName: e.meta.projectName, year: e.meta.year, type: e.meta.type, total, grade: total === null ? null : '差', updatedAt: 0 };
}

export function withActual(e: Evaluation, nodeId: string, actual: string): Evaluation {
  const map = (nodes: Indicator[]): Indicator[] =>
    nodes.map((n) => (n.id === nodeId ? { ...n, actual } : { ...n, children: map(n.children) }));
  return { ...e, indicators: map(e.indicators) };
}

export function uniqueName(label: string): string {
  counter += 1;
  return `jixiao-test-${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Databases opened by a test, closed and deleted by cleanup(). */
export class Databases {
  readonly #opened: Dexie[] = [];
  readonly #names = new Set<string>();

  open(name: string, options?: JixiaoDBOptions): JixiaoDB {
    const db = openDb(name, options);
    this.track(db);
    return db;
  }

  track<T extends Dexie>(db: T): T {
    this.#opened.push(db);
    this.#names.add(db.name);
    return db;
  }

  async cleanup(): Promise<void> {
    for (const db of this.#opened) db.close();
    for (const name of this.#names) await Dexie.delete(name);
    this.#opened.length = 0;
    this.#names.clear();
  }
}

export function waitFor<T>(get: () => T | undefined, ms = 1000): Promise<T> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = get();
      if (value !== undefined) resolve(value);
      else if (performance.now() - started > ms) reject(new Error(`not within ${ms} ms`));
      else setTimeout(tick, 10);
    };
    tick();
  });
}
