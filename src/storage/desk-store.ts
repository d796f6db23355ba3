/**
 * The review desk's rows (issue 10 §2), in the `desk` table (migrations/v3.ts): one per table
 * of the files a reviewer put on the desk, with the table's evaluation so a row opens without
 * the file, kept until the user clears the desk. Every evaluation read back goes through
 * restoreEvaluation; a row that fails keeps its place with a message, never a thrown page.
 */
import { restoreEvaluation } from '../domain/index.ts';
import { db, type JixiaoDB } from './db.ts';
import type { DeskRow } from './migrations/v3.ts';
import { StorageError, describeStorageError } from './errors.ts';

export type { DeskRow };

const OUTDATED = '本地数据库已被更新版本的页面升级，请刷新页面后再使用复核台。';

export class DeskStore {
  constructor(readonly database: JixiaoDB = db()) {}

  /** Every row in order of arrival. */
  async list(): Promise<DeskRow[]> {
    const rows = (await this.database.desk.orderBy('addedAt').toArray()) as unknown[];
    const out: DeskRow[] = [];
    for (const raw of rows) {
      const r = raw as Partial<DeskRow> | null;
      if (!r || typeof r.id !== 'string') continue;
      const fileName = typeof r.fileName === 'string' ? r.fileName : '（未知文件）';
      const sheet = typeof r.sheet === 'string' ? r.sheet : '';
      const addedAt = typeof r.addedAt === 'number' ? r.addedAt : 0;
      const message = typeof r.message === 'string' ? r.message : '';
      if (r.evaluation == null) {
        out.push({ id: r.id, addedAt, fileName, sheet, evaluation: null, message: message || '无法读取。' });
        continue;
      }
      const restored = restoreEvaluation(r.evaluation);
      out.push(restored.ok
        ? { id: r.id, addedAt, fileName, sheet, evaluation: restored.evaluation, message }
        : { id: r.id, addedAt, fileName, sheet, evaluation: null, message: `复核台中保存的这张表无法读取：${restored.errors.slice(0, 3).join('；')}` });
    }
    return out;
  }

  async add(rows: readonly DeskRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      if (this.database.outdated) throw new StorageError(OUTDATED);
      await this.database.desk.bulkPut([...rows]);
    } catch (error) {
      throw error instanceof StorageError ? error : new StorageError(describeStorageError(error, '保存复核台'), { cause: error });
    }
  }

  async clear(): Promise<void> {
    try {
      if (this.database.outdated) throw new StorageError(OUTDATED);
      await this.database.desk.clear();
    } catch (error) {
      throw error instanceof StorageError ? error : new StorageError(describeStorageError(error, '清空复核台'), { cause: error });
    }
  }
}

let store: DeskStore | undefined;
export function deskStore(): DeskStore {
  store ??= new DeskStore();
  return store;
}
