/**
 * In real Chromium, the import dialog before anything is saved (issue 9, defect 7): the real
 * levels, the 年度, and the sheet's stated figures that differ from the computed ones.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import shanghaiUrl from '../../fixtures/shanghai-2019-selfeval.xlsx?url';
import selfEvalUrl from '../../fixtures/selfeval-2022.xlsx?url';
import codedUrl from '../../fixtures/coded-summary-mismatch.xlsx?url';
import ImportDialog from '../../../src/ui/io/ImportDialog.svelte';

async function fileFrom(url: string, name: string): Promise<File> {
  return new File([await (await fetch(url)).arrayBuffer()], name);
}

async function until<T>(probe: () => T | null | undefined | false, ms = 20_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (performance.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('import preview', () => {
  let host: HTMLElement;
  let app: ReturnType<typeof mount> | null = null;
  afterEach(() => {
    if (app) unmount(app);
    app = null;
    host?.remove();
  });

  async function preview(url: string, name: string): Promise<HTMLElement[]> {
    host = document.createElement('div');
    document.body.append(host);
    app = mount(ImportDialog, { target: host, props: { onimport: async () => {}, oncancel: () => {} } });
    flushSync();
    const input = host.querySelector<HTMLInputElement>('[data-testid="import-file-input"]')!;
    const dt = new DataTransfer();
    dt.items.add(await fileFrom(url, name));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    return until(() => {
      const t = [...host.querySelectorAll<HTMLElement>('[data-testid="import-table"]')];
      return t.length > 0 && t;
    });
  }

  it('the Shanghai tables: 2019 年度, 2 levels, the stated 预算执行率 against the figures', async () => {
    const tables = await preview(shanghaiUrl, 'shanghai-2019-selfeval.xlsx');
    expect(tables).toHaveLength(4);
    const first = tables[0]!;
    expect(first.querySelector('[data-testid="import-year"]')?.textContent).toBe('2019 年度');
    expect(first.querySelector('.summary')?.textContent).toContain('2 级指标（一级指标 / 指标名称）');
    const stated = first.querySelector('[data-testid="import-stated-differs"]')!;
    expect(stated.textContent).toContain('项目资金：表中预算执行率 100.00%，计算得 99.71%');
    expect(tables[2]!.querySelector('[data-testid="import-stated-differs"]')!.textContent).toContain('表中预算执行率 99.00%，计算得 99.41%');
  });

  it('the 2022 自评表: 3 levels named once each, and its 合计 that does not add up', async () => {
    const [table] = await preview(selfEvalUrl, '自评表.xlsx');
    const summary = table!.querySelector('.summary')!.textContent ?? '';
    expect(summary).toContain('2022 年度');
    expect(summary).toContain('3 级指标（一级指标 / 二级指标 / 三级指标）');
    expect(summary).not.toContain('绩效指标');
    const items = [...table!.querySelectorAll('[data-testid="import-stated-differs"] li')].map((li) => li.textContent);
    expect(items).toEqual(['表中合计 97.13，计算得 96.63', '平均响应时间：表中得分 8.50，计算得 8.00']);
  });

  it('a coded table whose summary block states other figures: shown before importing', async () => {
    const [table] = await preview(codedUrl, 'coded.xlsx');
    expect(table!.querySelector('.summary')!.textContent).toContain('3 级指标（分节标题 / 编号 A1 / 编号 A11），17 个末级指标，表中合计 90，含汇总表（第 2 行，4 项）');
    const items = [...table!.querySelectorAll('[data-testid="import-stated-differs"] li')].map((li) => li.textContent);
    expect(items).toEqual(['表中合计 90.00，计算得 89.00', '项目过程：表中小计 18.00，计算得 17.00']);
  });
});
