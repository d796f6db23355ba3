import { describe, expect, it } from 'vitest';
import { applyCellEdits, type Evaluation, type IndicatorEdit } from '../../../src/domain/index.ts';
import { findAll, replaceEdits } from '../../../src/ui/find-replace.ts';
import seed000 from '../../fixtures/seed-000-annex3.json';

const seed = () => structuredClone(seed000) as unknown as Evaluation;

describe('find and replace', () => {
  it('finds names at every level and the criteria, targets, actuals and reasons, in grid order', () => {
    const matches = findAll(seed(), '满意度');
    expect(matches.length).toBeGreaterThan(0);
    expect(matches.find((m) => m.field === 'name')?.column).toBe('level3');
    const level1 = findAll(seed(), '决策');
    expect(level1[0]).toMatchObject({ nodeId: 'A', field: 'name', column: 'level1' });
    const percent = findAll(seed(), '%');
    expect(percent.some((m) => m.field === 'actual')).toBe(true);
    expect(findAll(seed(), '')).toEqual([]);
  });

  it('replaces all as one list of edits (one undo step), and never empties a name', () => {
    const ev = seed();
    const matches = findAll(ev, '项目');
    const edits = replaceEdits(matches, '项目', '工程');
    expect(edits.length).toBe(new Set(matches.map((m) => `${m.nodeId}:${m.field}`)).size);
    const after = applyCellEdits(ev, edits as readonly IndicatorEdit[]);
    expect(findAll(after, '项目')).toEqual([]);
    expect(findAll(after, '工程').length).toBe(matches.length);
    const names = findAll(ev, '决策').filter((m) => m.text === '决策');
    expect(replaceEdits(names, '决策', '')).toEqual([]);
  });

  it('ignores case unless asked, for Latin text', () => {
    const ev = seed();
    const withAbc = applyCellEdits(ev, [{ nodeId: 'D14', field: 'reason', value: 'KPI 偏低' }]);
    expect(findAll(withAbc, 'kpi')).toHaveLength(1);
    expect(findAll(withAbc, 'kpi', { matchCase: true })).toHaveLength(0);
    expect(replaceEdits(findAll(withAbc, 'kpi'), 'kpi', '指标')).toEqual([{ nodeId: 'D14', field: 'reason', value: '指标 偏低' }]);
  });
});
