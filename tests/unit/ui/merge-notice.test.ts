import { describe, it, expect } from 'vitest';
import { describeMerge } from '../../../src/ui/merge-notice.ts';
import { nationalFramework } from '../../../src/domain/templates.ts';
import { allIndicators, applyCellEdits, deleteIndicators } from '../../../src/domain/tree-edit.ts';
import { mergeEvaluations } from '../../../src/domain/merge.ts';
import { visibleText } from '../../../src/domain/visible-text.ts';

describe('describeMerge', () => {
  const merged = nationalFramework();
  const leaf = allIndicators(merged).find((n) => n.name === '预算执行率')!;

  it('says both sides were kept when nothing collided', () => {
    const notice = describeMerge({ merged, conflicts: [] }, merged);
    expect(notice.kind).toBe('info');
    expect(notice.text).toContain('均已保留');
  });

  it('names the indicator and field that took the other tab’s value', () => {
    const notice = describeMerge(
      { merged, conflicts: [{ nodeId: leaf.id, field: 'actual' }, { nodeId: null, field: 'meta.projectName' }] },
      merged,
    );
    expect(notice.kind).toBe('warning');
    expect(notice.text).toContain('「预算执行率」的实际完成值');
    expect(notice.text).toContain('项目名称');
  });

  it('quotes the value taken and the value of ours that lost, for every conflict', () => {
    const base = merged;
    const mine = applyCellEdits(base, [{ nodeId: leaf.id, field: 'actual', value: '97%' }]);
    const theirs = applyCellEdits(base, [{ nodeId: leaf.id, field: 'actual', value: '98%' }]);
    const outcome = mergeEvaluations(base, mine, theirs);
    const notice = describeMerge(outcome, outcome.merged, mine);
    expect(notice.kind).toBe('warning');
    expect(notice.text).toContain('「预算执行率」的实际完成值：采用了另一窗口的值 98%（本窗口的 97% 已放入撤销记录）');
  });

  it('names a leaf deleted on one side and edited on the other, kept', () => {
    const base = merged;
    const mine = applyCellEdits(base, [{ nodeId: leaf.id, field: 'reason', value: '进度滞后' }]);
    const theirs = deleteIndicators(base, [leaf.id]);
    const outcome = mergeEvaluations(base, mine, theirs);
    expect(allIndicators(outcome.merged).some((n) => n.id === leaf.id)).toBe(true);
    expect(describeMerge(outcome, outcome.merged, mine).text).toContain('「预算执行率」：另一窗口删除了它，但本窗口修改过，已保留');
    const reverse = mergeEvaluations(base, theirs, mine);
    expect(describeMerge(reverse, reverse.merged, theirs).text).toContain('「预算执行率」：本窗口删除了它，但另一窗口修改过，已保留');
  });

  it('shows bidi controls as marks, never live', () => {
    expect(visibleText('a\u202Eb\u2066c\u200F')).toBe('a⟨U+202E⟩b⟨U+2066⟩c⟨U+200F⟩');
    expect(visibleText('预算执行率')).toBe('预算执行率');
  });
});
