/**
 * The grid's own keyboard shortcuts, on top of Handsontable's spreadsheet navigation
 * (arrows, Tab, Enter, F2, Esc). Only while no cell editor is open: inside an editor the
 * keys keep their text-editing meaning (Ctrl+Z undoes typing, Ctrl+Enter …).
 *
 *   Ctrl+Z                     撤销 (the UI's history, which covers structural changes)
 *   Ctrl+Y, Ctrl+Shift+Z       重做
 *   Ctrl+Enter                 在下方插入指标
 *   Ctrl+Shift+Enter           在上方插入指标
 *   Alt+Shift+Enter            插入下级指标
 *   Ctrl+-                     删除指标 (as Excel's delete row)
 *   Ctrl+D / Ctrl+R            向下 / 向右填充 (as Excel; one undo step)
 *   Alt+Shift+→ / ←            降级 / 升级
 *   Alt+Shift+↑ / ↓            上移 / 下移
 * (⌘ in place of Ctrl on a Mac.)
 */
import type { StructureCommand } from './structure.ts';

export type KeyAction =
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'fill'; direction: 'down' | 'right' }
  | { kind: 'structure'; command: StructureCommand };

export function keyAction(event: KeyboardEvent): KeyAction | null {
  const ctrl = event.ctrlKey || event.metaKey;
  const key = event.key;
  if (ctrl && !event.altKey) {
    const lower = key.toLowerCase();
    if (lower === 'z') return event.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (lower === 'y' && !event.shiftKey) return { kind: 'redo' };
    if (lower === 'd' && !event.shiftKey) return { kind: 'fill', direction: 'down' };
    if (lower === 'r' && !event.shiftKey) return { kind: 'fill', direction: 'right' };
    if (key === 'Enter') return { kind: 'structure', command: event.shiftKey ? 'insert-above' : 'insert-below' };
    if ((key === '-' || event.code === 'Minus' || event.code === 'NumpadSubtract') && !event.shiftKey) {
      return { kind: 'structure', command: 'delete' };
    }
    return null;
  }
  if (event.altKey && event.shiftKey && !ctrl) {
    switch (key) {
      case 'ArrowRight':
        return { kind: 'structure', command: 'indent' };
      case 'ArrowLeft':
        return { kind: 'structure', command: 'outdent' };
      case 'ArrowUp':
        return { kind: 'structure', command: 'move-up' };
      case 'ArrowDown':
        return { kind: 'structure', command: 'move-down' };
      case 'Enter':
        return { kind: 'structure', command: 'insert-child' };
    }
  }
  return null;
}
