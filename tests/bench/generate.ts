// The generated evaluations the browser benches open: `groups` 一级 × `subgroups` 二级 × `leaves`
// 三级, ratio rules, texts in every long column. Pure (domain only), so a page can import it too.
import type { Evaluation, Indicator } from '../../src/domain/index.ts';
import { newEvaluation } from '../../src/domain/index.ts';

export function generate(groups: number, subgroups: number, leaves: number, id = `bench-${groups * subgroups * leaves}`): Evaluation {
  let n = 0;
  const indicators: Indicator[] = Array.from({ length: groups }, (_, a) => ({
    id: `a${a}`, name: `一级${a + 1}`, weight: 100 / groups, children: Array.from({ length: subgroups }, (_, b) => ({
      id: `a${a}b${b}`, name: `二级${a + 1}-${b + 1}`, weight: 100 / groups / subgroups, children: Array.from({ length: leaves }, (_, c) => {
        n += 1;
        return {
          id: `a${a}b${b}c${c}`, name: `三级指标${n}`, weight: 100 / groups / subgroups / leaves, target: '>=100个', actual: `${60 + (n % 40)}个`,
          explanation: `第${n}项指标的解释，说明口径与数据来源。`, criteria: '实际完成值/指标值×分值', reason: '偏差原因',
          rule: { type: 'ratio' as const, rateDecimals: 2 }, children: [],
        };
      }),
    })),
  }));
  return newEvaluation({ id, indicators, meta: { ...newEvaluation().meta, projectName: `${n}项指标基准` } });
}

/** 4 一级 × 25 二级 × 50 三级 (the issue 12 figure). */
export function generate5000(): Evaluation {
  const ev = generate(4, 25, 50, 'bench-5000');
  return { ...ev, meta: { ...ev.meta, projectName: '五千指标基准' } };
}
