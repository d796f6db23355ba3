import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { BACKUP_FORMAT, backupDue, backupFileJson, backupFileName, lastBackup, readBackupFile, REMIND_AFTER_MS } from '../../../src/ui/backup-all.ts';
import { nationalFramework } from '../../../src/domain/templates.ts';
import type { EvaluationSummary } from '../../../src/storage/index.ts';

const DAY = 86_400_000;

describe('备份全部 file', () => {
  it('writes the versioned envelope and reads every evaluation back', () => {
    const a = nationalFramework();
    const b = { ...nationalFramework(), id: 'second' };
    const text = backupFileJson([a, b], Date.parse('2026-12-01T09:30:00Z'));
    const file = JSON.parse(text);
    expect(Object.keys(file)).toEqual(['format', 'version', 'exportedAt', 'evaluations', 'templates']);
    expect([file.format, file.version, file.exportedAt, file.templates]).toEqual([BACKUP_FORMAT, 1, '2026-12-01T09:30:00.000Z', []]);
    const read = readBackupFile(text, 'all.json', new Set());
    expect(read).toStrictEqual({ ok: true, fresh: JSON.parse(JSON.stringify([a, b])), clashing: [], problems: [], warnings: [], templates: [] });
  });

  it('names a bad entry in Chinese and keeps the good ones; an id already here is set apart, a repeated one dropped', () => {
    const a = nationalFramework();
    const b = { ...nationalFramework(), id: 'second' };
    const text = JSON.stringify({ format: BACKUP_FORMAT, version: 1, exportedAt: '', templates: [], evaluations: [a, { id: 'x', meta: { projectName: '坏的' }, indicators: 7 }, b, b] });
    const read = readBackupFile(text, 'mixed.json', new Set([a.id]));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.fresh.map((e) => e.id)).toEqual(['second']);
    expect(read.clashing.map((e) => e.id)).toEqual([a.id]);
    expect(read.problems).toHaveLength(2);
    expect(read.problems[0]).toMatch(/^第 2 份评价「坏的」无法恢复：.+。$/);
    expect(read.problems[1]).toMatch(/^第 4 份评价(「.+」)?与文件中前面的一份评价编号相同，已略过。$/);
  });

  it('reads the templates with their ids and times, and names a broken one', () => {
    const design = nationalFramework();
    const template = { id: 't1', name: '城管运维模板', description: '去年的体系', updatedAt: 1_700_000_000_000, evaluation: design };
    const text = backupFileJson([], 0, [template, { id: 't2', name: '坏模板', description: '', updatedAt: 0, evaluation: { indicators: 1 } } as never]);
    const read = readBackupFile(text, 't.json', new Set());
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.templates).toStrictEqual([JSON.parse(JSON.stringify(template))]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(/^第 2 个模板「坏模板」无法恢复：.+。$/);
  });

  it('refuses what is not a 备份全部 file, or a later version, with the file named', () => {
    expect(readBackupFile('{', 'a.json', new Set())).toEqual({ ok: false, message: '文件「a.json」不是有效的 JSON 备份文件。' });
    expect(readBackupFile('{"evaluations":[]}', 'b.json', new Set())).toEqual({ ok: false, message: '文件「b.json」不是本工具“备份全部”生成的备份文件。' });
    const later = readBackupFile(JSON.stringify({ format: BACKUP_FORMAT, version: 2, evaluations: [] }), 'c.json', new Set());
    expect(later.ok === false && later.message).toContain('第 2 版备份格式');
  });

  it('names the file by the local date and time', () => {
    expect(backupFileName(new Date(2026, 11, 1, 9, 5).getTime())).toBe('绩效评价备份-20261201-0905.json');
  });
});

describe('the 7-day reminder', () => {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    };
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });
  const row = (updatedAt: number): EvaluationSummary => ({ id: 'e', projectName: 'p', year: '2026', type: '第三方评价', total: null, grade: null, updatedAt });

  it('never backed up: counted from when the data was first seen', () => {
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    expect(backupDue([], t0)).toBe(false);
    expect(backupDue([row(t0)], t0)).toBe(false);
    expect(backupDue([row(t0)], t0 + REMIND_AFTER_MS)).toBe(false);
    expect(backupDue([row(t0)], t0 + REMIND_AFTER_MS + 1)).toBe(true);
  });

  it('after a backup: only when it is over 7 days old and something changed since', () => {
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    lastBackup.mark(t0);
    expect(lastBackup.at()).toBe(t0);
    expect(backupDue([row(t0 - DAY)], t0 + 8 * DAY)).toBe(false);
    expect(backupDue([row(t0 + DAY)], t0 + 6 * DAY)).toBe(false);
    expect(backupDue([row(t0 + DAY)], t0 + 8 * DAY)).toBe(true);
  });
});
