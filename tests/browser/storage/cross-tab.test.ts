/**
 * Two tabs = two connections (JixiaoDB instances) on one database name, each with its own
 * store and BroadcastChannel, as two pages of the app have.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EvaluationStore } from '../../../src/storage/evaluation-store.ts';
import { watchEvaluation, watchSummaries } from '../../../src/storage/cross-tab.ts';
import { Autosaver } from '../../../src/storage/autosaver.ts';
import { listenChanges, type ChangeMessage } from '../../../src/storage/broadcast.ts';
import type { DocumentWriter } from '../../../src/storage/document-writer.ts';
import type { EvaluationSummary, StoredEvaluation } from '../../../src/storage/types.ts';
import { Databases, evaluation, summaryOf, uniqueName, waitFor, withActual } from './fixtures.ts';

const dbs = new Databases();
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await dbs.cleanup();
});

async function twoTabs(label: string) {
  const name = uniqueName(label);
  const tab1 = new EvaluationStore(dbs.open(name));
  const tab2 = new EvaluationStore(dbs.open(name));
  stops.push(() => tab1.close(), () => tab2.close());
  const a = evaluation('a');
  await tab1.create([a], [summaryOf(a)]);
  await tab1.load('a');
  await tab2.load('a');
  return { tab1, tab2, a };
}

describe('cross-tab', () => {
  it('a save in one tab reaches the other within a second, once per revision', async () => {
    const { tab1, tab2, a } = await twoTabs('notify');
    const heard: StoredEvaluation[] = [];
    stops.push(watchEvaluation('a', (s) => heard.push(s), { store: tab1 }));

    const edited = withActual(a, 'a-11', '另一标签页');
    const started = performance.now();
    expect((await tab2.save(edited, summaryOf(edited), 1)).ok).toBe(true);
    const got = await waitFor(() => heard[0], 1000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(got.revision).toBe(2);
    expect(got.evaluation.indicators[0]?.children[0]?.actual).toBe('另一标签页');

    await new Promise((r) => setTimeout(r, 150)); // BroadcastChannel and liveQuery both fired
    expect(heard).toHaveLength(1);
  });

  it('a tab does not hear the echo of its own saves', async () => {
    const { tab1, a } = await twoTabs('echo');
    const heard: StoredEvaluation[] = [];
    stops.push(watchEvaluation('a', (s) => heard.push(s), { store: tab1 }));
    const saver = new Autosaver(tab1, (await tab1.load('a'))!, { summarize: (e) => summaryOf(e) });
    for (let i = 0; i < 5; i++) saver.change(withActual(a, 'a-11', String(i)));
    await saver.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(heard).toEqual([]);
  });

  it('a revision saved elsewhere while this tab’s save was under way is heard when that save fails', async () => {
    // While tab1's save (revision 1 → 2) is in flight, a revision 2 looks like its own; tab2's
    // revision 2 arrives then and is passed over. The save then fails (not a conflict: a disk
    // error): tab1 must look again at once, not when its next retry meets the conflict.
    const name = uniqueName('masked');
    let fail: () => void = () => {};
    const failing = new Promise<never>((_, reject) => {
      fail = () => reject(new Error('磁盘错误'));
    });
    const writer: DocumentWriter = { write: () => failing };
    const tab1 = new EvaluationStore(dbs.open(name), { writer });
    const tab2 = new EvaluationStore(dbs.open(name));
    stops.push(() => tab1.close(), () => tab2.close());
    const a = evaluation('a');
    await tab2.create([a], [summaryOf(a)]);
    await tab1.load('a');
    await tab2.load('a');
    const heard: StoredEvaluation[] = [];
    stops.push(watchEvaluation('a', (s) => heard.push(s), { store: tab1 }));

    const mine = withActual(a, 'a-11', '本页');
    const saving = tab1.save(mine, summaryOf(mine), 1);
    const theirs = withActual(a, 'a-11', '另一标签页');
    expect((await tab2.save(theirs, summaryOf(theirs), 1)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // the message and the liveQuery have both come
    expect(heard, 'taken for the save under way').toEqual([]);

    fail();
    expect((await saving).ok).toBe(false);
    const got = await waitFor(() => heard[0], 1000);
    expect(got.revision).toBe(2);
    expect(got.evaluation.indicators[0]?.children[0]?.actual).toBe('另一标签页');
  });

  it('a save that meets a conflict asks no watcher to look again (the conflict carries their document)', async () => {
    const name = uniqueName('no-second-look');
    const tab2 = new EvaluationStore(dbs.open(name));
    const a = evaluation('a');
    await tab2.create([a], [summaryOf(a)]);
    let outcome: 'conflict' | 'error' = 'conflict';
    const writer: DocumentWriter = {
      write: async () => {
        if (outcome === 'error') throw new Error('磁盘错误');
        return { kind: 'conflict', row: await tab2.db.evaluations.get('a') };
      },
    };
    const tab1 = new EvaluationStore(dbs.open(name), { writer });
    stops.push(() => tab1.close(), () => tab2.close());
    await tab1.load('a');
    const looks: string[] = [];
    stops.push(tab1.onUncommittedSave((id) => looks.push(id)));
    const mine = withActual(a, 'a-11', '本页');
    const conflicted = await tab1.save(mine, summaryOf(mine), 0);
    expect('conflict' in conflicted).toBe(true);
    expect(looks).toEqual([]);
    outcome = 'error';
    expect((await tab1.save(mine, summaryOf(mine), 1)).ok).toBe(false);
    expect(looks).toEqual(['a']);
  });

  it('the store announces committed writes on BroadcastChannel("jixiao")', async () => {
    const { tab2, a } = await twoTabs('message');
    const messages: ChangeMessage[] = [];
    stops.push(listenChanges((m) => messages.push(m)));
    await tab2.save(a, summaryOf(a), 1);
    await tab2.remove('a');
    const got = await waitFor(() => (messages.length >= 2 ? messages : undefined));
    expect(got.map((m) => [m.kind, m.changes])).toEqual([
      ['saved', [{ id: 'a', revision: 2 }]],
      ['removed', [{ id: 'a', revision: null }]],
    ]);
    expect(got[0]?.db).toBe(tab2.db.name);
    expect(got[0]?.origin).toBe(tab2.origin);
  });

  it('without a message (written behind the store’s back) the liveQuery fallback still notices', async () => {
    const { tab1, tab2, a } = await twoTabs('fallback');
    const heard: StoredEvaluation[] = [];
    stops.push(watchEvaluation('a', (s) => heard.push(s), { store: tab1 }));
    const edited = withActual(a, 'a-12', '无广播');
    await tab2.db.transaction('rw', [tab2.db.evaluations, tab2.db.summaries], async () => {
      await tab2.db.evaluations.put({ id: 'a', revision: 2, updatedAt: Date.now(), evaluation: edited });
      await tab2.db.summaries.put({ ...summaryOf(edited), revision: 2 });
    });
    const got = await waitFor(() => heard[0], 1000);
    expect(got.revision).toBe(2);
  });

  it('two autosaving tabs on different cells: neither edit is lost', async () => {
    const { tab1, tab2, a } = await twoTabs('two-savers');
    const saver1 = new Autosaver(tab1, (await tab1.load('a'))!, { summarize: (e) => summaryOf(e) });
    const saver2 = new Autosaver(tab2, (await tab2.load('a'))!, { summarize: (e) => summaryOf(e) });
    // Tab 1 follows tab 2's saves the way the UI does: adopt when idle.
    stops.push(
      watchEvaluation('a', (stored) => (saver1.pending ? undefined : saver1.adopt(stored)), { store: tab1 }),
    );

    saver2.change(withActual(a, 'a-12', '二号'));
    await saver2.flush();
    await waitFor(() => (saver1.base.revision === 2 ? true : undefined));
    saver1.change(withActual(saver1.current, 'a-11', '一号'));
    await saver1.flush();

    expect(saver1.state.kind).toBe('saved');
    const stored = (await tab2.load('a'))!;
    expect(stored.revision).toBe(3);
    expect(stored.evaluation.indicators[0]?.children.map((c) => c.actual)).toEqual(['一号', '二号']);
  });

  it('the BroadcastChannel message alone is enough (a write Dexie did not see)', async () => {
    const { tab1, a } = await twoTabs('bc-only');
    const heard: StoredEvaluation[] = [];
    stops.push(watchEvaluation('a', (s) => heard.push(s), { store: tab1 }));
    await new Promise((r) => setTimeout(r, 50));

    // Written with the raw IndexedDB API: Dexie's own change propagation never hears of it.
    const edited = withActual(a, 'a-11', '原生写入');
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(tab1.db.name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    await new Promise<void>((resolve, reject) => {
      const tx = raw.transaction(['evaluations'], 'readwrite');
      tx.objectStore('evaluations').put({ id: 'a', revision: 2, updatedAt: Date.now(), evaluation: edited });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    raw.close();
    await new Promise((r) => setTimeout(r, 150));
    expect(heard).toEqual([]); // no message yet: nothing noticed

    const channel = new BroadcastChannel('jixiao');
    const message: ChangeMessage = { db: tab1.db.name, origin: 'another-tab', kind: 'saved', changes: [{ id: 'a', revision: 2 }] };
    channel.postMessage(message);
    channel.close();
    const got = await waitFor(() => heard[0], 1000);
    expect(got.evaluation.indicators[0]?.children[0]?.actual).toBe('原生写入');
  });

  it('tells a tab when its evaluation was deleted elsewhere', async () => {
    const { tab1, tab2 } = await twoTabs('removed');
    let removed = 0;
    stops.push(watchEvaluation('a', () => {}, { store: tab1, onRemoved: () => removed++ }));
    await new Promise((r) => setTimeout(r, 50));
    await tab2.remove('a');
    await waitFor(() => (removed > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    expect(removed).toBe(1);
  });

  it('watchSummaries lists at once and follows changes from another tab', async () => {
    const { tab1, tab2 } = await twoTabs('summaries');
    const lists: EvaluationSummary[][] = [];
    stops.push(watchSummaries((l) => lists.push(l), { store: tab1 }));
    await waitFor(() => lists[0]);
    expect(lists[0]!.map((s) => s.id)).toEqual(['a']);
    const b = evaluation('b', '新项目');
    await tab2.create([b], [summaryOf(b)]);
    const latest = await waitFor(() => (lists.at(-1)?.length === 2 ? lists.at(-1) : undefined));
    expect(latest.map((s) => s.projectName)).toContain('新项目');
  });
});
