/**
 * `npm run check -- <file> [--json] [--all] [--rounding half-up|truncate] [--scale mof|shanghai]`
 *
 * Re-checks a spreadsheet's arithmetic without the app: imports it with the app's own code,
 * recomputes every table, prints totals, grades, level subtotals, each leaf (score, stated
 * score, status, rule) and the findings, errors and warnings in full, info as a count unless
 * --all. Exit 0 when the file was read (findings or not); 1 with a Chinese message when it
 * could not be; 2 for a usage error.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { importAll } from '../io/import-workbook.ts';
import { IMPORT_LIMITS, formatMegabytes } from '../io/limits.ts';
import { formatText, parseArgs, tableReport, withOptions } from './check-report.ts';

function main(): number {
  const o = parseArgs(process.argv.slice(2));
  if ('message' in o) {
    if (o.help) {
      process.stdout.write(`${o.message}\n`);
      return 0;
    }
    process.stderr.write(`${o.message}\n`);
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
  const tables = out.value.evaluations.map((ev, i) => tableReport(withOptions(ev, o), out.value.previews[i]?.name ?? ev.meta.projectName));
  const warnings = out.warnings.map((w) => w.message);
  if (o.json) process.stdout.write(`${JSON.stringify({ file: basename(o.file), tables, warnings }, null, 2)}\n`);
  else process.stdout.write(formatText(basename(o.file), tables, warnings, o.all));
  return 0;
}

process.exitCode = main();
