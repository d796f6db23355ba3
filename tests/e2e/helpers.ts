/**
 * Driving the workbench as a user does: through its buttons, the grid's cells and the
 * keyboard. Cells are found by the indicator's name (三级指标 column) and the column header.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright';

export const FIXTURE_000 = fileURLToPath(new URL('../fixtures/seed-000-annex3.json', import.meta.url));

export function fixtureText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** A fresh context: its own IndexedDB, so each test starts from an empty list. */
export async function freshPage(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('pageerror:', error.message));
  await page.goto(url);
  return { context, page };
}

/** Polls until `read` gives `expected` (the page updates asynchronously after a keystroke). */
export async function until<T>(read: () => Promise<T>, expected: T, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    last = await read();
  }
  expect(last).toBe(expected);
}

export const text = (page: Page, testId: string) => async () => ((await page.getByTestId(testId).first().textContent()) ?? '').trim();

export async function createFromTemplate(page: Page, templateId: string): Promise<void> {
  await page.getByTestId('new-evaluation').click();
  await page.getByTestId(`template-${templateId}`).click();
  await waitForGrid(page);
}

/** Loads a Jixiao JSON document through 恢复备份 (the user's own backup path). */
export async function importJson(page: Page, path: string): Promise<void> {
  await page.getByTestId('backup-file').setInputFiles(path);
  await waitForGrid(page);
}

export async function waitForGrid(page: Page): Promise<void> {
  await page.locator('[data-testid="indicator-grid"] .ht_master tbody tr').first().waitFor();
}

export async function waitSaved(page: Page): Promise<void> {
  await until(text(page, 'save-state'), '已保存');
}

/** Resolves after two frames with no change to the grid's rows: Handsontable has redrawn. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const grid = document.querySelector('[data-testid="indicator-grid"]');
        if (!grid) return resolve();
        let quiet = 0;
        let frames = 0;
        const observer = new MutationObserver(() => (quiet = 0));
        observer.observe(grid, { subtree: true, childList: true, characterData: true });
        const done = () => {
          observer.disconnect();
          resolve();
        };
        // A page in the background gets no frames: give up waiting after a second.
        const timer = setTimeout(done, 1000);
        const tick = () => {
          frames++;
          if (++quiet >= 2 || frames > 60) {
            clearTimeout(timer);
            done();
          } else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
  );
}

/** Column positions by header text, in the master table's cells (row gutter included). */
async function columnPositions(page: Page, header: string): Promise<{ level3: number; col: number }> {
  const read = () => page.evaluate((headerText) => {
    const master = document.querySelector('[data-testid="indicator-grid"] .ht_master');
    if (!master) return null;
    const heads = Array.from(master.querySelectorAll('thead tr:last-child th'));
    const col = heads.findIndex((th) => (th.textContent ?? '').trim() === headerText);
    const level3 = heads.findIndex((th) => (th.textContent ?? '').trim() === '三级指标');
    return col < 0 || level3 < 0 ? null : { level3, col };
  }, header);
  // The header row is redrawn with the table: wait for it rather than fail mid-redraw.
  let found = await read();
  for (let i = 0; i < 50 && !found; i++) {
    await page.waitForTimeout(100);
    found = await read();
  }
  if (!found) throw new Error(`no column ${header}`);
  return found;
}

/** A string literal for XPath 1.0 (which has no escapes): quoted, or concat() of quoted parts. */
function xpathString(text: string): string {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `concat(${text.split("'").map((part) => `'${part}'`).join(`, "'", `)})`;
}

/**
 * The grid cell of leaf `name` in the column headed `header`, as a locator into the master
 * table (the frozen-column overlay is a copy drawn on top of it). The locator finds the row
 * by its name each time it is used, so a redraw between finding and clicking (another tab's
 * change, a re-sort of rows) cannot send the click to another indicator's row.
 */
export async function cell(page: Page, name: string, header: string) {
  await columnPositions(page, header);
  // The column positions are read by the XPath itself, from the header row of the same drawn
  // table, each time the locator is used: scrolled down, Handsontable's main table may stop
  // drawing the 一级 column (its merged cell is above), which shifts every index by one.
  const columnAt = (text: string) =>
    `count(preceding-sibling::*) = count(ancestor::table[1]/thead/tr[last()]/th[normalize-space(.)=${xpathString(text)}]/preceding-sibling::*)`;
  const target = page
    .locator('[data-testid="indicator-grid"] .ht_master table.htCore')
    .locator(`xpath=./tbody/tr[*[${columnAt('三级指标')}][normalize-space(.)=${xpathString(name)}]]/*[${columnAt(header)}]`);
  // The grid renders only the rows near its viewport: scroll down until the row is drawn.
  const scroll = (to: 'top' | 'down') =>
    page.evaluate((where) => {
      const holder = document.querySelector('[data-testid="indicator-grid"] .ht_master .wtHolder');
      if (!holder) return false;
      const before = holder.scrollTop;
      holder.scrollTop = where === 'top' ? 0 : before + holder.clientHeight * 0.7;
      return holder.scrollTop !== before;
    }, to);
  await settle(page);
  if ((await target.count()) === 0) {
    await scroll('top');
    await settle(page);
    for (let i = 0; i < 30 && (await target.count()) === 0; i++) {
      if (!(await scroll('down'))) break;
      await settle(page);
    }
  }
  if ((await target.count()) === 0) throw new Error(`no cell for ${name} / ${header}`);
  return target.first();
}

/** Where the cell of `name` / `header` is drawn now (throws when there is no such row). */
export async function cellPosition(page: Page, name: string, header: string): Promise<{ row: number; col: number }> {
  const target = await cell(page, name, header);
  return target.evaluate((td) => {
    const tr = td.parentElement as HTMLTableRowElement;
    return { row: Array.from(tr.parentElement?.children ?? []).indexOf(tr), col: Array.from(tr.children).indexOf(td) };
  });
}

export async function cellText(page: Page, name: string, header: string): Promise<string> {
  return ((await (await cell(page, name, header)).textContent()) ?? '').trim();
}

/** Selects the cell and types into it as a user does: the first key opens the editor. */
export async function typeInto(page: Page, name: string, header: string, value: string): Promise<void> {
  await (await cell(page, name, header)).click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

/** The 得分 of a level-1 indicator in the totals bar, by its position. */
export async function levelScore(page: Page, index: number): Promise<string> {
  return ((await page.getByTestId('level-score').nth(index).textContent()) ?? '').trim();
}

/** Hides the long text columns so every row is one line and the whole table is on screen. */
export async function compactColumns(page: Page): Promise<void> {
  await page.getByTestId('columns-menu').click();
  for (const key of ['explanation', 'criteria']) {
    const box = page.getByTestId(`column-${key}`);
    if (await box.isChecked()) await box.uncheck();
  }
  await page.getByTestId('columns-menu').click();
}

/**
 * Types `value` into the selected cell as a Chinese IME does: a keydown the IME swallows
 * (key "Process", keyCode 229), a composition, then the committed text; Enter confirms.
 * Playwright's keyboard.type sends no keydown for characters off the keyboard, which no
 * real user produces.
 */
export async function imeType(page: Page, value: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Process', code: 'KeyX', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
    await cdp.send('Input.imeSetComposition', { text: value, selectionStart: value.length, selectionEnd: value.length });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Process', code: 'KeyX', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
    await cdp.send('Input.insertText', { text: value });
  } finally {
    await cdp.detach();
  }
  await page.keyboard.press('Enter');
}

/** Runs `fn` in the page and in each of its workers (the save worker writes the saves). */
async function everywhere(page: Page, fn: () => void): Promise<void> {
  await page.evaluate(fn);
  const workers = page.workers();
  if (!workers.some((w) => w.url().includes('save'))) throw new Error('the save worker is not running');
  for (const worker of workers) await worker.evaluate(fn);
}

/** Every IndexedDB put fails as on a full disk, in the page and in the save worker. */
export async function breakDisk(page: Page): Promise<void> {
  await everywhere(page, () => {
    const w = globalThis as unknown as { __realPut?: typeof IDBObjectStore.prototype.put };
    w.__realPut = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
}

/** Undoes breakDisk. */
export async function freeDisk(page: Page): Promise<void> {
  await everywhere(page, () => {
    const w = globalThis as unknown as { __realPut?: typeof IDBObjectStore.prototype.put };
    IDBObjectStore.prototype.put = w.__realPut!;
  });
}
