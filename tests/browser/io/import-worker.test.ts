/**
 * In real Chromium: the import runs in a module worker on a real fixture; a worker that takes
 * too long is stopped with a Chinese message; the dialog shows the tables, imports the chosen
 * ones in one call, and shows imported text as text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import shanghaiUrl from '../../fixtures/shanghai-2019-selfeval.xlsx?url';
import encryptedUrl from '../../fixtures/bad-encrypted.xlsx?url';
import annex3Url from '../../fixtures/annex3-scoring-table.xlsx?url';
import type { Evaluation } from '../../../src/domain/index.ts';
import { evaluate } from '../../../src/domain/index.ts';
import { analyseInWorker } from '../../../src/ui/io/import-client.ts';
import ImportDialog from '../../../src/ui/io/ImportDialog.svelte';

async function fileFrom(url: string, name: string): Promise<File> {
  const bytes = await (await fetch(url)).arrayBuffer();
  return new File([bytes], name);
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

describe('import worker', () => {
  it('parses the Shanghai workbook off the main thread', async () => {
    const out = await analyseInWorker(await fileFrom(shanghaiUrl, 'shanghai.xlsx'));
    if (!out.ok) throw new Error(out.errors[0]?.message);
    expect(out.value.analysis.tables.map((t) => t.sheet)).toEqual(['自评1', '自评2', '自评3', '自评4']);
    expect(out.value.previews.map((p) => [p.leafCount, p.statedTotal])).toEqual([[20, 98], [19, 98], [21, 99], [21, 98]]);
  });

  it('stops a parse that takes longer than the time limit, with a message', async () => {
    const out = await analyseInWorker(await fileFrom(shanghaiUrl, 'slow.xlsx'), { timeoutMs: 1 });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.errors[0]!.message).toBe('解析文件“slow.xlsx”超过 1 毫秒仍未完成，已停止。文件可能过大或已损坏；可另存为 .xlsx 或删去无关工作表后重试。');
    // A worker that never answers is terminated too.
    let terminated = false;
    const silent = { postMessage() {}, terminate() { terminated = true; }, onmessage: null, onerror: null } as unknown as Worker;
    const hung = await analyseInWorker(await fileFrom(shanghaiUrl, 'hung.xlsx'), { timeoutMs: 200, createWorker: () => silent });
    expect(hung.ok).toBe(false);
    expect(terminated).toBe(true);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const huge = { name: 'huge.xlsx', size: 31 * 1024 * 1024, arrayBuffer: () => Promise.reject(new Error('must not be read')) };
    const out = await analyseInWorker(huge);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.errors[0]!.code).toBe('too-large');
  });
});

describe('ImportDialog', () => {
  let host: HTMLElement;
  let app: ReturnType<typeof mount> | null = null;
  afterEach(() => {
    if (app) unmount(app);
    app = null;
    host?.remove();
  });

  function open(onimport: (e: Evaluation[]) => Promise<void>) {
    host = document.createElement('div');
    document.body.append(host);
    app = mount(ImportDialog, { target: host, props: { onimport, oncancel: () => {} } });
    flushSync();
  }

  async function choose(file: File) {
    const input = host.querySelector<HTMLInputElement>('[data-testid="import-file-input"]')!;
    const dt = new DataTransfer();
    dt.items.add(file);
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  it('shows the four tables, imports the chosen ones in one call', async () => {
    const calls: Evaluation[][] = [];
    open(async (evs) => { calls.push(evs); });
    await choose(await fileFrom(shanghaiUrl, 'shanghai.xlsx'));
    const tables = await until(() => {
      const t = host.querySelectorAll('[data-testid="import-table"]');
      return t.length > 0 && t;
    });
    expect(tables).toHaveLength(4);
    expect(tables[2]!.textContent).toContain('上海市12371党建服务热线系统');
    // Import only the 2nd and 3rd.
    const boxes = host.querySelectorAll<HTMLInputElement>('[data-testid="import-table"] input[type="checkbox"]');
    boxes[0]!.click();
    boxes[3]!.click();
    flushSync();
    const confirm = host.querySelector<HTMLButtonElement>('[data-testid="import-confirm"]')!;
    expect(confirm.textContent).toContain('2');
    confirm.click();
    await until(() => calls.length > 0);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((e) => [e.meta.projectName, evaluate(e).total])).toEqual([['上海党员干部远程教育资源智能申报体系', 98], ['上海市12371党建服务热线系统', 99]]);
  });

  it('lists the rule recognised for each leaf, and each 评分标准 it could not read', async () => {
    open(async () => {});
    await choose(await fileFrom(annex3Url, '附件3.xlsx'));
    const unrecognised = await until(() => host.querySelector('[data-testid="import-unrecognised"]'));
    // 使用人员满意度 "按调查问卷设定分值计算": no rule in it; it stays 手工打分, and says so.
    expect(unrecognised.querySelector('summary')!.textContent).toBe('1 条评分标准未能识别，按手工打分导入');
    expect(unrecognised.textContent).toContain('效益 / 满意度 / 使用人员满意度');
    expect(unrecognised.textContent).toContain('按调查问卷设定分值计算');
    expect(host.textContent).toContain('按评分标准识别出 25 条计分规则');
  });

  it('shows an unreadable file\'s message and imports nothing', async () => {
    let called = false;
    open(async () => { called = true; });
    await choose(await fileFrom(encryptedUrl, 'secret.xlsx'));
    const error = await until(() => host.querySelector('[data-testid="import-error"]'));
    expect(error.textContent).toContain('文件“secret.xlsx”设置了打开密码');
    expect(host.querySelector<HTMLButtonElement>('[data-testid="import-confirm"]')!.disabled).toBe(true);
    expect(called).toBe(false);
  });

  it('keeps the data untouched when saving fails, and says so', async () => {
    open(async () => { throw new Error('QuotaExceededError'); });
    await choose(await fileFrom(shanghaiUrl, 'shanghai.xlsx'));
    await until(() => host.querySelectorAll('[data-testid="import-table"]').length === 4);
    host.querySelector<HTMLButtonElement>('[data-testid="import-confirm"]')!.click();
    const error = await until(() => host.querySelector('[data-testid="import-error"]'));
    expect(error.textContent).toContain('保存失败，未导入任何评价');
  });

  it('shows imported HTML and formula text as text', async () => {
    open(async () => {});
    const csv = '项目名称：,<img src=x onerror="window.__xss=1">\n一级指标,指标名称,分值,得分\n=1+1 (10分),<b>粗体</b>,10,10\n合计,,10,10\n';
    await choose(new File([csv], 'inj.csv'));
    const table = await until(() => host.querySelector('[data-testid="import-table"]'));
    host.querySelectorAll('details').forEach((d) => { d.open = true; });
    flushSync();
    expect(table.textContent).toContain('<img src=x onerror="window.__xss=1">');
    expect(host.querySelector('img, b')).toBeNull();
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();
  });
});
