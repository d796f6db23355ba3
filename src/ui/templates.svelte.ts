/**
 * The user's own templates as the home page and the workbench see them (issue 10 §3): listed
 * beside the built-in ones, saved from the open evaluation, renamed, deleted, exported and
 * imported as files. Storage does the checking (template-store.ts); this holds the list.
 */
import type { Evaluation } from '../domain/index.ts';
import { fromTemplate } from '../domain/index.ts';
import { templateStore, type UserTemplate } from '../storage/index.ts';
import { downloadText } from './backup.ts';

const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').slice(0, 120) || '模板';

export class UserTemplates {
  list = $state.raw<UserTemplate[]>([]);
  loaded = $state(false);

  async refresh(): Promise<void> {
    this.list = await templateStore().list();
    this.loaded = true;
  }

  async saveFrom(evaluation: Evaluation, name: string): Promise<UserTemplate> {
    const saved = await templateStore().saveFrom(evaluation, name);
    await this.refresh();
    return saved;
  }

  async rename(id: string, name: string): Promise<void> {
    await templateStore().rename(id, name);
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    await templateStore().remove(id);
    await this.refresh();
  }

  exportFile(template: UserTemplate): void {
    downloadText(templateStore().toFile(template), `${safeFileName(template.name)}.jixiao-template.json`);
  }

  async importFile(file: File): Promise<UserTemplate> {
    const saved = await templateStore().importFile(file.name, await file.text());
    await this.refresh();
    return saved;
  }

  /** A new evaluation from a template: fresh ids, this year, the project still to be named. */
  instantiate(template: UserTemplate): Evaluation {
    const evaluation = fromTemplate(template.evaluation, String(new Date().getFullYear()));
    return { ...evaluation, meta: { ...evaluation.meta, projectName: evaluation.meta.projectName || `新项目（${template.name}）` } };
  }
}

export const userTemplates = new UserTemplates();
