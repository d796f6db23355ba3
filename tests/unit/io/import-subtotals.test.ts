import { describe, expect, it } from 'vitest';
import { evaluate, type Evaluation, type Indicator } from '../../../src/domain/index.ts';
import { importAll } from '../../../src/io/import-workbook.ts';
import { leaves } from './helpers.ts';

function importCsv(lines: string[], name: string): Evaluation {
  const out = importAll(new TextEncoder().encode(lines.join('\r\n')), name);
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
  expect(out.value.evaluations).toHaveLength(1);
  return out.value.evaluations[0]!;
}

const byName = (nodes: readonly Indicator[], name: string): Indicator => {
  const found = nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no ${name} among ${nodes.map((n) => n.name).join(', ')}`);
  return found;
};

/** Subtotal findings as [indicator name, message], the way a reviewer reads them. */
function subtotalFindings(ev: Evaluation): [string, string][] {
  const names = new Map<string, string>();
  const walk = (n: Indicator) => {
    names.set(n.id, n.name);
    n.children.forEach(walk);
  };
  ev.indicators.forEach(walk);
  return evaluate(ev).findings.filter((f) => f.code === 'stated-subtotal-differs').map((f) => [names.get(f.nodeId ?? '') ?? '', f.message]);
}

describe('subtotal (小计) rows are stated figures on their group, not indicators', () => {
  it('小计 in the 三级 column states its 二级 group, in the 二级 column its 一级 group; a wrong one is a finding', () => {
    const ev = importCsv([
      '一级指标,二级指标,三级指标,分值,得分,扣分原因',
      '决策 (10分),项目立项,立项依据充分性,3,3,',
      ',,立项程序规范性,3,2,程序不全',
      ',,小计,6,5,',
      ',绩效目标,绩效目标合理性,4,3,目标不够细化',
      ',,小  计,5,3.5,',
      ',小计,,10,8,',
      '过程 (10分),资金管理,资金到位率,10,10,',
      ',小计,,10,9,',
      '合计,,,20,18,',
    ], 'subtotals.csv');
    expect(leaves(ev).map((l) => l.name)).toEqual(['立项依据充分性', '立项程序规范性', '绩效目标合理性', '资金到位率']);
    const decision = byName(ev.indicators, '决策');
    const process = byName(ev.indicators, '过程');
    expect([decision.statedScore, process.statedScore]).toEqual([8, 9]);
    // The 小计 row's 分值 is the group's weight, so a 分值 that does not add up is found too.
    expect(decision.children.map((n) => [n.name, n.weight, n.statedScore])).toEqual([['项目立项', 6, 5], ['绩效目标', 5, 3.5]]);
    expect(evaluate(ev).findings.filter((f) => f.code === 'weight-sum').map((f) => f.message)).toEqual([
      '决策：下级指标分值合计 11.00，与本级分值 10.00 不一致',
      '绩效目标：下级指标分值合计 4.00，与本级分值 5.00 不一致',
    ]);
    expect(evaluate(ev).total).toBe(18);
    expect(ev.statedTotal).toBe(18);
    // 项目立项 (5) and 决策 (8) agree with their children; 绩效目标 and 过程 do not.
    expect(subtotalFindings(ev)).toEqual([
      ['绩效目标', '绩效目标：下级得分合计 3.00，表中小计 3.50'],
      ['过程', '过程：下级得分合计 10.00，表中小计 9.00'],
    ]);
  });

  it('coded rows: "A1项目立项 6 6" after its children is A1\'s stated subtotal; a wrong one is a finding', () => {
    const ev = importCsv([
      '某项目绩效评价评分表',
      '指标,分值,得分,扣分原因',
      'A11立项依据充分性,3,3,',
      'A12立项程序规范性,3,2,程序不全',
      'A1项目立项,6,6,',
      'A21绩效目标合理性,4,4,',
      'A2绩效目标,4,4,',
      'A决策,10,9,',
      'B11资金到位率,10,10,',
      'B1资金管理,10,10,',
      'B过程,10,10,',
      '合计,20,19,',
    ], 'coded.csv');
    expect(ev.indicators.map((n) => [n.code, n.name, n.weight, n.statedScore])).toEqual([['A', '决策', 10, 9], ['B', '过程', 10, 10]]);
    const a1 = byName(ev.indicators[0]!.children, '项目立项');
    expect([a1.code, a1.weight, a1.statedScore, a1.children.map((c) => c.name)]).toEqual(['A1', 6, 6, ['立项依据充分性', '立项程序规范性']]);
    expect(leaves(ev)).toHaveLength(4);
    // 3 + 2 = 5 where the sheet states 6; A (5 + 4 = 9) and the 合计 (9 + 10 = 19) are right.
    expect(subtotalFindings(ev)).toEqual([['项目立项', '项目立项：下级得分合计 5.00，表中小计 6.00']]);
    expect(evaluate(ev).findings.filter((f) => f.code === 'stated-total-differs')).toEqual([]);
    expect(evaluate(ev).total).toBe(19);
  });
});
