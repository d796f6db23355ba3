import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import * as XLSX from 'xlsx';
import { evaluate, newEvaluation, newIndicator, type Evaluation } from '../../../src/domain/index.ts';
import { exportCsv, exportCsvText } from '../../../src/io/export-csv.ts';
import { exportXlsx, SCORE_SHEET, SUMMARY_SHEET } from '../../../src/io/export-xlsx.ts';
import { CARRIER_SHEET } from '../../../src/io/evaluation-carrier.ts';
import { importAll } from '../../../src/io/import-workbook.ts';
import { findLeaf, importFixture, leaves } from './helpers.ts';

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

/** The 1-based row whose cells include `text`. */
function rowOf(ws: ExcelJS.Worksheet, text: string): number {
  const rows = ws.getSheetValues() as unknown[][];
  const r = rows.findIndex((row) => Array.isArray(row) && row.includes(text));
  if (r < 0) throw new Error(`no row with ${text}`);
  return r;
}

const cached = (v: ExcelJS.CellValue) => (typeof v === 'object' && v !== null && 'result' in v ? v.result : v);

describe('xlsx export: the 评分表 layout', () => {
  it('writes the metadata lines, bold bordered header, merged groups with their weights, frozen header, A4 landscape at 100 %, 合计', async () => {
    const ev = annex3();
    const wb = await load(await exportXlsx(ev));
    const ws = wb.getWorksheet(SCORE_SHEET)!;
    expect(ws.getCell('A2').value).toBe('项目名称：');
    expect(ws.getCell('C2').value).toBe(ev.meta.projectName);
    const headerRow = rowOf(ws, '一级指标');
    // 指标说明, 指标值, 实际完成值 and 完成情况 are empty for every leaf of 附件3: left out.
    expect(ws.getRow(headerRow).values).toEqual([undefined, '一级指标', '二级指标', '三级指标', '分值', '指标解释', '评分标准', '得分', '得分率', '扣分原因']);
    expect(ws.getCell(headerRow, 1).font?.bold).toBe(true);
    expect(ws.getCell(headerRow, 1).border?.top?.style).toBe('thin');
    // In a narrow column the name breaks before its weight, never inside it.
    expect(ws.getCell(headerRow + 1, 1).value).toBe('决策\n(15分)');
    // 二级 cells carry their weight too, as in the grid.
    expect(String(ws.getCell(headerRow + 1, 2).value).replace('\n', ' ')).toBe('项目立项 (5分)');
    expect(ws.getCell(headerRow + 6, 1).isMerged).toBe(true);
    expect(ws.getCell(headerRow + 6, 1).master.address).toBe(`A${headerRow + 1}`);
    expect(ws.getCell(headerRow + 1, 6).alignment?.wrapText).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow, xSplit: 3 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: `${headerRow}:${headerRow}`, scale: 100, fitToPage: false });
    expect(ws.getColumn(6).width).toBeGreaterThan(20);
    const total = ws.getRow(headerRow + 27);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(7).value).toEqual({ formula: `SUM(G${headerRow + 1}:G${headerRow + 26})`, result: 91.55 });
  });

  it('keeps the empty columns when asked', async () => {
    const wb = await load(await exportXlsx(annex3(), { keepEmptyColumns: true }));
    const ws = wb.getWorksheet(SCORE_SHEET)!;
    expect(ws.getRow(rowOf(ws, '一级指标')).values).toEqual([undefined, '一级指标', '二级指标', '三级指标', '分值', '指标解释', '指标说明', '评分标准', '指标值', '实际完成值', '得分', '得分率', '完成情况', '扣分原因']);
  });

  it('sizes every row to its wrapped text, and merged groups over their rows', async () => {
    const ev = annex3();
    const wb = await load(await exportXlsx(ev));
    const ws = wb.getWorksheet(SCORE_SHEET)!;
    const headerRow = rowOf(ws, '一级指标');
    const heights = leaves(ev).map((_, i) => ws.getRow(headerRow + 1 + i).height);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(18);
    // 资金使用合规性: a nine-line 评分标准 (explicit line breaks) and a long 扣分原因.
    const r = rowOf(ws, '资金使用合规性');
    const criteria = String(ws.getCell(r, 6).value);
    expect(criteria.split('\n').length).toBeGreaterThanOrEqual(8);
    expect(ws.getRow(r).height).toBeGreaterThanOrEqual(criteria.split('\n').length * 13.5);
    // Taller text, taller row: the same leaf with a one-line criteria and no reason is lower.
    const short = structuredClone(ev);
    const leaf = findLeaf(short, '资金使用合规性');
    leaf.criteria = '按实际情况打分。';
    leaf.reason = '';
    leaf.explanation = '';
    const ws2 = (await load(await exportXlsx(short))).getWorksheet(SCORE_SHEET)!;
    expect(ws2.getRow(rowOf(ws2, '资金使用合规性')).height).toBeLessThan(40);
    // A group whose name needs more than its one row gets it: a long 二级 over a single leaf.
    const tall = structuredClone(ev);
    tall.indicators[0]!.children[0]!.name = '项目立项'.repeat(12);
    tall.indicators[0]!.children[0]!.children = [tall.indicators[0]!.children[0]!.children[0]!];
    const ws3 = (await load(await exportXlsx(tall))).getWorksheet(SCORE_SHEET)!;
    expect(ws3.getRow(rowOf(ws3, '立项依据充分性')).height).toBeGreaterThan(ws.getRow(rowOf(ws, '立项依据充分性')).height);
  });

  it('leaves empty values as blank cells, never empty strings', async () => {
    const bytes = await exportXlsx(selfEval(), { layout: 'scoring', keepEmptyColumns: true });
    const wb = XLSX.read(bytes, { cellFormula: true });
    for (const name of [SCORE_SHEET, SUMMARY_SHEET]) {
      const ws = wb.Sheets[name]!;
      const empty = Object.entries(ws).filter(([k, c]) => !k.startsWith('!') && (c as XLSX.CellObject).t === 's' && (c as XLSX.CellObject).v === '');
      expect(empty.map(([k]) => k), name).toEqual([]);
    }
    const ws = (await load(bytes)).getWorksheet(SCORE_SHEET)!;
    const r = rowOf(ws, '新建服务站数');
    const reason = ws.getCell(r, ws.getRow(rowOf(ws, '一级指标')).values.length as number - 1);
    expect(reason.value).toBeNull();
    expect(reason.border?.top?.style).toBe('thin');
  });

  it('writes live formulas with cached results for ratio leaves, the funds score and the totals', async () => {
    const ev = selfEval();
    const result = evaluate(ev);
    const wb = await load(await exportXlsx(ev, { layout: 'scoring' }));
    const ws = wb.getWorksheet(SCORE_SHEET)!;
    const header = ws.getRow(rowOf(ws, '一级指标')).values as unknown[];
    const c = (h: string) => header.indexOf(h);
    const L = (h: string) => String.fromCharCode(64 + c(h));
    const r = rowOf(ws, '培训人次');
    const score = ws.getCell(r, c('得分')).value as ExcelJS.CellFormulaValue;
    expect(score.formula).toBe(`ROUND(${L('分值')}${r}*MIN(1,ROUND(${L('实际完成值')}${r}/${L('指标值')}${r},4)),2)`);
    expect(score.result).toBe(9.7);
    expect(ws.getCell(r, c('指标值')).value).toBe(500);
    expect(ws.getCell(r, c('指标值')).numFmt).toBe('"≥"0"人次"');
    expect(ws.getCell(r, c('实际完成值')).value).toBe(485);
    const slow = rowOf(ws, '平均响应时间');
    expect((ws.getCell(slow, c('得分')).value as ExcelJS.CellFormulaValue).formula).toBe(`ROUND(${L('分值')}${slow}*MIN(1,ROUND(${L('指标值')}${slow}/${L('实际完成值')}${slow},4)),2)`);
    expect(ws.getCell(rowOf(ws, '长效管理机制'), c('得分')).value).toBe(10);
    const funds = rowOf(ws, '年度资金总额');
    const at = (text: string) => (ws.getRow(funds - 1).values as unknown[]).indexOf(text);
    const A = (text: string) => `${String.fromCharCode(64 + at(text))}${funds}`;
    expect(ws.getCell(funds, at('执行率')).value).toEqual({ formula: `ROUND(${A('全年执行数')}/${A('全年预算数')},4)`, result: 0.9931 });
    expect(ws.getCell(funds, at('得分')).value).toEqual({ formula: `ROUND(${A('分值')}*MIN(1,${A('执行率')}),2)`, result: 9.93 });
    const total = rowOf(ws, '合计');
    expect((ws.getCell(total, c('得分')).value as ExcelJS.CellFormulaValue).result).toBe(result.total);
  });

  it('adds the 得分情况表: its title a row of its own, per-level 分值/得分/得分率, total, grade (on the scale written as cells) and status counts', async () => {
    const ev = annex3();
    const wb = await load(await exportXlsx(ev));
    const ws = wb.getWorksheet(SUMMARY_SHEET)!;
    const cell = (r: number, c: number) => cached(ws.getCell(r, c).value);
    expect(ws.getCell(1, 1).value).toBe(`${ev.meta.projectName}得分情况表`);
    expect(ws.getCell(1, 4).master.address).toBe('A1');
    expect(ws.getCell(2, 1).isMerged).toBe(false);
    expect(ws.getRow(1).height).toBeGreaterThanOrEqual(30);
    expect([3, 4, 5, 6].map((r) => [cell(r, 1), cell(r, 2), cell(r, 3), cell(r, 4)])).toEqual([
      ['决策', 15, 13, 0.8667], ['过程', 20, 17.19, 0.8595], ['产出', 35, 35, 1], ['效益', 30, 26.36, 0.8787],
    ]);
    expect([cell(7, 1), cell(7, 2), cell(7, 3)]).toEqual(['合计', 100, 91.55]);
    expect([cell(8, 1), cell(8, 3)]).toEqual(['等级', '优']);
    const scale = rowOf(ws, '分数下限') + 1;
    expect([0, 1, 2, 3].map((i) => [cell(scale + i, 1), cell(scale + i, 2)])).toEqual([['优', 90], ['良', 80], ['中', 60], ['差', 0]]);
    expect((ws.getCell(8, 3).value as ExcelJS.CellFormulaValue).formula)
      .toBe(`IF(C7>=B${scale},A${scale},IF(C7>=B${scale + 1},A${scale + 1},IF(C7>=B${scale + 2},A${scale + 2},A${scale + 3})))`);
    expect(cell(rowOf(ws, '完成情况') + 1, 1)).toBe('已完成');
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
    for (const layout of ['scoring', 'selfeval2022', 'shanghai'] as const) {
      const bytes = await exportXlsx(ev, { layout });
      const wb = XLSX.read(bytes, { cellFormula: true });
      const ws = wb.Sheets[layout === 'scoring' ? SCORE_SHEET : '自评表']!;
      const cells = Object.entries(ws).filter(([k]) => !k.startsWith('!')).map(([k, c]) => [k, c as XLSX.CellObject] as const);
      // (import trims the tab of "\t=1+1": cell text is compared trimmed)
      const texts = ['=HYPERLINK("http://example.com","点击")', '+1+1', '-2', '@SUM(A1)', '=1+1'];
      for (const t of texts) {
        const found = cells.find(([, c]) => c.v === t);
        expect(found, `${layout} ${t}`).toBeDefined();
        expect(found![1].t).toBe('s');
        expect(found![1].f).toBeUndefined();
      }
      expect(cells.find(([, c]) => c.v === 50)?.[1].t, layout).toBe('n');
    }
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
    const ws = wb.getWorksheet('自评表')!;
    const r = rowOf(ws, '培训人次');
    const col = (ws.getRow(rowOf(ws, '一级指标')).values as unknown[]).indexOf('实际完成值');
    ws.getCell(r, col).value = 450;
    const edited = new Uint8Array(await wb.xlsx.writeBuffer());
    const out = importAll(edited, 'edited.xlsx');
    if (!out.ok) throw new Error('not read');
    const leaf = findLeaf(out.value.evaluations[0]!, '培训人次');
    expect(leaf.actual).toBe('450人次');
    expect(out.warnings.map((w) => w.message).join()).toContain(`${String.fromCharCode(64 + col)}${r}`);
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
    // Control characters other than tab and line breaks are dropped (as on import and entry); what follows is still guarded.
    expect(exportCsvText({ ...ev, meta: { ...ev.meta, evaluator: '\u0001=1+1' } })).toContain(`评价机构：,'=1+1\r\n`);
    expect(exportCsvText({ ...ev, meta: { ...ev.meta, evaluator: '\u007f@x\u0000' } })).toContain(`评价机构：,'@x\r\n`);
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
