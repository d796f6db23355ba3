/**
 * Jixiao's own backup file (.json): the evaluation exactly as stored. It is what the page
 * offers when the browser refuses to store more (quota), and it reads back with fresh ids
 * when an evaluation with the same id is already here.
 *
 * A backup is a file anyone can edit: each evaluation in it goes through restoreEvaluation
 * (types, ranges, ids, cycles, lengths), so a crafted value is refused with the place named,
 * and what was repaired (control characters, unknown keys, over-long texts) is told.
 */
import type { Evaluation } from '../domain/index.ts';
import { restoreEvaluation, withFreshIds } from '../domain/index.ts';

const FORMAT = 'jixiao-evaluations';

export function backupJson(evaluations: Evaluation[]): string {
  return JSON.stringify({ format: FORMAT, version: 1, evaluations }, null, 1);
}

export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadBackup(evaluation: Evaluation): void {
  const name = (evaluation.meta.projectName || '未命名项目').replace(/[\\/:*?"<>|]/g, '_');
  downloadText(backupJson([evaluation]), `${name}-${evaluation.meta.year || ''}备份.json`);
}

/** `warnings`: what was repaired, in Chinese, each naming the file (and the evaluation when several). */
export type BackupRead = { ok: true; evaluations: Evaluation[]; warnings: string[] } | { ok: false; message: string };

const SHOWN_ERRORS = 5;

/**
 * Reads a backup (or a bare evaluation / array of them). Never throws; the message names
 * the file. `existingIds`: evaluations already stored get new ids instead of failing.
 */
export function readBackup(text: string, fileName: string, existingIds: ReadonlySet<string>): BackupRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: `文件「${fileName}」不是有效的 JSON 备份文件。` };
  }
  const list: unknown =
    data && typeof data === 'object' && !Array.isArray(data) && 'evaluations' in data
      ? (data as { evaluations: unknown }).evaluations
      : Array.isArray(data)
        ? data
        : [data];
  if (!Array.isArray(list) || list.length === 0) {
    return { ok: false, message: `文件「${fileName}」中没有评价。` };
  }
  const out: Evaluation[] = [];
  const warnings: string[] = [];
  const which = (index: number) => (list.length > 1 ? `第 ${index + 1} 份评价` : '评价');
  for (const [index, item] of list.entries()) {
    const restored = restoreEvaluation(item);
    if (!restored.ok) {
      const more = restored.errors.length > SHOWN_ERRORS ? `；另有 ${restored.errors.length - SHOWN_ERRORS} 处问题` : '';
      return { ok: false, message: `文件「${fileName}」中的${which(index)}无法读取：${restored.errors.slice(0, SHOWN_ERRORS).join('；')}${more}。未恢复任何评价。` };
    }
    for (const text of restored.warnings) warnings.push(`文件「${fileName}」中的${which(index)}：${text}。`);
    const evaluation = restored.evaluation;
    out.push(existingIds.has(evaluation.id) ? withFreshIds(evaluation) : evaluation);
  }
  return { ok: true, evaluations: out, warnings };
}
