import { afterEach, describe, expect, it } from 'vitest';
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { Autosaver } from '../../../src/storage/autosaver.ts';
import { EvaluationStore } from '../../../src/storage/evaluation-store.ts';
import { QUOTA_MESSAGE } from '../../../src/storage/errors.ts';
import type { SaveResult, SaveState } from '../../../src/storage/types.ts';
import type { Evaluation } from '../../../src/domain/index.ts';
import { Databases, evaluation, summaryOf, uniqueName, waitFor, withActual } from './fixtures.ts';

const dbs = new Databases();
afterEach(() => dbs.cleanup());

/** A store whose saves are counted. */
function countingStore(store: EvaluationStore) {
  const calls: number[] = [];
  return {
    calls,
    save(e: Evaluation, s: ReturnType<typeof summaryOf>, base: number): Promise<SaveResult> {
      calls.push(base);
      return store.save(e, s, base);
    },
  };
}

async function opened(label: string, beforeOpen: (db: ReturnType<typeof dbs.open>) => void = () => {}) {
  const db = dbs.open(uniqueName(label));
  beforeOpen(db); // middleware must be in place before Dexie opens the database
  const store = new EvaluationStore(db);
  const a = evaluation('a');
  await store.create([a], [summaryOf(a)]);
  const stored = (await store.load('a'))!;
  return { db, store, a, stored };
}

describe('Autosaver', () => {
  it('coalesces rapid changes: saved only after the newest is committed', async () => {
    const { store, a, stored } = await opened('coalesce');
    const counting = countingStore(store);
    const saver = new Autosaver(counting, stored, { summarize: (e) => summaryOf(e) });
    const states: SaveState['kind'][] = [];
    saver.subscribe((s) => states.push(s.kind));

    let last = a;
    for (let i = 1; i <= 10; i++) {
      last = withActual(last, 'a-11', `${i * 10}家`);
      saver.change(last);
      expect(saver.state.kind).toBe('saving');
    }
    await saver.flush();

    expect(saver.state.kind).toBe('saved');
    expect(saver.pending).toBe(false);
    const inDb = (await store.load('a'))!;
    expect(inDb.evaluation.indicators[0]?.children[0]?.actual).toBe('100家');
    // The first change is written at once, the nine others while it is in flight coalesce.
    expect(counting.calls.length).toBeGreaterThanOrEqual(2);
    expect(counting.calls.length).toBeLessThanOrEqual(3);
    expect(inDb.revision).toBe(1 + counting.calls.length);
    expect(saver.base.revision).toBe(inDb.revision);
    // 'saved' was never reported between the changes and the end.
    expect(states.filter((k) => k === 'saved')).toEqual(['saved']);
    expect(states.at(-1)).toBe('saved');
  });

  it('says saved only when the transaction has committed', async () => {
    const { store, a, stored } = await opened('committed');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = {
      async save(e: Evaluation, s: ReturnType<typeof summaryOf>, base: number) {
        const result = await store.save(e, s, base);
        await gate; // the commit has happened, but its result has not reached us yet
        return result;
      },
    };
    const saver = new Autosaver(slow, stored, { summarize: (e) => summaryOf(e) });
    saver.change(withActual(a, 'a-11', '1'));
    await new Promise((r) => setTimeout(r, 30));
    expect(saver.state.kind).toBe('saving');
    release();
    await saver.flush();
    expect(saver.state.kind).toBe('saved');
  });

  it('stops on a conflict, keeps the edit in memory, and writes the merge on resolve', async () => {
    const name = uniqueName('conflict');
    const store1 = new EvaluationStore(dbs.open(name));
    const store2 = new EvaluationStore(dbs.open(name));
    const a = evaluation('a');
    await store1.create([a], [summaryOf(a)]);
    const saver = new Autosaver(store1, (await store1.load('a'))!, { summarize: (e) => summaryOf(e) });

    // The other tab saves first.
    const theirs = withActual(a, 'a-12', '他们的');
    expect((await store2.save(theirs, summaryOf(theirs), 1)).ok).toBe(true);

    const mine = withActual(a, 'a-11', '我的');
    saver.change(mine);
    await saver.flush();
    const state = saver.state;
    expect(state.kind).toBe('conflict');
    if (state.kind !== 'conflict') return;
    expect(state.theirs.revision).toBe(2);
    expect(saver.current).toBe(mine);

    // Further changes are held, not written over theirs.
    const mine2 = withActual(mine, 'a-11', '我的2');
    saver.change(mine2);
    await saver.flush();
    expect(saver.state.kind).toBe('conflict');
    expect((await store1.load('a'))?.evaluation.indicators[0]?.children[1]?.actual).toBe('他们的');

    const merged = withActual(mine2, 'a-12', '他们的');
    saver.resolve(merged, state.theirs.revision);
    await saver.flush();
    expect(saver.state.kind).toBe('saved');
    const inDb = (await store1.load('a'))!;
    expect(inDb.revision).toBe(3);
    expect(inDb.evaluation.indicators[0]?.children.map((c) => c.actual)).toEqual(['我的2', '他们的']);
    expect(saver.base.revision).toBe(3);
  });

  it('a listener that resolves the conflict itself: every listener ends on the newest state', async () => {
    const name = uniqueName('reentrant');
    const store1 = new EvaluationStore(dbs.open(name));
    const store2 = new EvaluationStore(dbs.open(name));
    const a = evaluation('a');
    await store1.create([a], [summaryOf(a)]);
    const saver = new Autosaver(store1, (await store1.load('a'))!, { summarize: (e) => summaryOf(e) });
    saver.subscribe((s) => {
      if (s.kind === 'conflict') saver.resolve(withActual(saver.current, 'a-12', '他们的'), s.theirs.revision);
    });
    const seen: string[] = [];
    saver.subscribe((s) => seen.push(s.kind));

    await store2.save(withActual(a, 'a-12', '他们的'), summaryOf(a), 1);
    saver.change(withActual(a, 'a-11', '我的'));
    await saver.flush();
    expect(saver.state.kind).toBe('saved');
    expect(seen.at(-1)).toBe('saved');
    expect(seen).not.toContain('conflict'); // superseded before the second listener's turn
    expect((await store1.load('a'))?.evaluation.indicators[0]?.children.map((c) => c.actual)).toEqual(['我的', '他们的']);
  });

  it('adopt takes a newer revision without writing it back', async () => {
    const name = uniqueName('adopt');
    const store1 = new EvaluationStore(dbs.open(name));
    const store2 = new EvaluationStore(dbs.open(name));
    const a = evaluation('a');
    await store1.create([a], [summaryOf(a)]);
    const counting = countingStore(store1);
    const saver = new Autosaver(counting, (await store1.load('a'))!, { summarize: (e) => summaryOf(e) });
    const theirs = withActual(a, 'a-12', '他们的');
    await store2.save(theirs, summaryOf(theirs), 1);

    saver.adopt((await store2.load('a'))!);
    await saver.flush();
    expect(counting.calls).toEqual([]);
    expect(saver.state.kind).toBe('saved');

    // The next edit is based on the adopted revision: no conflict.
    saver.change(withActual(theirs, 'a-11', '我的'));
    await saver.flush();
    expect(saver.state.kind).toBe('saved');
    expect((await store1.load('a'))?.revision).toBe(3);
  });

  it('a quota error sets state error (quota) and keeps the data in memory; a later change retries', async () => {
    // Make IndexedDB writes fail the way a full disk does, below Dexie, so the error travels
    // through Dexie's transaction and wrapping exactly as a real one.
    let full = false;
    const { store, a, stored } = await opened('quota', (db) =>
      db.use({
        stack: 'dbcore',
        name: 'simulated-full-disk',
        create: (down: DBCore): DBCore => ({
          ...down,
          table: (tableName: string) => {
            const table = down.table(tableName);
            return {
              ...table,
              mutate: (req: DBCoreMutateRequest) =>
                full && req.type === 'put'
                  ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
                  : table.mutate(req),
            };
          },
        }),
      }),
    );
    full = true;

    const saver = new Autosaver(store, stored, { summarize: (e) => summaryOf(e) });
    const edited = withActual(a, 'a-11', '≥95%');
    saver.change(edited);
    await saver.flush();

    expect(saver.state).toEqual({ kind: 'error', message: QUOTA_MESSAGE, quota: true });
    expect(saver.current).toBe(edited);
    expect(saver.pending).toBe(true);
    expect((await store.load('a'))?.revision).toBe(1); // nothing half-written

    full = false;
    const edited2 = withActual(edited, 'a-12', '及时');
    saver.change(edited2);
    await saver.flush();
    expect(saver.state.kind).toBe('saved');
    const inDb = (await store.load('a'))!;
    expect(inDb.revision).toBe(2);
    expect(inDb.evaluation.indicators[0]?.children.map((c) => c.actual)).toEqual(['≥95%', '及时']);
  });

  it('a quota error raised inside the transaction by the table itself maps the same way', async () => {
    const { db, store, a } = await opened('quota-put');
    const put = db.evaluations.put.bind(db.evaluations);
    db.evaluations.put = (() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }) as typeof db.evaluations.put;
    const result = await store.save(withActual(a, 'a-11', 'x'), summaryOf(a), 1);
    db.evaluations.put = put;
    expect(result).toEqual({ ok: false, error: QUOTA_MESSAGE, quota: true });
    expect((await store.load('a'))?.revision).toBe(1);
  });

  it('flush after an error retries once (the pagehide chance)', async () => {
    const { store, a, stored } = await opened('retry');
    let fail = true;
    const flaky = {
      save(e: Evaluation, s: ReturnType<typeof summaryOf>, base: number): Promise<SaveResult> {
        if (fail) return Promise.resolve({ ok: false, error: '保存失败：测试', quota: false });
        return store.save(e, s, base);
      },
    };
    const saver = new Autosaver(flaky, stored, { summarize: (e) => summaryOf(e) });
    saver.change(withActual(a, 'a-11', 'x'));
    await saver.flush();
    expect(saver.state).toMatchObject({ kind: 'error', quota: false });
    fail = false;
    await saver.flush();
    expect(saver.state.kind).toBe('saved');
    expect((await store.load('a'))?.revision).toBe(2);
  });

  it('retry() after an error writes the newest document again, once', async () => {
    const { store, a, stored } = await opened('retry-button');
    let fail = true;
    const written: string[] = [];
    const flaky = {
      save(e: Evaluation, s: ReturnType<typeof summaryOf>, base: number): Promise<SaveResult> {
        written.push(e.indicators[0]?.children[0]?.actual ?? '');
        if (fail) return Promise.resolve({ ok: false, error: '保存失败：测试', quota: false });
        return store.save(e, s, base);
      },
    };
    const saver = new Autosaver(flaky, stored, { summarize: (e) => summaryOf(e) });
    saver.change(withActual(a, 'a-11', '1家'));
    await saver.flush();
    saver.change(withActual(a, 'a-11', '2家'));
    await saver.flush();
    expect(saver.state).toMatchObject({ kind: 'error', quota: false });
    const attempts = written.length;
    fail = false;
    await saver.retry();
    expect(written.length).toBe(attempts + 1);
    expect(written.at(-1)).toBe('2家');
    expect(saver.state.kind).toBe('saved');
    expect(saver.pending).toBe(false);
    const inDb = (await store.load('a'))!;
    expect(inDb.evaluation.indicators[0]?.children[0]?.actual).toBe('2家');
    expect(saver.base.revision).toBe(inDb.revision);
  });

  it('listeners hear every state; unsubscribe stops them', async () => {
    const { store, a, stored } = await opened('listen');
    const saver = new Autosaver(store, stored, { summarize: (e) => summaryOf(e) });
    const heard: string[] = [];
    const stop = saver.subscribe((s) => heard.push(s.kind));
    saver.change(withActual(a, 'a-11', '1'));
    await waitFor(() => (saver.state.kind === 'saved' ? true : undefined));
    stop();
    saver.change(withActual(a, 'a-11', '2'));
    await saver.flush();
    expect(heard).toEqual(['saving', 'saved']);
  });
});
