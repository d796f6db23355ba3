/**
 * Handsontable's stylesheet, cut to the left-to-right writing the app has. Each rule that sets a
 * side (a border, a corner's radius) comes twice, `X:not(:lang(ae), :lang(ar), … :lang(yi))` for
 * left-to-right languages and `X:is(…the same 19…)` for right-to-left ones: 73 pairs. Chromium
 * matches such a selector against every table cell on each style recalculation, and each
 * `:lang()` walks up to the nearest lang attribute; at 5,000 leaves a paste's restyle took
 * ≈5 ms more with them (tmp trace, issue 12). The app is `<html lang="zh-CN">`, and no element
 * inside the grid sets a lang (user text is written with textContent), so those `:lang()` tests
 * are constant: the right-to-left branch never matches and the `:not()` always does.
 *
 * `ltrOnly(selectorList)` rewrites one rule's selector list under that premise: a `:lang()` of
 * one of those languages is false, `:is()`/`:where()` of nothing true is false, `:not()` of
 * nothing true is dropped (true), and a selector holding a false part is dropped from its list.
 * Returns null when nothing of the list can match (the rule goes). Anything else is kept
 * character for character.
 */
import postcss from 'postcss';
import type { Plugin } from 'vite';

/** The right-to-left languages Handsontable's stylesheet lists. */
const RTL = new Set(['ae', 'ar', 'arc', 'bcc', 'bqi', 'ckb', 'dv', 'fa', 'glk', 'he', 'ku', 'mzn', 'nqo', 'pnb', 'ps', 'sd', 'ug', 'ur', 'yi']);

/** The list's items at the top level (commas inside parentheses or brackets belong to their item). */
function splitList(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      items.push(list.slice(start, i));
      start = i + 1;
    }
  }
  items.push(list.slice(start));
  return items;
}

/** The index of the parenthesis closing the one opened just before `from`. */
function closing(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/** One complex selector, or null when it can never match. */
function ltrSelector(selector: string): string | null {
  let out = '';
  let i = 0;
  while (i < selector.length) {
    const match = /^:(is|where|not|lang)\(/.exec(selector.slice(i));
    if (!match) {
      // Attribute values and escapes are copied whole: a parenthesis in them is no pseudo-class.
      if (selector[i] === '[') {
        const end = selector.indexOf(']', i);
        if (end < 0) return selector;
        out += selector.slice(i, end + 1);
        i = end + 1;
      } else if (selector[i] === '\\') {
        out += selector.slice(i, i + 2);
        i += 2;
      } else out += selector[i++];
      continue;
    }
    const name = match[1] as string;
    const open = i + match[0].length;
    const end = closing(selector, open);
    if (end < 0) return selector;
    const inner = selector.slice(open, end);
    i = end + 1;
    if (name === 'lang') {
      if (RTL.has(inner.trim().toLowerCase())) return null;
      out += `:lang(${inner})`;
      continue;
    }
    const kept = ltrOnly(inner);
    if (name === 'not') {
      if (kept !== null) out += `:not(${kept})`;
      // Dropped where it was the compound's only part: the compound is any element then.
      else if (/^$|[\s>+~(,]$/.test(out)) out += '*';
      continue;
    }
    if (kept === null) return null;
    out += `:${name}(${kept})`;
  }
  return out;
}

export function ltrOnly(selectorList: string): string | null {
  const kept = splitList(selectorList).map(ltrSelector).filter((s): s is string => s !== null && s.trim() !== '');
  return kept.length > 0 ? kept.join(',') : null;
}

/** The stylesheet with every rule's selectors cut by ltrOnly (rules that cannot match removed). */
export function ltrStylesheet(css: string): string {
  const root = postcss.parse(css);
  root.walkRules((rule) => {
    // Keyframe steps (from, 50%) are no selectors.
    if (rule.parent?.type === 'atrule' && /keyframes$/i.test((rule.parent as postcss.AtRule).name)) return;
    const kept = ltrOnly(rule.selector);
    if (kept === null) rule.remove();
    else if (kept !== rule.selector) rule.selector = kept;
  });
  return root.toString();
}

/** The Vite plugin: Handsontable's stylesheet goes through ltrStylesheet in the dev server, the build and the browser tests. */
export function handsontableLtrCss(): Plugin {
  return {
    name: 'jixiao:handsontable-ltr-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]handsontable[\\/]styles[\\/]handsontable(\.min)?\.css$/.test(id)) return null;
      return { code: ltrStylesheet(code), map: null };
    },
  };
}
