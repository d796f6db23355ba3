/**
 * Every character typed into a selected cell reaches it, however it arrives: keys, text
 * committed without a key (a symbol picker, an input method that commits directly, a
 * paste by insertText), and keys that come while the page is busy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import { columnIndex } from '../../../src/grid/columns.ts';
import { cellAt, mount, type Mounted } from './fixtures.ts';

let m: Mounted | null = null;
afterEach(() => {
  m?.destroy();
  m = null;
});

const ACTUAL = columnIndex('actual');
const ROW = 4; // 资金到位率 (zjdw)

function lastActual(mounted: Mounted): unknown {
  return mounted.log.edits.flat().filter((edit) => edit.field === 'actual').at(-1)?.value;
}

/** Blocks the page's main thread, as a busy machine does between two keystrokes. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('characters that arrive without a key', () => {
  it('keeps the first character of text inserted by CDP Input.insertText into a selected cell', async () => {
    m = mount();
    await userEvent.click(cellAt(m, ROW, ACTUAL));
    await cdp().send('Input.insertText', { text: '≥12套' });
    await userEvent.keyboard('{Enter}');
    expect(lastActual(m)).toBe('≥12套');
  });

  it('keeps text typed as symbols and keys mixed (Playwright types ≥ and 套 without a keydown)', async () => {
    m = mount();
    await userEvent.click(cellAt(m, ROW, ACTUAL));
    await userEvent.keyboard('≥12套');
    await userEvent.keyboard('{Enter}');
    expect(lastActual(m)).toBe('≥12套');
  });

  it('keeps text inserted right after a programmatic select (a finding clicked)', async () => {
    m = mount();
    m.grid.select('zjdw', 'actual');
    // Nothing may wait for a timer: the text can come before any (microtasks run before input).
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(document.activeElement?.tagName).toBe('TEXTAREA');
    await cdp().send('Input.insertText', { text: '≥12套' });
    await userEvent.keyboard('{Enter}');
    expect(lastActual(m)).toBe('≥12套');
  });
});

describe('keys on a busy machine', () => {
  it('keeps every key when the page stalls between the first key and the next', async () => {
    m = mount();
    await userEvent.click(cellAt(m, ROW, ACTUAL));
    await userEvent.keyboard('9');
    // The user pauses (or the machine is busy) long enough for any deferred focus work to run.
    await new Promise((resolve) => setTimeout(resolve, 350));
    await userEvent.keyboard('5%');
    await userEvent.keyboard('{Enter}');
    expect(lastActual(m)).toBe('95%');
  });

  it('keeps every key when the main thread is blocked right after the click', async () => {
    m = mount();
    await userEvent.click(cellAt(m, ROW, ACTUAL));
    const typing = userEvent.keyboard('95%');
    busy(400);
    await typing;
    await userEvent.keyboard('{Enter}');
    expect(lastActual(m)).toBe('95%');
  });

  it('keeps every key with the CPU throttled 6×', async () => {
    m = mount();
    const session = cdp();
    await session.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    try {
      await userEvent.click(cellAt(m, ROW, ACTUAL));
      await userEvent.keyboard('95%');
      await session.send('Input.insertText', { text: '≥' });
      await userEvent.keyboard('{Enter}');
    } finally {
      await session.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    }
    expect(lastActual(m)).toBe('95%≥');
  });
});
