/**
 * Evaluations at the edges export in every layout without an exception, their text as text,
 * and come back whole through the carrier: nothing scored, no leaves, a 64-level chain,
 * 10,000-character cells, text that starts with = + - @.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { nationalFramework, newEvaluation, newIndicator, type Evaluation, type Indicator } from '../../../src/domain/index.ts';
import { exportXlsx, LAYOUT_SHEETS, type ExportLayout } from '../../../src/io/export-xlsx.ts';
import { importAll } from '../../../src/io/import-workbook.ts';

const LAYOUTS = Object.keys(LAYOUT_SHEETS) as ExportLayout[];

function chain(depth: number): Indicator {
  let node = newIndicator({ name: `第${depth}层`, weight: 100, rule: { type: 'manual' }, enteredScore: 90 });
  for (let d = depth - 1; d >= 1; d--) node = newIndicator({ name: `第${d}层`, weight: 100, children: [node] });
  return node;
}

const FORMULA_TEXT = ['=1+1', '+SUM(A1:A2)', '-2+3', '@SUM(A1)', '=HYPERLINK("http://evil.example/","x")'];

const CASES: [string, () => Evaluation][] = [
  ['nothing scored', () => nationalFramework()],
  ['no leaves', () => newEvaluation({ indicators: [] })],
  ['a 64-level chain', () => newEvaluation({ indicators: [chain(64)] })],
  ['10,000-character cells', () => newEvaluation({
    meta: { projectName: '长'.repeat(10_000), department: '', implementer: '', year: '2024', type: '自评', evaluator: '', notes: 'x'.repeat(10_000) },
    indicators: [newIndicator({ name: '一级'.repeat(5_000), weight: 100, children: [
      newIndicator({ name: '指标', weight: 100, criteria: '评分标准，'.repeat(2_000), reason: 'Latin words without end '.repeat(420).trim(), explanation: 'ａ'.repeat(10_000), rule: { type: 'manual' }, enteredScore: 50 }),
    ] })],
  })],
  ['text starting with = + - @', () => newEvaluation({
    meta: { projectName: '=1+1', department: '+1', implementer: '-1', year: '@1', type: '第三方评价', evaluator: '=cmd|\' /C calc\'!A0', notes: '主要问题：=1+1', goalExpected: '@SUM(A1)', goalAchieved: '-2+3' },
    funds: { unit: '=元', initialBudget: 100, annualBudget: 100, executed: 90, weight: 10 },
    indicators: [newIndicator({ name: '=决策', weight: 90, children: FORMULA_TEXT.map((t, i) => newIndicator({
      name: t, weight: 18, explanation: t, criteria: t, target: t, actual: t, reason: t, rule: { type: 'manual' }, enteredScore: i,
    })) })],
    settings: { gradeScale: { id: 'custom', name: '=1+1', bands: [{ grade: '=1+1', min: 90 }, { grade: '@x', min: 0 }] }, rounding: 'half-up', decimals: 2 },
  })],
];

describe('bad input exports in every layout, the text as text', () => {
  for (const [label, make] of CASES) {
    for (const layout of LAYOUTS) {
      it(`${label}, ${layout}`, async () => {
        const ev = make();
        const bytes = await exportXlsx(ev, { layout });
        const out = importAll(bytes, 'edge.xlsx');
        if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
        expect(out.value.evaluations).toEqual([ev]);
        const wb = XLSX.read(bytes, { cellFormula: true });
        for (const name of wb.SheetNames) {
          for (const [address, cell] of Object.entries(wb.Sheets[name]!)) {
            if (address.startsWith('!')) continue;
            const c = cell as XLSX.CellObject;
            // No formula carries any of the evaluation's text; formula-looking text is a string cell.
            if (c.f) expect(/cmd|calc|HYPERLINK|evil|1\+1|2\+3|SUM\(A1/.test(c.f), `${name}!${address} ${c.f}`).toBe(false);
            if (typeof c.v === 'string' && /^[=+\-@]/.test(c.v)) expect(c.t, `${name}!${address}`).toBe('s');
          }
        }
        if (label.startsWith('text')) {
          const ws = wb.Sheets[LAYOUT_SHEETS[layout]]!;
          const texts = Object.values(ws).map((c) => (c as XLSX.CellObject).v);
          for (const t of FORMULA_TEXT) expect(texts, t).toContain(t);
        }
      });
    }
  }

  it('a tree too deep for the page prints fitted to the width; the others at 100 %', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const deep = new ExcelJS.Workbook();
    await deep.xlsx.load((await exportXlsx(newEvaluation({ indicators: [chain(64)] }))) as never);
    expect(deep.getWorksheet(LAYOUT_SHEETS.scoring)!.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    const flat = new ExcelJS.Workbook();
    await flat.xlsx.load((await exportXlsx(nationalFramework())) as never);
    expect(flat.getWorksheet(LAYOUT_SHEETS.scoring)!.pageSetup).toMatchObject({ fitToPage: false, scale: 100 });
  });
});
