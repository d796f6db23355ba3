/**
 * Closes a popup menu on a click elsewhere or on Escape: `use:dismiss={() => (open = false)}`
 * on the element that holds both the button and the menu.
 */
export function dismiss(node: HTMLElement, close: () => void) {
  let onClose = close;
  const onPointer = (event: PointerEvent) => {
    if (!node.contains(event.target as Node)) onClose();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // The focused menu item is about to go: the keyboard goes back to the menu's own button
    // rather than to the page's start.
    const hadFocus = node.contains(document.activeElement) && document.activeElement !== node.querySelector('button');
    onClose();
    if (hadFocus) node.querySelector('button')?.focus();
  };
  document.addEventListener('pointerdown', onPointer, true);
  document.addEventListener('keydown', onKey);
  return {
    update(next: () => void) {
      onClose = next;
    },
    destroy() {
      document.removeEventListener('pointerdown', onPointer, true);
      document.removeEventListener('keydown', onKey);
    },
  };
}
