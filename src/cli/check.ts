/**
 * `npm run check -- <file> [--json] [--rounding half-up|truncate] [--scale mof|shanghai]`
 *
 * Re-checks a spreadsheet's arithmetic without the app: imports it with the app's own code,
 * recomputes every table, prints totals, grades, level subtotals, each leaf (score, stated
 * score, status, rule) and the findings. Exit 0 when the file was read (findings or not);
 * 1 with a Chinese message when it could not be; 2 for a usage error.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { evaluate, GRADE_SCALES, RULE_LABELS, type Evaluation, type Indicator, type RoundingMode } from '../domain/index.ts';
import { importAll } from '../io/import-workbook.ts';
import { IMPORT_LIMITS, formatMegabytes } from '../io/limits.ts';

interface Options { file: string; json: boolean; rounding: RoundingMode | null; scale: 'mof' | 'shanghai' | null }

const USAGE = '用法：npm run check -- <文件.xlsx|.xls|.csv> [--json] [--rounding half-up|truncate] [--scale mof|shanghai]';

function parseArgs(argv: string[]): Options | string {
  let file: string | null = null;
  let json = false;
  let rounding: RoundingMode | null = null;
  let scale: 'mof' | 'shanghai' | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = () => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      i++;
      return argv[i] ?? '';
    };
    if (a === '--json') json = true;
    else if (a.startsWith('--rounding')) {
      const v = value();
      if (v !== 'half-up' && v !== 'truncate') return `--rounding 只能是 half-up（四舍五入）或 truncate（截尾），收到“${v}”。`;
      rounding = v;
    } else if (a.startsWith('--scale')) {
      const v = value();
      if (v !== 'mof' && v !== 'shanghai') return `--scale 只能是 mof（优/良/中/差）或 shanghai（优秀/良好/合格/不合格），收到“${v}”。`;
      scale = v;
    } else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('--')) return `未知选项“${a}”。\n${USAGE}`;
    else if (file === null) file = a;
    else return `只能检查一个文件，多余的参数“${a}”。\n${USAGE}`;
  }
  if (file === null) return `缺少文件。\n${USAGE}`;
  return { file, json, rounding, scale };
}

function withOptions(ev: Evaluation, o: Options): Evaluation {
  const settings = { ...ev.settings };
  if (o.rounding) settings.rounding = o.rounding;
  if (o.scale) settings.gradeScale = { ...GRADE_SCALES[o.scale], bands: GRADE_SCALES[o.scale].bands.map((b) => ({ ...b })) };
  return { ...ev, settings };
}

function report(ev: Evaluation, tableName: string) {
  const result = evaluate(ev);
  const paths = new Map<string, string[]>();
  const leaves: { path: string[]; weight: number | null; score: number | null; stated: number | null; status: string | null; rule: string }[] = [];
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
  return {
    name: tableName,
    total: result.total,
    maxTotal: result.maxTotal,
    grade: result.grade,
    statedTotal: ev.statedTotal ?? null,
    funds: result.funds ? { weight: result.funds.weight, rate: result.funds.rate, score: result.funds.score } : null,
    levels: ev.indicators.map((n, i) => ({ name: n.name, weight: result.levels[i]?.weight ?? null, score: result.levels[i]?.score ?? null })),
    leaves,
    findings: result.findings.map((f) => ({ path: f.nodeId ? paths.get(f.nodeId) ?? [] : [], message: f.message })),
  };
}

const RULE_NAMES = new Map(Object.entries(RULE_LABELS));
const fig = (n: number | null) => (n === null ? '—' : String(n));

function printText(file: string, tables: ReturnType<typeof report>[], warnings: string[]): void {
  const out: string[] = [`文件：${file}`];
  for (const w of warnings) out.push(`提示：${w}`);
  tables.forEach((t, i) => {
    out.push('', `【表 ${i + 1}】${t.name}`);
    out.push(`总分 ${fig(t.total)} / ${fig(t.maxTotal)}　等级 ${t.grade}${t.statedTotal !== null ? `　表中合计 ${t.statedTotal}` : ''}`);
    if (t.funds) out.push(`项目资金：分值 ${t.funds.weight}，执行率 ${t.funds.rate === null ? '—' : `${(t.funds.rate * 100).toFixed(2)}%`}，得分 ${fig(t.funds.score)}`);
    out.push('一级指标：');
    for (const l of t.levels) out.push(`  ${l.name}　分值 ${fig(l.weight)}　得分 ${fig(l.score)}`);
    out.push('指标：（得分 / 表中得分 / 完成情况 / 规则）');
    for (const l of t.leaves) {
      const [type, pin] = l.rule.split(' ');
      out.push(`  ${l.path.join(' / ')}　分值 ${fig(l.weight)}　得分 ${fig(l.score)}　表中 ${fig(l.stated)}　${l.status ?? '待评'}　${RULE_NAMES.get(type ?? '') ?? type}${pin ? '（已固定）' : ''}`);
    }
    out.push(`发现的问题（${t.findings.length}）：`);
    for (const f of t.findings) out.push(`  - ${f.message}`);
  });
  process.stdout.write(`${out.join('\n')}\n`);
}

function main(): number {
  const o = parseArgs(process.argv.slice(2));
  if (typeof o === 'string') {
    process.stderr.write(`${o}\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    const size = statSync(o.file).size;
    if (size > IMPORT_LIMITS.maxBytes) {
      process.stderr.write(`无法检查：文件“${basename(o.file)}”有 ${formatMegabytes(size)}，超过导入上限 ${formatMegabytes(IMPORT_LIMITS.maxBytes)}。\n`);
      return 1;
    }
    bytes = new Uint8Array(readFileSync(o.file));
  } catch (err) {
    const code = (err as { code?: string }).code;
    process.stderr.write(`无法检查：${code === 'ENOENT' ? `找不到文件“${o.file}”` : code === 'EISDIR' ? `“${o.file}”是文件夹` : `读取“${o.file}”失败（${String(err)}）`}。\n`);
    return 1;
  }
  const out = importAll(bytes, basename(o.file));
  if (!out.ok) {
    process.stderr.write(`无法检查：\n${out.errors.map((e) => `  ${e.message}`).join('\n')}\n`);
    return 1;
  }
  const tables = out.value.evaluations.map((ev, i) => report(withOptions(ev, o), out.value.previews[i]?.name ?? ev.meta.projectName));
  if (o.json) process.stdout.write(`${JSON.stringify({ file: basename(o.file), tables, warnings: out.warnings.map((w) => w.message) }, null, 2)}\n`);
  else printText(basename(o.file), tables, out.warnings.map((w) => w.message));
  return 0;
}

process.exitCode = main();
