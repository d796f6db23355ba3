/**
 * The home list with one broken record beside two good ones, in the built app: the broken
 * one is listed apart as unreadable (its raw data downloadable, deletable with undo), the good
 * ones list with their totals and open; opening the broken one says so in Chinese.
 */
import { readFileSync } from 'node:fs';
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, createFromTemplate, freshPage, importJson, waitSaved } from './helpers.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const rows = (page: Page) => page.getByTestId('evaluation-row');

/**
 * Straight into the app's IndexedDB, as DevTools or another program could: a document whose
 * first indicator contains itself (structured clone keeps the cycle; the engine once scored
 * it 884.56 / 100), and for one good evaluation a list row whose total is text.
 */
async function corrupt(page: Page, goodId: string): Promise<void> {
  await page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('jixiao');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['evaluations', 'summaries'], 'readwrite');
    const evaluations = tx.objectStore('evaluations');
    const summaries = tx.objectStore('summaries');
    const top: Record<string, unknown> = { id: 'loop-1', name: '决策', weight: 15, children: [] };
    (top.children as unknown[]).push({ id: 'loop-2', name: '项目立项', weight: 5, children: [top] });
    const now = Date.now();
    evaluations.put({
      id: 'broken', revision: 3, updatedAt: now,
      evaluation: {
        id: 'broken', meta: { projectName: '循环引用的评价', department: '', implementer: '', year: '2023', type: '自评', evaluator: '', notes: '' },
        funds: null, indicators: [top], adjustments: [],
        settings: { gradeScale: { id: 'mof', name: '财政部', bands: [{ grade: '优', min: 90 }] }, rounding: 'half-up', decimals: 2 },
      },
    });
    summaries.put({ id: 'broken', projectName: '循环引用的评价', year: '2023', type: '自评', total: 884.56, grade: '优', updatedAt: now, revision: 3 });
    const request = summaries.get(id);
    request.onsuccess = () => summaries.put({ ...request.result, total: '九十一点五五', grade: { bad: true } });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, goodId);
}

describe('the home list with a corrupt record', () => {
  it('lists the bad record apart, the two good ones list and open, the bad one is a Chinese message', async () => {
    const { context, page } = await freshPage(browser, inject('appUrl'));
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await importJson(page, FIXTURE_000);
    await waitSaved(page);
    await page.getByTestId('back-home').click();
    await createFromTemplate(page, 'self-2022');
    await waitSaved(page);
    await page.getByTestId('back-home').click();
    await expect.poll(() => rows(page).count()).toBe(2);
    const seedId = JSON.parse(readFileSync(FIXTURE_000, 'utf8')).id as string;

    await corrupt(page, seedId);
    await page.reload();

    // The two good ones list; the seed's text total was recomputed from its document.
    await expect.poll(() => rows(page).count(), { timeout: 10_000 }).toBe(2);
    const seedRow = page.locator(`[data-testid="evaluation-row"][data-id="${seedId}"]`);
    await expect.poll(async () => (await seedRow.getByTestId('row-total').textContent())?.trim()).toBe('91.56');
    expect((await seedRow.getByTestId('row-grade').textContent())?.trim()).toBe('优');

    const bad = page.getByTestId('unreadable-row');
    await expect.poll(() => bad.count()).toBe(1);
    expect(await bad.getAttribute('data-id')).toBe('broken');
    const badText = (await bad.textContent()) ?? '';
    expect(badText).toContain('循环引用的评价');
    expect(badText).toContain('指标“决策”：它的下级中又含有它自身（循环引用）');
    expect(badText).not.toContain('884.56');

    // Its raw record downloads as JSON, the cycle marked.
    const [download] = await Promise.all([page.waitForEvent('download'), bad.getByTestId('download-raw').click()]);
    expect(download.suggestedFilename()).toBe('无法读取的记录-broken.json');
    const raw = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { evaluationRow: { revision: number; evaluation: { meta: { projectName: string } } } };
    expect(raw.evaluationRow.revision).toBe(3);
    expect(raw.evaluationRow.evaluation.meta.projectName).toBe('循环引用的评价');
    expect(JSON.stringify(raw)).toContain('[循环引用]');

    // Opening the bad one (by its address) is a message, not an exception or 正在打开… for ever.
    await page.evaluate(() => (location.hash = '#/e/broken'));
    await expect.poll(async () => (await page.getByTestId('app-error').textContent()) ?? '', { timeout: 10_000 }).toMatch(/「循环引用的评价」的数据已损坏，无法打开：.*循环引用/);
    expect(await page.getByText('正在打开…').count()).toBe(0);
    await expect.poll(() => rows(page).count()).toBe(2);

    // Both good ones open.
    for (const id of [seedId]) {
      await page.locator(`[data-testid="evaluation-row"][data-id="${id}"]`).getByTestId('open-evaluation').click();
      await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor();
      await expect.poll(async () => (await page.getByTestId('total-score').textContent())?.trim()).toBe('91.56');
      await page.getByTestId('back-home').click();
    }
    await rows(page).filter({ hasNotText: '智慧党建' }).getByTestId('open-evaluation').click();
    await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor();
    await page.getByTestId('back-home').click();

    // Deleting it (with undo) leaves the good ones.
    await page.getByTestId('delete-unreadable').click();
    await expect.poll(() => bad.count()).toBe(0);
    await page.getByTestId('undo-delete').click();
    await expect.poll(() => bad.count()).toBe(1);
    await page.getByTestId('delete-unreadable').click();
    await expect.poll(() => bad.count()).toBe(0);
    await page.reload();
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await bad.count()).toBe(0);

    expect(errors).toEqual([]);
    await context.close();
  });
});
