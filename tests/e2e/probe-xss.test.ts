/**
 * XSS: payloads that, if any text were ever treated as markup or code, would set
 * `window.__xss = n` or call alert(n). They go in every way text gets in — typed into cells,
 * pasted (plain text and an HTML table, as Excel puts on the clipboard), typed into the
 * metadata form, used as a new name in 重命名 — and inside imported workbooks: cell values,
 * sheet names, comments, hyperlinks and document properties of an .xlsx, and an HTML table
 * saved as .xls. Every page is also looked at for an element the payloads would create
 * (an img with src "x", an svg/iframe/script/object, an on* attribute), since the page's CSP
 * alone would stop an injected inline handler from running: the markup itself must never
 * get in. Prints `payloads N, ran N`.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, cell, compactColumns, freshPage, importJson, waitForGrid, waitSaved } from './helpers.ts';

const TEMPLATES: ((n: number) => string)[] = [
  (n) => `<img src=x onerror="window.__xss=${n}">`,
  (n) => `<svg onload="window.__xss=${n}"></svg>`,
  (n) => `javascript:window.__xss=${n}`,
  (n) => `"><script>window.__xss=${n}</script>`,
  (n) => `'><img src=x onerror=alert(${n})>`,
  (n) => `\${window.__xss=${n}}`,
  (n) => `{window.__xss=${n}}`,
  (n) => `{@html '<img src=x onerror=window.__xss=${n}>'}`,
  (n) => `<iframe srcdoc="<script>parent.__xss=${n}</script>"></iframe>`,
  (n) => `<a href="javascript:window.__xss=${n}">链接</a>`,
  (n) => `\u202E<img src=x onerror=window.__xss=${n}>`,
  (n) => `<details open ontoggle="window.__xss=${n}">`,
  (n) => `<input autofocus onfocus="window.__xss=${n}">`,
  (n) => `<object data="javascript:window.__xss=${n}"></object>`,
  (n) => `</textarea><script>window.__xss=${n}</script>`,
  (n) => `<style>@import 'javascript:window.__xss=${n}'</style>`,
  (n) => `=HYPERLINK("javascript:window.__xss=${n}","点我")`,
  (n) => `<math><mtext><img src=x onerror=window.__xss=${n}></mtext></math>`,
  (n) => `{{constructor.constructor('window.__xss=${n}')()}}`,
  (n) => `<body onload=window.__xss=${n}>`,
];

let serial = 0;
const payload = (template: number) => TEMPLATES[template % TEMPLATES.length]!(++serial);

let browser: Browser;
let dir: string;
beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'jixiao-xss-'));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Counts dialogs, and reads __xss and injected elements in the page and its frames. */
async function watch(page: Page): Promise<{ dialogs: number[] }> {
  const seen = { dialogs: [] as number[] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(Number(dialog.message()) || -1);
    void dialog.dismiss();
  });
  return seen;
}

async function ran(page: Page): Promise<{ xss: unknown; injected: string[] }> {
  return page.evaluate(() => {
    const injected: string[] = [];
    const elements = Array.from(document.querySelectorAll('img[src="x"], svg[onload], iframe, object, details[ontoggle], math, body [onerror], body [onload], body [onfocus]'));
    for (const el of elements) injected.push(el.outerHTML.slice(0, 80));
    for (const script of Array.from(document.querySelectorAll('script'))) if (!script.src) injected.push(script.outerHTML.slice(0, 80));
    for (const a of Array.from(document.querySelectorAll('a[href^="javascript:" i]'))) injected.push(a.outerHTML.slice(0, 80));
    return { xss: (window as unknown as { __xss?: unknown }).__xss, injected };
  });
}

/** An .xlsx with a 评分表 whose every text, and the sheet name, comments, links and properties, carry payloads. */
async function hostileWorkbook(path: string, take: () => string): Promise<number> {
  let count = 0;
  const next = () => {
    count++;
    return take();
  };
  const wb = new ExcelJS.Workbook();
  wb.creator = next();
  wb.title = next();
  wb.subject = next();
  wb.keywords = next();
  wb.description = next();
  // A sheet name cannot hold []:*?/\ and is at most 31 characters.
  const sheetName = `<svg onload=__xss=${++serial}>`.slice(0, 31);
  count++;
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(['一级指标', '二级指标', '三级指标', '分值', '评分标准', '指标值', '实际完成值', '得分', '扣分原因']);
  for (let r = 0; r < 6; r++) {
    const row = ws.addRow([`决策${next()}`, `立项${next()}`, `指标${r}${next()}`, 5, next(), '≥90%', '95%', 5, next()]);
    row.getCell(3).note = next();
  }
  ws.getCell('I3').value = { text: next(), hyperlink: `javascript:window.__xss=${++serial}` };
  count++;
  await wb.xlsx.writeFile(path);
  return count;
}

function hostileHtmlXls(path: string, take: () => string): number {
  const cells = Array.from({ length: 4 }, () => [take(), take(), take()]);
  const rows = cells
    .map((c, i) => `<tr><td>决策</td><td>立项</td><td>${c[0]}</td><td>5</td><td>${c[1]}</td><td>5</td><td>${c[2]}</td></tr><!-- ${i} -->`)
    .join('');
  writeFileSync(
    path,
    `<html><head><script>window.__xss=${++serial}</script></head><body onload="window.__xss=${++serial}"><table><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>分值</td><td>评分标准</td><td>得分</td><td>扣分原因</td></tr>${rows}</table></body></html>`,
  );
  return cells.length * 3 + 2;
}

async function importFile(page: Page, path: string): Promise<void> {
  await page.getByTestId('import').click();
  await page.getByTestId('import-file-input').setInputFiles(path);
  await Promise.race([
    page.getByTestId('import-table').first().waitFor({ timeout: 20_000 }),
    page.getByTestId('import-error').first().waitFor({ timeout: 20_000 }),
  ]);
  if (await page.getByTestId('import-confirm').isEnabled()) {
    await page.getByTestId('import-confirm').click();
    await waitForGrid(page);
  } else {
    await page.keyboard.press('Escape');
  }
}

async function pasteInto(page: Page, type: 'text/plain' | 'text/html', data: string): Promise<void> {
  await page.evaluate(
    ([mime, text]) => {
      const transfer = new DataTransfer();
      transfer.setData(mime!, text!);
      if (mime === 'text/html') transfer.setData('text/plain', 'x');
      (document.activeElement ?? document.body).dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    [type, data],
  );
}

describe('probe: XSS payloads in every way text gets in', () => {
  it('runs none of them and injects no markup', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    const seen = await watch(page);
    let payloads = 0;
    let template = 0;
    const take = () => {
      payloads++;
      return payload(template++);
    };
    const problems: string[] = [];
    const check = async (where: string) => {
      const state = await ran(page);
      if (state.xss !== undefined || state.injected.length > 0) problems.push(`${where}: __xss=${String(state.xss)} ${state.injected.join(' | ')}`);
    };

    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await waitSaved(page);

    // Typed into cells (ASCII through the keyboard; the rest as an IME commits it).
    const leaves = ['立项依据充分性', '立项程序规范性', '绩效目标合理性', '绩效指标明确性', '预算编制科学性', '资金分配合理性', '资金到位率', '预算执行率'];
    for (const leaf of leaves) {
      for (const header of ['扣分原因', '实际完成值']) {
        const text = take();
        await (await cell(page, leaf, header)).click();
        await page.keyboard.press('Enter');
        await page.keyboard.insertText(text);
        await page.keyboard.press('Enter');
      }
    }
    // A name through the grid.
    await (await cell(page, '资金使用合规性', '三级指标')).click({ force: true });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(take());
    await page.keyboard.press('Enter');
    await waitSaved(page);
    await check('typed into cells');
    // They arrived, as text.
    expect(await page.locator('[data-testid="indicator-grid"] .ht_master').textContent()).toContain('onerror="window.__xss=');

    // Pasted: plain text rows, then an HTML table as Excel puts it on the clipboard.
    await (await cell(page, '管理制度健全性', '扣分原因')).click();
    await pasteInto(page, 'text/plain', [take(), take(), take(), take()].join('\r\n'));
    await (await cell(page, '软件开发数', '扣分原因')).click();
    const htmlCells = [take(), take(), take(), take()];
    await pasteInto(page, 'text/html', `<table>${htmlCells.map((c) => `<tr><td>${c}</td></tr>`).join('')}</table><img src=x onerror="window.__xss=${++serial}">`);
    payloads++;
    await waitSaved(page);
    await check('pasted');

    // The metadata form.
    if (!(await page.getByTestId('meta-department').isVisible())) await page.getByTestId('toggle-header').click();
    for (const field of ['meta-department', 'meta-implementer', 'meta-evaluator', 'meta-notes']) {
      await page.getByTestId(field).fill(take());
    }
    await page.getByTestId('meta-projectName').fill(take());
    await waitSaved(page);
    await check('metadata');

    // Renamed on the home list; the list, the open evaluation's title and the dialogs show it.
    await page.getByTestId('back-home').click();
    await page.getByTestId('rename').first().click();
    await page.locator('.dialog input').first().fill(take());
    await page.locator('.dialog input').first().press('Enter');
    await page.getByTestId('duplicate').first().click();
    await check('renamed');
    await page.keyboard.press('Escape');
    await page.getByTestId('open-evaluation').first().click();
    await waitForGrid(page);
    await check('reopened');
    await page.getByTestId('back-home').click();

    // Imported workbooks: an .xlsx carrying payloads everywhere, and an HTML table as .xls.
    const xlsx = join(dir, 'hostile.xlsx');
    payloads += await hostileWorkbook(xlsx, () => payload(template++));
    await importFile(page, xlsx);
    await check('imported .xlsx');
    expect(await page.locator('[data-testid="indicator-grid"] .ht_master').textContent()).toContain('<img src=x');
    await page.getByTestId('back-home').click();
    const xls = join(dir, 'hostile.xls');
    payloads += hostileHtmlXls(xls, () => payload(template++));
    await importFile(page, xls);
    await check('imported HTML .xls');
    expect(await page.getByTestId('open-project-name').count()).toBe(1);

    const executed = seen.dialogs.length + problems.filter((p) => !p.includes('__xss=undefined')).length;
    console.log(`payloads ${payloads}, ran ${executed}`);
    if (problems.length > 0) console.log(problems.join('\n'));
    expect(payloads).toBeGreaterThanOrEqual(40);
    expect(seen.dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 180_000);
});
