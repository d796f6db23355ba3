import { describe, it, expect } from 'vitest';
import { findingColumn } from '../../../src/ui/finding-column.ts';

describe('findingColumn', () => {
  it('points a leaf finding at its cell and a group finding at the group name', () => {
    expect(findingColumn('actual', 3, true)).toBe('actual');
    expect(findingColumn('rule', 3, true)).toBe('score');
    expect(findingColumn('weight', 3, true)).toBe('weight');
    expect(findingColumn('weight', 1, false)).toBe('level1');
    expect(findingColumn('score', 2, false)).toBe('level2');
    expect(findingColumn(null, 4, true)).toBe('level3');
  });
});
