/**
 * Browser kill: Chromium is started by this test on a temporary profile (so it owns the
 * process group), SIGKILLed in the middle of work, and started again on the same profile.
 * Each kill follows one action — a typed cell, a 504-cell paste that adds rows, an import, a
 * structure change, a settings change — either right after the keystroke (0 / 50 / 200 ms)
 * or once 已保存 is shown. After the restart the stored document is read: an action may be
 * missing only where 已保存 was not shown before the kill, and a paste is never half there.
 *
 * With JIXIAO_PROBES=1: 30 kills, in two browsers side by side (prints `kills N, lost after 已保存 N`); otherwise 4.
 */
import { describe, it, expect, inject } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { FIXTURE_000, cell, compactColumns, importJson, waitForGrid, waitSaved } from './helpers.ts';
import { eventually, openId, sleep, storedDocument } from './probe-tools.ts';

type Action = 'edit' | 'paste' | 'import' | 'structure' | 'settings';
type When = 0 | 50 | 200 | 'saved';

const FULL: [Action, When][] = [
  ...(['edit', 'structure'] as const).flatMap((a) => ([0, 50, 200, 'saved', 0, 50, 200, 'saved'] as When[]).map((w) => [a, w] as [Action, When])),
  ...([0, 50, 200, 'saved'] as When[]).map((w) => ['settings', w] as [Action, When]),
  ...([0, 200, 'saved', 50] as When[]).map((w) => ['paste', w] as [Action, When]),
  ...([0, 'saved', 50, 'saved'] as When[]).map((w) => ['import', w] as [Action, When]),
  ...([0, 200] as When[]).map((w) => ['edit', w] as [Action, When]),
];
const QUICK: [Action, When][] = [['edit', 0], ['edit', 'saved'], ['paste', 'saved'], ['structure', 50]];
const PLAN = process.env.JIXIAO_PROBES ? FULL : QUICK;

interface Running {
  child: ChildProcess;
  browser: Browser;
  page: Page;
}

/** Starts Chromium on `profile` with a DevTools port of its own and connects to it. */
async function start(profile: string): Promise<Running> {
  const child = spawn(
    chromiumPath(),
    [...chromiumArgs, '--headless=new', `--user-data-dir=${profile}`, '--remote-debugging-port=0', '--window-size=1600,1000', 'about:blank'],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const ws = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`Chromium exited: ${err}`)));
  });
  child.stderr!.resume();
  const browser = await chromium.connectOverCDP(ws);
  const context = browser.contexts()[0]!;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1600, height: 1000 });
  return { child, browser, page };
}

/** SIGKILL to the whole group: the browser and its renderers, no unload, no flush. */
async function kill(running: Running): Promise<void> {
  try {
    process.kill(-running.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await new Promise<void>((resolve) => {
    if (running.child.exitCode !== null || running.child.signalCode !== null) resolve();
    else running.child.once('exit', () => resolve());
  });
  await running.browser.close().catch(() => undefined);
}

/** From now on, records whether the badge went to 已保存 after leaving it. */
async function watchSaved(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __left?: boolean; __saved?: boolean; __savedObserver?: MutationObserver };
    w.__savedObserver?.disconnect();
    w.__left = false;
    w.__saved = false;
    const badge = document.querySelector('[data-testid="save-state"]');
    if (!badge) return;
    w.__savedObserver = new MutationObserver(() => {
      const text = (badge.textContent ?? '').trim();
      if (text !== '已保存') w.__left = true;
      else if (w.__left) w.__saved = true;
    });
    w.__savedObserver.observe(badge, { subtree: true, childList: true, characterData: true });
  });
}

const savedShown = (page: Page) => page.evaluate(() => (window as unknown as { __saved?: boolean }).__saved === true);

/** The import is stored: the app opens the new evaluation only once its transaction committed. */
async function importOpened(page: Page, id: string): Promise<boolean> {
  const open = await openId(page);
  return open !== '' && open !== id;
}

async function pasteBlock(page: Page, text: string): Promise<void> {
  await page.evaluate((data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}

async function evaluationCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('jixiao');
        open.onsuccess = () => {
          const count = open.result.transaction('evaluations').objectStore('evaluations').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

interface LaneOutcome {
  kills: number;
  lostAfterSaved: number;
  lostBeforeSaved: number;
  torn: number;
  problems: string[];
}

/** One browser on one profile, through `plan`. Two lanes run side by side to keep the run short. */
async function lane(plan: [Action, When][], url: string): Promise<LaneOutcome> {
    const profile = mkdtempSync(join(tmpdir(), 'jixiao-probe-kill-'));
    let kills = 0;
    let lostAfterSaved = 0;
    let lostBeforeSaved = 0;
    let torn = 0;
    const problems: string[] = [];
    let running: Running | null = null;
    try {
      running = await start(profile);
      await running.page.goto(url);
      await importJson(running.page, FIXTURE_000);
      await waitSaved(running.page);
      const id = await openId(running.page);

      for (let i = 0; i < plan.length; i++) {
        const [action, when] = plan[i]!;
        const page: Page = running.page;
        if (!(await openId(page).catch(() => ''))) {
          await page.goto(`${url}#/e/${encodeURIComponent(id)}`);
        }
        await waitForGrid(page);
        await compactColumns(page);
        await waitSaved(page);
        const before = (await storedDocument(page, id))!;
        const evaluationsBefore = await evaluationCount(page);
        const leaf = before.leaves.find((l) => l.name === '预算执行率')!;
        const value = `${90 - (i % 10)}%`;
        const rounding = before.settings.rounding === 'truncate' ? 'half-up' : 'truncate';
        const pasteMark = `P${i}-`;
        const pasteRows = 84;

        await watchSaved(page);
        // The action, up to its last keystroke or click.
        if (action === 'edit') {
          await (await cell(page, '预算执行率', '实际完成值')).click();
          await page.keyboard.type(leaf.actual === value ? '1%' : value);
          await page.keyboard.press('Enter');
        } else if (action === 'paste') {
          await (await cell(page, '立项依据充分性', '指标值')).click();
          const rows = Array.from({ length: pasteRows }, (_, r) => [`T${r}`, `${pasteMark}${r}`, '', '', '', `R${r}`].join('\t'));
          await pasteBlock(page, rows.join('\r\n'));
        } else if (action === 'import') {
          await page.getByTestId('back-home').click();
          await page.getByTestId('backup-file').setInputFiles(FIXTURE_000);
        } else if (action === 'structure') {
          await (await cell(page, '预算执行率', '实际完成值')).click();
          await page.getByTestId('insert-after').click();
        } else {
          if (!(await page.getByTestId('rounding').isVisible())) await page.getByTestId('toggle-header').click();
          await page.getByTestId('rounding').selectOption(rounding);
        }
        let shown: boolean;
        if (when === 'saved') {
          if (action === 'import') {
            await eventually(() => importOpened(page, id), 10_000);
            await waitForGrid(page);
            shown = true;
          } else {
            await eventually(() => savedShown(page), 10_000);
            shown = await savedShown(page);
          }
        } else {
          await sleep(when);
          shown = action === 'import' ? await importOpened(page, id) : await savedShown(page);
        }
        await kill(running);
        kills++;

        running = await start(profile);
        await running.page.goto(`${url}#/e/${encodeURIComponent(id)}`);
        await waitForGrid(running.page);
        const after = (await storedDocument(running.page, id))!;
        let kept: boolean;
        if (action === 'edit') {
          kept = after.leaves.find((l) => l.id === leaf.id)?.actual === (leaf.actual === value ? '1%' : value);
        } else if (action === 'paste') {
          const landed = after.leaves.filter((l) => l.actual?.startsWith(pasteMark)).length;
          if (landed !== 0 && landed !== pasteRows) {
            torn++;
            problems.push(`kill ${i} (paste, ${when}): ${landed} of ${pasteRows} rows kept`);
          }
          kept = landed === pasteRows;
        } else if (action === 'import') {
          kept = (await evaluationCount(running.page)) === evaluationsBefore + 1;
        } else if (action === 'structure') {
          kept = after.leaves.length === before.leaves.length + 1;
        } else {
          kept = after.settings.rounding === rounding;
        }
        if (!kept && shown) {
          lostAfterSaved++;
          problems.push(`kill ${i} (${action}, ${when}): lost although 已保存 was shown`);
        } else if (!kept) {
          lostBeforeSaved++;
        }
      }
    } finally {
      if (running) await kill(running);
      rmSync(profile, { recursive: true, force: true });
    }
    return { kills, lostAfterSaved, lostBeforeSaved, torn, problems };
}

describe('probe: browser killed mid-work', () => {
  it(`keeps every action shown as 已保存 through ${PLAN.length} kills`, async () => {
    const url = inject('appUrl');
    const lanes = await Promise.all([PLAN.filter((_, i) => i % 2 === 0), PLAN.filter((_, i) => i % 2 === 1)].map((plan) => lane(plan, url)));
    const sum = (key: 'kills' | 'lostAfterSaved' | 'lostBeforeSaved' | 'torn') => lanes.reduce((n, l) => n + l[key], 0);
    console.log(`kills ${sum('kills')}, lost after 已保存 ${sum('lostAfterSaved')} (lost before 已保存 ${sum('lostBeforeSaved')}, torn pastes ${sum('torn')})`);
    const problems = lanes.flatMap((l) => l.problems);
    if (problems.length > 0) console.log(problems.join('\n'));
    expect(sum('kills')).toBe(PLAN.length);
    expect(sum('lostAfterSaved')).toBe(0);
    expect(sum('torn')).toBe(0);
  }, 300_000);
});
