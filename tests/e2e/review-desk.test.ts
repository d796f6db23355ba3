/**
 * The review desk (issue 10 §2) in the built app: many files at once through the file input,
 * a row per table with its figures or a Chinese message, the same project flagged, sort and
 * filter, 取消, kept across a reload until 清空复核台, the desk as .xlsx (read back with
 * ExcelJS), and a row opened read-only and saved as an evaluation (fresh ids the second time).
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import ExcelJS from 'exceljs';
import { restoreEvaluation, type Evaluation } from '../../src/domain/index.ts';
import { exportXlsx } from '../../src/io/export-xlsx.ts';
import { launchChromium } from './browser.ts';
import { freshPage, waitForGrid } from './helpers.ts';

interface FilePayload { name: string; mimeType: string; buffer: Buffer }

const fixture = (name: string): FilePayload => ({
  name: name.replace(/^bad\//, ''),
  mimeType: 'application/octet-stream',
  buffer: readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))),
});

/** 9 files with 12 tables (annex3 twice: .ods and .xls, the same project). */
const GOOD = [
  'selfeval-2022.xlsx', 'shanghai-2019-selfeval.xlsx', 'annex3-scoring-table.ods', 'annex3-scoring-table.xls', 'coded-sections.xlsx',
  'coded-ten-children.xlsx', 'coded-two-row-header.xlsx', 'shanghai-selfeval-1.csv', 'messy-targets.xlsx',
];
const GOOD_TABLES = 12;
/** Files that cannot be read at all, and one whose only table has a score that is not a number. */
const BROKEN = ['bad-empty.xlsx', 'bad-encrypted.xlsx', 'bad-not-a-spreadsheet.xlsx', 'bad/truncated.xlsx', 'bad-number.xlsx'];
/** A broken file whose name a spreadsheet would take for a formula. */
const FORMULA_NAMED: FilePayload = { name: '=HYPERLINK("x")+1.csv', mimeType: 'text/csv', buffer: Buffer.from('\u0000\u0001\u0002 not a table') };

const seed = (name: string): Evaluation => {
  const restored = restoreEvaluation(JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8')));
  if (!restored.ok) throw new Error(restored.errors.join('\n'));
  return restored.evaluation;
};

/** `count` exports of the seeds (the app's own exporter), each its own project. */
async function generated(count: number): Promise<FilePayload[]> {
  const seeds = ['seed-000-annex3.json', 'seed-002-table1.json', 'seed-002-table2.json', 'seed-002-table3.json', 'seed-002-table4.json'].map(seed);
  const out: FilePayload[] = [];
  for (let i = 0; i < count; i++) {
    const base = seeds[i % seeds.length]!;
    const evaluation: Evaluation = { ...base, id: `desk-gen-${i}`, meta: { ...base.meta, projectName: `批量项目${String(i + 1).padStart(2, '0')}` } };
    out.push({ name: `批量${String(i + 1).padStart(2, '0')}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await exportXlsx(evaluation)) });
  }
  return out;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const rows = (page: Page) => page.getByTestId('review-row');
/** The row of a file by its file-name cell (another row's 同一项目 note may name it too). */
const rowOf = (page: Page, fileName: string) => rows(page).filter({ has: page.locator(`[data-col="fileName"][title="${fileName}"]`) });

async function openDesk(page: Page): Promise<void> {
  await page.getByTestId('open-desk').click();
  await page.getByTestId('review-desk').waitFor();
  await page.getByTestId('desk-files').waitFor({ state: 'attached' });
}

async function addFiles(page: Page, files: FilePayload[], expectedRows: number): Promise<void> {
  await page.getByTestId('desk-files').setInputFiles(files);
  await expect.poll(() => rows(page).count(), { timeout: 60_000 }).toBe(expectedRows);
  await page.getByTestId('desk-progress').waitFor({ state: 'detached', timeout: 30_000 });
}

/** Each row as the user reads it: file, sheet, then every other cell by its column. */
async function rowData(page: Page): Promise<Record<string, string>[]> {
  return page.$$eval('[data-testid="review-row"]', (trs) => trs.map((tr) => {
    const cells: Record<string, string> = {};
    for (const td of tr.querySelectorAll('td[data-col]')) cells[(td as HTMLElement).dataset.col!] = (td.textContent ?? '').trim();
    return { state: (tr as HTMLElement).dataset.state ?? '', ...cells } as Record<string, string>;
  }));
}

describe('review desk', () => {
  it('lists 15 files: 12 tables with figures, 6 Chinese messages; flags the same project; sorts, filters, exports, keeps them across a reload until cleared', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await openDesk(page);
    await expect.poll(() => page.getByTestId('desk-empty').count()).toBe(1);
    const files = [...GOOD.map(fixture), ...BROKEN.map(fixture), FORMULA_NAMED];
    expect(files).toHaveLength(15);
    await addFiles(page, files, GOOD_TABLES + BROKEN.length + 1);

    let data = await rowData(page);
    const read = data.filter((r) => r.state !== 'unreadable');
    const unread = data.filter((r) => r.state === 'unreadable');
    expect(read).toHaveLength(GOOD_TABLES);
    expect(unread).toHaveLength(BROKEN.length + 1);
    // Every table read has its computed total, grade and counts.
    for (const r of read) {
      expect(r.total).toMatch(/^\d+(\.\d+)?$/);
      expect(r.grade).not.toBe('');
      expect(r.errors).toMatch(/^\d+$/);
      expect(r.warnings).toMatch(/^\d+$/);
    }
    expect(read.filter((r) => r.fileName === 'shanghai-2019-selfeval.xlsx')).toHaveLength(4);
    const selfeval = read.find((r) => r.fileName === 'selfeval-2022.xlsx')!;
    expect(selfeval.project).toContain('社区综合服务站建设项目');
    // Each broken file names itself and what is wrong, in Chinese.
    const message = (name: string) => unread.find((r) => r.fileName === name)?.message ?? '';
    expect(message('bad-empty.xlsx')).toContain('没有任何内容');
    expect(message('bad-encrypted.xlsx')).toContain('已加密');
    expect(message('bad-not-a-spreadsheet.xlsx')).toContain('不是电子表格');
    expect(message('truncated.xlsx')).toContain('不完整');
    expect(message('bad-number.xlsx')).toMatch(/第 3 行 D 列.*不是数字/);
    expect(message(FORMULA_NAMED.name)).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByTestId('desk-count').textContent()).toContain(`共 ${GOOD_TABLES + BROKEN.length + 1} 张表：${GOOD_TABLES} 张已读取`);

    // The annex3 table as .ods and as .xls: the same project (项目名称 and 年度), each names the other.
    const dupes = await page.$$eval('[data-testid="review-row"]', (trs) => trs
      .filter((tr) => tr.querySelector('[data-testid="desk-duplicate"]'))
      .map((tr) => [(tr.querySelector('[data-col="fileName"]')?.textContent ?? '').trim(), (tr.querySelector('[data-testid="desk-duplicate"]')?.textContent ?? '').trim()]));
    expect(Object.fromEntries(dupes)).toEqual({
      'annex3-scoring-table.ods': expect.stringMatching(/^与 annex3-scoring-table\.xls（.+） 为同一项目$/),
      'annex3-scoring-table.xls': expect.stringMatching(/^与 annex3-scoring-table\.ods（.+） 为同一项目$/),
    });
    // The csv of a Shanghai table has no 年度: not the same project as the 2019 workbook's.
    expect(dupes.map((d) => d[0])).not.toContain('shanghai-selfeval-1.csv');

    // Sort by computed total: ascending, descending; unreadable rows last either way.
    const totals = async () => (await rowData(page)).map((r) => (r.state === 'unreadable' ? null : Number(r.total)));
    await page.getByTestId('desk-sort-total').click();
    let t = await totals();
    const numbers = t.filter((x): x is number => x !== null);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(t.slice(numbers.length).every((x) => x === null)).toBe(true);
    expect(numbers[0]).toBeLessThan(numbers[numbers.length - 1]!);
    await page.getByTestId('desk-sort-total').click();
    t = await totals();
    expect(t.filter((x) => x !== null)).toEqual([...numbers].sort((a, b) => b - a));
    // Sort by file name (text), then by errors.
    await page.getByTestId('desk-sort-fileName').click();
    const names = (await rowData(page)).map((r) => r.fileName ?? '');
    expect(names).toEqual([...names].sort(new Intl.Collator('zh-CN', { numeric: true }).compare));
    await page.getByTestId('desk-sort-errors').click();
    await page.getByTestId('desk-sort-errors').click();
    const errs = (await rowData(page)).filter((r) => r.state !== 'unreadable').map((r) => Number(r.errors));
    expect(errs).toEqual([...errs].sort((a, b) => b - a));

    // Filter by words, and 只看有错误的.
    await page.getByTestId('desk-filter').fill('annex3');
    await expect.poll(() => rows(page).count()).toBe(2);
    await page.getByTestId('desk-filter').fill('');
    await expect.poll(() => rows(page).count()).toBe(GOOD_TABLES + BROKEN.length + 1);
    await page.getByTestId('desk-errors-only').check();
    data = await rowData(page);
    const withErrors = read.filter((r) => Number(r.errors) > 0).length;
    await expect.poll(() => rows(page).count()).toBe(withErrors + unread.length);
    data = await rowData(page);
    expect(data.every((r) => r.state === 'unreadable' || Number(r.errors) > 0)).toBe(true);
    await page.getByTestId('desk-errors-only').uncheck();
    await expect.poll(() => rows(page).count()).toBe(GOOD_TABLES + BROKEN.length + 1);

    // The desk as .xlsx: one row per table, every finding on its own sheet, no text as formula.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('desk-export').click()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ExcelJS.Buffer);
    const list = wb.getWorksheet('复核清单')!;
    expect(list.rowCount).toBe(1 + GOOD_TABLES + BROKEN.length + 1);
    expect(list.getRow(1).getCell(1).value).toBe('文件');
    const listed = new Map<string, ExcelJS.Row[]>();
    list.eachRow((row, n) => {
      if (n === 1) return;
      const name = String(row.getCell(1).value);
      listed.set(name, [...(listed.get(name) ?? []), row]);
    });
    const selfRow = listed.get('selfeval-2022.xlsx')![0]!;
    expect(selfRow.getCell(6).value).toBe(Number(selfeval.total));
    expect(selfRow.getCell(7).value).toBe(selfeval.grade);
    expect(selfRow.getCell(8).value).toBe(Number(selfeval.errors));
    expect(String(listed.get('bad-encrypted.xlsx')![0]!.getCell(12).value)).toContain('已加密');
    const formulaCell = listed.get(FORMULA_NAMED.name)![0]!.getCell(1);
    expect(formulaCell.type).toBe(ExcelJS.ValueType.String);
    expect(formulaCell.formula).toBeUndefined();
    const all = wb.getWorksheet('全部问题')!;
    let findingRows = 0;
    all.eachRow((row, n) => {
      if (n === 1) return;
      findingRows++;
      for (let c = 1; c <= 5; c++) expect(row.getCell(c).type === ExcelJS.ValueType.Formula).toBe(false);
    });
    const expectedFindings = read.reduce((s, r) => s + Number(r.errors) + Number(r.warnings), 0);
    // Errors and warnings at least (info notes are listed too), and a line per unreadable file.
    expect(findingRows).toBeGreaterThanOrEqual(expectedFindings + unread.length);

    // Kept across a reload.
    await page.reload();
    await page.getByTestId('review-desk').waitFor();
    await expect.poll(() => rows(page).count(), { timeout: 20_000 }).toBe(GOOD_TABLES + BROKEN.length + 1);
    const again = await rowData(page);
    expect(again.filter((r) => r.state === 'unreadable').map((r) => r.message).sort()).toEqual(unread.map((r) => r.message).sort());
    expect(again.find((r) => r.fileName === 'selfeval-2022.xlsx')!.total).toBe(selfeval.total);

    // 清空复核台 asks first; 不清空 keeps everything, 确定清空 empties it, also after a reload.
    await page.getByTestId('desk-clear').click();
    await page.getByRole('button', { name: '不清空' }).click();
    expect(await rows(page).count()).toBe(GOOD_TABLES + BROKEN.length + 1);
    await page.getByTestId('desk-clear').click();
    await page.getByTestId('desk-clear-confirm').click();
    await expect.poll(() => rows(page).count()).toBe(0);
    await page.reload();
    await page.getByTestId('desk-empty').waitFor();
    expect(await rows(page).count()).toBe(0);
    await context.close();
  });

  it('opens a row read-only and 保存为评价 stores it as a normal evaluation, with fresh ids when its id is already here', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await openDesk(page);
    const [exported] = await generated(1);
    await addFiles(page, [fixture('selfeval-2022.xlsx'), exported!, { ...exported!, name: '批量01-再次.xlsx' }], 3);
    // Two copies of one export: the same project, flagged.
    expect(await page.getByTestId('desk-duplicate').count()).toBe(2);

    const row = rowOf(page, 'selfeval-2022.xlsx');
    const total = ((await row.locator('[data-col="total"]').textContent()) ?? '').trim();
    await row.getByTestId('desk-open').click();
    const view = page.getByTestId('desk-view');
    await view.waitFor();
    expect(await view.getByTestId('desk-readonly').textContent()).toContain('只读');
    expect((await view.getByTestId('desk-view-total').textContent())?.trim()).toBe(total);
    expect(await view.getByTestId('desk-view-table').locator('tbody tr').count()).toBeGreaterThan(5);
    // Read-only: nothing in the view can be typed into.
    expect(await view.locator('input, textarea, [contenteditable="true"]').count()).toBe(0);
    // Esc closes it; nothing is stored until 保存为评价.
    await page.keyboard.press('Escape');
    await view.waitFor({ state: 'detached' });
    await page.getByTestId('app-title').getByRole('button').click();
    await page.getByTestId('empty-list').waitFor();

    await openDesk(page);
    await expect.poll(() => rows(page).count(), { timeout: 20_000 }).toBe(3);
    await rowOf(page, 'selfeval-2022.xlsx').getByTestId('desk-open').click();
    await page.getByTestId('desk-save').click();
    await waitForGrid(page);
    await expect.poll(() => page.getByTestId('total-score').textContent()).toBe(total);
    expect(page.url()).toMatch(/#\/e\//);

    // The two copies of one export carry one id: the second is stored beside the first, not over it.
    for (const name of ['批量01.xlsx', '批量01-再次.xlsx']) {
      await page.goto(`${inject('appUrl')}#/desk`);
      await page.getByTestId('review-desk').waitFor();
      await expect.poll(() => rows(page).count(), { timeout: 20_000 }).toBe(3);
      await rowOf(page, name).getByTestId('desk-open').click();
      await page.getByTestId('desk-save').click();
      await waitForGrid(page);
    }
    await page.getByTestId('app-title').getByRole('button').click();
    await expect.poll(() => page.getByTestId('evaluation-row').count()).toBe(3);
    const names = await page.getByTestId('evaluation-row').allTextContents();
    expect(names.filter((n) => n.includes('批量项目01'))).toHaveLength(2);
    await context.close();
  });

  it('files dropped on the drop zone are read like chosen ones', async () => {
    const { context, page } = await freshPage(browser, `${inject('appUrl')}#/desk`);
    await page.getByTestId('review-desk').waitFor();
    const dropped = [fixture('selfeval-2022.xlsx'), fixture('bad-encrypted.xlsx')].map((f) => ({ name: f.name, base64: f.buffer.toString('base64') }));
    await page.getByTestId('desk-drop').evaluate((zone, files) => {
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, dropped);
    await expect.poll(() => rows(page).count(), { timeout: 30_000 }).toBe(2);
    const data = await rowData(page);
    expect(data.map((r) => [r.fileName, r.state === 'unreadable'])).toEqual([['selfeval-2022.xlsx', false], ['bad-encrypted.xlsx', true]]);
    await context.close();
  });

  it('取消 stops the remaining files and keeps the rows already read, also after a reload', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await openDesk(page);
    // 80 workbooks of 4 tables each, parsed as spreadsheets: seconds of work, so 取消 comes mid-batch.
    const shanghai = fixture('shanghai-2019-selfeval.xlsx');
    const files = Array.from({ length: 80 }, (_, i) => ({ ...shanghai, name: `上海-${String(i + 1).padStart(2, '0')}.xlsx` }));
    await page.getByTestId('desk-files').setInputFiles(files);
    await page.getByTestId('desk-progress').waitFor();
    await expect.poll(() => rows(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByTestId('desk-cancel').click();
    await page.getByTestId('desk-progress').waitFor({ state: 'detached' });
    const kept = await rows(page).count();
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(80 * 4);
    // Whole files only: a file's four tables arrive together.
    expect(kept % 4).toBe(0);
    // Nothing more arrives once cancelled.
    await page.waitForTimeout(300);
    expect(await rows(page).count()).toBe(kept);
    await page.reload();
    await page.getByTestId('review-desk').waitFor();
    await expect.poll(() => rows(page).count(), { timeout: 20_000 }).toBe(kept);
    // The desk reads again after a cancel.
    await addFiles(page, [fixture('selfeval-2022.xlsx')], kept + 1);
    await context.close();
  });
});

describe('review desk: 50 files', () => {
  it('50 files of which 10 are broken: 40 rows with figures and 10 messages', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await openDesk(page);
    const broken = ['bad-empty.xlsx', 'bad-encrypted.xlsx', 'bad-not-a-spreadsheet.xlsx', 'bad-no-header.xlsx', 'bad/truncated.xlsx',
      'bad/random-bytes.csv', 'bad/deflate-damaged.xlsx', 'bad/missing-workbook.xlsx', 'bad/sizes-disagree.xlsx', 'bad/corrupt-content.ods'].map(fixture);
    const files = [...(await generated(40)), ...broken];
    // Broken files among the good ones, not all at the end.
    files.sort((a, b) => a.name.length % 3 - b.name.length % 3);
    await addFiles(page, files, 50);
    const data = await rowData(page);
    expect(data.filter((r) => r.state !== 'unreadable' && /^\d/.test(r.total ?? ''))).toHaveLength(40);
    const messages = data.filter((r) => r.state === 'unreadable');
    expect(messages).toHaveLength(10);
    for (const m of messages) expect(m.message).toContain(`文件“${m.fileName}”`);
    expect(await page.getByTestId('desk-duplicate').count()).toBe(0);
    await context.close();
  });
});
