/**
 * Structural commands (insert, delete, indent, move) and the indicators they act on.
 * A command acts on the node of the active cell: in a group cell that is the group (so a
 * whole 二级 can be moved or outdented), anywhere else the row's leaf.
 */
import type { Id } from '../domain/index.ts';
import type { RowMap } from './row-map.ts';
import type { ColumnKey, StructureOp } from './types.ts';

export type StructureCommand =
  | 'insert-below'
  | 'insert-above'
  | 'insert-child'
  | 'delete'
  | 'outdent'
  | 'indent'
  | 'move-up'
  | 'move-down';

export const STRUCTURE_LABELS: Record<StructureCommand, string> = {
  'insert-below': '在下方插入指标',
  'insert-above': '在上方插入指标',
  'insert-child': '插入下级指标',
  delete: '删除指标',
  outdent: '升级(左移)',
  indent: '降级(右移)',
  'move-up': '上移',
  'move-down': '下移',
};

export const STRUCTURE_COMMANDS = Object.keys(STRUCTURE_LABELS) as StructureCommand[];

/** The node a cell acts for: its group in a group cell, else its row's leaf. */
export function targetOf(map: RowMap, row: number, column: ColumnKey): Id | null {
  const gridRow = map.rows[row];
  if (!gridRow) return null;
  return map.role(row, column) === 'group' ? map.nodeAt(row, column) : gridRow.leafId;
}

/**
 * Every node a selection covers (for 删除指标): each selected row's target in the
 * active column, in order, once each.
 */
export function targetsOf(map: RowMap, rows: Iterable<number>, column: ColumnKey): Id[] {
  const seen = new Set<Id>();
  for (const row of rows) {
    const id = targetOf(map, row, column);
    if (id !== null) seen.add(id);
  }
  return [...seen];
}

export function structureOp(command: StructureCommand, targets: readonly Id[]): StructureOp | null {
  const first = targets[0];
  if (first === undefined) return null;
  switch (command) {
    case 'insert-below':
      return { kind: 'insert-sibling-after', nodeId: first };
    case 'insert-above':
      return { kind: 'insert-sibling-before', nodeId: first };
    case 'insert-child':
      return { kind: 'insert-child', nodeId: first };
    case 'delete':
      return { kind: 'delete', nodeIds: [...targets] };
    case 'outdent':
      return { kind: 'outdent', nodeId: first };
    case 'indent':
      return { kind: 'indent', nodeId: first };
    case 'move-up':
      return { kind: 'move-up', nodeId: first };
    case 'move-down':
      return { kind: 'move-down', nodeId: first };
  }
}

/**
 * Whether a command can change anything for `nodeId`, to grey out menu items that would
 * do nothing: 升级 a 一级, 降级 or 上移 a first child (降级 makes the node a child of the
 * sibling before it), 下移 a last child.
 */
export function canApply(command: StructureCommand, map: RowMap, nodeId: Id): boolean {
  const depth = map.depthOf(nodeId);
  if (depth === undefined) return false;
  switch (command) {
    case 'outdent':
      return depth > 1;
    case 'indent':
    case 'move-up':
      return map.siblings(nodeId).previous;
    case 'move-down':
      return map.siblings(nodeId).next;
    default:
      return true;
  }
}
