/**
 * Each layout read back by the app's own importer: with the hidden carrier sheet the same
 * evaluation exactly; with the carrier sheet removed (what a reader's copy, re-saved by
 * another program, may come down to) the same names, weights and scores from the visible table.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { evaluate, type Evaluation, type Indicator } from '../../../src/domain/index.ts';
import { CARRIER_SHEET } from '../../../src/io/evaluation-carrier.ts';
import { defaultLayout, exportXlsx, LAYOUT_SHEETS, type ExportLayout } from '../../../src/io/export-xlsx.ts';
import { importAll } from '../../../src/io/import-workbook.ts';
import { fixture, importFixture } from './helpers.ts';

const json = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as Evaluation;
const FIXTURES: [string, () => Evaluation][] = [
  ['seed-000-annex3.json', () => json('seed-000-annex3.json')],
  ['selfeval-2022.xlsx', () => importFixture('selfeval-2022.xlsx').evaluations[0]!],
  ['seed-002-table1.json', () => json('seed-002-table1.json')],
];
const LAYOUTS = Object.keys(LAYOUT_SHEETS) as ExportLayout[];

function read(bytes: Uint8Array, name: string): Evaluation[] {
  const out = importAll(bytes, name);
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
  return out.value.evaluations;
}

async function withoutCarrier(bytes: Uint8Array): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const carrier = wb.getWorksheet(CARRIER_SHEET);
  expect(carrier).toBeDefined();
  wb.removeWorksheet(carrier!.id);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * What a reader sees of the tree: names, effective weights and scores, level by level. From a
 * table read back, a leaf's score is the one the sheet states and a group's the sum of its leaves'.
 */
function seen(ev: Evaluation, fromSheet: boolean) {
  const result = evaluate(ev);
  const node = (n: Indicator): { name: string; weight: number | null; score: number | null; children: unknown[] } => {
    const r = result.nodes.get(n.id);
    const children = n.children.map(node);
    let score = r?.score ?? null;
    if (fromSheet) {
      score = n.children.length === 0 ? n.statedScore ?? null
        : children.some((c) => c.score !== null) ? Number(children.reduce((sum, c) => sum + (c.score ?? 0), 0).toFixed(6)) : null;
    }
    return { name: n.name, weight: r?.weight ?? null, score, children };
  };
  return { tree: ev.indicators.map(node), maxTotal: result.maxTotal, funds: result.funds?.weight ?? 0 };
}

describe('each layout re-imports to the same evaluation', () => {
  it('picks the layout from where the evaluation came from', () => {
    expect(FIXTURES.map(([, make]) => defaultLayout(make()))).toEqual(['scoring', 'selfeval2022', 'shanghai']);
    expect(importFixture('shanghai-2019-selfeval.xlsx').evaluations[0]!.meta.layout).toBe('shanghai');
    expect(importFixture('annex3-scoring-table.xlsx').evaluations[0]!.meta.layout).toBe('scoring');
  });

  for (const [name, make] of FIXTURES) {
    for (const layout of LAYOUTS) {
      it(`${name} as ${layout}: exactly, through the carrier sheet; names, weights and scores from the table alone`, async () => {
        const ev = make();
        const bytes = await exportXlsx(ev, { layout });
        const back = read(bytes, `${layout}.xlsx`);
        expect(back).toHaveLength(1);
        expect(back[0]).toEqual(ev);

        const visible = read(await withoutCarrier(bytes), `${layout}-visible.xlsx`);
        // The 得分情况表 is not taken for a second indicator table.
        expect(visible).toHaveLength(1);
        const table = visible[0]!;
        expect(table.meta.layout).toBe(layout);
        expect(table.meta.projectName).toBe(ev.meta.projectName);
        // The sheet's scores are the engine's, read back as the stated ones; the total too.
        expect(seen(table, true)).toEqual(seen(ev, false));
        expect(table.statedTotal).toBe(evaluate(ev).total);
      });
    }
  }
});
