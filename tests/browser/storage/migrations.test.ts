/**
 * Each schema version opens data written by the version before it: the test writes with
 * only the older definitions, as the shipped page of that time did, then opens with the
 * current JixiaoDB and checks what the upgrade made of it, and that nothing was lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { JixiaoDB, SCHEMA_VERSION } from '../../../src/storage/db.ts';
import { EvaluationStore } from '../../../src/storage/evaluation-store.ts';
import { defineV1, type EvaluationRow } from '../../../src/storage/migrations/v1.ts';
import { storesV2 } from '../../../src/storage/migrations/v2.ts';
import { storesV3 } from '../../../src/storage/migrations/v3.ts';
import { storesV4 } from '../../../src/storage/migrations/v4.ts';
import { summarize } from '../../../src/storage/summarize.ts';
import { Databases, evaluation, uniqueName, withActual } from './fixtures.ts';

const dbs = new Databases();
afterEach(() => dbs.cleanup());

/** Writes rows with the version-1 schema only, and closes: the database as v1 left it. */
async function writeAsV1(name: string, rows: EvaluationRow[]): Promise<void> {
  const v1 = dbs.track(new Dexie(name, { chromeTransactionDurability: 'strict' }));
  defineV1(v1);
  await v1.open();
  expect(v1.verno).toBe(1);
  await v1.table('evaluations').bulkPut(rows);
  v1.close();
}

function v1Rows(): EvaluationRow[] {
  const a = withActual(evaluation('a', '智慧城管平台运维'), 'a-11', '≥95%');
  const b0 = evaluation('b', '社区服务中心');
  const b = { ...b0, meta: { ...b0.meta, year: '2022', type: '自评' as const } };
  return [
    { id: 'a', revision: 7, updatedAt: 1_700_000_000_000, evaluation: a },
    { id: 'b', revision: 1, updatedAt: 1_690_000_000_000, evaluation: b },
  ];
}

describe('schema upgrades', () => {
  it('v1 → v2: keeps every evaluation and builds its home-list row', async () => {
    const name = uniqueName('v1-v2');
    const rows = v1Rows();
    await writeAsV1(name, rows);

    const db = dbs.track(new JixiaoDB(name));
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);

    // Nothing lost, nothing altered.
    expect(await db.evaluations.orderBy('id').toArray()).toEqual(rows);

    const summaries = await db.summaries.orderBy('id').toArray();
    expect(summaries).toHaveLength(2);
    expect(summaries[0]).toMatchObject({
      id: 'a',
      projectName: '智慧城管平台运维',
      year: '2023',
      type: '第三方评价',
      updatedAt: 1_700_000_000_000,
      revision: 7,
    });
    expect(summaries[1]).toMatchObject({ id: 'b', projectName: '社区服务中心', year: '2022', type: '自评', revision: 1 });
    // The total and grade are the engine's, as the app computes them.
    for (const row of rows) {
      const summary = summaries.find((s) => s.id === row.id)!;
      const expected = summarize(row.evaluation);
      expect(summary.total).toBe(expected.total);
      expect(summary.grade).toBe(expected.grade);
    }
    // Only the 9 points typed on 立项依据充分性 are scored so far.
    expect(summaries[0]).toMatchObject({ total: 9, grade: '差' });
    expect(await db.trash.count()).toBe(0);

    // The upgraded database works with the current store: list order, CAS at the old revision.
    const store = new EvaluationStore(db);
    expect((await store.listSummaries()).map((s) => s.id)).toEqual(['a', 'b']);
    const a = (await store.load('a'))!;
    expect(a.revision).toBe(7);
    const { revision: _r, ...summaryA } = summaries[0]!;
    expect(await store.save(a.evaluation, summaryA, 7)).toEqual({ ok: true, revision: 8 });
  });

  it('v1 → v2: a document the summary cannot be computed for is still listed, not dropped', async () => {
    const name = uniqueName('v1-v2-odd');
    const rows = v1Rows();
    await writeAsV1(name, rows);

    const db = dbs.track(
      new JixiaoDB(name, {
        summarize: (e) => {
          if (e.id === 'a') throw new Error('engine cannot score this');
          return summarize(e);
        },
      }),
    );
    await db.open();
    expect(await db.evaluations.count()).toBe(2);
    const a = await db.summaries.get('a');
    expect(a).toMatchObject({ id: 'a', projectName: '智慧城管平台运维', total: null, grade: null, revision: 7 });
    expect(await db.summaries.get('b')).toBeDefined();
  });

  it('v1 → v2 on an empty database', async () => {
    const name = uniqueName('v1-v2-empty');
    await writeAsV1(name, []);
    const db = dbs.track(new JixiaoDB(name));
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.summaries.count()).toBe(0);
  });

  it('v2 → v3: every evaluation, summary and trashed row kept; templates and desk start empty', async () => {
    const name = uniqueName('v2-v3');
    const v2 = dbs.track(new Dexie(name, { chromeTransactionDurability: 'strict' }));
    defineV1(v2);
    v2.version(2).stores(storesV2);
    await v2.open();
    const rows = v1Rows();
    await v2.table('evaluations').bulkPut(rows);
    const summary = { id: 'a', projectName: '智慧城管平台运维', year: '2023', type: '第三方评价', total: 91.55, grade: '优', updatedAt: 1, revision: 7 };
    await v2.table('summaries').put(summary);
    const trashed = { id: 'c', deletedAt: 5, row: { ...rows[1], id: 'c' }, summary: null };
    await v2.table('trash').put(trashed);
    v2.close();

    const db = dbs.track(new JixiaoDB(name));
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.evaluations.orderBy('id').toArray()).toEqual(rows);
    expect(await db.summaries.get('a')).toEqual(summary);
    expect(await db.trash.get('c')).toEqual(trashed);
    expect([await db.templates.count(), await db.desk.count()]).toEqual([0, 0]);
  });

  it('v3 → v4: every row kept, and a save reads the revision from the new index', async () => {
    const name = uniqueName('v3-v4');
    const v3 = dbs.track(new Dexie(name, { chromeTransactionDurability: 'strict' }));
    defineV1(v3);
    v3.version(2).stores(storesV2);
    v3.version(3).stores(storesV3);
    await v3.open();
    const rows = v1Rows();
    // A row without a revision: left out of the index, and still not written over.
    const b = rows[1] as EvaluationRow;
    const { revision: _dropped, ...rest } = { ...b, id: 'odd', evaluation: { ...b.evaluation, id: 'odd' } };
    const odd = rest as unknown as EvaluationRow;
    await v3.table('evaluations').bulkPut([...rows, odd]);
    await v3.table('summaries').bulkPut(rows.map((r) => ({ ...summarize(r.evaluation), id: r.id, updatedAt: r.updatedAt, revision: r.revision })));
    v3.close();

    const db = dbs.track(new JixiaoDB(name));
    await db.open();
    expect(db.verno).toBe(4);
    expect(await db.evaluations.orderBy('id').toArray()).toEqual([...rows, odd]);
    expect(await db.evaluations.where('[id+revision]').between(['a', Dexie.minKey], ['a', Dexie.maxKey]).keys()).toEqual([['a', 7]]);
    expect(await db.evaluations.where('[id+revision]').between(['odd', Dexie.minKey], ['odd', Dexie.maxKey]).keys()).toEqual([]);

    const store = new EvaluationStore(db);
    const a = rows[0]?.evaluation as EvaluationRow['evaluation'];
    const edited = withActual(a, 'a-11', '100%');
    expect(await store.save(edited, summarize(edited), 7)).toEqual({ ok: true, revision: 8 });
    expect((await store.save(edited, summarize(edited), 7)).ok).toBe(false); // stale base: a conflict
    const oddEdit = withActual(odd.evaluation, 'b-11', '1');
    expect((await store.save(oddEdit, summarize(oddEdit), 1)).ok).toBe(false);
    expect(await db.evaluations.get('odd')).toEqual(odd);
  });

  it('a fresh database opens at the current version with every table', async () => {
    const db = dbs.track(new JixiaoDB(uniqueName('fresh')));
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['desk', 'evaluations', 'summaries', 'templates', 'trash']);
  });
});

describe('a newer version opened in another tab', () => {
  it('an older page’s save fails with a Chinese message asking for a reload, and writes nothing', async () => {
    const name = uniqueName('newer-elsewhere');
    const oldPage = dbs.track(new JixiaoDB(name));
    const store = new EvaluationStore(oldPage);
    const a = evaluation('a');
    await store.create([a], [{ id: 'a', projectName: 'x', year: '2023', type: '自评', total: null, grade: null, updatedAt: 0 }]);

    // A later deploy, opened in another tab, upgrades the database to the next version.
    const newPage = dbs.track(new Dexie(name));
    defineV1(newPage);
    newPage.version(2).stores(storesV2);
    newPage.version(3).stores(storesV3);
    newPage.version(4).stores(storesV4);
    newPage.version(5).stores({ ...storesV4, attachments: 'id' });
    await newPage.open();
    expect(newPage.verno).toBe(5);

    const result = await store.save(withActual(a, 'a-11', '旧页面'), { id: 'a', projectName: 'x', year: '2023', type: '自评', total: null, grade: null, updatedAt: 0 }, 1);
    expect(result.ok).toBe(false);
    if (result.ok || !('error' in result)) throw new Error('expected an error');
    expect(result.error).toMatch(/刷新/);
    expect(result.quota).toBe(false);
    const row = await newPage.table('evaluations').get('a');
    expect(row.revision).toBe(1);
    expect(oldPage.outdated).toBe(true);
  });

  it('a page whose code is older than the database it opens refuses to write', async () => {
    const name = uniqueName('older-code');
    const newer = dbs.track(new Dexie(name));
    defineV1(newer);
    newer.version(2).stores(storesV2);
    newer.version(3).stores(storesV3);
    newer.version(4).stores(storesV4);
    newer.version(5).stores({ ...storesV4, attachments: 'id' });
    await newer.open();
    newer.close();

    const oldPage = dbs.track(new JixiaoDB(name));
    const store = new EvaluationStore(oldPage);
    expect(await store.listSummaries()).toEqual([]); // reading still works
    expect(oldPage.outdated).toBe(true);
    const a = evaluation('a');
    await expect(
      store.create([a], [{ id: 'a', projectName: 'x', year: '2023', type: '自评', total: null, grade: null, updatedAt: 0 }]),
    ).rejects.toThrow(/刷新/);
    expect(await oldPage.evaluations.count()).toBe(0);
  });
});
