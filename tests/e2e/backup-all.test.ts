/**
 * 备份全部: every evaluation in one file, restored into an empty browser profile (a second
 * context) deep-equal; a file with a broken entry and an id already here (the good ones
 * restored, the bad one named, nothing overwritten); and the 7-day reminder on a faked clock.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import type { Evaluation } from '../../src/domain/index.ts';
import { withFreshIds } from '../../src/domain/index.ts';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, createFromTemplate, freshPage, importJson, text, typeInto, until, waitSaved } from './helpers.ts';

const FIXTURE_002 = fileURLToPath(new URL('../fixtures/seed-002-table1.json', import.meta.url));
const DAY = 86_400_000;

let browser: Browser;
let work: string;
beforeAll(async () => {
  browser = await launchChromium();
  work = mkdtempSync(join(tmpdir(), 'jixiao-backup-'));
});
afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const rows = (page: Page) => page.getByTestId('evaluation-row');
const rowTexts = async (page: Page) => (await rows(page).allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()).sort();

interface BackupFile {
  format: string;
  version: number;
  exportedAt: string;
  evaluations: Evaluation[];
  templates: unknown[];
}

/** Clicks 备份全部 and returns the file's path (kept under its own name) and content. */
async function backupAll(page: Page): Promise<{ path: string; file: BackupFile }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('backup-all').click()]);
  expect(download.suggestedFilename()).toMatch(/^绩效评价备份-\d{8}-\d{4}\.json$/);
  const path = join(work, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return { path, file: JSON.parse(readFileSync(path, 'utf8')) as BackupFile };
}

async function goHome(page: Page): Promise<void> {
  await waitSaved(page);
  await page.getByTestId('back-home').click();
  await rows(page).first().waitFor();
}

const byId = (list: Evaluation[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe('备份全部', () => {
  it('writes every evaluation to one file that restores into an empty profile deep-equal', async () => {
    const a = await freshPage(browser, inject('appUrl'));
    await importJson(a.page, FIXTURE_000);
    await goHome(a.page);
    await importJson(a.page, FIXTURE_002);
    await goHome(a.page);
    await createFromTemplate(a.page, 'self-2022');
    await typeInto(a.page, '服务覆盖人次', '实际完成值', '500人次');
    await until(text(a.page, 'total-score'), '5.00');
    await goHome(a.page);
    await expect.poll(() => rows(a.page).count()).toBe(3);
    const listA = await rowTexts(a.page);

    const { path: backupPath, file: backup } = await backupAll(a.page);
    expect(backup.format).toBe('jixiao-backup');
    expect(backup.version).toBe(1);
    expect(backup.templates).toEqual([]);
    expect(Number.isNaN(Date.parse(backup.exportedAt))).toBe(false);
    expect(backup.evaluations).toHaveLength(3);
    await a.context.close();

    const b = await freshPage(browser, inject('appUrl'));
    await b.page.getByTestId('empty-list').waitFor();
    await b.page.getByTestId('backup-file').setInputFiles(backupPath);
    await expect.poll(() => rows(b.page).count()).toBe(3);
    expect(await rowTexts(b.page)).toEqual(listA);
    const again = await backupAll(b.page);
    expect(byId(again.file.evaluations)).toEqual(byId(backup.evaluations));
    // And the restored evaluations open with the same figures.
    await rows(b.page).filter({ has: b.page.getByTestId('row-total').getByText('5.00', { exact: true }) }).getByTestId('open-evaluation').click();
    await until(text(b.page, 'total-score'), '5.00');
    await b.context.close();
  });

  it('restores the good entries of a damaged file, names the bad one, and never overwrites what is here', async () => {
    // A file as 备份全部 writes it, made here from the two seed evaluations.
    const backup: BackupFile = {
      format: 'jixiao-backup',
      version: 1,
      exportedAt: new Date().toISOString(),
      evaluations: [FIXTURE_000, FIXTURE_002].map((path) => JSON.parse(readFileSync(path, 'utf8')) as Evaluation),
      templates: [],
    };
    const [first, second] = backup.evaluations as [Evaluation, Evaluation];
    const page = (await freshPage(browser, inject('appUrl'))).page;
    // This profile already has `first` (from a backup of it alone).
    const onlyFirst = join(work, 'only-first.json');
    writeFileSync(onlyFirst, JSON.stringify({ ...backup, evaluations: [first] }));
    await page.getByTestId('backup-file').setInputFiles(onlyFirst);
    await expect.poll(() => rows(page).count()).toBe(1);
    const before = await rowTexts(page);

    const broken = { ...second, id: 'broken-entry', meta: { ...second.meta, projectName: '损坏的评价' }, indicators: '不是指标列表' };
    const fresh = withFreshIds(second);
    const damaged = join(work, 'damaged.json');
    writeFileSync(damaged, JSON.stringify({ ...backup, evaluations: [{ ...first, meta: { ...first.meta, projectName: '备份里改过的名称' } }, broken, fresh] }));
    await page.getByTestId('backup-file').setInputFiles(damaged);

    const clash = page.getByTestId('backup-clash');
    await clash.waitFor();
    expect(await clash.textContent()).toContain('备份里改过的名称');
    await page.getByTestId('backup-clash-skip').click();
    const report = page.getByTestId('restore-report');
    await report.waitFor();
    const problems = await page.getByTestId('restore-problem').allTextContents();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^第 2 份评价「损坏的评价」无法恢复：.+。$/);
    await report.getByRole('button', { name: '知道了' }).click();
    // Skipped: the one here is as it was; the fresh good one is added.
    await expect.poll(() => rows(page).count()).toBe(2);
    expect((await rowTexts(page)).filter((t) => before.includes(t))).toEqual(before);

    // The same file again, the clash restored as a copy: a third row, the original untouched.
    await page.getByTestId('backup-file').setInputFiles(damaged);
    await clash.waitFor();
    await page.getByTestId('backup-clash-copy').click();
    await report.waitFor();
    await report.getByRole('button', { name: '知道了' }).click();
    await expect.poll(() => rows(page).count()).toBe(4);
    const list = await rowTexts(page);
    expect(list.filter((t) => t.includes('备份里改过的名称'))).toHaveLength(1);
    expect(list.filter((t) => before.includes(t))).toEqual(before);
    await page.context().close();
  });

  it('reminds after 7 days without a backup when something changed since', async () => {
    const t0 = Date.parse('2026-11-02T09:00:00Z');
    const { context, page } = await freshPage(browser, 'about:blank');
    await page.clock.setFixedTime(t0);
    await page.goto(inject('appUrl'));
    await importJson(page, FIXTURE_000);
    await goHome(page);
    const reminder = page.getByTestId('backup-reminder');
    expect(await reminder.count()).toBe(0);

    // Never backed up, data first seen 8 days ago.
    await page.clock.setFixedTime(t0 + 8 * DAY);
    await page.reload();
    await reminder.waitFor();
    await backupAll(page);
    await reminder.waitFor({ state: 'detached' });

    // Backed up 8 days ago, nothing changed since: quiet.
    await page.clock.setFixedTime(t0 + 16 * DAY);
    await page.reload();
    await rows(page).first().waitFor();
    expect(await reminder.count()).toBe(0);

    // A change after that backup: reminded.
    await page.getByTestId('rename').click();
    await page.getByTestId('dialog-input').fill('改名之后');
    await page.getByTestId('dialog-confirm').click();
    await until(async () => ((await rows(page).first().textContent()) ?? '').includes('改名之后'), true);
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain('已超过 7 天');
    await context.close();
  });
});
