/**
 * What `npm run check` prints, apart from reading the file: the options, the per-table report
 * (the same figures for text and JSON) and the text layout. Pure, so the layout is tested
 * without spawning a process.
 */
import { evaluate, GRADE_SCALES, RULE_LABELS, type Evaluation, type Finding, type FindingCode, type Indicator, type RoundingMode } from '../domain/index.ts';

export interface CheckOptions {
  file: string;
  json: boolean;
  /** List info findings one by one instead of as a count. */
  all: boolean;
  rounding: RoundingMode | null;
  scale: 'mof' | 'shanghai' | null;
}

export const USAGE = [
  '用法：npm run check -- <文件.xlsx|.xls|.csv|.ods> [--json] [--all] [--rounding half-up|truncate] [--scale mof|shanghai]',
  '  --json      输出一个 JSON 对象（含全部问题及其级别 severity）',
  '  --all       逐条列出“提示”级问题（默认只列错误和警告，提示只给条数）',
  '  --rounding  四舍五入 half-up 或截尾 truncate（默认按文件/评价的设置）',
  '  --scale     等级标准：mof（优/良/中/差）或 shanghai（优秀/良好/合格/不合格）',
].join('\n');

/** The options, or the message to print (usage errors and --help). */
export function parseArgs(argv: readonly string[]): CheckOptions | { message: string; help: boolean } {
  let file: string | null = null;
  let json = false;
  let all = false;
  let rounding: RoundingMode | null = null;
  let scale: 'mof' | 'shanghai' | null = null;
  const usage = (message: string) => ({ message, help: false });
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = () => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      i++;
      return argv[i] ?? '';
    };
    if (a === '--json') json = true;
    else if (a === '--all') all = true;
    else if (a === '--rounding' || a.startsWith('--rounding=')) {
      const v = value();
      if (v !== 'half-up' && v !== 'truncate') return usage(`--rounding 只能是 half-up（四舍五入）或 truncate（截尾），收到“${v}”。`);
      rounding = v;
    } else if (a === '--scale' || a.startsWith('--scale=')) {
      const v = value();
      if (v !== 'mof' && v !== 'shanghai') return usage(`--scale 只能是 mof（优/良/中/差）或 shanghai（优秀/良好/合格/不合格），收到“${v}”。`);
      scale = v;
    } else if (a === '--help' || a === '-h') return { message: USAGE, help: true };
    else if (a.startsWith('--')) return usage(`未知选项“${a}”。\n${USAGE}`);
    else if (file === null) file = a;
    else return usage(`只能检查一个文件，多余的参数“${a}”。\n${USAGE}`);
  }
  if (file === null) return usage(`缺少文件。\n${USAGE}`);
  return { file, json, all, rounding, scale };
}

export function withOptions(ev: Evaluation, o: Pick<CheckOptions, 'rounding' | 'scale'>): Evaluation {
  const settings = { ...ev.settings };
  if (o.rounding) settings.rounding = o.rounding;
  if (o.scale) settings.gradeScale = { ...GRADE_SCALES[o.scale], bands: GRADE_SCALES[o.scale].bands.map((b) => ({ ...b })) };
  return { ...ev, settings };
}

export type Severity = Finding['severity'];

export interface LeafReport {
  path: string[];
  weight: number | null;
  score: number | null;
  stated: number | null;
  status: string | null;
  rule: string;
}

export interface FindingReport {
  path: string[];
  severity: Severity;
  code: FindingCode;
  message: string;
}

export interface TableReport {
  name: string;
  total: number;
  maxTotal: number;
  grade: string;
  statedTotal: number | null;
  funds: { weight: number; rate: number | null; score: number | null } | null;
  levels: { name: string; weight: number | null; score: number | null }[];
  leaves: LeafReport[];
  /** Every finding, errors first, then warnings, then info; the engine's order within each. */
  findings: FindingReport[];
  findingCounts: Record<Severity, number>;
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function tableReport(ev: Evaluation, tableName: string): TableReport {
  const result = evaluate(ev);
  const paths = new Map<string, string[]>();
  const leaves: LeafReport[] = [];
  const walk = (n: Indicator, path: string[]) => {
    const here = [...path, n.name];
    paths.set(n.id, here);
    if (n.children.length > 0) {
      n.children.forEach((c) => walk(c, here));
      return;
    }
    const node = result.nodes.get(n.id);
    leaves.push({
      path: here,
      weight: node?.weight ?? n.weight,
      score: node?.score ?? null,
      stated: n.statedScore ?? null,
      status: node?.status ?? null,
      rule: `${n.rule?.type ?? 'manual'}${n.pinned ? ' (pinned)' : ''}`,
    });
  };
  ev.indicators.forEach((n) => walk(n, []));
  const findings = SEVERITY_ORDER.flatMap((s) => result.findings.filter((f) => f.severity === s))
    .map((f) => ({ path: f.nodeId ? paths.get(f.nodeId) ?? [] : [], severity: f.severity, code: f.code, message: f.message }));
  const findingCounts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) findingCounts[f.severity]++;
  return {
    name: tableName,
    total: result.total,
    maxTotal: result.maxTotal,
    grade: result.grade,
    statedTotal: ev.statedTotal ?? null,
    funds: result.funds ? { weight: result.funds.weight, rate: result.funds.rate, score: result.funds.score } : null,
    levels: ev.indicators.map((n, i) => ({ name: n.name, weight: result.levels[i]?.weight ?? null, score: result.levels[i]?.score ?? null })),
    leaves,
    findings,
    findingCounts,
  };
}

const RULE_NAMES = new Map(Object.entries(RULE_LABELS));
const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };
/** For the one-line summary of the info findings a reviewer does not need one by one. */
const INFO_KINDS = new Map<FindingCode, string>([
  ['rule-input-missing', '尚缺计分依据'],
  ['adjustment-applied', '合计调整'],
]);

const fig = (n: number | null) => (n === null ? '—' : String(n));

/**
 * A leaf without a completion status is 待评 only while it has no score: a leaf scored by hand
 * or pinned to the sheet's figure is scored, it just has no target/actual to judge, so "—".
 */
export function statusText(leaf: Pick<LeafReport, 'status' | 'score'>, unitMismatch = false): string {
  if (leaf.status !== null) return leaf.status;
  // Not waiting for an actual: it has one, in a unit the target does not use (see the error).
  if (unitMismatch && leaf.score === null) return '单位不一致';
  return leaf.score === null ? '待评' : '—';
}

/** One line for the info findings: how many of each kind, and the first few it concerns. */
export function infoSummary(findings: readonly FindingReport[]): string {
  const byKind = new Map<string, string[]>();
  for (const f of findings) {
    if (f.severity !== 'info') continue;
    const kind = INFO_KINDS.get(f.code) ?? f.code;
    const about = f.path.at(-1) ?? f.message.split('：')[0] ?? '';
    byKind.set(kind, [...(byKind.get(kind) ?? []), about]);
  }
  const total = [...byKind.values()].reduce((n, list) => n + list.length, 0);
  const kinds = [...byKind].map(([kind, list]) => `${kind} ${list.length} 条（${list.slice(0, 3).join('、')}${list.length > 3 ? ' 等' : ''}）`);
  return `提示 ${total} 条：${kinds.join('；')}。加 --all 逐条列出。`;
}

export function formatText(file: string, tables: readonly TableReport[], warnings: readonly string[], all: boolean): string {
  const out: string[] = [`文件：${file}`];
  for (const w of warnings) out.push(`导入提示：${w}`);
  tables.forEach((t, i) => {
    out.push('', `【表 ${i + 1}】${t.name}`);
    out.push(`总分 ${fig(t.total)} / ${fig(t.maxTotal)}　等级 ${t.grade || '—'}${t.statedTotal !== null ? `　表中合计 ${t.statedTotal}` : ''}`);
    if (t.funds) out.push(`项目资金：分值 ${t.funds.weight}，执行率 ${t.funds.rate === null ? '—' : `${(t.funds.rate * 100).toFixed(2)}%`}，得分 ${fig(t.funds.score)}`);
    out.push('一级指标：');
    for (const l of t.levels) out.push(`  ${l.name}　分值 ${fig(l.weight)}　得分 ${fig(l.score)}`);
    out.push('指标：（得分 / 表中得分 / 完成情况 / 规则）');
    const mismatched = new Set(t.findings.filter((f) => f.code === 'unit-mismatch').map((f) => f.path.join('\u0001')));
    for (const l of t.leaves) {
      const [type, pin] = l.rule.split(' ');
      out.push(`  ${l.path.join(' / ')}　分值 ${fig(l.weight)}　得分 ${fig(l.score)}　表中 ${fig(l.stated)}　${statusText(l, mismatched.has(l.path.join('\u0001')))}　${RULE_NAMES.get(type ?? '') ?? type}${pin ? '（已固定）' : ''}`);
    }
    const c = t.findingCounts;
    out.push(`发现的问题：错误 ${c.error}，警告 ${c.warning}，提示 ${c.info}`);
    // Errors and warnings are the figures a reviewer must look at: always in full, first.
    for (const severity of SEVERITY_ORDER) {
      const list = t.findings.filter((f) => f.severity === severity);
      if (list.length === 0) continue;
      if (severity === 'info' && !all) {
        out.push(`  ${infoSummary(t.findings)}`);
        continue;
      }
      out.push(`  ${SEVERITY_LABELS[severity]}：`);
      for (const f of list) out.push(`  - ${f.message}`);
    }
  });
  return `${out.join('\n')}\n`;
}
