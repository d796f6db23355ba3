/**
 * Where typed text goes: the editor's textarea, from the moment a cell is selected. Both halves
 * exist because characters were lost on the way (see each function).
 */
import type { HotInstance } from 'handsontable/base';

type TextEditor = { TEXTAREA?: HTMLTextAreaElement; isOpened(): boolean; refreshValue?(): void; beginEditing(text: string): void };

function textEditor(hot: HotInstance): TextEditor | undefined {
  return hot.getActiveEditor() as unknown as TextEditor | undefined;
}

/**
 * In imeFastEdit mode Handsontable focuses the selected cell, then 200 ms later moves the
 * focus to the editor's textarea and select()s it. Two ways to lose a character came from
 * that delay: text inserted before it went to the cell, where nothing receives it; and a key
 * typed before it opened the editor, whose text the late select() then selected, so the next
 * key replaced it ("100%" became "00%" on a loaded machine). The textarea now takes the
 * focus as soon as a cell is selected, and the late select() does nothing once editing began.
 */
export function focusEditorNow(hot: HotInstance, root: HTMLElement): void {
  const editor = textEditor(hot);
  const textarea = editor?.TEXTAREA;
  if (!editor || !textarea || editor.isOpened() || !hot.isListening()) return;
  const active = root.ownerDocument.activeElement;
  // Leave a form field outside the grid alone: the user is typing there.
  if (active && active !== root.ownerDocument.body && !root.contains(active)) return;
  editor.refreshValue?.();
  textarea.focus({ preventScroll: true });
  textarea.select();
}

/**
 * Text that reaches the editor's textarea with no key before it (a symbol picker, an input
 * method committing directly, insertText) opens no editor in Handsontable, which opens on a
 * keydown or a compositionstart: the text then sat in the hidden textarea and the next key
 * opened the editor over it, so "≥12套" became "12套". Such text now opens the editor and
 * becomes its value. And Handsontable's refocus (after a dialog, a menu) goes to the textarea.
 */
export function routeTextToEditor(hot: HotInstance, root: HTMLElement): void {
  root.addEventListener('beforeinput', (event) => {
    const editor = textEditor(hot);
    if (!editor || editor.isOpened() || event.isComposing || event.target !== editor.TEXTAREA) return;
    if (event.inputType !== 'insertText' && event.inputType !== 'insertReplacementText') return;
    const text = event.data ?? event.dataTransfer?.getData('text/plain') ?? '';
    if (text === '') return;
    event.preventDefault();
    const range = hot.getSelectedRangeActive();
    if (!range || hot.getCellMeta(range.highlight.row ?? 0, range.highlight.col ?? 0).readOnly) return;
    editor.beginEditing(text);
    const textarea = editor.TEXTAREA;
    if (!textarea) return;
    textarea.value = text;
    textarea.setSelectionRange(text.length, text.length);
  }, true);
  hot.getFocusManager().setRefocusElementGetter(() => {
    const editor = textEditor(hot);
    // Handsontable calls select() on what this returns, if anything.
    return (editor && !editor.isOpened() ? editor.TEXTAREA : undefined) as HTMLElement;
  });
}
