/**
 * Two tabs on one evaluation, racing: tab A types slowly into a 扣分原因 cell (the editor
 * open for half a second) while tab B, mid-typing, (1) saves the same cell, (2) saves another
 * cell, (3) inserts a row above A's, (4) deletes A's leaf. After each round both tabs settle
 * and the stored document is read: every value typed in either tab is either stored, or
 * named (the cell and the value) in a notice of one of the tabs. Anything else is a silent
 * loss, and so is a tab left showing what is not stored, or a stored value neither tab typed
 * (the old bug: A's cell saved as the tail of what was typed).
 *
 * 20 rounds of each race with JIXIAO_PROBES=1 (prints `races N, silent losses N`); two
 * rounds each otherwise.
 */
import { describe, it, expect, inject, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright';
import { launchChromium } from './browser.ts';
import { FIXTURE_000, cell, compactColumns, freshPage, importJson, waitForGrid, waitSaved } from './helpers.ts';
import { eventually, logNotices, openId, shownCell, sleep, storedDocument, takeNotices, type StoredLeaf } from './probe-tools.ts';

const ROUNDS = process.env.JIXIAO_PROBES ? 20 : Number(process.env.PROBE_ROUNDS ?? 2);
const KEY_DELAY = 70;

const LEAVES = [
  '立项依据充分性', '立项程序规范性', '绩效目标合理性', '绩效指标明确性', '预算编制科学性', '资金分配合理性',
  '资金到位率', '预算执行率', '资金使用合规性', '管理制度健全性', '绩效自评', '制度执行有效性', '软件开发数',
  '硬件设备采购种数', '系统安装调试合格率', '验收合格率', '信息数据安全率', '运维服务响应及时率', '完成及时性',
  '项目成本不超预算', '使用人员满意度',
];

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

interface Round {
  /** Values typed, by leaf name: each must be stored or named. */
  typed: { leaf: string; value: string }[];
  /** Leaves that must still exist unless a notice names them. */
  kept: string[];
  /** Extra condition on the stored leaves (e.g. one row more). */
  check?: (leaves: StoredLeaf[]) => boolean;
}

/** A clicks the cell and types slowly; `during` runs in B once A's editor is open. */
async function raceTyping(a: Page, leaf: string, value: string, during: () => Promise<void>): Promise<void> {
  await (await cell(a, leaf, '扣分原因')).click();
  const typing = (async () => {
    await a.keyboard.type(value, { delay: KEY_DELAY });
    await a.keyboard.press('Enter');
  })();
  await sleep(KEY_DELAY * 3);
  await during();
  await typing;
}

async function typeFast(page: Page, leaf: string, value: string): Promise<void> {
  await (await cell(page, leaf, '扣分原因')).click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

const named = (notices: string[], leaf: string, value?: string) =>
  notices.some((n) => n.includes(`「${leaf}」`) && (value === undefined || n.includes(value)));

type Race = 'same cell' | 'different cells' | 'structure' | 'delete during edit';

/** One race, `ROUNDS` times, in its own context (its own database) so races run side by side. */
async function runRace(race: Race): Promise<{ races: number; silent: number; problems: string[] }> {
  const { context, page: a } = await freshPage(browser, inject('appUrl'));
  let races = 0;
  let silent = 0;
  const problems: string[] = [];
  await importJson(a, FIXTURE_000);
  await compactColumns(a);
  await waitSaved(a);
  const id = await openId(a);
  const b = await context.newPage();
  await b.goto(`${inject('appUrl')}#/e/${encodeURIComponent(id)}`);
  await waitForGrid(b);
  await compactColumns(b);
  await logNotices(a);
  await logNotices(b);

  const judge = async (label: string, round: Round) => {
    races++;
    const t0 = Date.now();
    // Settled: both tabs saved and showing what is stored for every typed leaf.
    const settled = await eventually(async () => {
      for (const page of [a, b]) if ((await page.getByTestId('save-state').textContent())?.trim() !== '已保存') return false;
      const stored = await storedDocument(a, id);
      if (!stored) return false;
      for (const { leaf } of round.typed) {
        const node = stored.leaves.find((l) => l.name === leaf);
        if (!node) continue;
        for (const page of [a, b]) if ((await shownCell(page, leaf, '扣分原因')) !== (node.reason ?? '').trim()) return false;
      }
      return true;
    }, 8000);
    if (process.env.PROBE_TIMING) console.log(label, 'settled in', Date.now() - t0, 'ms');
    const stored = (await storedDocument(a, id))!;
    const notices = [...(await takeNotices(a)), ...(await takeNotices(b))];
    let lost = 0;
    if (!settled) {
      lost++;
      problems.push(`${label}: the tabs did not settle on the stored document`);
    }
    for (const { leaf, value } of round.typed) {
      const node = stored.leaves.find((l) => l.name === leaf);
      if (node?.reason === value) continue;
      if (named(notices, leaf, value) || (!node && named(notices, leaf))) continue;
      lost++;
      problems.push(`${label}: ${leaf} = ${JSON.stringify(node?.reason ?? null)}, typed ${JSON.stringify(value)}; notices ${JSON.stringify(notices)}`);
    }
    for (const leaf of round.kept) {
      if (stored.leaves.some((l) => l.name === leaf) || named(notices, leaf)) continue;
      lost++;
      problems.push(`${label}: ${leaf} is gone; notices ${JSON.stringify(notices)}`);
    }
    if (round.check && !round.check(stored.leaves)) {
      lost++;
      problems.push(`${label}: the other tab's structure change is not stored`);
    }
    silent += lost;
  };

  for (let r = 0; r < ROUNDS; r++) {
    const label = `${race} ${r}`;
    if (race === 'same cell') {
      // B saves the very cell A is typing into.
      const leaf = LEAVES[r % LEAVES.length]!;
      const mine = `a${r}slowtyping`;
      const theirs = `b${r}quick`;
      await raceTyping(a, leaf, mine, () => typeFast(b, leaf, theirs));
      await judge(label, { typed: [{ leaf, value: mine }, { leaf, value: theirs }], kept: [leaf] });
    } else if (race === 'different cells') {
      const leaf = LEAVES[r % LEAVES.length]!;
      const other = LEAVES[(r + 7) % LEAVES.length]!;
      const mine = `c${r}slowtyping`;
      const theirs = `d${r}other`;
      await raceTyping(a, leaf, mine, () => typeFast(b, other, theirs));
      await judge(label, { typed: [{ leaf, value: mine }, { leaf: other, value: theirs }], kept: [leaf, other] });
    } else if (race === 'structure') {
      // A row inserted just above A's row while A types.
      const leaf = LEAVES[(r % (LEAVES.length - 1)) + 1]!;
      const above = LEAVES[r % (LEAVES.length - 1)]!;
      const mine = `e${r}slowtyping`;
      const before = (await storedDocument(a, id))!.leaves.length;
      await raceTyping(a, leaf, mine, async () => {
        await (await cell(b, above, '实际完成值')).click();
        await b.getByTestId('insert-after').click();
      });
      await judge(label, { typed: [{ leaf, value: mine }], kept: [leaf, above], check: (leaves) => leaves.length === before + 1 });
    } else {
      // A's leaf deleted in B while A types into it: kept, or named.
      const leaf = LEAVES[r % LEAVES.length]!;
      const mine = `f${r}slowtyping`;
      await raceTyping(a, leaf, mine, async () => {
        await (await cell(b, leaf, '实际完成值')).click();
        await b.getByTestId('delete-indicator').click();
      });
      await judge(label, { typed: [{ leaf, value: mine }], kept: [] });
    }
  }
  await context.close();
  return { races, silent, problems };
}

describe('probe: two tabs racing on one evaluation', () => {
  it(`loses nothing silently in ${ROUNDS} rounds of each race`, async () => {
    const outcomes = await Promise.all((['same cell', 'different cells', 'structure', 'delete during edit'] as const).map(runRace));
    const races = outcomes.reduce((n, o) => n + o.races, 0);
    const silent = outcomes.reduce((n, o) => n + o.silent, 0);
    console.log(`races ${races}, silent losses ${silent}`);
    const problems = outcomes.flatMap((o) => o.problems);
    if (problems.length > 0) console.log(problems.join('\n'));
    expect(races).toBe(ROUNDS * 4);
    expect(silent).toBe(0);
  }, 600_000);
});
