import { describe, it, expect } from 'vitest';
import { describeMerge } from '../../../src/ui/merge-notice.ts';
import { nationalFramework } from '../../../src/domain/templates.ts';
import { allIndicators } from '../../../src/domain/tree-edit.ts';

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
});
