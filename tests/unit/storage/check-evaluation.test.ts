import { describe, expect, it } from 'vitest';
import { checkEvaluation } from '../../../src/storage/check-evaluation.ts';
import type { Evaluation } from '../../../src/domain/model.ts';

function valid(): Evaluation {
  return {
    id: 'e1',
    meta: { projectName: '智慧城管', department: '', implementer: '', year: '2023', type: '自评', evaluator: '', notes: '' },
    funds: null,
    indicators: [{ id: 'n1', name: '决策', weight: 20, children: [{ id: 'n2', name: '立项', weight: 20, children: [] }] }],
    settings: { gradeScale: { id: 'mof', name: '财政部', bands: [] }, rounding: 'half-up', decimals: 2 },
    adjustments: [],
  };
}

describe('checkEvaluation', () => {
  it('accepts an evaluation', () => {
    expect(checkEvaluation(valid())).toBeNull();
  });

  it('names what is wrong, in Chinese', () => {
    expect(checkEvaluation(null)).toMatch(/不是对象/);
    expect(checkEvaluation({ ...valid(), id: '' })).toMatch(/缺少编号/);
    expect(checkEvaluation({ ...valid(), meta: undefined })).toMatch(/缺少基本信息/);
    expect(checkEvaluation({ ...valid(), settings: null })).toMatch(/缺少评分设置/);
    expect(checkEvaluation({ ...valid(), adjustments: {} })).toMatch(/调整项/);
    expect(checkEvaluation({ ...valid(), indicators: 'x' })).toMatch(/「智慧城管」：指标列表不是数组/);
    const dup = valid();
    dup.indicators[0]!.children.push({ id: 'n1', name: '重复', weight: 1, children: [] });
    expect(checkEvaluation(dup)).toMatch(/指标编号重复：n1/);
    const noId = valid();
    noId.indicators[0]!.children[0] = { name: '无编号', weight: 1, children: [] } as never;
    expect(checkEvaluation(noId)).toMatch(/「无编号」缺少编号/);
  });
});
