import { describe, it, expect, vi } from 'vitest';
import { History, KEPT_STEPS, keepHistory, keptHistory } from '../../../src/ui/history.ts';

describe('History', () => {
  it('undoes and redoes in order, and a new change drops the redo branch', () => {
    const h = new History<string>();
    expect(h.canUndo).toBe(false);
    h.record('a'); // a → b
    h.record('b'); // b → c
    expect(h.undo('c')).toBe('b');
    expect(h.undo('b')).toBe('a');
    expect(h.undo('a')).toBeUndefined();
    expect(h.redo('a')).toBe('b');
    expect(h.canRedo).toBe(true);
    h.record('b'); // b → d: c is gone
    expect(h.canRedo).toBe(false);
    expect(h.redo('d')).toBeUndefined();
    expect(h.undo('d')).toBe('b');
  });

  it('keeps at most `limit` steps', () => {
    const h = new History<number>(3);
    for (let i = 0; i < 10; i++) h.record(i);
    expect(h.undo(10)).toBe(9);
    expect(h.undo(9)).toBe(8);
    expect(h.undo(8)).toBe(7);
    expect(h.undo(7)).toBeUndefined();
  });
});

describe('history kept across a reload', () => {
  class MemoryStorage {
    items = new Map<string, string>();
    get length() { return this.items.size; }
    clear() { this.items.clear(); }
    getItem(key: string) { return this.items.get(key) ?? null; }
    key(i: number) { return [...this.items.keys()][i] ?? null; }
    removeItem(key: string) { this.items.delete(key); }
    setItem(key: string, value: string) { this.items.set(key, value); }
  }
  const doc = (n: number) => ({ id: 'e1', indicators: [], n });
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

  it('restores the last 100 steps for the same document, and nothing for another state', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    const h = new History<ReturnType<typeof doc>>(200);
    for (let i = 0; i < 150; i++) h.record(doc(i));
    keepHistory(storage, 'e1', doc(150), h.steps());
    const kept = keptHistory(storage, 'e1', doc(150), same);
    expect(kept?.past).toHaveLength(KEPT_STEPS);
    expect(kept?.past.at(-1)).toEqual(doc(149));
    const again = new History<ReturnType<typeof doc>>(200);
    again.load(kept!);
    expect(again.undo(doc(150))).toEqual(doc(149));
    // Another tab saved since: the kept history is not for what was loaded.
    expect(keptHistory(storage, 'e1', doc(151), same)).toBeNull();
    expect(keptHistory(storage, 'e2', doc(150), same)).toBeNull();
  });

  it('stays within its size bound by dropping the oldest steps, and ignores junk', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    const big = (n: number) => ({ id: 'e1', indicators: [], text: 'x'.repeat(100_000), n });
    const steps = { past: Array.from({ length: 100 }, (_, i) => big(i)), future: [] };
    keepHistory(storage, 'e1', big(100), steps);
    const kept = keptHistory(storage, 'e1', big(100), same);
    expect(kept!.past.length).toBeGreaterThan(0);
    expect(kept!.past.length).toBeLessThan(100);
    expect(kept!.past.at(-1)?.n).toBe(99);
    storage.setItem('jixiao.history.v1.e1', '{not json');
    expect(keptHistory(storage, 'e1', big(100), same)).toBeNull();
  });

  it('sizes the kept steps from the document before writing: big documents are not stringified again and again', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    const big = (n: number) => ({ id: 'e1', indicators: [], text: 'x'.repeat(1_000_000), n });
    const steps = { past: Array.from({ length: 100 }, (_, i) => big(i)), future: [big(101)] };
    const stringify = vi.spyOn(JSON, 'stringify');
    keepHistory(storage, 'e1', big(100), steps);
    const calls = stringify.mock.calls.length;
    stringify.mockRestore();
    expect(calls).toBeLessThanOrEqual(3);
    const kept = keptHistory(storage, 'e1', big(100), same);
    expect(kept!.past.at(-1)?.n).toBe(99);
    expect(kept!.past.length + kept!.future.length).toBeLessThanOrEqual(3);
  });
});
