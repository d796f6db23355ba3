import { describe, expect, it } from 'vitest';
import { newEvaluation, newIndicator } from '../../../src/domain/index.ts';
import { unusedLevelColumns } from '../../../src/ui/level-columns.ts';

const leaf = (name: string) => newIndicator({ name, weight: 1 });
const group = (name: string, children = [leaf(`${name}-1`)]) => newIndicator({ name, weight: null, children });

describe('unusedLevelColumns', () => {
  it('hides 三级 for a two-level table (Shanghai 一级指标 / 指标名称)', () => {
    expect(unusedLevelColumns(newEvaluation({ indicators: [group('投入与管理'), group('产出目标')] }))).toEqual(['level3']);
  });

  it('keeps every level column once one branch reaches level 3, even the last one', () => {
    const deepLast = group('效益', [group('满意度', [leaf('服务对象满意度')])]);
    expect(unusedLevelColumns(newEvaluation({ indicators: [group('决策'), deepLast] }))).toEqual([]);
  });

  it('hides 二级 and 三级 for a flat list, and nothing for an empty evaluation', () => {
    expect(unusedLevelColumns(newEvaluation({ indicators: [leaf('a'), leaf('b')] }))).toEqual(['level2', 'level3']);
    expect(unusedLevelColumns(newEvaluation({ indicators: [] }))).toEqual([]);
  });
});
