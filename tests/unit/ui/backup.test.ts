import { describe, it, expect } from 'vitest';
import { backupJson, readBackup } from '../../../src/ui/backup.ts';
import { nationalFramework } from '../../../src/domain/templates.ts';

describe('backup files', () => {
  it('round-trips evaluations', () => {
    const e = nationalFramework();
    const read = readBackup(backupJson([e]), 'a.json', new Set());
    expect(read).toEqual({ ok: true, evaluations: [e] });
  });

  it('reads a bare evaluation and gives fresh ids to one already stored', () => {
    const e = nationalFramework();
    const read = readBackup(JSON.stringify(e), 'b.json', new Set([e.id]));
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.evaluations[0]!.id).not.toBe(e.id);
      expect(read.evaluations[0]!.meta).toEqual(e.meta);
    }
  });

  it('refuses bad files with a message naming the file, never throwing', () => {
    const cases = ['not json', '[]', '{"evaluations": [{"id": 1}]}', 'null', '{"__proto__": {"polluted": 1}}'];
    for (const text of cases) {
      const read = readBackup(text, '坏文件.json', new Set());
      expect(read.ok, text).toBe(false);
      if (!read.ok) expect(read.message).toContain('坏文件.json');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
