/**
 * `npm run build:single`: the whole app in one jixiao.html, opened from disk (file://) in
 * Chromium, with no server and no service worker. Import (the worker inlined), an edit kept
 * in IndexedDB across a reload, an .xlsx export (ExcelJS inlined) and the Word annex (written
 * in the page).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright';
import { launchChromium } from './browser.ts';
import { text, until } from './helpers.ts';
import { editAndSave, exportAndCheck, importSelfEval } from './file-flow.ts';

let browser: Browser;
let outDir: string;
let pageUrl: string;
beforeAll(async () => {
  // Built here, not in the global setup: only this file needs it.
  outDir = mkdtempSync(join(tmpdir(), 'jixiao-single-'));
  execSync(`npx vite build --mode single --logLevel error --outDir ${JSON.stringify(outDir)} --emptyOutDir`, { stdio: 'inherit' });
  pageUrl = pathToFileURL(join(outDir, 'jixiao.html')).href;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the single-file build', () => {
  it('is one .html file and no service worker', () => {
    expect(readdirSync(outDir)).toEqual(['jixiao.html']);
    expect(existsSync(join(outDir, 'sw.js'))).toBe(false);
  });

  it('opens from file://, imports, keeps an edit across a reload, exports .xlsx', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // A CSP refusal is logged, not thrown: it would otherwise pass unseen.
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pageUrl);
    expect(await page.evaluate(() => location.protocol)).toBe('file:');
    await page.getByTestId('empty-list').waitFor();
    expect(await page.evaluate(() => 'serviceWorker' in navigator && navigator.serviceWorker.controller)).toBeFalsy();

    await importSelfEval(page);
    await editAndSave(page);
    // The save ran in the save worker, inlined as a blob: (the page would save itself otherwise).
    const workers = await Promise.all(page.workers().map((w) => w.evaluate(() => (self as unknown as { name: string }).name)));
    expect(workers).toContain('jixiao-save');
    await page.reload();
    await until(text(page, 'total-score'), '93.63', 20_000);
    await exportAndCheck(page);
    // The Word annex: no worker can start here, so it is written in the page.
    await page.getByTestId('export-menu').click();
    const [docx] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('export-docx').click()]);
    expect(docx.suggestedFilename()).toMatch(/\.docx$/);
    const bytes = readFileSync(await docx.path());
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a zip, as every .docx is
    expect(bytes.byteLength).toBeGreaterThan(5_000);
    expect(errors).toEqual([]);
    await context.close();
  });
});
