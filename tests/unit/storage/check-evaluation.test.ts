import { describe, expect, it } from 'vitest';
import { checkEvaluation, storable } from '../../../src/storage/check-evaluation.ts';
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
    expect(checkEvaluation(null)).toMatch(/数据为空，不是评价/);
    expect(checkEvaluation('x')).toMatch(/不是对象/);
    expect(checkEvaluation({ ...valid(), id: '' })).toMatch(/缺少编号/);
    expect(checkEvaluation({ ...valid(), meta: undefined })).toMatch(/缺少基本信息/);
    expect(checkEvaluation({ ...valid(), settings: null })).toMatch(/缺少评分设置/);
    expect(checkEvaluation({ ...valid(), adjustments: {} })).toMatch(/总分调整不是列表/);
    expect(checkEvaluation({ ...valid(), indicators: 'x' })).toMatch(/^评价「智慧城管」的数据有误：评价：指标列表不是数组$/);
    const dup = valid();
    dup.indicators[0]!.children.push({ id: 'n1', name: '重复', weight: 1, children: [] });
    expect(checkEvaluation(dup)).toMatch(/指标“重复”：编号“n1”与其他指标重复/);
    const noId = valid();
    noId.indicators[0]!.children[0] = { name: '无编号', weight: 1, children: [] } as never;
    expect(checkEvaluation(noId)).toMatch(/指标“无编号”：缺少编号/);
  });

  it('refuses a text over 100,000 characters instead of cutting what the evaluator typed', () => {
    const long = valid();
    long.indicators[0]!.children[0]!.reason = '长'.repeat(100_001);
    expect(checkEvaluation(long)).toMatch(/指标“立项”：扣分原因长 100,001 字，超过 100,000 字的上限，请缩短/);
  });

  it('gives the copy to store, cleaned of control characters', () => {
    const e = valid();
    e.indicators[0]!.name = '决\u0000策';
    const result = storable(e);
    expect(result.ok && result.evaluation.indicators[0]!.name).toBe('决策');
    expect(e.indicators[0]!.name).toBe('决\u0000策');
  });
});
