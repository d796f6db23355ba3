// The page of the save bench (browser-edit.ts builds it with Vite): the app's own store and
// autosaver on a database of their own, a generated evaluation, and one edit at a time saved
// as the session saves it (Autosaver.change, then the write committed). The bench reads the
// main thread's task time (CDP Performance.getMetrics) around `saveEdits` and around
// `editOnly` (the same edits, scored, not saved): the difference is what saving costs.
import { applyCellEdits, createEvaluator, type Evaluation } from '../../src/domain/index.ts';
import { Autosaver, EvaluationStore, JixiaoDB, WorkerWriter, startSaveWorker, summarize } from '../../src/storage/index.ts';
import { generate } from './generate.ts';

interface Bench {
  /**
   * Stores a fresh `leaves`-leaf evaluation (50 leaves per 二级) and opens an autosaver on it,
   * saving through the save worker as the app does, or with the transaction in the page.
   */
  open(leaves: number, where: 'worker' | 'page'): Promise<void>;
  saveEdits(edits: number): Promise<void>;
  editOnly(edits: number): Promise<void>;
  /** The stored document's actual value of the edited leaf and its revision. */
  stored(): Promise<{ actual: string | undefined; revision: number }>;
}

const evaluator = createEvaluator();
let store: EvaluationStore | null = null;
let writer: WorkerWriter | null = null;
let saver: Autosaver | null = null;
let current: Evaluation | null = null;
let k = 0;

function nextEdit(): Evaluation {
  if (!current) throw new Error('not open');
  k += 1;
  current = applyCellEdits(current, [{ nodeId: 'a0b0c1', field: 'actual', value: `${k}个` }]);
  evaluator.evaluate(current); // the session scores every edit for the grid anyway
  return current;
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const bench: Bench = {
  async open(leaves, where) {
    store?.close();
    writer?.close();
    const db = new JixiaoDB(`bench-save-${leaves}-${Date.now()}`);
    writer = where === 'worker' ? new WorkerWriter(db, startSaveWorker) : null;
    if (writer && !writer.usesWorker) throw new Error('the save worker did not start');
    store = new EvaluationStore(db, writer ? { writer } : {});
    const ev = generate(1, Math.max(1, Math.round(leaves / 50)), Math.min(50, leaves));
    const summary = summarize(ev, { result: evaluator.evaluate(ev) });
    await store.create([ev], [summary]);
    const loaded = await store.load(ev.id);
    if (!loaded) throw new Error('not stored');
    current = loaded.evaluation;
    const s = store;
    saver = new Autosaver(s, loaded, { summarize: (e) => summarize(e, { result: evaluator.evaluate(e), updatedAt: Date.now() }) });
    // Warm: the first save checks the whole document once (later ones reuse it, see check-evaluation.ts).
    for (let i = 0; i < 3; i++) {
      saver.change(nextEdit());
      await saver.flush();
    }
  },
  async saveEdits(edits) {
    for (let i = 0; i < edits; i++) {
      saver?.change(nextEdit());
      await saver?.flush();
      await macrotask();
    }
  },
  async editOnly(edits) {
    for (let i = 0; i < edits; i++) {
      nextEdit();
      await macrotask();
      await macrotask();
    }
  },
  async stored() {
    const row = await store?.db.evaluations.get(current?.id ?? '');
    return { actual: row?.evaluation.indicators[0]?.children[0]?.children[1]?.actual, revision: row?.revision ?? 0 };
  },
};

(window as unknown as { saveBench: Bench }).saveBench = bench;
