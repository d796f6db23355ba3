/**
 * The 报告 view in the built app, with 000 附件3 and the pin that gives the published 91.55: 表2,
 * the sentence "14 项…11 项…3 项", 扣分汇总's 8.45, all following an edit (undo) at once; the
 * 一级 counted in 表3 chosen by the user; a table copied as HTML + tab-separated text; tables
 * to .xlsx; the chart to PNG; the Word annex through LibreOffice with the chart as a picture.
 * JIXIAO_REPORT_PNG=<dir> also saves the chart PNG and a screenshot of the view there.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, freshPage, importJson, text, typeInto, until, waitSaved } from './helpers.ts';
import { badEvaluations } from '../fixtures/build/report-evaluations.ts';

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));
const OUT = process.env.JIXIAO_REPORT_PNG;

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'jixiao-report-'));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const squeeze = (s: string | null) => (s ?? '').replace(/\s+/g, '');
const tableRows = (page: Page, key: string) =>
  page.getByTestId(`report-table-${key}`).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => (c.textContent ?? '').trim())));

async function save(page: Page, testId: string, name: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).click()]);
  const path = join(dir, name);
  await download.saveAs(path);
  return path;
}

async function open000(page: Page): Promise<void> {
  await importJson(page, FIXTURE_000);
  await typeInto(page, '预算执行率', '得分', '1.19');
  await until(text(page, 'total-score'), '91.55');
  await waitSaved(page);
  await page.getByTestId('open-report').click();
  await page.getByTestId('report-view').waitFor();
}

describe('报告 view', () => {
  it('shows 表2, 表3 with its sentence, 表4–表7 and 扣分汇总, and follows an edit', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await open000(page);
    expect(await tableRows(page, 'summary')).toEqual([
      ['决策', '15', '13', '86.67%'], ['过程', '20', '17.19', '85.95%'], ['产出', '35', '35', '100%'], ['效益', '30', '26.36', '87.87%'], ['合计', '100', '91.55', '91.55%'],
    ]);
    expect(squeeze(await page.getByTestId('report-verdict').textContent())).toBe('本项目绩效评价得分91.55分，评价等级为“优”。');
    expect(await text(page, 'report-sentence')()).toBe('14 项具体绩效指标有 11 项实现预期目标，3 项指标部分实现预期目标。');
    expect(squeeze(await page.getByTestId('report-scope').textContent())).toBe('已统计14项：产出、效益下的全部三级指标。');
    expect(await page.getByTestId('report-level').count()).toBe(4);
    expect((await tableRows(page, 'level-1')).slice(0, 4)).toEqual([['一、资金管理', '9', '7.19', '79.89%'], ['资金到位率', '3', '3', '100%'], ['预算执行率', '3', '1.19', '39.67%'], ['资金使用合规性', '3', '3', '100%']]);
    expect(squeeze(await page.getByTestId('report-lost').textContent())).toContain('共扣8.45分');
    expect((await tableRows(page, 'deductions'))[0]!.slice(2, 6)).toEqual(['预算执行率', '3', '1.19', '1.81']);
    expect(await tableRows(page, 'deductions-by-level')).toEqual([['决策', '2'], ['过程', '2.81'], ['产出', '0'], ['效益', '3.64'], ['合计', '8.45']]);
    await expect.poll(() => page.getByTestId('report-chart').locator('svg rect').count()).toBeGreaterThan(10);

    // An edit while the view is open (撤销 takes the pin back): every table follows.
    await page.getByTestId('undo').click();
    await until(async () => (await tableRows(page, 'summary'))[4]!.join(' '), '合计 100 91.56 91.56%');
    expect(squeeze(await page.getByTestId('report-lost').textContent())).toContain('共扣8.44分');

    // The user picks the 一级 to count.
    await page.locator('[data-testid="report-group"][data-name="效益"]').uncheck();
    await until(text(page, 'report-sentence'), '10 项具体绩效指标有 10 项实现预期目标。');
    await page.locator('[data-testid="report-group"][data-name="过程"]').check();
    await until(text(page, 'report-sentence'), '16 项具体绩效指标有 11 项实现预期目标，1 项指标部分实现预期目标，4 项指标尚未判定完成情况。');
    if (OUT) await page.getByTestId('report-view').screenshot({ path: join(OUT, 'report-view.png') });
    await context.close();
  });

  it('copies a table as HTML and tab-separated text, and saves tables as .xlsx', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(inject('appUrl')).origin });
    await open000(page);
    await page.getByTestId('report-copy-summary').click();
    await until(text(page, 'report-message'), '已复制“绩效评价得分情况表”，可粘贴到 Word、WPS 或 Excel。');
    const clip = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      return { types: item!.types, html: await (await item!.getType('text/html')).text(), plain: await (await item!.getType('text/plain')).text() };
    });
    expect(clip.types).toEqual(expect.arrayContaining(['text/html', 'text/plain']));
    expect(clip.plain.split(/\r?\n/)).toEqual(['一级指标\t指标分值\t评价得分\t得分率', '决策\t15\t13\t86.67%', '过程\t20\t17.19\t85.95%', '产出\t35\t35\t100%', '效益\t30\t26.36\t87.87%', '合计\t100\t91.55\t91.55%']);
    expect(clip.html).toContain('<table');
    expect(clip.html).toContain('<td style="border:1px solid #000;padding:2px 6px;text-align:center">91.55</td>');

    const one = XLSX.read(readFileSync(await save(page, 'report-xlsx-deductions', 'deductions.xlsx')));
    const sheet = XLSX.utils.sheet_to_json<unknown[]>(one.Sheets[one.SheetNames[0]!]!, { header: 1, raw: true });
    expect(sheet[0]).toEqual(['扣分汇总']);
    expect(sheet[2]!.slice(2, 6)).toEqual(['预算执行率', '3', '1.19', 1.81]);
    const all = XLSX.read(readFileSync(await save(page, 'report-xlsx-all', 'all.xlsx')));
    expect(all.SheetNames).toHaveLength(8);
    const summary = XLSX.utils.sheet_to_json<unknown[]>(all.Sheets['绩效评价得分情况表']!, { header: 1, raw: true });
    expect(summary[6]).toEqual(['合计', 100, 91.55, 0.9155]);
    await context.close();
  });

  it('keeps user text as text when copied and exported: markup escaped, "=" never a formula', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(inject('appUrl')).origin });
    const bad = badEvaluations().find((b) => b.label.startsWith('text'))!;
    const path = join(dir, 'formula.json');
    writeFileSync(path, JSON.stringify(bad.evaluation));
    await importJson(page, path);
    await page.getByTestId('open-report').click();
    await page.getByTestId('report-copy-deductions').click();
    await until(text(page, 'report-message'), '已复制“扣分汇总”，可粘贴到 Word、WPS 或 Excel。');
    const clip = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      return { html: await (await item!.getType('text/html')).text(), plain: await (await item!.getType('text/plain')).text() };
    });
    expect(clip.html).toContain('&lt;i&gt;斜体&lt;/i&gt;');
    expect(clip.html).not.toContain('<i>');
    expect(clip.plain.split(/\r?\n/)[1]).toContain('=SUM(A1:A9)\t5\t2\t3\t=1/0');
    const wb = XLSX.read(readFileSync(await save(page, 'report-xlsx-deductions', 'formula.xlsx')), { cellFormula: true });
    const ws = wb.Sheets[wb.SheetNames[0]!]!;
    expect(ws['C3']).toMatchObject({ t: 's', v: '=SUM(A1:A9)' });
    expect(ws['C3'].f).toBeUndefined();
    expect(ws['G3'].f).toBeUndefined();
    await context.close();
  });

  it('saves the chart as PNG and writes the Word annex with it, read back through LibreOffice', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await open000(page);
    const png = readFileSync(await save(page, 'report-png', 'chart.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(760 * 2);
    if (OUT) copyFileSync(join(dir, 'chart.png'), join(OUT, 'chart.png'));

    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    const docx = await save(page, 'report-docx', '000.docx');
    // Written off the main thread.
    expect(workers.some((url) => url.includes('report-docx.worker'))).toBe(true);
    await until(text(page, 'report-message'), '已导出 Word 附件。', 30_000);
    expect(SOFFICE, 'LibreOffice (soffice) is required').toBeDefined();
    execFileSync(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'pipe', timeout: 120_000 });
    const pdf = join(dir, '000.pdf');
    const t = squeeze(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }));
    expect(t).toContain('总分91.55分（满分100分），评价等级为“优”');
    expect(t).toContain('14项具体绩效指标有11项实现预期目标，3项指标部分实现预期目标');
    expect(t).toContain('五、得分率图');
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images.some((line) => /\b1520\s+\d+\s/.test(line))).toBe(true);
    if (OUT) execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(OUT, 'docx-ui')]);
    await context.close();
  });
});
