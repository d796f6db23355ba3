// The speed a user feels when the page opens (issue 11), in real Chromium on the built app:
//   - initial JS: the gzip size of what index.html loads before anything is clicked (the entry
//     script and its modulepreloads), beside the whole build's JS;
//   - first load to an interactive grid with the 附件3 evaluation (seed 000 stored, the page
//     opened at #/e/<id>): from navigation start to the frame where the grid's rows and the
//     total are drawn; cold (no HTTP cache, no service worker) and warm (served by the service
//     worker's precache, as every visit after the first). Floor: a bare Handsontable page with
//     the same 26 rows, cold, in the same run;
//   - heap after opening a 5,000-leaf evaluation (CDP Runtime.getHeapUsage after a GC), beside
//     the home page's heap and the evaluation's JSON size.
// Each measurement is one entry of MEASUREMENTS: a function of the served app and the browser
// that returns printed lines; add one there.
//
// Off unless JIXIAO_BENCH_BROWSER=1 or `npm run bench -- --browser` (it builds the app).
import { execSync, type ChildProcess } from 'node:child_process';
import { startPreview, stopPreview } from './preview-server.ts';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { generate5000 } from './browser-edit.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = 'dist-bench-load';
const PORT = 4196; // its own: other benches serve on 4192 and 4193
const URL_BASE = `http://127.0.0.1:${PORT}/`;
const FIXTURE_000 = join(ROOT, 'tests/fixtures/seed-000-annex3.json');
const ID_000 = (JSON.parse(readFileSync(FIXTURE_000, 'utf8')) as { id: string }).id;
const RUNS = 7;

interface Bench {
  browser: Browser;
  outDir: string;
}
type Measurement = (bench: Bench) => Promise<string[]>;

const MEASUREMENTS: Measurement[] = [initialJs, firstLoad, heapAt5000];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gz = (file: string) => gzipSync(readFileSync(file)).byteLength;

/** A context whose pages accept the functions tsx hands to page.evaluate (it wraps them in __name()). */
async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', ...options });
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  return context;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function initialJs({ outDir }: Bench): Promise<string[]> {
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\.\/([^"]+\.js)"/g)].map((m) => m[1] as string);
  const css = [...html.matchAll(/<link rel="stylesheet"[^>]*href="\.\/([^"]+\.css)"/g)].map((m) => m[1] as string);
  const all = readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const sum = (files: string[]) => files.reduce((n, f) => n + gz(join(outDir, f)), 0);
  const initialGz = sum(initial);
  const workbench = all.filter((f) => /\/WorkbenchView-/.test(f));
  return [
    `initial JS (gzip): ${kb(initialGz)} in ${initial.length} files (aim ≤ 300 KB; 331 KB before the workbench was split off) + initial CSS ${kb(sum(css))}; whole build ${kb(sum(all))} in ${all.length} files`,
    `  of the rest, loaded when needed: workbench (grid) ${kb(sum(workbench))}, the others on import/export`,
  ];
}

/** Stores seed 000 in this context's IndexedDB through 恢复备份. */
async function seed(context: BrowserContext, file: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(URL_BASE);
  await page.getByTestId('backup-file').setInputFiles(file);
  await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor({ timeout: 60_000 });
  await page.close();
}

/** ms from navigation start to the first frame with the grid's rows and the total drawn. */
async function openTime(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const ms = await page.evaluate(() => new Promise<number>((resolve) => {
    const ready = () => document.querySelector('[data-testid="indicator-grid"] .ht_master tbody tr td') && document.querySelector('[data-testid="total-score"]')?.textContent;
    const tick = () => (ready() ? requestAnimationFrame(() => resolve(performance.now())) : performance.now() > 60_000 ? resolve(Number.NaN) : requestAnimationFrame(tick));
    tick();
  }));
  if (Number.isNaN(ms)) throw new Error(`${url}: no grid within 60 s`);
  return ms;
}

async function firstLoad({ browser }: Bench): Promise<string[]> {
  const target = `${URL_BASE}#/e/${encodeURIComponent(ID_000)}`;

  // Cold: no service worker, HTTP cache off, a fresh page each time.
  const cold = await newContext(browser, { serviceWorkers: 'block' });
  await seed(cold, FIXTURE_000);
  const coldTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await cold.newPage();
    const cdp = await cold.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    coldTimes.push(await openTime(page, target));
    await page.close();
  }
  await cold.close();

  // Warm: the service worker serves everything from its precache.
  const warm = await newContext(browser);
  await seed(warm, FIXTURE_000);
  const probe = await warm.newPage();
  await probe.goto(URL_BASE);
  const active = await probe.evaluate(() => Promise.race([
    (async () => {
      const registration = await navigator.serviceWorker.ready;
      const worker = registration.active;
      if (worker && worker.state !== 'activated') await new Promise((r) => worker.addEventListener('statechange', r));
      return true;
    })(),
    new Promise<boolean>((r) => setTimeout(() => r(false), 60_000)),
  ]));
  if (!active) throw new Error('the service worker did not activate within 60 s');
  await probe.close();
  const warmTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await warm.newPage();
    warmTimes.push(await openTime(page, target));
    await page.close();
  }
  await warm.close();

  // Floor: Handsontable alone with the same rows, cold.
  const bare = await newContext(browser, { serviceWorkers: 'block' });
  const bareTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await bare.newPage();
    const cdp = await bare.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(`${URL_BASE}bare-load/index.html`, { waitUntil: 'commit' });
    bareTimes.push(await page.evaluate(() => new Promise<number>((resolve) => {
      const tick = () => (document.querySelector('.ht_master tbody tr td') ? requestAnimationFrame(() => resolve(performance.now())) : performance.now() > 60_000 ? resolve(Number.NaN) : requestAnimationFrame(tick));
      tick();
    })));
    await page.close();
  }
  await bare.close();

  const c = median(coldTimes);
  const w = median(warmTimes);
  const b = median(bareTimes);
  return [
    `first load to the 附件3 grid: cold ${c.toFixed(0)} ms, warm (service worker) ${w.toFixed(0)} ms vs bare Handsontable cold ${b.toFixed(0)} ms = ${(c / b).toFixed(2)}× / ${(w / b).toFixed(2)}× (medians of ${RUNS}; aim ≤ 1 s)`,
  ];
}

async function heapAt5000({ browser }: Bench): Promise<string[]> {
  const file = join(tmpdir(), 'jixiao-bench-load-5000.json');
  const json = JSON.stringify(generate5000());
  writeFileSync(file, json);
  const context = await newContext(browser, { serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  await page.goto(URL_BASE);
  await page.getByTestId('empty-list').waitFor();
  // The workbench chunk is fetched when the page is idle: let it load, so both figures count it.
  await page.waitForLoadState('networkidle');
  const home = await heap();
  await page.getByTestId('backup-file').setInputFiles(file);
  await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.textContent?.trim() === '已保存', undefined, { timeout: 60_000 });
  const open = await heap();
  await context.close();
  return [`JS heap with the 5,000-leaf evaluation open: ${mb(open)} (home page ${mb(home)}: +${mb(open - home)}; the evaluation's JSON is ${mb(json.length * 2)} as UTF-16)`];
}

/** Handsontable alone with 26 rows like 附件3's, built by Vite from a throwaway entry under tmp/. */
function buildBare(outDir: string): void {
  const dir = join(ROOT, 'tmp', 'bench-bare-load');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><div id="g" style="height:800px;width:1400px"></div><script type="module" src="./main.ts"></script>');
  writeFileSync(join(dir, 'main.ts'), `
import Handsontable from 'handsontable';
import 'handsontable/styles/handsontable.min.css';
import 'handsontable/styles/ht-theme-main.min.css';
const rows = [];
for (let i = 0; i < 26; i++) rows.push(['决策', '项目立项', '三级指标' + i, 3, '指标的解释，说明口径与数据来源。', '达到指标值得满分；每低于10%扣1分。', '100%', '95%', 2.5, '83.33%', '部分完成', '偏差原因']);
new Handsontable(document.getElementById('g'), { data: rows, colHeaders: true, rowHeaders: true, wordWrap: true, fixedColumnsStart: 2, width: 1400, height: 800, licenseKey: 'non-commercial-and-evaluation', themeName: 'ht-theme-main', injectCoreCss: false } as any);
`);
  execSync(`npx vite build ${dir} --logLevel error --outDir ${join(outDir, 'bare-load')} --emptyOutDir --base ./`, { cwd: ROOT, stdio: 'inherit' });
}

async function serve(outDir: string): Promise<ChildProcess> {
  execSync(`npx vite build --logLevel error --outDir ${OUT} --emptyOutDir`, { cwd: ROOT, stdio: 'inherit' });
  buildBare(outDir);
  return startPreview(ROOT, OUT, PORT);
}

export async function run(): Promise<void> {
  if (!process.env.JIXIAO_BENCH_BROWSER && !process.argv.includes('--browser')) {
    console.log('page load, initial JS, heap at 5,000 leaves: skipped (npm run bench -- --browser, or JIXIAO_BENCH_BROWSER=1)');
    return;
  }
  const outDir = join(ROOT, OUT);
  const server = await serve(outDir);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    console.log(`browser: Chromium ${browser.version()}`);
    for (const measure of MEASUREMENTS) for (const line of await measure({ browser, outDir })) console.log(line);
  } finally {
    await browser.close();
    stopPreview(server);
  }
}
