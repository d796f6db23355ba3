/**
 * What the importer's fast paths must keep meaning: a group's children found by name under
 * their parent (the same name twice is two indicators), a header printed again told apart from a
 * row that only starts like it, and a 评分标准 text repeated over many leaves recognised once
 * but owned by each leaf.
 */
import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../../src/domain/index.ts';
import { headerRepeat } from '../../../src/io/detect-layout.ts';
import { recogniseRule, ruleRecogniser } from '../../../src/io/criteria-rules.ts';
import { importCsv, leaves } from './helpers.ts';

const names = (nodes: readonly Indicator[]): string[] => nodes.map((n) => n.name);

describe('a row names its path from the top', () => {
  it('the same 三级 name twice in one group is two indicators; the group named again later is the first one', () => {
    const out = importCsv([
      '一级指标,二级指标,三级指标,分值,得分',
      '决策 (10分),项目立项,立项依据,3,3',
      ',,立项依据,3,2',
      ',绩效目标,目标明确,4,4',
      '过程 (10分),项目立项,资金到位,10,9',
      '决策,项目立项,立项程序,0,0',
    ]);
    const ev = out.value.evaluations[0]!;
    expect(names(ev.indicators)).toEqual(['决策', '过程']);
    const [decision, process] = ev.indicators as [Indicator, Indicator];
    expect(decision.weight).toBe(10);
    expect(names(decision.children)).toEqual(['项目立项', '绩效目标']);
    // Two 立项依据 with their own figures, then 立项程序 in the same (first) 项目立项 group.
    expect(decision.children[0]!.children.map((l) => [l.name, l.statedScore])).toEqual([['立项依据', 3], ['立项依据', 2], ['立项程序', 0]]);
    // 项目立项 under 过程 is another group: the path, not the name alone, finds a group.
    expect(names(process.children)).toEqual(['项目立项']);
    expect(names(process.children[0]!.children)).toEqual(['资金到位']);
  });

  it('a header printed again mid-table is skipped; continuation rows add to the leaf above', () => {
    const out = importCsv([
      '一级指标,二级指标,分值,评分标准,得分',
      '决策,立项依据,3,达到指标值得满分；,3',
      ',,,否则不得分,',
      '一级指标,二级指标,分值,评分标准,得分',
      '过程,资金到位,7,按实际情况打分,6',
    ]);
    const ev = out.value.evaluations[0]!;
    expect(leaves(ev).map((l) => l.name)).toEqual(['立项依据', '资金到位']);
    expect(leaves(ev)[0]!.criteria).toBe('达到指标值得满分；\n否则不得分');
  });
});

describe('headerRepeat', () => {
  const header = ['一级指标', '二级\n指标', '分值（分）', '得分'];
  const repeats = headerRepeat([header]);
  it('is the header again with its spaces, line breaks and bracket widths as written anywhere', () => {
    expect(repeats(['一级指标', '二级指标', '分值(分)', ' 得分 '])).toBe(true);
    expect(repeats([...header])).toBe(true);
  });
  it('is not a row that differs in any cell or has a cell more', () => {
    expect(repeats(['一级指标', '二级指标', '分值(分)', '得分', '备注'])).toBe(false);
    expect(repeats(['一级指标', '二级指标', '分值(分)'])).toBe(false);
    expect(repeats(['决策', '二级指标', '分值(分)', '得分'])).toBe(false);
    expect(repeats(['一级指标', '二级指标', '分值(分)', 3])).toBe(false);
  });
});

describe('a 评分标准 text repeated over many leaves', () => {
  const texts = ['达到指标值得满分；每低于指标值的10%，扣1分，扣完为止。', '①有制度，得0.5分；②制度执行有效，得0.5分。', '按实际情况打分。', '效果明显得满分；效果一般得4分；不能提高不得分'];

  it('is recognised as recogniseRule recognises it, for each weight it scores', () => {
    const recognise = ruleRecogniser();
    for (let round = 0; round < 2; round++) {
      for (const text of texts) for (const weight of [1, 8, null]) expect(recognise(text, weight)).toEqual(recogniseRule(text, weight));
    }
  });

  it('gives every leaf a rule of its own', () => {
    const out = importCsv([
      '一级指标,二级指标,分值,评分标准,指标值,实际完成值,得分',
      ...Array.from({ length: 6 }, (_, i) => `决策,指标${i},1,"①有制度，得0.5分；②制度执行有效，得0.5分。",,,1`),
    ]);
    const rules = leaves(out.value.evaluations[0]!).map((l) => l.rule);
    expect(new Set(rules).size).toBe(6);
    expect(rules.every((r) => r?.type === 'checklist' && r.mode === 'award' && r.items.length === 2)).toBe(true);
    const [first, second] = rules as [Extract<Indicator['rule'], { type: 'checklist' }>, Extract<Indicator['rule'], { type: 'checklist' }>];
    first.items[0]!.met = true;
    expect(second.items[0]!.met).toBe(null);
    expect(out.value.previews[0]!.rules.map((r) => r.description)).toEqual(Array(6).fill(out.value.previews[0]!.rules[0]!.description));
  });
});
