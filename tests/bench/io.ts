// Import/export benchmark: a generated 5,000-leaf 评分表 (10 一级 × 50 二级 × 10 三级, with
// criteria texts for rule recognition, targets and actuals), imported with Jixiao's importer
// (read + detect + build + rules) against the raw SheetJS XLSX.read of the same bytes, and the
// styled export of the resulting evaluation. Medians of repeated runs. JIXIAO_BENCH_IMPORT_ONLY=1
// prints the import line only (for iterating on the importer).
import * as XLSX from 'xlsx';
import { importAll } from '../../src/io/import-workbook.ts';
import { SHEETJS_OPTIONS } from '../../src/io/read-workbook.ts';
import { checkZip } from '../../src/io/zip-guard.ts';
import { exportXlsx } from '../../src/io/export-xlsx.ts';
import { exportDocx } from '../../src/io/export-docx.ts';
import { evaluate, scoringTable } from '../../src/domain/index.ts';
import { printLayout } from '../../src/ui/report-print.ts';

const CRITERIA = ['达到指标值得满分；每低于指标值的10%，扣1分，扣完为止。', '得分=完成率×设定分值。', '①有制度，得0.1分；②制度执行有效，得0.1分。', '按实际情况打分。'];

function workbook(): Uint8Array {
  const rows: (string | number)[][] = [['某项目绩效评价评分表'], ['项目名称：', '基准测试项目'], ['一级指标', '二级指标', '三级指标', '分值', '指标解释', '评分标准', '指标值', '实际完成值', '得分', '扣分原因']];
  let n = 0;
  for (let a = 0; a < 10; a++) for (let b = 0; b < 50; b++) for (let c = 0; c < 10; c++) {
    n++;
    rows.push([b === 0 && c === 0 ? `一级${a} (10分)` : '', c === 0 ? `二级${a}-${b}` : '', `指标${n}`, 0.02, '指标解释文字，用以反映和考核项目情况。', CRITERIA[n % 4] as string, '≥100个', `${90 + (n % 10)}个`, 0.02, n % 5 === 0 ? '部分未完成' : '']);
  }
  rows.push(['合计', '', '', 100, '', '', '', '', 100, '']);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '评分表');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/**
 * Medians of timings taken in turn, so that a shared machine's load drifting during the run
 * weighs on every side of a ratio alike. Each round starts one further along (a b c, b c a,
 * c a b): the garbage one leaves for the collector is not always met by the same next one.
 */
function alternatingMedians(runs: number, fns: readonly (() => unknown)[]): number[] {
  const times = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < fns.length; j++) {
      const k = (i + j) % fns.length;
      const t = performance.now();
      fns[k]?.();
      times[k]?.push(performance.now() - t);
    }
  }
  return times.map((xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number);
}

async function median(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)] as number;
}

export async function run(): Promise<void> {
  const bytes = workbook();
  const check = importAll(bytes, 'bench.xlsx');
  if (!check.ok) throw new Error(check.errors[0]?.message);
  const evaluation = check.value.evaluations[0];
  if (!evaluation) throw new Error('no evaluation');
  // The baseline is the plain dense read. The importer's own read asks SheetJS for less (no formulas,
  // HTML or styles; it keeps number formats): the same cell data it imports either way. That read
  // is timed too, so the line also shows what the importer adds to SheetJS's own work.
  const [raw, own, full] = alternatingMedians(9, [
    () => XLSX.read(bytes, { type: 'array', dense: true }),
    () => XLSX.read(bytes, { ...SHEETJS_OPTIONS, type: 'array', bookFiles: true }),
    () => importAll(bytes, 'bench.xlsx'),
  ]) as [number, number, number];
  const leaves = check.value.previews[0]?.leafCount ?? 0;
  console.log(`io: import of a ${leaves}-leaf workbook (${(bytes.byteLength / 1024).toFixed(0)} KB): ${full.toFixed(1)} ms vs raw SheetJS XLSX.read ${raw.toFixed(1)} ms (ratio ${(full / raw).toFixed(2)}×; medians of 9 alternating runs; the importer's own read, without formulas, HTML and styles, ${own.toFixed(1)} ms: ${(full / own).toFixed(2)}× that)`);
  if (process.env.JIXIAO_BENCH_IMPORT_ONLY) return;
  await exportXlsx(evaluation); // warm-up: loads ExcelJS
  const out = await median(3, () => exportXlsx(evaluation));
  // Baseline: ExcelJS writing as many cells of the same values, no styles, merges, formulas or carrier.
  const sheet = await import('exceljs');
  const ExcelJS = (sheet as unknown as { default: typeof sheet }).default ?? sheet;
  const plain = await median(3, async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('评分表');
    let k = 0;
    for (let a = 0; a < leaves; a++) ws.addRow([`一级${a % 10}`, `二级${a % 500}`, `指标${a}`, 0.02, '指标解释文字，用以反映和考核项目情况。', CRITERIA[k++ % 4], 100, 95, 0.02, 1, '部分未完成']);
    await wb.xlsx.writeBuffer();
  });
  const layouts = [] as string[];
  for (const layout of ['selfeval2022', 'shanghai'] as const) layouts.push(`${layout} ${(await median(3, () => exportXlsx(evaluation, { layout }))).toFixed(0)} ms`);
  console.log(`io: export of the same evaluation to styled .xlsx (评分表 layout, row heights, formulas, carrier): ${out.toFixed(1)} ms vs ExcelJS writing the same ${leaves} rows of plain cells ${plain.toFixed(1)} ms (ratio ${(out / plain).toFixed(2)}×); other layouts: ${layouts.join(', ')}`);
  // The guard counts what each deflated part inflates to before SheetJS inflates it: compressed bytes, as Excel writes them.
  const zipped = new Uint8Array(XLSX.write(XLSX.read(bytes, { type: 'array' }), { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
  const guard = await median(5, () => checkZip(zipped));
  const zippedRead = await median(5, () => XLSX.read(zipped, { type: 'array', dense: true }));
  console.log(`io: zip guard of the same workbook deflated (${(zipped.byteLength / 1024).toFixed(0)} KB): ${guard.toFixed(1)} ms vs raw SheetJS XLSX.read ${zippedRead.toFixed(1)} ms (ratio ${(guard / zippedRead).toFixed(2)}×)`);
  // The Word annex (评分表 + report tables, no chart: Node has no canvas), and the print view's
  // table model (its DOM is timed in tests/e2e/print.test.ts), against the same raw read.
  const result = evaluate(evaluation);
  await exportDocx(evaluation, { result }); // warm-up: loads docx
  const docx = await median(3, () => exportDocx(evaluation, { result }));
  const print = await median(5, () => printLayout(scoringTable(evaluation, result)));
  console.log(`io: Word annex (.docx) of the same evaluation: ${docx.toFixed(1)} ms (ratio ${(docx / raw).toFixed(2)}× the raw read; aim ≤ 3 s)`);
  console.log(`io: print view table model of the same evaluation: ${print.toFixed(1)} ms (ratio ${(print / raw).toFixed(2)}× the raw read)`);
}
