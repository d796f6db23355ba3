// Handsontable's stylesheet is served cut to left-to-right (scripts/handsontable-css.ts): the
// grid must look exactly as with the original. Every computed style of every element of a
// drawn grid (frozen columns, merges, wrapped text, a selection, the context menu) is read
// with the cut sheet and again with the original in its place.
import { afterEach, expect, it } from 'vitest';
import original from 'handsontable/styles/handsontable.min.css?raw';
import { evaluate } from '../../../src/domain/index.ts';
import type { Evaluation } from '../../../src/domain/index.ts';
import { createIndicatorGrid } from '../../../src/grid/index.ts';
import seed from '../../fixtures/seed-000-annex3.json';
import { nextFrame, recorder } from './fixtures.ts';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

function styles(root: Element): string[] {
  const out: string[] = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const style = getComputedStyle(el);
    const values: string[] = [];
    for (let i = 0; i < style.length; i++) {
      const name = style.item(i);
      values.push(`${name}:${style.getPropertyValue(name)}`);
    }
    out.push(`${el.tagName}.${el.className} ${values.join(';')}`);
  }
  return out;
}

it('draws the grid exactly as the original stylesheet does', async () => {
  const sheet = [...document.querySelectorAll<HTMLStyleElement>('style[data-vite-dev-id]')].find((s) =>
    /handsontable[\\/]styles[\\/]handsontable\.min\.css$/.test(s.dataset.viteDevId ?? ''),
  );
  expect(sheet, 'the stylesheet Vite injected').toBeTruthy();
  const cut = sheet?.textContent ?? '';
  // The cut one is served (the plugin is on), and it is not the original.
  expect(original).toContain(':not(:lang(ae)');
  expect(cut).not.toContain(':lang(ae)');

  const ev = structuredClone(seed) as unknown as Evaluation;
  const container = document.createElement('div');
  container.style.cssText = 'width:1200px;height:700px';
  document.body.append(container);
  const grid = createIndicatorGrid(container, recorder().callbacks, {});
  grid.update(ev, evaluate(ev));
  cleanup = () => {
    grid.destroy();
    container.remove();
  };
  await nextFrame();
  const firstLeaf = ev.indicators[0]?.children[0]?.children[0];
  if (firstLeaf) grid.select(firstLeaf.id, 'actual');
  await nextFrame();
  const root = container.querySelector('.handsontable');
  expect(root).toBeTruthy();
  const drawn = root as Element;
  expect(drawn.querySelectorAll('.ht_clone_inline_start tbody td').length).toBeGreaterThan(10);
  // The context menu, open on a cell (its items are tables of their own, with a selected row).
  const cell = drawn.querySelector<HTMLElement>('.ht_master tbody tr:nth-child(3) td:nth-child(6)');
  const box = cell?.getBoundingClientRect();
  cell?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 2, clientX: box?.left ?? 0, clientY: box?.top ?? 0 }));
  cell?.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true, button: 2, clientX: (box?.left ?? 0) + 5, clientY: (box?.top ?? 0) + 5 }));
  await nextFrame();
  expect(document.querySelectorAll('.htContextMenu tbody td').length).toBeGreaterThan(3);

  const withCut = styles(document.body);
  if (sheet) sheet.textContent = original;
  const withOriginal = styles(document.body);
  if (sheet) sheet.textContent = cut;

  expect(withCut.length).toBe(withOriginal.length);
  const differing = withCut.flatMap((line, i) => (line === withOriginal[i] ? [] : [`${line.slice(0, 80)}…`]));
  expect(differing).toEqual([]);
});
