import { afterEach, describe, expect, it } from 'vitest';
import { EvaluationStore } from '../../../src/storage/evaluation-store.ts';
import { StorageError } from '../../../src/storage/errors.ts';
import { Databases, evaluation, summaryOf, uniqueName, withActual } from './fixtures.ts';

const dbs = new Databases();
afterEach(() => dbs.cleanup());

function storeOn(name = uniqueName('store')): EvaluationStore {
  return new EvaluationStore(dbs.open(name));
}

describe('EvaluationStore', () => {
  it('creates, loads and lists evaluations, newest change first', async () => {
    const store = storeOn();
    const a = evaluation('a', '项目甲');
    const b = evaluation('b', '项目乙');
    await store.create([a, b], [summaryOf(a), summaryOf(b)]);

    const loaded = await store.load('a');
    expect(loaded?.revision).toBe(1);
    expect(loaded?.evaluation.meta.projectName).toBe('项目甲');
    expect(loaded?.evaluation.indicators).toEqual(a.indicators);
    expect(loaded?.evaluation.createdAt).toBeTypeOf('number');
    expect(await store.load('nope')).toBeUndefined();

    await new Promise((r) => setTimeout(r, 5));
    const saved = await store.save(withActual(a, 'a-12', '≥95%'), summaryOf(a, 19), 1);
    expect(saved).toEqual({ ok: true, revision: 2 });

    const list = await store.listSummaries();
    expect(list.map((s) => s.id)).toEqual(['a', 'b']);
    expect(list[0]).toMatchObject({ projectName: '项目甲', total: 19, year: '2023', type: '第三方评价' });
    expect(list[0]).not.toHaveProperty('revision');
    expect(list[0]!.updatedAt).toBeGreaterThan(list[1]!.updatedAt);

    const reloaded = await store.load('a');
    expect(reloaded?.revision).toBe(2);
    expect(reloaded?.evaluation.indicators[0]?.children[1]?.actual).toBe('≥95%');
  });

  it('writes with strict durability (the disk has it when the page says 已保存)', async () => {
    const store = storeOn();
    const seen: string[] = [];
    const original = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const tx = original.apply(this, args);
      if (tx.mode === 'readwrite') seen.push(tx.durability);
      return tx;
    } as IDBDatabase['transaction'];
    try {
      const a = evaluation('a');
      await store.create([a], [summaryOf(a)]);
      await store.save(a, summaryOf(a), 1);
      await store.remove('a');
      await store.restore('a');
    } finally {
      IDBDatabase.prototype.transaction = original;
    }
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(new Set(seen)).toEqual(new Set(['strict']));
  });

  it('survives closing and reopening the database (a reload)', async () => {
    const name = uniqueName('reload');
    const first = storeOn(name);
    const a = evaluation('a');
    await first.create([a], [summaryOf(a)]);
    await first.save(withActual(a, 'a-11', '100%'), summaryOf(a), 1);
    first.db.close();

    const second = storeOn(name);
    const loaded = await second.load('a');
    expect(loaded?.revision).toBe(2);
    expect(loaded?.evaluation.indicators[0]?.children[0]?.actual).toBe('100%');
  });

  it('compare-and-swap: a save from a stale revision writes nothing and returns theirs', async () => {
    const name = uniqueName('cas');
    const tab1 = storeOn(name);
    const tab2 = storeOn(name);
    const a = evaluation('a');
    await tab1.create([a], [summaryOf(a)]);

    const base1 = await tab1.load('a');
    const base2 = await tab2.load('a');
    expect(base1?.revision).toBe(1);
    expect(base2?.revision).toBe(1);

    const mine = withActual(a, 'a-11', '一号标签页');
    const theirs = withActual(a, 'a-12', '二号标签页');
    expect(await tab2.save(theirs, summaryOf(theirs), 1)).toEqual({ ok: true, revision: 2 });

    const result = await tab1.save(mine, summaryOf(mine), 1);
    expect(result.ok).toBe(false);
    if (result.ok || !('conflict' in result)) throw new Error('expected a conflict');
    expect(result.conflict.revision).toBe(2);
    expect(result.conflict.evaluation.indicators[0]?.children[1]?.actual).toBe('二号标签页');

    // tab 2's newer edit is what is stored; tab 1's stale write did not land.
    const stored = await tab1.load('a');
    expect(stored?.revision).toBe(2);
    expect(stored?.evaluation.indicators[0]?.children[0]?.actual).toBeUndefined();
    expect(stored?.evaluation.indicators[0]?.children[1]?.actual).toBe('二号标签页');

    // Saving on top of their revision works.
    expect(await tab1.save(mine, summaryOf(mine), 2)).toEqual({ ok: true, revision: 3 });
  });

  it('concurrent saves on the same base: exactly one wins', async () => {
    const name = uniqueName('race');
    const tab1 = storeOn(name);
    const tab2 = storeOn(name);
    const a = evaluation('a');
    await tab1.create([a], [summaryOf(a)]);
    const results = await Promise.all([
      tab1.save(withActual(a, 'a-11', 'x'), summaryOf(a), 1),
      tab2.save(withActual(a, 'a-11', 'y'), summaryOf(a), 1),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && 'conflict' in r)).toHaveLength(1);
    expect((await tab1.load('a'))?.revision).toBe(2);
  });

  it('create is all or nothing: a duplicate id writes none', async () => {
    const store = storeOn();
    const a = evaluation('a', '已有项目');
    await store.create([a], [summaryOf(a)]);

    const b = evaluation('b');
    const c = evaluation('c');
    const dupA = evaluation('a', '重复项目');
    const attempt = store.create([b, dupA, c], [summaryOf(b), summaryOf(dupA), summaryOf(c)]);
    await expect(attempt).rejects.toBeInstanceOf(StorageError);
    await expect(attempt).rejects.toThrow(/已存在编号相同的评价「已有项目」/);

    expect(await store.load('b')).toBeUndefined();
    expect(await store.load('c')).toBeUndefined();
    expect((await store.load('a'))?.evaluation.meta.projectName).toBe('已有项目');
    expect((await store.listSummaries()).map((s) => s.id)).toEqual(['a']);
  });

  it('create is all or nothing: an uncloneable document aborts the whole transaction', async () => {
    const store = storeOn();
    const b = evaluation('b');
    // Passes the shape check but IndexedDB cannot clone it: fails inside the transaction,
    // after b's row was already put.
    const bad = { ...evaluation('c'), meta: { ...evaluation('c').meta, notes: (() => 1) as unknown as string } };
    const attempt = store.create([b, bad], [summaryOf(b), summaryOf(bad)]);
    await expect(attempt).rejects.toThrow(/未写入任何评价/);
    expect(await store.load('b')).toBeUndefined();
    expect(await store.listSummaries()).toEqual([]);
  });

  it('create rejects a malformed document and ids repeated within the batch, in Chinese', async () => {
    const store = storeOn();
    const b = evaluation('b');
    const broken = { ...evaluation('c'), indicators: undefined } as unknown as ReturnType<typeof evaluation>;
    await expect(store.create([b, broken], [summaryOf(b), summaryOf(evaluation('c'))])).rejects.toThrow(/指标列表不是数组/);
    await expect(store.create([b, b], [summaryOf(b)])).rejects.toThrow(/重复编号/);
    expect(await store.listSummaries()).toEqual([]);
  });

  it('remove moves to the trash, restore brings it back as it was', async () => {
    const store = storeOn();
    const a = evaluation('a');
    const b = evaluation('b');
    await store.create([a, b], [summaryOf(a), summaryOf(b)]);
    await store.save(withActual(a, 'a-11', '90%'), summaryOf(a, 18), 1);

    await store.remove('a');
    expect(await store.load('a')).toBeUndefined();
    expect((await store.listSummaries()).map((s) => s.id)).toEqual(['b']);
    const trash = await store.listTrash();
    expect(trash.map((t) => t.id)).toEqual(['a']);
    expect(trash[0]?.summary.total).toBe(18);

    // A save from a tab that still has it open is refused, not resurrecting it.
    const refused = await store.save(withActual(a, 'a-11', '91%'), summaryOf(a), 2);
    expect(refused).toMatchObject({ ok: false, missing: true, quota: false });

    // Its id stays taken while it is in the trash.
    await expect(store.create([a], [summaryOf(a)])).rejects.toThrow(/已存在编号相同的评价/);

    await store.restore('a');
    const restored = await store.load('a');
    expect(restored?.revision).toBe(2);
    expect(restored?.evaluation.indicators[0]?.children[0]?.actual).toBe('90%');
    expect((await store.listSummaries()).map((s) => s.id).sort()).toEqual(['a', 'b']);
    expect(await store.listTrash()).toEqual([]);
    await expect(store.restore('a')).rejects.toThrow(/回收站中找不到该评价/);
  });

  it('purgeTrash deletes only what is older than asked', async () => {
    const store = storeOn();
    const a = evaluation('a');
    const b = evaluation('b');
    await store.create([a, b], [summaryOf(a), summaryOf(b)]);
    await store.remove('a');
    const old = await store.db.trash.get('a');
    await store.db.trash.put({ ...old!, deletedAt: Date.now() - 40 * 86_400_000 });
    await store.remove('b');

    expect(await store.purgeTrash(30 * 86_400_000)).toBe(1);
    expect((await store.listTrash()).map((t) => t.id)).toEqual(['b']);
    await expect(store.restore('a')).rejects.toThrow(/回收站中找不到该评价/);
  });

  it('save refuses a summary of another evaluation without writing', async () => {
    const store = storeOn();
    const a = evaluation('a');
    const b = evaluation('b');
    await store.create([a, b], [summaryOf(a), summaryOf(b)]);
    const result = await store.save(a, summaryOf(b), 1);
    expect(result).toMatchObject({ ok: false, quota: false });
    expect((await store.load('a'))?.revision).toBe(1);
  });
});
