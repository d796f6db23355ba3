import { describe, it, expect } from 'vitest';
import { History } from '../../../src/ui/history.ts';

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
