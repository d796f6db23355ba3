// In-browser edit → paint at 5,000 leaves (issue 12), against a bare Handsontable in the same
// run. The app: the built bundle served by `vite preview`, a generated 5,000-leaf evaluation
// (4 一级 × 25 二级 × 50 三级, ratio rules) restored through 恢复备份, then an 实际完成值 typed and
// Enter pressed; the time runs from the Enter keydown to the frame after the totals bar shows
// the new total. The floor: a bare Handsontable with 5,000 × 12 similar cells, word wrap and two
// frozen columns, `setDataAtCell` → the next frame. Both in the same Chromium, one after the
// other, so the ratio holds on a busy machine too. Also a 50-cell paste on both.
//
// Off unless JIXIAO_BENCH_BROWSER=1 or `npm run bench -- --browser` (it builds the app: ~1 min).
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import type { Evaluation, Indicator } from '../../src/domain/index.ts';
import { newEvaluation } from '../../src/domain/index.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const OUT = 'dist-bench';
const PORT = 4192; // not 4190: the fetch spec blocks that port (sieve)
const EDITS = 25;

export function generate5000(): Evaluation {
  let n = 0;
  const indicators: Indicator[] = Array.from({ length: 4 }, (_, a) => ({
    id: `a${a}`, name: `一级${a + 1}`, weight: 25, children: Array.from({ length: 25 }, (_, b) => ({
      id: `a${a}b${b}`, name: `二级${a + 1}-${b + 1}`, weight: 1, children: Array.from({ length: 50 }, (_, c) => {
        n += 1;
        return {
          id: `a${a}b${b}c${c}`, name: `三级指标${n}`, weight: 0.02, target: '>=100个', actual: `${60 + (n % 40)}个`,
          explanation: `第${n}项指标的解释，说明口径与数据来源。`, criteria: '实际完成值/指标值×分值', reason: '偏差原因',
          rule: { type: 'ratio' as const, rateDecimals: 2 }, children: [],
        };
      }),
    })),
  }));
  return newEvaluation({ id: 'bench-5000', indicators, meta: { ...newEvaluation().meta, projectName: '五千指标基准' } });
}

function stats(xs: number[]): { median: number; p95: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] as number, p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] as number };
}

async function serve(): Promise<ChildProcess> {
  execSync(`npx vite build --logLevel error --outDir ${OUT} --emptyOutDir`, { cwd: ROOT, stdio: 'inherit' });
  buildBare();
  const server = spawn('npx', ['vite', 'preview', '--outDir', OUT, '--port', String(PORT), '--strictPort'], { cwd: ROOT, stdio: 'ignore', detached: true });
  const deadline = Date.now() + 90_000; // a busy 2-core machine starts it slowly
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/`)).ok) return server;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      if (server.pid) process.kill(-server.pid);
      throw new Error('vite preview did not start');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The bare grid page: Handsontable alone, built by Vite from a throwaway entry under tmp/ into the served folder's bare/. */
function buildBare(): void {
  const dir = join(ROOT, 'tmp', 'bench-bare');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><div id="g" style="height:800px;width:1400px"></div><script type="module" src="./main.ts"></script>');
  writeFileSync(join(dir, 'main.ts'), `
import Handsontable from 'handsontable';
import 'handsontable/styles/handsontable.min.css';
import 'handsontable/styles/ht-theme-main.min.css';
const rows = [];
for (let i = 0; i < 5000; i++) rows.push(['一级' + (i % 4), '二级' + (i % 25), '三级指标' + i, 0.02, '第' + i + '项指标的解释，说明口径与数据来源。', '实际完成值/指标值×分值', '>=100个', (60 + (i % 40)) + '个', 0.01, '50%', '部分完成', '偏差原因']);
const hot = new Handsontable(document.getElementById('g'), { data: rows, colHeaders: true, rowHeaders: true, wordWrap: true, fixedColumnsStart: 2, width: 1400, height: 800, licenseKey: 'non-commercial-and-evaluation', themeName: 'ht-theme-main' });
(window as any).hot = hot;
`);
  execSync(`npx vite build ${dir} --logLevel error --outDir ${join(ROOT, OUT, 'bare')} --emptyOutDir --base ./`, { cwd: ROOT, stdio: 'inherit' });
}

/** Two frames after `start()` returns: the change has been painted. */
async function bareEdits(page: Page, cells: number): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < EDITS; k++) {
    times.push(await page.evaluate(({ k, cells }) => new Promise<number>((resolve) => {
      const hot = (window as unknown as { hot: { setDataAtCell(changes: [number, number, string][]): void } }).hot;
      const t0 = performance.now();
      const changes: [number, number, string][] = [];
      for (let i = 0; i < cells; i++) changes.push([(k * 3 + i) % 20, 7, `${50 + ((k + i) % 50)}个`]);
      hot.setDataAtCell(changes);
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
    }), { k, cells }));
  }
  return times;
}

/** Clicks a leaf's 实际完成值, types, presses Enter; the time from Enter to the frame after the total changed. */
async function appEdit(page: Page, name: string, value: string): Promise<number> {
  const cell = page.locator('[data-testid="indicator-grid"] .ht_master tbody tr', { hasText: name }).first()
    .locator('td').nth(await page.evaluate(() => {
      const heads = Array.from(document.querySelectorAll('[data-testid="indicator-grid"] .ht_master thead tr:last-child th'));
      return heads.findIndex((th) => (th.textContent ?? '').trim() === '实际完成值') - 1;
    }));
  await cell.click();
  await page.keyboard.type(value);
  await page.evaluate(() => {
    const w = window as unknown as { __t0?: number; __before?: string };
    w.__before = document.querySelector('[data-testid="total-score"]')?.textContent ?? '';
    window.addEventListener('keydown', (e) => { if (e.key === 'Enter') w.__t0 = performance.now(); }, { capture: true, once: true });
  });
  await page.keyboard.press('Enter');
  return page.evaluate(() => new Promise<number>((resolve) => {
    const w = window as unknown as { __t0: number; __before: string };
    const deadline = performance.now() + 10_000;
    const tick = () => {
      const now = document.querySelector('[data-testid="total-score"]')?.textContent ?? '';
      if (performance.now() > deadline) resolve(Number.NaN);
      else if (now !== w.__before) requestAnimationFrame(() => resolve(performance.now() - w.__t0));
      else requestAnimationFrame(tick);
    };
    tick();
  }));
}

export async function run(): Promise<void> {
  if (!process.env.JIXIAO_BENCH_BROWSER && !process.argv.includes('--browser')) {
    console.log('edit→paint at 5,000 leaves: skipped (npm run bench -- --browser, or JIXIAO_BENCH_BROWSER=1)');
    return;
  }
  const backup = join(tmpdir(), 'jixiao-bench-5000.json');
  writeFileSync(backup, JSON.stringify(generate5000()));
  const server = await serve();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    // tsx keeps function names with an injected __name() helper, which page.evaluate carries along.
    await context.addInitScript({ content: 'window.__name = (f) => f;' });
    const bare = await context.newPage();
    await bare.goto(`http://127.0.0.1:${PORT}/bare/index.html`);
    await bare.waitForFunction(() => (window as unknown as { hot?: unknown }).hot !== undefined);
    await bareEdits(bare, 1); // warm up
    const bareOne = stats(await bareEdits(bare, 1));
    const bareFifty = stats(await bareEdits(bare, 50));
    await bare.close();

    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.getByTestId('backup-file').setInputFiles(backup);
    await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    const times: number[] = [];
    for (let k = 0; k < EDITS + 2; k++) {
      // 100个 then 0个 on the same leaf: its score goes 0.02 ↔ 0, so the total changes every time.
      const t = await appEdit(page, `三级指标${1 + (Math.floor(k / 2) % 6)}`, k % 2 === 0 ? '100个' : '0个');
      if (Number.isNaN(t)) throw new Error(`edit ${k}: the total did not change within 10 s`);
      if (k >= 2) times.push(t); // the first two warm the JIT
    }
    const app = stats(times);
    const f = (x: number) => x.toFixed(1);
    console.log(`edit→paint at 5,000 leaves: app ${f(app.median)}/${f(app.p95)} ms vs bare grid ${f(bareOne.median)}/${f(bareOne.p95)} ms = ${(app.p95 / bareOne.p95).toFixed(2)}× (median/p95, p95 ratio; ${times.length} edits)`);
    console.log(`  bare grid, 50-cell setDataAtCell: ${f(bareFifty.median)}/${f(bareFifty.p95)} ms`);
  } finally {
    await browser.close();
    if (server.pid) {
      try {
        process.kill(-server.pid);
      } catch {
        // gone
      }
    }
  }
}
