/**
 * The one place that knows which indicator each grid cell stands for.
 *
 * One grid row per leaf, in tree order. The name columns show the leaf's ancestors: a
 * group (a node with children) at depth 1 or 2 shows in 一级/二级 of every row below it,
 * merged into one cell (see merges.ts). Leaves shallower than 3 show their name in the
 * column of their own depth and leave the columns to the right blank (filler). Deeper
 * than 3 levels does not fit the 评分表: the 三级 cell shows the path below level 2,
 * "A › B › leaf", and edits the leaf's name.
 *
 * Built only when the structure (ids, order, depths) changes; `matches` checks that cheaply
 * on every update without allocating.
 */
import type { Id, Indicator } from '../domain/index.ts';
import type { ColumnKey } from './types.ts';

/** Separator of the path shown in the 三级 cell of a leaf deeper than 3 levels. */
export const DEEP_PATH_SEPARATOR = ' › ';

export interface GridRow {
  leafId: Id;
  /** Depth of the leaf: 1 = a 一级 without children. */
  depth: number;
  /** Ids from the 一级 ancestor down to the leaf itself. */
  path: Id[];
  /** Positions of the path's nodes in the preorder, to reach their current objects. */
  pathIndex: number[];
}

/**
 * What a cell of the name columns is: a group spanning its rows, the leaf's own name,
 * the leaf's name under a deep path, or a blank filler to the right of a shallow leaf.
 * Every other column is a field of the leaf ('field').
 */
export type CellRole = 'group' | 'leaf-name' | 'deep-name' | 'filler' | 'field';

const NAME_LEVEL: Partial<Record<ColumnKey, number>> = { level1: 1, level2: 2, level3: 3 };

export class RowMap {
  /** Node ids in preorder, and their depths: the structure signature. */
  readonly ids: Id[];
  readonly depths: number[];
  readonly rows: GridRow[];
  /** The first row each node (leaf or group) appears in. */
  private readonly firstRows: Map<Id, number>;
  private readonly depthById: Map<Id, number>;
  private readonly orderById: Map<Id, number>;

  private constructor(ids: Id[], depths: number[], rows: GridRow[]) {
    this.ids = ids;
    this.depths = depths;
    this.rows = rows;
    this.firstRows = new Map();
    this.depthById = new Map();
    this.orderById = new Map();
    for (let i = 0; i < ids.length; i++) {
      this.depthById.set(ids[i] as Id, depths[i] as number);
      this.orderById.set(ids[i] as Id, i);
    }
    rows.forEach((row, index) => {
      for (const id of row.path) if (!this.firstRows.has(id)) this.firstRows.set(id, index);
    });
  }

  static build(indicators: readonly Indicator[]): RowMap {
    const ids: Id[] = [];
    const depths: number[] = [];
    const rows: GridRow[] = [];
    const path: Id[] = [];
    const pathIndex: number[] = [];
    const visit = (node: Indicator, depth: number): void => {
      const index = ids.length;
      ids.push(node.id);
      depths.push(depth);
      path.push(node.id);
      pathIndex.push(index);
      if (node.children.length === 0) {
        rows.push({ leafId: node.id, depth, path: [...path], pathIndex: [...pathIndex] });
      } else {
        for (const child of node.children) visit(child, depth + 1);
      }
      path.pop();
      pathIndex.pop();
    };
    for (const node of indicators) visit(node, 1);
    return new RowMap(ids, depths, rows);
  }

  /**
   * True when `indicators` has exactly this structure; fills `nodes` with the current
   * indicator objects in preorder (so callers reach them through GridRow.pathIndex).
   */
  matches(indicators: readonly Indicator[], nodes: Indicator[]): boolean {
    const { ids, depths } = this;
    let index = 0;
    const stack: { list: readonly Indicator[]; at: number; depth: number }[] = [{ list: indicators, at: 0, depth: 1 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as (typeof stack)[number];
      if (top.at >= top.list.length) {
        stack.pop();
        continue;
      }
      const node = top.list[top.at++] as Indicator;
      if (index >= ids.length || ids[index] !== node.id || depths[index] !== top.depth) return false;
      nodes[index++] = node;
      if (node.children.length > 0) stack.push({ list: node.children, at: 0, depth: top.depth + 1 });
    }
    nodes.length = index;
    return index === ids.length;
  }

  get rowCount(): number {
    return this.rows.length;
  }

  rowOf(nodeId: Id): number | undefined {
    return this.firstRows.get(nodeId);
  }

  depthOf(nodeId: Id): number | undefined {
    return this.depthById.get(nodeId);
  }

  /**
   * Whether the node has a sibling before / after it under the same parent. Walks the
   * preorder from the node outwards, so it costs the size of the neighbouring subtrees:
   * fine for a menu opening, not for a render loop.
   */
  siblings(nodeId: Id): { previous: boolean; next: boolean } {
    const at = this.orderById.get(nodeId);
    if (at === undefined) return { previous: false, next: false };
    const depth = this.depths[at] as number;
    let previous = false;
    for (let i = at - 1; i >= 0; i--) {
      const d = this.depths[i] as number;
      if (d < depth) break;
      if (d === depth) {
        previous = true;
        break;
      }
    }
    let next = false;
    for (let i = at + 1; i < this.depths.length; i++) {
      const d = this.depths[i] as number;
      if (d < depth) break;
      if (d === depth) {
        next = true;
        break;
      }
    }
    return { previous, next };
  }

  role(row: number, column: ColumnKey): CellRole {
    const level = NAME_LEVEL[column];
    if (level === undefined) return 'field';
    const gridRow = this.rows[row];
    if (!gridRow) return 'filler';
    if (level > gridRow.depth) return 'filler';
    if (level === gridRow.depth) return 'leaf-name';
    if (level === 3) return 'deep-name';
    return 'group';
  }

  /** The indicator a cell edits and describes; null for fillers. */
  nodeAt(row: number, column: ColumnKey): Id | null {
    const gridRow = this.rows[row];
    if (!gridRow) return null;
    const role = this.role(row, column);
    if (role === 'filler') return null;
    if (role === 'group') return gridRow.path[(NAME_LEVEL[column] as number) - 1] ?? null;
    return gridRow.leafId;
  }

  /**
   * The cell showing `nodeId`'s `column`: a leaf's field in its row; a group's name (its
   * only cell) for any column; a group deeper than 2 has no cell of its own, so the
   * 三级 cell of its first row, whose path names it.
   */
  cellOf(nodeId: Id, column: ColumnKey): { row: number; column: ColumnKey } | null {
    const row = this.rowOf(nodeId);
    const depth = this.depthOf(nodeId);
    if (row === undefined || depth === undefined) return null;
    const gridRow = this.rows[row] as GridRow;
    if (gridRow.leafId === nodeId) {
      if (NAME_LEVEL[column] !== undefined) return { row, column: nameColumnOf(depth) };
      return { row, column };
    }
    return { row, column: nameColumnOf(depth) };
  }
}

export function nameColumnOf(depth: number): ColumnKey {
  return depth <= 1 ? 'level1' : depth === 2 ? 'level2' : 'level3';
}
