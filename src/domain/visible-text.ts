/**
 * Text as it may be shown: bidirectional controls (U+202A–202E embeddings and overrides,
 * U+2066–2069 isolates, U+200E/U+200F marks, U+061C) drawn as a visible mark such as
 * ⟨U+202E⟩ instead of acting. Left live, an override reverses the cell it sits in (and
 * what follows it), so a typed or imported "‮1.0" reads as "0.1": the stored text is
 * kept as it is; only what is shown is marked.
 */

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function hasBidiControls(text: string): boolean {
  BIDI_CONTROLS.lastIndex = 0;
  return BIDI_CONTROLS.test(text);
}

export function visibleText(text: string): string {
  BIDI_CONTROLS.lastIndex = 0;
  if (!BIDI_CONTROLS.test(text)) return text;
  return text.replace(BIDI_CONTROLS, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
