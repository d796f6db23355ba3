import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { evaluate, newEvaluation, newIndicator, type Evaluation } from '../../../src/domain/index.ts';
import { exportCsv, exportCsvText } from '../../../src/io/export-csv.ts';
import { exportXlsx, SCORE_SHEET, SUMMARY_SHEET } from '../../../src/io/export-xlsx.ts';
import { CARRIER_SHEET } from '../../../src/io/evaluation-carrier.ts';
import { importAll } from '../../../src/io/import-workbook.ts';
import { findLeaf, importFixture } from './helpers.ts';

const selfEval = () => importFixture('selfeval-2022.xlsx').evaluations[0]!;
const annex3 = () => importFixture('annex3-scoring-table.xlsx').evaluations[0]!;

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return wb;
}

function reimport(bytes: Uint8Array, name = 'export.xlsx'): Evaluation[] {
  const out = importAll(bytes, name);
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
  return out.value.evaluations;
}

describe('xlsx export: the 评分表 layout', () => {
  it('writes the metadata block, bold bordered header, merged groups with weights, frozen header, A4 landscape, 合计', async () => {
    const ev = annex3();
    const wb = await load(await exportXlsx(ev));
    const ws = wb.getWorksheet(SCORE_SHEET)!;
    expect(ws.getCell('A2').value).toBe('项目名称：');
    expect(ws.getCell('B2').value).toBe(ev.meta.projectName);
    const headerRow = 8;
    expect(ws.getRow(headerRow).values).toEqual([undefined, '一级指标', '二级指标', '三级指标', '分值', '指标解释', '指标说明', '评分标准', '指标值', '实际完成值', '得分', '得分率', '完成情况', '扣分原因']);
    expect(ws.getCell(headerRow, 1).font?.bold).toBe(true);
    expect(ws.getCell(headerRow, 1).border?.top?.style).toBe('thin');
    expect(ws.getCell(headerRow + 1, 1).value).toBe('决策 (15分)');
    expect(ws.getCell(headerRow + 1, 2).value).toBe('项目立项');
    // 决策 spans its six leaves.
    expect(ws.getCell(headerRow + 6, 1).isMerged).toBe(true);
    expect(ws.getCell(headerRow + 6, 1).master.address).toBe(`A${headerRow + 1}`);
    expect(ws.getCell(headerRow + 1, 7).alignment?.wrapText).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow, xSplit: 3 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: `${headerRow}:${headerRow}` });
    expect(ws.getColumn(7).width).toBeGreaterThan(20);
    const total = ws.getRow(headerRow + 27);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(10).value).toEqual({ formula: `SUM(J${headerRow + 1}:J${headerRow + 26})`, result: 91.55 });
  });

  it('writes live formulas with cached results for ratio leaves, the funds score and the totals', async () => {
    const ev = selfEval();
    const result = evaluate(ev);
    const wb = await load(await exportXlsx(ev));
    const ws = wb.getWorksheet(SCORE_SHEET)!;
    const rows = ws.getSheetValues() as unknown[][];
    const rowOf = (name: string) => rows.findIndex((r) => Array.isArray(r) && r.includes(name));
    const r = rowOf('培训人次');
    const score = ws.getCell(r, 10).value as ExcelJS.CellFormulaValue;
    expect(score.formula).toBe(`ROUND(D${r}*MIN(1,ROUND(I${r}/H${r},4)),2)`);
    expect(score.result).toBe(9.7);
    expect(ws.getCell(r, 8).value).toBe(500);
    expect(ws.getCell(r, 8).numFmt).toBe('"≥"0"人次"');
    expect(ws.getCell(r, 9).value).toBe(485);
    const slow = rowOf('平均响应时间');
    expect((ws.getCell(slow, 10).value as ExcelJS.CellFormulaValue).formula).toBe(`ROUND(D${slow}*MIN(1,ROUND(H${slow}/I${slow},4)),2)`);
    // Manual leaves are values.
    expect(ws.getCell(rowOf('长效管理机制'), 10).value).toBe(10);
    const funds = rowOf('年度资金总额');
    expect(ws.getCell(funds, 6).value).toEqual({ formula: `ROUND(D${funds}/C${funds},4)`, result: 0.9931 });
    expect(ws.getCell(funds, 7).value).toEqual({ formula: `ROUND(E${funds}*MIN(1,F${funds}),2)`, result: 9.93 });
    const total = rowOf('合计');
    expect((ws.getCell(total, 10).value as ExcelJS.CellFormulaValue).result).toBe(result.total);
  });

  it('adds the 得分情况表 with per-level 分值/得分/得分率, total, grade and status counts', async () => {
    const ev = annex3();
    const wb = await load(await exportXlsx(ev));
    const ws = wb.getWorksheet(SUMMARY_SHEET)!;
    const cell = (r: number, c: number) => {
      const v = ws.getCell(r, c).value;
      return typeof v === 'object' && v !== null && 'result' in v ? v.result : v;
    };
    expect([3, 4, 5, 6].map((r) => [cell(r, 1), cell(r, 2), cell(r, 3), cell(r, 4)])).toEqual([
      ['决策', 15, 13, 0.8667], ['过程', 20, 17.19, 0.8595], ['产出', 35, 35, 1], ['效益', 30, 26.36, 0.8787],
    ]);
    expect([cell(7, 1), cell(7, 2), cell(7, 3)]).toEqual(['合计', 100, 91.55]);
    expect([cell(8, 1), cell(8, 3)]).toEqual(['等级', '优']);
    expect((ws.getCell(8, 3).value as ExcelJS.CellFormulaValue).formula).toBe('IF(C7>=90,"优",IF(C7>=80,"良",IF(C7>=60,"中","差")))');
    expect(cell(10, 1)).toBe('完成情况');
    expect(cell(11, 1)).toBe('已完成');
  });

  it('carries the evaluation in a very hidden sheet, chunked below the cell limit', async () => {
    const ev = annex3();
    const big: Evaluation = { ...ev, meta: { ...ev.meta, notes: '备注'.repeat(40_000) } };
    const wb = await load(await exportXlsx(big));
    const data = wb.getWorksheet(CARRIER_SHEET)!;
    expect(data.state).toBe('veryHidden');
    const chunks = (data.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string');
    expect(chunks.length).toBeGreaterThan(4);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(32_767);
    expect(reimport(await exportXlsx(big))[0]).toEqual(big);
  });

  it('writes formula-looking text as text and numbers as numbers', async () => {
    const ev = importFixture('formula-text.xlsx').evaluations[0]!;
    const bytes = await exportXlsx(ev);
    const wb = XLSX.read(bytes, { cellFormula: true });
    const ws = wb.Sheets[SCORE_SHEET]!;
    const cells = Object.entries(ws).filter(([k]) => !k.startsWith('!')).map(([k, c]) => [k, c as XLSX.CellObject] as const);
    // (import trims the tab of "\t=1+1": cell text is compared trimmed)
    const texts = ['=HYPERLINK("http://example.com","点击")', '+1+1', '-2', '@SUM(A1)', '=1+1'];
    for (const t of texts) {
      const found = cells.find(([, c]) => c.v === t);
      expect(found, t).toBeDefined();
      expect(found![1].t).toBe('s');
      expect(found![1].f).toBeUndefined();
    }
    const weight = cells.find(([k]) => k === 'C9');
    expect(weight?.[1]).toMatchObject({ t: 'n', v: 50 });
  });
});

describe('round trip: export → import gives the same evaluation', () => {
  it.each([
    ['selfeval-2022.xlsx', 0], ['annex3-scoring-table.xlsx', 0], ['shanghai-2019-selfeval.xlsx', 2], ['multi-table.xlsx', 2],
  ])('%s (table %i)', async (name, i) => {
    const ev = importFixture(name).evaluations[i]!;
    const back = reimport(await exportXlsx(ev));
    expect(back).toHaveLength(1);
    expect(back[0]).toEqual(ev);
  });

  it('keeps rules, pins, settings, statuses and ids that the visible sheet cannot show', async () => {
    const leaf = newIndicator({ name: '满意度', weight: 10, target: '≥90%', actual: '96%', rule: { type: 'bands', input: 'actual', bands: [{ min: 0.95, minInclusive: true, score: 10 }, { min: null, minInclusive: true, score: 0 }] }, statusOverride: '部分完成' });
    const pinned = newIndicator({ name: '预算执行率', weight: 5, target: '≥100%', actual: '80%', rule: { type: 'ratio', floor: 0.6 }, pinned: true, enteredScore: 4.5, statedScore: 4 });
    const ev = newEvaluation({
      meta: { projectName: '测试', department: '', implementer: '', year: '2024', type: '财政评价', evaluator: '某所', notes: '第一行\n第二行' },
      indicators: [newIndicator({ name: '效益', weight: 15, children: [leaf, pinned] })],
      settings: { gradeScale: { id: 'custom', name: '自定义', bands: [{ grade: 'A', min: 85 }, { grade: 'B', min: 0 }] }, rounding: 'truncate', decimals: 2 },
      adjustments: [{ id: 'cap', kind: 'execution-cap', name: '执行率封顶', enabled: true, rate: 0.75, caps: [{ below: 0.8, cap: 89 }] }],
    });
    expect(reimport(await exportXlsx(ev))[0]).toEqual(ev);
  });

  it('does not mistake a rounded typed score for an edit', async () => {
    const ev = newEvaluation({ indicators: [newIndicator({ name: '满意度', weight: 7, rule: { type: 'manual' }, enteredScore: 5.3599 })] });
    const out = importAll(await exportXlsx(ev), 'x.xlsx');
    if (!out.ok) throw new Error('not read');
    expect(out.warnings).toEqual([]);
    expect(out.value.evaluations[0]).toEqual(ev);
  });

  it('takes over an actual the reader changed in the exported sheet, with a warning', async () => {
    const ev = selfEval();
    const bytes = await exportXlsx(ev);
    const wb = await load(bytes);
    const ws = wb.getWorksheet(SCORE_SHEET)!;
    const r = (ws.getSheetValues() as unknown[][]).findIndex((row) => Array.isArray(row) && row.includes('培训人次'));
    ws.getCell(r, 9).value = 450;
    const edited = new Uint8Array(await wb.xlsx.writeBuffer());
    const out = importAll(edited, 'edited.xlsx');
    if (!out.ok) throw new Error('not read');
    const leaf = findLeaf(out.value.evaluations[0]!, '培训人次');
    expect(leaf.actual).toBe('450人次');
    expect(out.warnings.map((w) => w.message).join()).toContain(`I${r}`);
    expect(evaluate(out.value.evaluations[0]!).nodes.get(leaf.id)?.score).toBe(9);
  });
});

describe('csv export', () => {
  it('one row per leaf with its level names, numbers as numbers, formula text guarded', () => {
    const ev = importFixture('formula-text.xlsx').evaluations[0]!;
    const text = exportCsvText(ev);
    const lines = text.split('\r\n');
    expect(lines).toContain('一级指标,二级指标,分值,指标解释,指标说明,评分标准,指标值,实际完成值,得分,得分率,完成情况,扣分原因');
    expect(lines).toContain(`决策 (100分),'+1+1,30,,,,,,30,100%,,'@SUM(A1)`);
    expect(text).toContain(`"'=HYPERLINK(""http://example.com"",""点击"")"`);
    expect(text).toContain(`,'=1+1`);
    expect(exportCsvText({ ...ev, meta: { ...ev.meta, evaluator: '\t@x' } })).toContain(`评价机构：,'\t@x`);
    // Any control character, not only tab and line breaks: some programs strip them first.
    expect(exportCsvText({ ...ev, meta: { ...ev.meta, evaluator: '\u0001=1+1' } })).toContain(`评价机构：,'\u0001=1+1`);
    expect(exportCsvText({ ...ev, meta: { ...ev.meta, evaluator: '\u007f@x' } })).toContain(`评价机构：,'\u007f@x`);
    expect(exportCsv(ev).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('reads back with the same scores, funds and total (apostrophes removed)', () => {
    for (const name of ['selfeval-2022.xlsx', 'annex3-scoring-table.xlsx', 'formula-text.xlsx']) {
      const ev = importFixture(name).evaluations[0]!;
      const back = reimport(exportCsv(ev), 'export.csv')[0]!;
      expect(evaluate(back).total).toBe(evaluate(ev).total);
      expect(back.indicators.map((n) => [n.name, n.weight])).toEqual(ev.indicators.map((n) => [n.name, n.weight]));
      expect(back.funds?.executed).toBe(ev.funds?.executed);
    }
    const back = reimport(exportCsv(importFixture('formula-text.xlsx').evaluations[0]!), 'x.csv')[0]!;
    expect(back.indicators[0]!.children.map((c) => c.name)).toEqual(['=HYPERLINK("http://example.com","点击")', '+1+1', '-2']);
  });
});
