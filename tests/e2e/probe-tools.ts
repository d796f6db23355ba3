/**
 * What the probes (probe-*.test.ts) read behind the page's back: the stored document in
 * IndexedDB, every notice a page showed, the id of the open evaluation.
 */
import type { Page } from 'playwright';

export interface StoredLeaf {
  id: string;
  name: string;
  reason?: string;
  actual?: string;
}

/** The evaluation as stored now: its revision and every indicator by name. */
export async function storedDocument(
  page: Page,
  id: string,
): Promise<{ revision: number; leaves: StoredLeaf[]; settings: Record<string, unknown>; meta: Record<string, unknown> } | null> {
  return page.evaluate(
    (evaluationId) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('jixiao');
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('evaluations').objectStore('evaluations').get(evaluationId);
          get.onsuccess = () => {
            db.close();
            const row = get.result as
              | { revision: number; evaluation: { indicators: unknown[]; settings: Record<string, unknown>; meta: Record<string, unknown> } }
              | undefined;
            if (!row) return resolve(null);
            const leaves: StoredLeaf[] = [];
            const walk = (nodes: { id: string; name: string; children: unknown[]; reason?: string; actual?: string }[]) => {
              for (const n of nodes) {
                leaves.push({ id: n.id, name: n.name, reason: n.reason, actual: n.actual });
                walk(n.children as typeof nodes);
              }
            };
            walk(row.evaluation.indicators as Parameters<typeof walk>[0]);
            resolve({ revision: row.revision, leaves, settings: row.evaluation.settings, meta: row.evaluation.meta });
          };
          get.onerror = () => reject(get.error);
        };
        open.onerror = () => reject(open.error);
      }),
    id,
  );
}

/** Records every text the session notice shows, so a notice replaced later still counts. */
export async function logNotices(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __notices?: string[]; __noticeObserver?: MutationObserver };
    if (w.__noticeObserver) return;
    w.__notices = [];
    const seen = () => {
      const el = document.querySelector('[data-testid="session-notice"]');
      const text = (el?.textContent ?? '').trim();
      const list = w.__notices!;
      if (text && list[list.length - 1] !== text) list.push(text);
    };
    w.__noticeObserver = new MutationObserver(seen);
    w.__noticeObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** The notices shown since the last call (and forgets them). */
export async function takeNotices(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __notices?: string[] };
    const list = w.__notices ?? [];
    w.__notices = [];
    return list;
  });
}

export async function openId(page: Page): Promise<string> {
  return page.evaluate(() => decodeURIComponent(/^#\/e\/(.+)$/.exec(location.hash)?.[1] ?? ''));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is true or the time is up; says which. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // a redraw or a page still loading: look again
    }
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}

/**
 * The text shown in the cell of leaf `leaf` (三级指标) under `header`, found by the row's
 * name in the same call that reads it; null when that row is not drawn.
 */
export async function shownCell(page: Page, leaf: string, header: string): Promise<string | null> {
  return page.evaluate(
    ([name, headerText]) => {
      const master = document.querySelector('[data-testid="indicator-grid"] .ht_master');
      if (!master) return null;
      const heads = Array.from(master.querySelectorAll('thead tr:last-child th'));
      const col = heads.findIndex((th) => (th.textContent ?? '').trim() === headerText);
      const level3 = heads.findIndex((th) => (th.textContent ?? '').trim() === '三级指标');
      const row = Array.from(master.querySelectorAll('tbody tr')).find(
        (tr) => ((tr as HTMLTableRowElement).cells[level3]?.textContent ?? '').trim() === name,
      ) as HTMLTableRowElement | undefined;
      return row && col >= 0 ? (row.cells[col]?.textContent ?? '').trim() : null;
    },
    [leaf, header] as const,
  );
}
