/**
 * Typing fast into a large evaluation (issue 12): values typed into 20 successive 实际完成值
 * cells, each two digits then Enter, one key every 100 ms (10 keys a second) sent without
 * waiting for the page, as a keyboard does. Every value must arrive in its own cell, and be
 * stored (after a reload). 500 leaves; 5,000 with JIXIAO_PROBES=1 (the figure).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { generate } from '../bench/generate.ts';
import { launchChromium } from './browser.ts';
import { cell, cellText, freshPage, text, until, waitForGrid } from './helpers.ts';

const BIG = Boolean(process.env.JIXIAO_PROBES);
const CELLS = 20;
const value = (i: number) => String(10 + i);
// A 5,000-leaf document takes a while to store on a busy machine.
const waitSaved = (page: Page) => until(text(page, 'save-state'), '已保存', 60_000);

let browser: Browser;
let dir = '';
beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'jixiao-typing-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('typing fast', () => {
  it(`keeps every key typed at 10 keys a second into successive cells (${BIG ? '5,000' : '500'} leaves)`, { timeout: BIG ? 180_000 : 90_000 }, async () => {
    const file = join(dir, 'typing.json');
    writeFileSync(file, JSON.stringify(BIG ? generate(4, 25, 50, 'typing-5000') : generate(1, 10, 50, 'typing-500')));
    const { context, page } = await freshPage(browser, inject('appUrl'));
    await page.getByTestId('backup-file').setInputFiles(file);
    await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor({ timeout: 60_000 });
    await waitSaved(page);

    await (await cell(page, '三级指标1', '实际完成值')).click();
    const keys: string[] = [];
    for (let i = 0; i < CELLS; i++) keys.push(...value(i).split(''), 'Enter');
    const start = Date.now();
    const sent: Promise<void>[] = [];
    for (let k = 0; k < keys.length; k++) {
      const due = start + k * 100;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      sent.push(page.keyboard.press(keys[k] as string));
    }
    await Promise.all(sent);

    for (let i = 0; i < CELLS; i++) await until(() => cellText(page, `三级指标${i + 1}`, '实际完成值'), value(i), 20_000);
    // The row below the last one typed is untouched: no key landed a cell too far.
    expect(await cellText(page, `三级指标${CELLS + 1}`, '实际完成值')).toBe(`${60 + ((CELLS + 1) % 40)}个`);
    await waitSaved(page);

    await page.reload();
    await waitForGrid(page);
    for (const i of [0, CELLS / 2, CELLS - 1]) expect(await cellText(page, `三级指标${i + 1}`, '实际完成值')).toBe(value(i));
    await context.close();
  });
});
