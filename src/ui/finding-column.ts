/**
 * Which grid cell a finding is about, so clicking it selects that cell. A finding about a
 * group's weight or subtotal points at the group's name cell, which shows both.
 */
import type { Finding } from '../domain/index.ts';
import type { ColumnKey } from '../grid/types.ts';

export function findingColumn(field: Finding['field'], level: number, isLeaf: boolean): ColumnKey {
  const nameColumn: ColumnKey = level <= 1 ? 'level1' : level === 2 ? 'level2' : 'level3';
  switch (field) {
    case 'weight':
      return isLeaf ? 'weight' : nameColumn;
    case 'score':
    case 'rule':
      return isLeaf ? 'score' : nameColumn;
    case 'target':
      return 'target';
    case 'actual':
      return 'actual';
    case 'reason':
      return 'reason';
    case 'status':
      return 'status';
    default:
      return nameColumn;
  }
}
