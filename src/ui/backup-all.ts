/**
 * 备份全部: every evaluation of this browser, and the user's own templates, in one file, and
 * its restore.
 *
 * The file: `{ format: 'jixiao-backup', version: 1, exportedAt, evaluations, templates }`,
 * templates as `{ id, name, description, updatedAt, evaluation }`. Restoring checks each
 * evaluation (and each template's design) with restoreEvaluation: the bad ones are named in Chinese and left out,
 * the good ones restored with the times they had, and one whose id is already here (listed,
 * unreadable or in the trash) is never overwritten: the caller asks whether to restore it as a
 * copy (fresh ids) or skip it. A template whose id is here is skipped when it is the same one,
 * else kept beside it (TemplateStore.restore).
 *
 * The reminder: the last backup's time is kept in localStorage; when it is more than 7 days
 * old (or, never backed up, the data was first seen more than 7 days ago) and an evaluation
 * changed since, the home page suggests a backup.
 */
import type { Evaluation } from '../domain/index.ts';
import { restoreEvaluation, withFreshIds } from '../domain/index.ts';
import { evaluationStore, summarize, templateStore, type EvaluationStore, type EvaluationSummary, type TemplateStore, type UserTemplate } from '../storage/index.ts';
import { downloadText } from './backup.ts';

export const BACKUP_FORMAT = 'jixiao-backup';
export const BACKUP_VERSION = 1;

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  /** ISO 8601, UTC. */
  exportedAt: string;
  evaluations: Evaluation[];
  templates: UserTemplate[];
}

export function backupFileJson(evaluations: Evaluation[], now: number, templates: UserTemplate[] = []): string {
  const file: BackupFile = { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date(now).toISOString(), evaluations, templates };
  return JSON.stringify(file, null, 1);
}

/** The stores a backup reads and a restore writes: the app's, or a test's own databases. */
export interface BackupStores {
  evaluations: EvaluationStore;
  templates: TemplateStore;
}
const appStores = (): BackupStores => ({ evaluations: evaluationStore(), templates: templateStore() });

/** `绩效评价备份-20261201-0930.json`, in local time as the user reads it. */
export function backupFileName(now: number): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `绩效评价备份-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}.json`;
}

/** Whether a parsed JSON value is a 备份全部 file (of any version): it is then read here. */
export function isBackupFile(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { format?: unknown }).format === BACKUP_FORMAT;
}

export type BackupAllRead =
  | { ok: false; message: string }
  | {
      ok: true;
      /** Good, and no evaluation with their id is here: restored as they are. */
      fresh: Evaluation[];
      /** Good, but their id is already used here: restored only as copies, if the user says so. */
      clashing: Evaluation[];
      /** The entries left out, in Chinese, each with its place in the file. */
      problems: string[];
      /** What restoreEvaluation repaired (control characters, unknown keys…). */
      warnings: string[];
      templates: UserTemplate[];
    };

const SHOWN_ERRORS = 3;

/** Reads a 备份全部 file. Never throws; every message names the file. */
export function readBackupFile(text: string, fileName: string, existingIds: ReadonlySet<string>): BackupAllRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: `文件「${fileName}」不是有效的 JSON 备份文件。` };
  }
  if (!isBackupFile(data)) return { ok: false, message: `文件「${fileName}」不是本工具“备份全部”生成的备份文件。` };
  const file = data as Partial<Record<keyof BackupFile, unknown>>;
  if (file.version !== BACKUP_VERSION) {
    return { ok: false, message: `文件「${fileName}」是第 ${String(file.version)} 版备份格式，本版本只能读取第 ${BACKUP_VERSION} 版。请使用较新版本的工作台恢复。` };
  }
  if (!Array.isArray(file.evaluations)) return { ok: false, message: `文件「${fileName}」中没有评价列表（evaluations）。` };
  const fresh: Evaluation[] = [];
  const clashing: Evaluation[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of file.evaluations.entries()) {
    const place = `第 ${index + 1} 份评价${nameOf(raw)}`;
    const restored = restoreEvaluation(raw);
    if (!restored.ok) {
      const more = restored.errors.length > SHOWN_ERRORS ? `；另有 ${restored.errors.length - SHOWN_ERRORS} 处问题` : '';
      problems.push(`${place}无法恢复：${restored.errors.slice(0, SHOWN_ERRORS).join('；')}${more}。`);
      continue;
    }
    for (const warning of restored.warnings) warnings.push(`${place}：${warning}。`);
    const evaluation = restored.evaluation;
    if (seen.has(evaluation.id)) {
      problems.push(`${place}与文件中前面的一份评价编号相同，已略过。`);
      continue;
    }
    seen.add(evaluation.id);
    (existingIds.has(evaluation.id) ? clashing : fresh).push(evaluation);
  }
  const templates = readTemplates(file.templates, problems);
  if (fresh.length + clashing.length + templates.length === 0 && problems.length === 0) return { ok: false, message: `文件「${fileName}」中没有评价。` };
  return { ok: true, fresh, clashing, problems, warnings, templates };
}

function readTemplates(list: unknown, problems: string[]): UserTemplate[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    problems.push('模板列表（templates）不是数组，模板均未恢复。');
    return [];
  }
  const out: UserTemplate[] = [];
  for (const [index, raw] of list.entries()) {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof UserTemplate, unknown>>;
    const name = typeof entry.name === 'string' ? entry.name : '';
    const place = `第 ${index + 1} 个模板${name.trim() ? `「${name.trim().slice(0, 40)}」` : ''}`;
    const restored = restoreEvaluation(entry.evaluation);
    if (!restored.ok) {
      problems.push(`${place}无法恢复：${restored.errors.slice(0, SHOWN_ERRORS).join('；')}。`);
      continue;
    }
    out.push({
      id: typeof entry.id === 'string' && entry.id !== '' ? entry.id : restored.evaluation.id,
      name,
      description: typeof entry.description === 'string' ? entry.description : '',
      updatedAt: typeof entry.updatedAt === 'number' && Number.isFinite(entry.updatedAt) ? entry.updatedAt : 0,
      evaluation: restored.evaluation,
    });
  }
  return out;
}

/** 「name」 from an entry that may not be an evaluation at all, for messages. */
function nameOf(raw: unknown): string {
  const meta = typeof raw === 'object' && raw !== null ? (raw as { meta?: unknown }).meta : undefined;
  const name = typeof meta === 'object' && meta !== null ? (meta as { projectName?: unknown }).projectName : undefined;
  return typeof name === 'string' && name.trim() !== '' ? `「${name.trim().slice(0, 40)}」` : '';
}

/** Every id already taken in this browser: listed, unreadable, or in the trash. */
export async function takenIds(stores: BackupStores = appStores()): Promise<Set<string>> {
  const store = stores.evaluations;
  const [home, trash] = await Promise.all([store.listHome(), store.listTrash()]);
  return new Set([...home.summaries.map((s) => s.id), ...home.unreadable.map((r) => r.id), ...trash.map((t) => t.id)]);
}

/**
 * Stores the chosen evaluations in one transaction, clashing ones as copies with fresh ids,
 * then the templates. Returns how many of each were stored.
 */
export async function restoreFromBackup(fresh: Evaluation[], copies: Evaluation[], templates: UserTemplate[] = [], stores: BackupStores = appStores()): Promise<{ evaluations: number; templates: number }> {
  const evaluations = [...fresh, ...copies.map((e) => withFreshIds(e))];
  if (evaluations.length > 0) {
    const summaries = evaluations.map((e) => summarize(e, { updatedAt: e.updatedAt ?? Date.now() }));
    await stores.evaluations.create(evaluations, summaries, { keepTimes: true });
  }
  const storedTemplates = templates.length > 0 ? await stores.templates.restore(templates) : 0;
  return { evaluations: evaluations.length, templates: storedTemplates };
}

export interface BackupContents {
  evaluations: Evaluation[];
  templates: UserTemplate[];
  /** Records that cannot be read (their names): not in the file. */
  left: string[];
}

/** Downloads the backup of every evaluation that reads and every template, and records the time. */
export async function backupAll(now: number): Promise<BackupContents> {
  const contents = await backupContents();
  downloadText(backupFileJson(contents.evaluations, now, contents.templates), backupFileName(now));
  lastBackup.mark(now);
  return contents;
}

export async function backupContents(stores: BackupStores = appStores()): Promise<BackupContents> {
  const store = stores.evaluations;
  const home = await store.listHome();
  const evaluations: Evaluation[] = [];
  const left = home.unreadable.map((r) => r.projectName || r.id);
  for (const summary of home.summaries) {
    try {
      const stored = await store.load(summary.id);
      if (stored) evaluations.push(stored.evaluation);
    } catch {
      left.push(summary.projectName || summary.id);
    }
  }
  return { evaluations, templates: await stores.templates.list(), left };
}

const DAY_MS = 86_400_000;
export const REMIND_AFTER_MS = 7 * DAY_MS;
const LAST_BACKUP_KEY = 'jixiao.lastBackupAt';
const FIRST_SEEN_KEY = 'jixiao.dataFirstSeenAt';

/** localStorage, or nothing where it is refused (some private modes): the reminder then stays quiet. */
function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function readTime(key: string): number | null {
  const value = Number(storage()?.getItem(key) ?? NaN);
  return Number.isFinite(value) && value > 0 ? value : null;
}

export const lastBackup = {
  at: (): number | null => readTime(LAST_BACKUP_KEY),
  mark(now: number): void {
    try {
      storage()?.setItem(LAST_BACKUP_KEY, String(now));
    } catch {
      // Storage full or refused: the reminder may come back; the backup itself is made.
    }
  },
};

/**
 * Whether to remind: something changed after the last backup, and that backup is more than
 * 7 days old. Never backed up: counted from when this page first saw data (recorded here).
 */
export function backupDue(summaries: readonly EvaluationSummary[], now: number): boolean {
  if (summaries.length === 0) return false;
  let since = readTime(LAST_BACKUP_KEY);
  if (since === null) {
    since = readTime(FIRST_SEEN_KEY);
    if (since === null) {
      try {
        storage()?.setItem(FIRST_SEEN_KEY, String(now));
      } catch {
        // As above: no reminder without a place to keep the time.
      }
      return false;
    }
    return now - since > REMIND_AFTER_MS;
  }
  const changed = summaries.some((s) => s.updatedAt > (since as number));
  return changed && now - since > REMIND_AFTER_MS;
}
