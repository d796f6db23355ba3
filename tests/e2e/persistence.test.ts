import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { launchChromium } from './browser.ts';
import {
  FIXTURE_000,
  breakDisk,
  cellText,
  compactColumns,
  fixtureText,
  freeDisk,
  freshPage,
  importJson,
  text,
  typeInto,
  until,
  waitForGrid,
  waitSaved,
} from './helpers.ts';

const EVALUATION_ID = 'seed-000-annex3';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** A browser on a profile folder of its own, which outlives the browser (a restart reopens it). */
function launchProfile(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), args: chromiumArgs, headless: true, viewport: { width: 1600, height: 1000 } });
}

async function openById(page: Page, url: string): Promise<void> {
  await page.goto(`${url}#/e/${EVALUATION_ID}`);
  await waitForGrid(page);
}

describe('persistence', () => {
  it('shows an edit in another tab within a second, and keeps concurrent edits of both', async () => {
    const { context, page: a } = await freshPage(browser, inject('appUrl'));
    await importJson(a, FIXTURE_000);
    await compactColumns(a);
    await waitSaved(a);
    const b = await context.newPage();
    await openById(b, inject('appUrl'));
    await until(text(b, 'total-score'), '91.56');

    await typeInto(a, '使用人员满意度', '实际完成值', '20%');
    await until(text(a, 'total-score'), '87.60');
    const shownAt = Date.now();
    await until(text(b, 'total-score'), '87.60', 1000);
    expect(Date.now() - shownAt).toBeLessThan(1000);
    expect(await cellText(b, '使用人员满意度', '实际完成值')).toBe('20%');

    // Different cells at once: 预算执行率 100% (1.20 → 3) here, 资金到位率 90% (3 → 0) there.
    await typeInto(a, '预算执行率', '实际完成值', '100%');
    await typeInto(b, '资金到位率', '实际完成值', '90%');
    for (const page of [a, b]) {
      await until(text(page, 'total-score'), '86.40', 5000);
      await waitSaved(page);
      expect(await cellText(page, '预算执行率', '实际完成值')).toBe('100%');
      expect(await cellText(page, '资金到位率', '实际完成值')).toBe('90%');
    }
    const c = await context.newPage();
    await openById(c, inject('appUrl'));
    await until(text(c, 'total-score'), '86.40');
    await context.close();
  });

  it('merges when another writer saved first, and says what it did', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await waitSaved(page);
    // Another writer (as a tab whose notice never arrived) stores a newer revision directly.
    const writeTheirs = (leafId: string, actual: string) =>
      page.evaluate(
        ([id, leaf, value]) =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('jixiao');
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction('evaluations', 'readwrite');
              const store = tx.objectStore('evaluations');
              const get = store.get(id);
              get.onsuccess = () => {
                const row = get.result;
                const visit = (nodes: { id: string; actual?: string; children: unknown[] }[]) => {
                  for (const n of nodes) {
                    if (n.id === leaf) n.actual = value;
                    visit(n.children as typeof nodes);
                  }
                };
                visit(row.evaluation.indicators);
                row.revision += 1;
                store.put(row);
              };
              tx.oncomplete = () => {
                db.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
            open.onerror = () => reject(open.error);
          }),
        [EVALUATION_ID, leafId, actual] as const,
      );

    // Different cells: theirs 资金到位率 90% (3 → 0), mine 使用人员满意度 20% (5.36 → 1.40).
    await writeTheirs('B11', '90%');
    await typeInto(page, '使用人员满意度', '实际完成值', '20%');
    // The other writer's revision is found by our next save (compare-and-swap) and merged: on a
    // busy machine that round trip can take several seconds.
    await until(text(page, 'total-score'), '84.60', 15_000);
    await waitSaved(page);
    expect(await text(page, 'session-notice')()).toContain('均已保留');
    expect(await cellText(page, '资金到位率', '实际完成值')).toBe('90%');

    // The same cell: the stored value wins, and the notice names the cell.
    await writeTheirs('D14', '50%');
    await typeInto(page, '使用人员满意度', '实际完成值', '30%');
    await until(() => cellText(page, '使用人员满意度', '实际完成值'), '50%', 15_000);
    await waitSaved(page);
    expect(await text(page, 'session-notice')()).toContain('「使用人员满意度」的实际完成值');
    await page.reload();
    await until(() => cellText(page, '使用人员满意度', '实际完成值'), '50%');
    expect(await cellText(page, '资金到位率', '实际完成值')).toBe('90%');
    await context.close();
  });

  it('keeps edits in the page when the disk is full, says so, and saves on retry', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await compactColumns(page);
    await waitSaved(page);
    // The disk is full for the page and for the save worker, where saves are written.
    await breakDisk(page);
    await typeInto(page, '使用人员满意度', '实际完成值', '20%');
    await until(text(page, 'save-state'), '保存失败');
    expect(await text(page, 'save-error')()).toContain('空间');
    expect(await page.getByTestId('save-error-export').count()).toBe(1);
    // Nothing is lost on screen, and editing goes on.
    await until(text(page, 'total-score'), '87.60');
    await freeDisk(page);
    await page.getByTestId('save-error').getByRole('button', { name: '重试' }).click();
    await waitSaved(page);
    await page.reload();
    await until(text(page, 'total-score'), '87.60');
    await context.close();
  });

  it('keeps an edit shown as saved when the browser is killed right after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-kill-'));
    try {
      const launch = () => launchProfile(dir);
      const first = await launch();
      const page = first.pages()[0] ?? (await first.newPage());
      await page.goto(inject('appUrl'));
      await importJson(page, FIXTURE_000);
      await compactColumns(page);
      await typeInto(page, '使用人员满意度', '实际完成值', '20%');
      await until(text(page, 'total-score'), '87.60');
      await waitSaved(page);

      // SIGKILL the browser that uses this profile: no unload, no flush, no goodbye.
      const pids = execSync('ps -eo pid=,args=')
        .toString()
        .split('\n')
        .filter((line) => line.includes(dir) && !line.includes('--type='))
        .map((line) => Number(line.trim().split(/\s+/)[0]))
        .filter((pid) => Number.isInteger(pid) && pid > 0);
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      await first.close().catch(() => undefined);

      const second = await launch();
      const again = second.pages()[0] ?? (await second.newPage());
      await openById(again, inject('appUrl'));
      await until(text(again, 'total-score'), '87.60');
      expect(await cellText(again, '使用人员满意度', '实际完成值')).toBe('20%');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a grade-scale change made just before the browser closes (settings save as cell edits do)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-close-'));
    try {
      const launch = () => launchProfile(dir);
      const first = await launch();
      const page = first.pages()[0] ?? (await first.newPage());
      await page.goto(inject('appUrl'));
      await importJson(page, FIXTURE_000);
      await waitSaved(page);
      await page.getByTestId('toggle-header').click();
      await page.getByTestId('grade-scale').selectOption('shanghai');
      await until(text(page, 'grade'), '优秀');
      // Closed at once: no wait for the badge. The change must already be on its way to disk.
      await first.close();

      const second = await launch();
      const again = second.pages()[0] ?? (await second.newPage());
      await openById(again, inject('appUrl'));
      await until(text(again, 'grade'), '优秀');
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens an evaluation written by the previous schema version (Dexie v1)', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    // Replace the app's database with one as version 1 wrote it: only `evaluations`.
    const evaluation = JSON.parse(fixtureText(FIXTURE_000)) as { id: string };
    // The page's own connection (Dexie, version 30) closes on the delete's versionchange but may
    // reopen before our version-10 open runs: then the open fails with a VersionError, and the
    // delete and the write are simply tried again.
    await page.evaluate(async (doc) => {
      const replace = async (): Promise<boolean> => {
        await new Promise<void>((resolve, reject) => {
          const del = indexedDB.deleteDatabase('jixiao');
          del.onsuccess = () => resolve();
          del.onerror = () => reject(del.error);
          del.onblocked = () => resolve();
        });
        return new Promise<boolean>((resolve, reject) => {
          // Dexie's version 1 is IndexedDB version 10.
          const open = indexedDB.open('jixiao', 10);
          open.onupgradeneeded = () => {
            const store = open.result.createObjectStore('evaluations', { keyPath: 'id' });
            store.createIndex('updatedAt', 'updatedAt');
          };
          open.onsuccess = () => {
            const db = open.result;
            if (db.version !== 10) {
              db.close();
              resolve(false);
              return;
            }
            const tx = db.transaction('evaluations', 'readwrite');
            tx.objectStore('evaluations').put({ id: doc.id, revision: 3, updatedAt: 1_700_000_000_000, evaluation: doc });
            tx.oncomplete = () => {
              db.close();
              resolve(true);
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => (open.error?.name === 'VersionError' ? resolve(false) : reject(open.error));
        });
      };
      for (let attempt = 0; attempt < 10; attempt++) {
        if (await replace()) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('could not replace the database with a version-1 one');
    }, evaluation);
    await page.reload();
    await expect.poll(() => page.getByTestId('evaluation-row').count(), { timeout: 5000 }).toBe(1);
    const row = page.getByTestId('evaluation-row').first();
    expect(await row.textContent()).toContain('智慧党建');
    expect(((await row.getByTestId('row-total').textContent()) ?? '').trim()).toBe('91.56');
    await row.getByTestId('open-evaluation').click();
    await waitForGrid(page);
    await until(text(page, 'total-score'), '91.56');
    // And it is writable at the new version.
    await compactColumns(page);
    await typeInto(page, '使用人员满意度', '实际完成值', '20%');
    await waitSaved(page);
    await page.reload();
    await until(text(page, 'total-score'), '87.60');
    await context.close();
  });
});
