import { describe, expect, it } from 'vitest';
import { PROGRESS_DELAY_MS, progress, withProgress } from '../../../src/ui/progress.svelte.ts';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withProgress', () => {
  it('shows nothing for quick work, the label for slow work until it ends (or throws)', async () => {
    await withProgress('很快', () => 1);
    expect(progress.label).toBeNull();
    let release!: () => void;
    const slow = withProgress('正在导出…', () => new Promise<void>((resolve) => (release = resolve)));
    expect(progress.label).toBeNull();
    await expect.poll(() => progress.label, { timeout: PROGRESS_DELAY_MS * 10 }).toBe('正在导出…');
    release();
    await slow;
    expect(progress.label).toBeNull();
    const failing = withProgress('会失败', async () => {
      await wait(PROGRESS_DELAY_MS + 50);
      throw new Error('boom');
    });
    await expect(failing).rejects.toThrow('boom');
    expect(progress.label).toBeNull();
  });
});
