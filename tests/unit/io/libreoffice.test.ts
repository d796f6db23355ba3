/**
 * A real spreadsheet program opens Jixiao's export and computes its formulas itself: the
 * workbook is written without cached results (and, in a second file, with an actual value
 * changed the way a reader would change it), LibreOffice Calc recalculates and saves, and its
 * figures must equal the engine's. Fails when LibreOffice is missing:
 * scripts/ensure-libreoffice.mjs installs it.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { evaluate, type Evaluation } from '../../../src/domain/index.ts';
import { exportXlsx, LAYOUT_SHEETS, SUMMARY_SHEET, type ExportLayout } from '../../../src/io/export-xlsx.ts';
import { findLeaf, importFixture, leaves } from './helpers.ts';

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));

function recalculate(dir: string, files: string[]): void {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) 未安装：运行 node scripts/ensure-libreoffice.mjs 或 apt-get install libreoffice-calc-nogui');
  const out = join(dir, 'out');
  execFileSync(SOFFICE, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--convert-to', 'xlsx', '--outdir', out, ...files], { stdio: 'pipe', timeout: 90_000 });
}

/** Figures as LibreOffice saved them: each leaf's score by name, each level's 得分, 合计, 等级. */
function figures(path: string, sheet: string) {
  const wb = XLSX.read(readFileSync(path));
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, { header: 1, raw: true, defval: null });
  const header = rows.findIndex((r) => r.includes('一级指标') || r.includes('指标名称'));
  const head = rows[header]!;
  const scoreCol = head.includes('得分') ? head.indexOf('得分') : head.indexOf('自评分');
  const nameEnd = Math.min(...['分值', '权重', '年度指标值', '指标解释'].map((h) => head.indexOf(h)).filter((i) => i >= 0));
  const isTotal = (r: unknown[]) => r.slice(0, nameEnd).some((c) => c === '合计' || c === '总分');
  const leafScores = new Map<string, unknown>();
  for (const r of rows.slice(header + 1)) {
    if (isTotal(r)) break;
    const names = r.slice(0, nameEnd).filter((c) => typeof c === 'string' && c !== '');
    const leafName = names.at(-1);
    if (typeof leafName === 'string') leafScores.set(leafName.replace(/ \(\d+(\.\d+)?分\)$/, ''), r[scoreCol]);
  }
  const total = rows.find(isTotal)?.[scoreCol];
  const summary = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[SUMMARY_SHEET]!, { header: 1, raw: true, defval: null });
  const levels = summary.slice(2).filter((r) => r[0] && r[0] !== '合计' && typeof r[2] === 'number').map((r) => [r[0], r[2]]);
  const grade = summary.find((r) => r[0] === '等级')?.[2];
  return { leafScores, total, levels, grade };
}

function expected(ev: Evaluation) {
  const result = evaluate(ev);
  return {
    leafScores: new Map(leaves(ev).map((l) => [l.name, result.nodes.get(l.id)?.score ?? null])),
    total: result.sum,
    levels: ev.indicators.map((n, i) => [n.name, result.levels[i]!.score]).concat(ev.funds ? [['项目资金', result.funds?.score ?? null]] : []),
    grade: result.grade,
  };
}

describe('LibreOffice recalculates the exported workbook to Jixiao\'s figures', () => {
  it('formulas without cached results in each layout, and after a reader changes an actual', async () => {
    expect(SOFFICE, 'LibreOffice (soffice) is required: node scripts/ensure-libreoffice.mjs').toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-lo-'));
    try {
      const ev = importFixture('selfeval-2022.xlsx').evaluations[0]!;
      const layouts = Object.keys(LAYOUT_SHEETS) as ExportLayout[];
      for (const layout of layouts) writeFileSync(join(dir, `plain-${layout}.xlsx`), await exportXlsx(ev, { cachedResults: false, layout }));

      // A reader opens the export and types a new actual: 485 → 400 人次 (cached results dropped,
      // as any edit makes them stale), in each layout that shows actuals.
      const editable: ExportLayout[] = ['scoring', 'selfeval2022'];
      for (const layout of editable) {
        const wb = new ExcelJS.Workbook();
        const bytes = await exportXlsx(ev, { layout });
        await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        const ws = wb.getWorksheet(LAYOUT_SHEETS[layout])!;
        wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
          const v = cell.value;
          if (v && typeof v === 'object' && 'formula' in v) cell.value = { formula: v.formula } as ExcelJS.CellFormulaValue;
        })));
        const values = ws.getSheetValues() as unknown[][];
        const r = values.findIndex((row) => Array.isArray(row) && row.includes('培训人次'));
        const header = values.find((row) => Array.isArray(row) && row.includes('一级指标'))!;
        ws.getCell(r, header.indexOf('实际完成值')).value = 400;
        writeFileSync(join(dir, `edited-${layout}.xlsx`), new Uint8Array(await wb.xlsx.writeBuffer()));
      }

      recalculate(dir, [...layouts.map((l) => join(dir, `plain-${l}.xlsx`)), ...editable.map((l) => join(dir, `edited-${l}.xlsx`))]);

      const want = expected(ev);
      for (const layout of layouts) {
        const plain = figures(join(dir, 'out', `plain-${layout}.xlsx`), LAYOUT_SHEETS[layout]);
        expect(plain.leafScores, layout).toEqual(want.leafScores);
        expect(plain.levels, layout).toEqual(want.levels);
        expect(plain.total, layout).toBe(want.total);
        expect(plain.grade, layout).toBe(want.grade);
      }

      const changed: Evaluation = structuredClone(ev);
      findLeaf(changed, '培训人次').actual = '400人次';
      const wantEdited = expected(changed);
      expect(wantEdited.leafScores.get('培训人次')).toBe(8);
      for (const layout of editable) {
        const edited = figures(join(dir, 'out', `edited-${layout}.xlsx`), LAYOUT_SHEETS[layout]);
        expect(edited.leafScores, layout).toEqual(wantEdited.leafScores);
        expect(edited.levels, layout).toEqual(wantEdited.levels);
        expect(edited.total, layout).toBe(wantEdited.total);
        expect(edited.total, layout).not.toBe(want.total);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
