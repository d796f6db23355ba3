import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import postcss from 'postcss';
import { describe, expect, it } from 'vitest';
import { ltrOnly, ltrStylesheet } from '../../../scripts/handsontable-css.ts';

const RTL = ':lang(ae),:lang(ar),:lang(arc),:lang(bcc),:lang(bqi),:lang(ckb),:lang(dv),:lang(fa),:lang(glk),:lang(he),:lang(ku),:lang(mzn),:lang(nqo),:lang(pnb),:lang(ps),:lang(sd),:lang(ug),:lang(ur),:lang(yi)';

describe('ltrOnly: a selector list with the right-to-left languages false', () => {
  it('drops the :not() of them, which always holds', () => {
    expect(ltrOnly(`.ht .htCore>tbody>tr:first-child>td:first-child:not(${RTL})`)).toBe('.ht .htCore>tbody>tr:first-child>td:first-child');
    expect(ltrOnly(`td:not(:lang(ar), .x)`)).toBe('td:not( .x)');
  });
  it('keeps the compound a dropped :not() stood for alone', () => {
    expect(ltrOnly(`.a :not(${RTL})`)).toBe('.a *');
    expect(ltrOnly(`:not(${RTL})`)).toBe('*');
    expect(ltrOnly(`.a>:not(${RTL}).b`)).toBe('.a>*.b');
  });
  it('drops a selector that needs one of them, and a rule none of whose selectors can match', () => {
    expect(ltrOnly(`td:first-child:is(${RTL})`)).toBeNull();
    expect(ltrOnly(`td:is(${RTL}),th.x`)).toBe('th.x');
    expect(ltrOnly(`:is(.a th:is(${RTL}),.a td:is(${RTL}))`)).toBeNull();
    expect(ltrOnly(`:is(.a th:is(${RTL}),.b td)`)).toBe(':is(.b td)');
    expect(ltrOnly(`:where(.a:lang(he)) .b, .c`)).toBe(' .c');
  });
  it('leaves every other selector as it was', () => {
    for (const s of ['.handsontable td:has(.htItemWrapper .selected)', ':lang(zh) .a', '[data-x="a:is(:lang(ar))"] b', 'a\\(b:not(.c)', 'tr:nth-child(2n of .x)', '::-webkit-scrollbar', '[dir=rtl].handsontable .a']) {
      expect(ltrOnly(s)).toBe(s);
    }
  });
});

describe("Handsontable's stylesheet cut to left-to-right", () => {
  const file = createRequire(import.meta.url).resolve('handsontable/styles/handsontable.min.css');
  const original = readFileSync(file, 'utf8');
  const cut = ltrStylesheet(original);
  const rules = (css: string) => {
    const list: string[] = [];
    postcss.parse(css).walkRules((r) => void list.push(r.selector));
    return list;
  };

  it('has no right-to-left :lang() left, and lost only rules made of them', () => {
    expect(original).toContain(':is(:lang(ae)');
    expect(cut).not.toMatch(/:lang\((ae|ar|he|fa|ur|yi)\)/);
    const before = rules(original);
    const after = rules(cut);
    const onlyRtl = before.filter((s) => ltrOnly(s) === null);
    // 73 pairs: one branch of each removed; every rule left is one of the originals, rewritten.
    expect(onlyRtl.length).toBeGreaterThanOrEqual(50);
    expect(onlyRtl.every((s) => s.includes(':lang(ae)'))).toBe(true);
    expect(after.length).toBe(before.length - onlyRtl.length);
    // Parsed again, unchanged: the output is valid CSS with the same declarations.
    expect(ltrStylesheet(cut)).toBe(cut);
    const declarations = (css: string) => postcss.parse(css).toString().match(/[{;][^{};]+:[^{};]+/g)?.length ?? 0;
    expect(declarations(cut)).toBeLessThan(declarations(original));
  });
});
