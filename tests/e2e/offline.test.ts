/**
 * The served app after one visit, with the network off (Playwright's offline mode): the
 * service worker serves the page, the import worker, the workbench and the export code from
 * its precache. And a new version put on the server is announced, and taken on 立即更新.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { launchChromium } from './browser.ts';
import { text, until } from './helpers.ts';
import { editAndSave, exportAndCheck, importSelfEval } from './file-flow.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN', acceptDownloads: true });
}

/** Waits until this page's service worker has installed its precache and is active. */
async function serviceWorkerActive(page: Page): Promise<void> {
  const state = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (!worker) return 'none';
    if (worker.state !== 'activated') {
      await new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()));
    }
    return worker.state;
  });
  expect(state).toBe('activated');
}

describe('offline after the first visit', () => {
  it('reloads, imports, saves an edit and exports .xlsx with the network off', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(inject('appUrl'));
    await page.getByTestId('empty-list').waitFor();
    await serviceWorkerActive(page);

    await context.setOffline(true);
    // The network is really off for the page: what the service worker did not keep fails.
    expect(await page.evaluate(() => fetch(`./not-there-${Date.now()}.txt`).then(() => 'fetched', () => 'failed'))).toBe('failed');
    const response = await page.reload();
    expect(response?.fromServiceWorker()).toBe(true);
    await page.getByTestId('empty-list').waitFor();

    await importSelfEval(page);
    await editAndSave(page);
    await exportAndCheck(page);
    // And the edit is in IndexedDB: a second offline reload reopens it.
    await page.reload();
    await until(text(page, 'total-score'), '93.63', 20_000);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('installable', () => {
  it('has a manifest Chromium accepts and nothing stops installing the app', async () => {
    // An incognito context (Playwright's default) can never install: a real profile here.
    const profile = mkdtempSync(join(tmpdir(), 'jixiao-profile-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(inject('appUrl'));
      await serviceWorkerActive(page);
      await page.reload();
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      expect(manifest.errors).toEqual([]);
      const data = JSON.parse(manifest.data ?? '{}') as { name?: string; short_name?: string; lang?: string; icons?: { sizes: string; purpose?: string }[] };
      expect([data.name, data.short_name, data.lang]).toEqual(['绩效评价工作台', '绩效评价', 'zh-CN']);
      expect(data.icons?.map((i) => `${i.sizes}${i.purpose ? ` ${i.purpose}` : ''}`)).toEqual(['192x192', '512x512', '512x512 maskable']);
      await expect.poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors, { timeout: 20_000 }).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

/** A static server whose folder can be swapped, as a deploy swaps the files on a server. */
function folderServer(): { server: Server; serve: (dir: string) => void; url: () => string } {
  let root = '';
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.webmanifest': 'application/manifest+json',
  };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  return { server, serve: (dir) => (root = dir), url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('a new version on the server', () => {
  let work: string;
  let host: ReturnType<typeof folderServer>;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'jixiao-update-'));
    execSync(`npx vite build --logLevel error --outDir ${JSON.stringify(join(work, 'a'))} --emptyOutDir`, { stdio: 'inherit' });
    // Version B: the same build with a changed page, and the service worker's precache list
    // naming the page's new revision, as the next `vite build` of a changed app would.
    cpSync(join(work, 'a'), join(work, 'b'), { recursive: true });
    const pagePath = join(work, 'b', 'index.html');
    const before = readFileSync(pagePath);
    const after = Buffer.from(String(before).replace('<head>', '<head>\n    <meta name="jixiao-build" content="B" />'));
    writeFileSync(pagePath, after);
    const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
    const swPath = join(work, 'b', 'sw.js');
    const sw = readFileSync(swPath, 'utf8');
    expect(sw).toContain(md5(before));
    writeFileSync(swPath, sw.replace(md5(before), md5(after)));
    host = folderServer();
    host.serve(join(work, 'a'));
  });
  afterAll(() => {
    host?.server.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('opened from disk (file://) the served build says why it cannot start and what to open instead', async () => {
    const context = await newContext();
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(work, 'a', 'index.html')).href);
    const note = page.getByTestId('no-start');
    await expect.poll(() => note.evaluate((el) => getComputedStyle(el).opacity), { timeout: 15_000 }).toBe('1');
    expect(await note.textContent()).toContain('jixiao.html');
    await context.close();
  });

  it('is announced in a banner and taken on 立即更新', async () => {
    const context = await newContext();
    const page = await context.newPage();
    const build = () => page.evaluate(() => document.querySelector('meta[name="jixiao-build"]')?.getAttribute('content') ?? 'A');
    await page.goto(host.url());
    await page.getByTestId('empty-list').waitFor();
    await serviceWorkerActive(page);
    await page.reload();
    await page.getByTestId('empty-list').waitFor();
    expect(await build()).toBe('A');
    expect(await page.getByTestId('update-banner').count()).toBe(0);

    host.serve(join(work, 'b'));
    // The browser looks for a new service worker on each navigation.
    await page.reload();
    const banner = page.getByTestId('update-banner');
    await banner.waitFor({ timeout: 60_000 });
    expect((await banner.textContent())?.replace(/\s+/g, '')).toContain('新版本可用，重新载入后生效立即更新');
    // Until taken, the page is still the one the old worker keeps.
    expect(await build()).toBe('A');

    await page.getByTestId('update-now').click();
    await expect.poll(build, { timeout: 30_000 }).toBe('B');
    await page.getByTestId('empty-list').waitFor();
    expect(await page.getByTestId('update-banner').count()).toBe(0);
    await context.close();
  });
});
