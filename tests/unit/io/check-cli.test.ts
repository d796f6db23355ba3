import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatText, infoSummary, parseArgs, statusText, type FindingReport, type TableReport } from '../../../src/cli/check-report.ts';
import { fixture } from './helpers.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/check.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

interface CheckJson { tables: { name: string; total: number; grade: string; levels: { name: string; weight: number; score: number }[]; leaves: { path: string[]; weight: number; score: number | null; stated: number | null; status: string | null; rule: string }[]; findings: { path: string[]; severity: string; code: string; message: string }[]; findingCounts: Record<string, number> }[] }

const tmp = mkdtempSync(join(tmpdir(), 'jixiao-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * A table with one slip of each kind a reviewer looks for: 决策's children add up to 18 not 20
 * (error), 立项依据 scored 12 of 10 (error, and its stated 12 ≠ the counted 10: warning), and
 * 绩效目标 not scored yet (info).
 */
function slipsCsv(): string {
  const path = join(tmp, 'slips.csv');
  writeFileSync(path, [
    '一级指标,指标名称,权重,自评分,备注',
    '决策 (20分),立项依据,10,12,',
    ',绩效目标,8,,',
    '过程 (80分),资金管理,80,70,执行率偏低',
    '合计,,100,80,',
  ].join('\n'));
  return path;
}

describe('npm run check (child process)', () => {
  it('--json prints one object with every table of the Shanghai workbook', () => {
    const out = run(fixture('shanghai-2019-selfeval.xlsx'), '--json', '--scale', 'shanghai');
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout) as CheckJson;
    const want = JSON.parse(readFileSync(fixture('shanghai-2019-selfeval.expected.json'), 'utf8')) as { tables: { total: number; grade: string; levels: unknown[]; leaves: number }[] };
    expect(json.tables.map((t) => [t.total, t.grade, t.levels, t.leaves.length])).toEqual(want.tables.map((t) => [t.total, t.grade, t.levels, t.leaves]));
    expect(json.tables[0]!.leaves[0]).toEqual({ path: ['投入与管理', '项目设立的规范性'], weight: 5, score: 5, stated: 5, status: null, rule: 'manual' });
    expect(json.tables[0]!.findings).toContainEqual({ path: [], severity: 'warning', code: 'stated-rate-differs', message: expect.stringContaining('99.71%') });
  }, 60_000);

  it('text output of the 2022 自评表: totals, leaves with stated scores and rules, findings by severity', () => {
    const out = run(fixture('selfeval-2022.xlsx'));
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('总分 96.63 / 100　等级 优　表中合计 97.13');
    expect(out.stdout).toContain('产出指标 / 时效指标 / 平均响应时间　分值 10　得分 8　表中 8.5　部分完成　比例计分');
    expect(out.stdout).toContain('发现的问题：错误 1，警告 1，提示 0\n  错误：\n  - 合计：计算总分 96.63，表中合计 97.13\n  警告：\n  - 平均响应时间：规则（比例计分）计算得分 8.00，表中得分 8.50\n');
  }, 60_000);

  it('text: errors and warnings in full, info as one count line; --all lists the info too', () => {
    const file = slipsCsv();
    const out = run(file);
    expect(out.status).toBe(0);
    const findings = out.stdout.slice(out.stdout.indexOf('发现的问题'));
    expect(findings).toBe([
      '发现的问题：错误 2，警告 1，提示 1',
      '  错误：',
      '  - 决策：下级指标分值合计 18.00，与本级分值 20.00 不一致',
      '  - 立项依据：录入得分 12.00 超过分值 10.00，按分值计',
      '  警告：',
      '  - 立项依据：录入得分 10.00，表中得分 12.00',
      '  提示 1 条：尚缺计分依据 1 条（绩效目标）。加 --all 逐条列出。',
      '',
    ].join('\n'));
    expect(out.stdout).not.toContain('尚未打分');
    // A hand-typed score has no target/actual to judge: "—"; a leaf with no score yet: 待评.
    expect(out.stdout).toContain('决策 / 立项依据　分值 10　得分 10　表中 12　—　手工打分');
    expect(out.stdout).toContain('决策 / 绩效目标　分值 8　得分 —　表中 —　待评　手工打分');

    const all = run(file, '--all');
    expect(all.stdout).toContain('  提示：\n  - 绩效目标：尚未打分（手工打分），暂不计入合计\n');
    expect(all.stdout).not.toContain('加 --all');
  }, 60_000);

  it('附件3: the 24 pinned leaves without target/actual are info, one line unless --all; the report\'s own slip is a warning', () => {
    const out = run(fixture('annex3-scoring-table.xlsx'));
    // 资金使用合规性's criteria award 1 + 1 + 2 = 4 points for a weight of 3: the report's slip.
    expect(out.stdout).toContain(
      '发现的问题：错误 0，警告 1，提示 24\n  警告：\n  - 资金使用合规性：各要点分值合计 4，与分值 3 不一致\n' +
        '  提示 24 条：尚缺计分依据 24 条（立项依据充分性、立项程序规范性、绩效目标合理性 等）。加 --all 逐条列出。\n',
    );
    expect(out.stdout.match(/^  - /gm)).toHaveLength(1);
    expect(out.stdout).toContain('过程 / 资金管理 / 预算执行率　分值 3　得分 1.19　表中 1.19　—　比例计分（已固定）');
    expect(out.stdout).not.toContain('待评');
    const all = run(fixture('annex3-scoring-table.xlsx'), '--all');
    expect(all.stdout.match(/^  - .*按已固定得分/gm)).toHaveLength(24);
  }, 60_000);

  it('a table with nothing scored yet: every leaf 待评, no grade', () => {
    const path = join(tmp, 'blank.csv');
    writeFileSync(path, ['一级指标,指标名称,权重,自评分', '决策 (50分),立项依据,50,', '过程 (50分),资金管理,50,'].join('\n'));
    const out = run(path);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('总分 0 / 100　等级 —');
    expect(out.stdout.match(/　待评　/g)).toHaveLength(2);
    expect((JSON.parse(run(path, '--json').stdout) as CheckJson).tables[0]!.grade).toBe('');
  }, 60_000);

  it('--json keeps every finding, info included, each with its severity', () => {
    const json = JSON.parse(run(slipsCsv(), '--json').stdout) as CheckJson;
    const t = json.tables[0]!;
    expect(t.findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['error', 'weight-sum', ['决策']],
      ['error', 'score-above-weight', ['决策', '立项依据']],
      ['warning', 'stated-score-differs', ['决策', '立项依据']],
      ['info', 'rule-input-missing', ['决策', '绩效目标']],
    ]);
    expect(t.findingCounts).toEqual({ error: 2, warning: 1, info: 1 });
    // --all changes the text only: the JSON already has everything.
    expect(JSON.parse(run(slipsCsv(), '--json', '--all').stdout)).toEqual(json);
  }, 60_000);

  it('--rounding and --scale change the figures', () => {
    const half = JSON.parse(run(fixture('annex3-scoring-table.xlsx'), '--json').stdout) as CheckJson;
    const sh = JSON.parse(run(fixture('annex3-scoring-table.xlsx'), '--json', '--scale', 'shanghai', '--rounding', 'truncate').stdout) as CheckJson;
    expect([half.tables[0]!.total, half.tables[0]!.grade]).toEqual([91.55, '优']);
    expect([sh.tables[0]!.total, sh.tables[0]!.grade]).toEqual([91.55, '优秀']);
    const leaf = half.tables[0]!.leaves.find((l) => l.path.at(-1) === '预算执行率');
    expect(leaf).toMatchObject({ path: ['过程', '资金管理', '预算执行率'], weight: 3, score: 1.19, stated: 1.19, rule: 'ratio (pinned)' });
  }, 60_000);

  it('exits non-zero with a Chinese message when the file cannot be read; --help documents --all', () => {
    const enc = run(fixture('bad-encrypted.xlsx'));
    expect(enc.status).toBe(1);
    expect(enc.stderr).toContain('设置了打开密码');
    const missing = run('no-such-file.xlsx');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('找不到文件“no-such-file.xlsx”');
    expect(run(fixture('bad-number.xlsx')).stderr).toContain('第 3 行 D 列（得分）');
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('[--all]');
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--all\s+逐条列出“提示”级问题/);
    expect(run('x.xlsx', '--everything').stderr).toContain('未知选项“--everything”');
  }, 60_000);
});

describe('check report layout (pure)', () => {
  const finding = (severity: FindingReport['severity'], name: string, message: string, code: FindingReport['code'] = 'rule-input-missing'): FindingReport =>
    ({ path: ['过程', name], severity, code, message: `${name}：${message}` });
  const table = (findings: FindingReport[]): TableReport => ({
    name: '评分表', total: 60, maxTotal: 100, grade: '中', statedTotal: null, funds: null,
    levels: [{ name: '过程', weight: 100, score: 60 }],
    leaves: [{ path: ['过程', '预算执行率'], weight: 10, score: 6, stated: 6, status: null, rule: 'ratio (pinned)' }],
    findings, findingCounts: {
      error: findings.filter((f) => f.severity === 'error').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
      info: findings.filter((f) => f.severity === 'info').length,
    },
  });
  const infos = ['甲', '乙', '丙', '丁', '戊'].map((n) => finding('info', n, '比例计分需要指标值，尚未填写'));

  it('collapses many info findings into one line naming the first three', () => {
    expect(infoSummary([...infos, finding('info', '合计', '执行率低于 50%，合计不超过 59 分', 'adjustment-applied')]))
      .toBe('提示 6 条：尚缺计分依据 5 条（甲、乙、丙 等）；合计调整 1 条（合计）。加 --all 逐条列出。');
    const text = formatText('a.xlsx', [table([...infos, finding('error', '预算执行率', '下级得分合计 6，表中小计 7', 'stated-subtotal-differs')])], [], false);
    expect(text.match(/尚未填写/g)).toBeNull();
    expect(text).toContain('发现的问题：错误 1，警告 0，提示 5\n  错误：\n  - 预算执行率：下级得分合计 6，表中小计 7\n  提示 5 条');
    expect(formatText('a.xlsx', [table(infos)], [], true).match(/尚未填写/g)).toHaveLength(5);
  });

  it('prints "—" for a scored leaf without status, 待评 only while it has no score, and "—" for an empty grade', () => {
    expect(statusText({ status: null, score: 6 })).toBe('—');
    expect(statusText({ status: null, score: 0 })).toBe('—');
    expect(statusText({ status: null, score: null })).toBe('待评');
    expect(statusText({ status: '部分完成', score: null })).toBe('部分完成');
    const text = formatText('a.xlsx', [{ ...table([]), grade: '' }], [], false);
    expect(text).toContain('预算执行率　分值 10　得分 6　表中 6　—　比例计分（已固定）');
    expect(text).toContain('等级 —');
  });

  it('parses --all and --json, refuses unknown options', () => {
    expect(parseArgs(['f.xlsx', '--all'])).toMatchObject({ file: 'f.xlsx', all: true, json: false });
    expect(parseArgs(['--rounding=truncate', 'f.xlsx'])).toMatchObject({ rounding: 'truncate', all: false });
    expect(parseArgs(['f.xlsx', '--rounding', 'up'])).toMatchObject({ help: false, message: expect.stringContaining('“up”') });
  });
});
