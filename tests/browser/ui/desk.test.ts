/**
 * In real Chromium: the review desk's pool of import workers (real module workers on real
 * fixtures; a hung or crashing worker costs only its file; 取消 terminates every worker), the
 * desk store in real IndexedDB (evaluations through restoreEvaluation on the way back, a
 * damaged row kept as a message), and the desk state (rows per table, same project, sort,
 * filter, the id check of 保存为评价).
 */
import { afterEach, describe, expect, it } from 'vitest';
import shanghaiUrl from '../../fixtures/shanghai-2019-selfeval.xlsx?url';
import selfevalUrl from '../../fixtures/selfeval-2022.xlsx?url';
import encryptedUrl from '../../fixtures/bad-encrypted.xlsx?url';
import annexOdsUrl from '../../fixtures/annex3-scoring-table.ods?url';
import annexXlsUrl from '../../fixtures/annex3-scoring-table.xls?url';
import { JixiaoDB } from '../../../src/storage/db.ts';
import { DeskStore } from '../../../src/storage/desk-store.ts';
import { ImportPool, poolSize } from '../../../src/ui/io/import-pool.ts';
import { startImportWorker } from '../../../src/ui/io/import-worker.ts';
import type { DeskResponse } from '../../../src/ui/io/import-protocol.ts';
import { ReviewDeskState, rowsOf } from '../../../src/ui/desk.svelte.ts';
import { Databases, evaluation, uniqueName } from '../storage/fixtures.ts';

const dbs = new Databases();
afterEach(() => dbs.cleanup());

async function fileFrom(url: string, name: string): Promise<File> {
  return new File([await (await fetch(url)).arrayBuffer()], name);
}

describe('import pool', () => {
  it('is sized to the cores, 1 to 4', () => {
    expect([poolSize(Number.NaN), poolSize(0), poolSize(1), poolSize(2), poolSize(3), poolSize(16)]).toEqual([1, 1, 1, 2, 3, 4]);
    expect(poolSize()).toBe(Math.min(4, Math.max(1, navigator.hardwareConcurrency)));
  });

  it('answers every file, each table built in the worker; a broken file is a message, not a stopped batch', async () => {
    const files = [await fileFrom(shanghaiUrl, 'a.xlsx'), await fileFrom(encryptedUrl, 'b.xlsx'), await fileFrom(selfevalUrl, 'c.xlsx')];
    const answers = new Map<string, DeskResponse>();
    const out = await new ImportPool({ size: 2 }).run(files, (_i, file, response) => answers.set(file.name, response));
    expect(out.cancelled).toBe(false);
    const a = answers.get('a.xlsx');
    expect(a?.ok && a.tables.map((t) => [t.sheet, t.evaluation?.statedTotal])).toEqual([['自评1', 98], ['自评2', 98], ['自评3', 99], ['自评4', 98]]);
    const b = answers.get('b.xlsx');
    expect(b && !b.ok && b.message).toContain('已加密');
    expect(answers.get('c.xlsx')?.ok).toBe(true);
  });

  it('a worker that crashes or hangs costs only its file: it is terminated and a fresh one reads the next', async () => {
    // Warm-up: the worker's module is fetched (and, in this dev server, compiled) once.
    await new ImportPool({ size: 1 }).run([await fileFrom(selfevalUrl, 'warm.xlsx')], () => undefined);
    let created = 0;
    const terminated: number[] = [];
    const createWorker = () => {
      const n = ++created;
      if (n === 1) {
        // Crashes on its first message, as a worker whose parser throws out of memory does.
        const w = {
          postMessage() { setTimeout(() => w.onerror?.(new ErrorEvent('error', { message: 'Uncaught RangeError' })), 10); },
          terminate() { terminated.push(n); }, onmessage: null, onerror: null as ((e: ErrorEvent) => void) | null,
        };
        return w as unknown as Worker;
      }
      if (n === 2) return { postMessage() {}, terminate() { terminated.push(n); }, onmessage: null, onerror: null } as unknown as Worker;
      const real = startImportWorker();
      const terminate = real.terminate.bind(real);
      real.terminate = () => { terminated.push(n); terminate(); };
      return real;
    };
    const files = [await fileFrom(selfevalUrl, 'crash.xlsx'), await fileFrom(selfevalUrl, 'hung.xlsx'), await fileFrom(selfevalUrl, 'next.xlsx')];
    const answers: [string, DeskResponse][] = [];
    await new ImportPool({ size: 1, timeoutMs: 4000, createWorker }).run(files, (_i, f, r) => answers.push([f.name, r]));
    expect(answers.map(([n, r]) => [n, r.ok ? r.tables.length : r.message])).toEqual([
      ['crash.xlsx', '解析文件“crash.xlsx”时后台解析出错（文件可能过大或已损坏），已停止。可在 Excel 或 WPS 中另存为 .xlsx 后重试。'],
      ['hung.xlsx', '解析文件“hung.xlsx”超过 4 秒仍未完成，已停止。文件可能过大或已损坏；可另存为 .xlsx 后重试。'],
      ['next.xlsx', 1],
    ]);
    expect(created).toBe(3);
    expect(terminated).toEqual([1, 2, 3]);
  });

  it('取消 terminates every busy worker and answers nothing more', async () => {
    const workers: { terminated: boolean }[] = [];
    const createWorker = () => {
      const w = { terminated: false, postMessage() {}, terminate() { w.terminated = true; }, onmessage: null, onerror: null };
      workers.push(w);
      return w as unknown as Worker;
    };
    const files = await Promise.all(Array.from({ length: 6 }, (_, i) => fileFrom(selfevalUrl, `f${i}.xlsx`)));
    const pool = new ImportPool({ size: 3, createWorker });
    const answered: string[] = [];
    const running = pool.run(files, (_i, f) => answered.push(f.name));
    await new Promise((r) => setTimeout(r, 100));
    expect(workers).toHaveLength(3);
    pool.cancel();
    expect(await running).toEqual({ cancelled: true });
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(answered).toEqual([]);
  });
});

describe('desk store and state', () => {
  it('keeps the rows in IndexedDB, reads them back through restoreEvaluation, a damaged one as a message', async () => {
    const database = dbs.track(new JixiaoDB(uniqueName('desk')));
    const store = new DeskStore(database);
    const good = evaluation('d1', '智慧城管平台运维');
    await store.add(rowsOf('a.xlsx', { ok: true, tables: [{ sheet: '评分表', evaluation: good, message: '' }] }, 1000));
    await store.add(rowsOf('b.xlsx', { ok: false, message: '文件“b.xlsx”设置了打开密码（已加密），无法读取。' }, 2000));
    // A row whose evaluation was damaged on disk.
    await database.desk.put({ id: 'bad', addedAt: 3000, fileName: 'c.xlsx', sheet: 'S', evaluation: { id: 'x', indicators: 'not a list' } as never, message: '' });
    const rows = await store.list();
    expect(rows.map((r) => [r.fileName, r.evaluation?.meta.projectName ?? null])).toEqual([['a.xlsx', '智慧城管平台运维'], ['b.xlsx', null], ['c.xlsx', null]]);
    expect(rows[1]!.message).toContain('已加密');
    expect(rows[2]!.message).toMatch(/^复核台中保存的这张表无法读取：/);
    await store.clear();
    expect(await store.list()).toEqual([]);
  });

  it('lists a row per table, flags the same project, sorts and filters, and survives a new page (state)', async () => {
    const database = dbs.track(new JixiaoDB(uniqueName('desk-state')));
    const desk = new ReviewDeskState({ store: new DeskStore(database), pool: { size: 2 } });
    await desk.load();
    await desk.add([
      await fileFrom(annexOdsUrl, 'annex.ods'), await fileFrom(shanghaiUrl, 'sh.xlsx'),
      await fileFrom(encryptedUrl, 'locked.xlsx'), await fileFrom(annexXlsUrl, 'annex.xls'),
    ]);
    expect(desk.entries.map((e) => e.fileName)).toEqual(['annex.ods', 'sh.xlsx', 'sh.xlsx', 'sh.xlsx', 'sh.xlsx', 'locked.xlsx', 'annex.xls']);
    const dup = desk.entries.filter((e) => e.duplicate).map((e) => [e.fileName, e.duplicate]);
    expect(dup).toEqual([['annex.ods', '与 annex.xls（附件3 评分表） 为同一项目'], ['annex.xls', '与 annex.ods（附件3 评分表） 为同一项目']]);
    desk.sortBy('statedTotal');
    expect(desk.visible.map((e) => e.statedTotal)).toEqual([91.55, 91.55, 98, 98, 98, 99, null]);
    desk.sortBy('statedTotal');
    expect(desk.visible.map((e) => e.statedTotal)).toEqual([99, 98, 98, 98, 91.55, 91.55, null]);
    desk.sortBy('statedTotal');
    expect(desk.sortKey).toBeNull();
    desk.filter = '热线';
    expect(desk.visible.map((e) => e.sheet)).toEqual(['自评3']);
    desk.filter = '';
    desk.errorsOnly = true;
    expect(desk.visible.every((e) => e.errors > 0 || e.message !== '')).toBe(true);
    expect(desk.visible.map((e) => e.fileName)).toContain('locked.xlsx');

    const again = new ReviewDeskState({ store: new DeskStore(database) });
    await again.load();
    expect(again.entries.map((e) => [e.fileName, e.sheet, e.totalText, e.message !== ''])).toEqual(desk.entries.map((e) => [e.fileName, e.sheet, e.totalText, e.message !== '']));
  });
});
