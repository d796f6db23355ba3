// Saves through the save worker (save.worker.ts), as the app's store makes them: the document
// goes over as patches, the transaction runs in the worker, and what is stored is exactly what
// the page saved. When the worker cannot start or dies, the writes run in the page.
import { afterEach, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../src/domain/index.ts';
import { deleteIndicators, insertChild, moveDown } from '../../../src/domain/index.ts';
import { Autosaver } from '../../../src/storage/autosaver.ts';
import { EvaluationStore } from '../../../src/storage/evaluation-store.ts';
import { WorkerWriter } from '../../../src/storage/save-worker-client.ts';
import { watchEvaluation } from '../../../src/storage/cross-tab.ts';
import { startSaveWorker } from '../../../src/storage/save-worker-start.ts';
import type { SaveMessage, SaveReply } from '../../../src/storage/save-protocol.ts';
import { Databases, evaluation, summaryOf, uniqueName, withActual } from './fixtures.ts';

const dbs = new Databases();
const writers: WorkerWriter[] = [];
afterEach(async () => {
  for (const w of writers.splice(0)) w.close();
  await dbs.cleanup();
});

function workerStore(name: string, start: () => Worker = startSaveWorker): { store: EvaluationStore; writer: WorkerWriter } {
  const db = dbs.open(name);
  const writer = new WorkerWriter(db, start);
  writers.push(writer);
  return { store: new EvaluationStore(db, { writer }), writer };
}

/** The save worker, with its answers delivered `delay` ms late. */
function lateAnswers(delay: number): () => Worker {
  return () => {
    const real = startSaveWorker();
    const late = {
      onmessage: null as ((event: MessageEvent) => void) | null,
      onerror: null as ((event: ErrorEvent) => void) | null,
      onmessageerror: null as (() => void) | null,
      postMessage: (message: unknown) => real.postMessage(message),
      terminate: () => real.terminate(),
    };
    real.onmessage = (event) => setTimeout(() => late.onmessage?.(event), delay);
    real.onerror = (event) => late.onerror?.(event);
    return late as unknown as Worker;
  };
}

const withoutTimes = (e: Evaluation | undefined) => {
  if (!e) return e;
  const { updatedAt: _u, createdAt: _c, ...rest } = e;
  return rest;
};

describe('the save worker', () => {
  it('stores every edit of a session exactly, through patches, and the page reads it back', async () => {
    const name = uniqueName('save-worker');
    const { store, writer } = workerStore(name);
    expect(writer.usesWorker).toBe(true);
    const first = evaluation('w');
    await store.create([first], [summaryOf(first)]);
    const loaded = await store.load('w');
    if (!loaded) throw new Error('not stored');
    const saver = new Autosaver(store, loaded, { summarize: (e) => summaryOf(e) });
    let doc = loaded.evaluation;
    let n = 0;
    const edits: ((e: Evaluation) => Evaluation)[] = [
      (e) => withActual(e, 'w-12', `${n}%`),
      (e) => insertChild(e, 'w-1', () => `w-new-${n}`).evaluation,
      (e) => moveDown(e, 'w-11'),
      (e) => ({ ...e, meta: { ...e.meta, projectName: `项目${n}` } }),
      (e) => {
        const extra = e.indicators[0]?.children.find((c) => c.id.startsWith('w-new-'));
        return extra ? deleteIndicators(e, [extra.id]) : e;
      },
    ];
    for (n = 0; n < 30; n++) {
      doc = (edits[n % edits.length] as (e: Evaluation) => Evaluation)(doc);
      saver.change(doc);
      if (n % 3 === 0) await saver.flush(); // some saves coalesce, some do not
    }
    await saver.flush();
    expect(saver.state.kind).toBe('saved');
    const reader = new EvaluationStore(dbs.open(name)); // another connection, in the page
    const stored = await reader.load('w');
    expect(withoutTimes(stored?.evaluation)).toEqual(withoutTimes(doc));
    expect(stored?.revision).toBe(saver.base.revision);
    expect(writer.usesWorker).toBe(true);
  });

  it('never takes its own saves, committed in the worker, for another tab’s', async () => {
    const name = uniqueName('save-worker-echo');
    // The worker's answer comes late, after Dexie has told this tab's watchers of the commit.
    const { store } = workerStore(name, lateAnswers(150));
    const a = evaluation('a');
    await store.create([a], [summaryOf(a)]);
    const loaded = await store.load('a');
    if (!loaded) throw new Error('not stored');
    const foreign: number[] = [];
    const stop = watchEvaluation('a', (stored) => foreign.push(stored.revision), { store });
    try {
      const saver = new Autosaver(store, loaded, { summarize: (e) => summaryOf(e) });
      let doc = loaded.evaluation;
      for (let n = 0; n < 12; n++) {
        doc = withActual(doc, 'a-12', `${n}%`);
        saver.change(doc);
        await saver.flush();
        // Dexie's change propagation is asynchronous: give it time to arrive after each commit.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(saver.base.revision).toBe(13);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(foreign).toEqual([]);
      // And another tab's save is still heard.
      const theirs = new EvaluationStore(dbs.open(name));
      expect(await theirs.save(withActual(doc, 'a-12', '他们的'), summaryOf(doc), 13)).toEqual({ ok: true, revision: 14 });
      await expect.poll(() => foreign, { timeout: 5000 }).toEqual([14]);
    } finally {
      stop();
    }
  });

  it('keeps the compare-and-swap: another tab’s newer revision comes back as the conflict, nothing written', async () => {
    const name = uniqueName('save-worker-cas');
    const { store: mine } = workerStore(name);
    const theirs = new EvaluationStore(dbs.open(name));
    const a = evaluation('a');
    await mine.create([a], [summaryOf(a)]);
    expect(await mine.save(withActual(a, 'a-12', '我们的1'), summaryOf(a), 1)).toEqual({ ok: true, revision: 2 });
    const their = withActual(a, 'a-12', '他们的');
    expect(await theirs.save(their, summaryOf(their), 2)).toEqual({ ok: true, revision: 3 });
    const result = await mine.save(withActual(a, 'a-12', '我们的2'), summaryOf(a), 2);
    if (result.ok || !('conflict' in result)) throw new Error(`expected a conflict, got ${JSON.stringify(result)}`);
    expect(result.conflict.revision).toBe(3);
    expect(result.conflict.evaluation.indicators[0]?.children[1]?.actual).toBe('他们的');
    expect((await theirs.load('a'))?.evaluation.indicators[0]?.children[1]?.actual).toBe('他们的');
  });

  it('says the evaluation is gone when another tab deleted it', async () => {
    const name = uniqueName('save-worker-gone');
    const { store: mine } = workerStore(name);
    const a = evaluation('a');
    await mine.create([a], [summaryOf(a)]);
    await new EvaluationStore(dbs.open(name)).remove('a');
    expect(await mine.save(a, summaryOf(a), 1)).toMatchObject({ ok: false, missing: true });
  });

  it('saves in the page when no worker can start', async () => {
    const name = uniqueName('save-worker-none');
    const { store, writer } = workerStore(name, () => {
      throw new Error('no workers here');
    });
    expect(writer.usesWorker).toBe(false);
    const a = evaluation('a');
    await store.create([a], [summaryOf(a)]);
    expect(await store.save(withActual(a, 'a-12', '页面中'), summaryOf(a), 1)).toEqual({ ok: true, revision: 2 });
    expect((await store.load('a'))?.evaluation.indicators[0]?.children[1]?.actual).toBe('页面中');
  });

  it('writes in the page what a dying worker did not answer', async () => {
    const name = uniqueName('save-worker-dies');
    const dying = () => new Worker(URL.createObjectURL(new Blob(['self.onmessage = (e) => { if (e.data.seq !== undefined) throw new Error("boom"); };'], { type: 'text/javascript' })));
    const { store, writer } = workerStore(name, dying);
    const a = evaluation('a');
    await store.create([a], [summaryOf(a)]);
    expect(writer.usesWorker).toBe(true);
    expect(await store.save(withActual(a, 'a-12', '幸存'), summaryOf(a), 1)).toEqual({ ok: true, revision: 2 });
    expect(writer.usesWorker).toBe(false);
    expect((await store.load('a'))?.evaluation.indicators[0]?.children[1]?.actual).toBe('幸存');
  });

  it('asks for the whole document when sent a patch against one it does not hold', async () => {
    const worker = startSaveWorker();
    try {
      const reply = new Promise<SaveReply>((resolve) => {
        worker.onmessage = (event: MessageEvent<SaveReply>) => resolve(event.data);
      });
      const message: SaveMessage = {
        seq: 7,
        dbName: uniqueName('save-worker-resend'),
        request: { id: 'x', baseRevision: 1, now: 0, summary: { ...summaryOf(evaluation('x')), id: 'x' } },
        document: { baseSeq: 6, patch: { changed: {}, removed: [], indicators: [{ k: 's', i: 0 }] } },
      };
      worker.postMessage(message);
      expect(await reply).toEqual({ seq: 7, kind: 'resend' });
    } finally {
      worker.terminate();
    }
  });
});
