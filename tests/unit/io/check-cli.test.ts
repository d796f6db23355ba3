import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fixture } from './helpers.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/check.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

interface CheckJson { tables: { name: string; total: number; grade: string; levels: { name: string; weight: number; score: number }[]; leaves: { path: string[]; weight: number; score: number | null; stated: number | null; status: string | null; rule: string }[]; findings: { path: string[]; message: string }[] }[] }

describe('npm run check (child process)', () => {
  it('--json prints one object with every table of the Shanghai workbook', () => {
    const out = run(fixture('shanghai-2019-selfeval.xlsx'), '--json', '--scale', 'shanghai');
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout) as CheckJson;
    const want = JSON.parse(readFileSync(fixture('shanghai-2019-selfeval.expected.json'), 'utf8')) as { tables: { total: number; grade: string; levels: unknown[]; leaves: number }[] };
    expect(json.tables.map((t) => [t.total, t.grade, t.levels, t.leaves.length])).toEqual(want.tables.map((t) => [t.total, t.grade, t.levels, t.leaves]));
    expect(json.tables[0]!.leaves[0]).toEqual({ path: ['投入与管理', '项目设立的规范性'], weight: 5, score: 5, stated: 5, status: null, rule: 'manual' });
    expect(json.tables[0]!.findings).toContainEqual({ path: [], message: expect.stringContaining('99.71%') });
  }, 60_000);

  it('text output of the 2022 自评表: totals, leaves with stated scores and rules, findings', () => {
    const out = run(fixture('selfeval-2022.xlsx'));
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('总分 96.63 / 100　等级 优　表中合计 97.13');
    expect(out.stdout).toContain('产出指标 / 时效指标 / 平均响应时间　分值 10　得分 8　表中 8.5　部分完成　比例计分');
    expect(out.stdout).toContain('- 平均响应时间：规则（比例计分）计算得分 8.00，表中得分 8.50');
  }, 60_000);

  it('--rounding and --scale change the figures', () => {
    const half = JSON.parse(run(fixture('annex3-scoring-table.xlsx'), '--json').stdout) as CheckJson;
    const sh = JSON.parse(run(fixture('annex3-scoring-table.xlsx'), '--json', '--scale', 'shanghai', '--rounding', 'truncate').stdout) as CheckJson;
    expect([half.tables[0]!.total, half.tables[0]!.grade]).toEqual([91.55, '优']);
    expect([sh.tables[0]!.total, sh.tables[0]!.grade]).toEqual([91.55, '优秀']);
    const leaf = half.tables[0]!.leaves.find((l) => l.path.at(-1) === '预算执行率');
    expect(leaf).toMatchObject({ path: ['过程', '资金管理', '预算执行率'], weight: 3, score: 1.19, stated: 1.19, rule: 'ratio (pinned)' });
  }, 60_000);

  it('exits non-zero with a Chinese message when the file cannot be read', () => {
    const enc = run(fixture('bad-encrypted.xlsx'));
    expect(enc.status).toBe(1);
    expect(enc.stderr).toContain('设置了打开密码');
    const missing = run('no-such-file.xlsx');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('找不到文件“no-such-file.xlsx”');
    expect(run(fixture('bad-number.xlsx')).stderr).toContain('第 3 行 D 列（得分）');
    expect(run().status).toBe(2);
  }, 60_000);
});
