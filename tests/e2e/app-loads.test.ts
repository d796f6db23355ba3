import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright';
import { launchChromium } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('the built app', () => {
  it('serves a page in Chinese', async () => {
    const page = await browser.newPage();
    await page.goto(inject('appUrl'));
    await expect(page.getByTestId('app-title').textContent()).resolves.toContain('绩效评价工作台');
    await page.close();
  });
});
