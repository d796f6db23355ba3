/**
 * The user's own templates (issue 10 §3), in the `templates` table (migrations/v3.ts): saved
 * from any evaluation without its scoring, renamed, deleted, exported and imported as files.
 * Every template read back or imported goes through restoreEvaluation first, as evaluations
 * do; a row that fails is left out of the list, never a thrown page.
 */
import type { Evaluation } from '../domain/index.ts';
import { asTemplate, newId, restoreEvaluation } from '../domain/index.ts';
import { db, type JixiaoDB } from './db.ts';
import type { TemplateRow } from './migrations/v3.ts';
import { StorageError, describeStorageError } from './errors.ts';

export type { TemplateRow };

/** What a template file holds: one template, named, versioned, readable by a person. */
export interface TemplateFile {
  format: 'jixiao-template';
  version: 1;
  name: string;
  description: string;
  evaluation: Evaluation;
}

export interface UserTemplate {
  id: string;
  name: string;
  description: string;
  updatedAt: number;
  evaluation: Evaluation;
}

const NAME_LIMIT = 200;

function cleanName(name: string, fallback: string): string {
  const text = name.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, NAME_LIMIT);
  return text || fallback;
}

export class TemplateStore {
  constructor(readonly database: JixiaoDB = db()) {}

  async list(): Promise<UserTemplate[]> {
    const rows = (await this.database.templates.orderBy('updatedAt').reverse().toArray()) as unknown[];
    const out: UserTemplate[] = [];
    for (const row of rows) {
      const r = row as Partial<TemplateRow> | null;
      if (!r || typeof r.id !== 'string') continue;
      const restored = restoreEvaluation(r.evaluation);
      if (!restored.ok) continue;
      out.push({
        id: r.id, name: cleanName(String(r.name ?? ''), '未命名模板'), description: String(r.description ?? '').slice(0, 1000),
        updatedAt: typeof r.updatedAt === 'number' ? r.updatedAt : 0, evaluation: restored.evaluation,
      });
    }
    return out;
  }

  /** Saves the design of `evaluation` (asTemplate: nothing scored) under `name`. */
  async saveFrom(evaluation: Evaluation, name: string, description = ''): Promise<UserTemplate> {
    const design = asTemplate(evaluation);
    return this.#put(design, cleanName(name, evaluation.meta.projectName || '未命名模板'), description);
  }

  async #put(design: Evaluation, name: string, description: string): Promise<UserTemplate> {
    const now = Date.now();
    const row: TemplateRow = { id: newId(), name, description, createdAt: now, updatedAt: now, evaluation: design };
    try {
      if (this.database.outdated) throw new StorageError('本地数据库已被更新版本的页面升级，请刷新页面后再保存模板。');
      await this.database.templates.put(row);
    } catch (error) {
      throw error instanceof StorageError ? error : new StorageError(describeStorageError(error, '保存模板'), { cause: error });
    }
    return { id: row.id, name, description, updatedAt: now, evaluation: design };
  }

  async rename(id: string, name: string): Promise<void> {
    const row = await this.database.templates.get(id);
    if (!row) throw new StorageError('模板不存在（可能已在另一个窗口删除）', { missing: true });
    await this.database.templates.put({ ...row, name: cleanName(name, row.name), updatedAt: Date.now() });
  }

  async remove(id: string): Promise<void> {
    await this.database.templates.delete(id);
  }

  /**
   * Templates from a 备份全部 file, already checked by restoreEvaluation, kept with their ids and
   * times. One whose id is taken here is left alone: skipped when it is the same template, else
   * stored beside it under a new id. Returns how many were stored.
   */
  async restore(templates: readonly UserTemplate[]): Promise<number> {
    let stored = 0;
    const { templates: table } = this.database;
    try {
      await this.database.transaction('rw', table, async () => {
        if (this.database.outdated) throw new StorageError('本地数据库已被更新版本的页面升级，请刷新页面后再恢复模板。');
        for (const template of templates) {
          // As it was saved (asTemplate would draw new ids); scoring is dropped anyway by
          // fromTemplate when an evaluation is started from it.
          const design = template.evaluation;
          const name = cleanName(template.name, '未命名模板');
          const here = await table.get(template.id);
          if (here && here.name === name && JSON.stringify(here.evaluation) === JSON.stringify(design)) continue;
          const at = template.updatedAt > 0 ? template.updatedAt : Date.now();
          await table.add({ id: here ? newId() : template.id, name, description: template.description.slice(0, 1000), createdAt: at, updatedAt: at, evaluation: design });
          stored += 1;
        }
      });
    } catch (error) {
      throw error instanceof StorageError ? error : new StorageError(describeStorageError(error, '恢复模板'), { cause: error });
    }
    return stored;
  }

  /** The file for a template (JSON, pretty-printed so a person can read it). */
  toFile(template: UserTemplate): string {
    const file: TemplateFile = { format: 'jixiao-template', version: 1, name: template.name, description: template.description, evaluation: template.evaluation };
    return JSON.stringify(file, null, 2);
  }

  /**
   * Reads a template file and stores it. A file that is not one is refused with a Chinese
   * message naming the file, and nothing is stored.
   */
  async importFile(fileName: string, text: string): Promise<UserTemplate> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new StorageError(`“${fileName}”不是模板文件：内容不是 JSON。`);
    }
    const file = parsed as Partial<TemplateFile> | null;
    if (!file || typeof file !== 'object' || file.format !== 'jixiao-template') {
      throw new StorageError(`“${fileName}”不是模板文件：缺少“jixiao-template”格式标记（评价备份请用“恢复备份”导入）。`);
    }
    if (file.version !== 1) throw new StorageError(`“${fileName}”是更新版本的模板文件（第 ${String(file.version)} 版），请先更新本工具。`);
    const restored = restoreEvaluation(file.evaluation);
    if (!restored.ok) throw new StorageError(`“${fileName}”中的模板无法读取：${restored.errors.slice(0, 3).join('；')}`);
    // Whatever the file carried, a template holds no scoring.
    return this.#put(asTemplate(restored.evaluation), cleanName(String(file.name ?? ''), fileName.replace(/\.[^.]+$/, '')), String(file.description ?? '').slice(0, 1000));
  }
}

let store: TemplateStore | undefined;
export function templateStore(): TemplateStore {
  store ??= new TemplateStore();
  return store;
}
