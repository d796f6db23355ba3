/**
 * 查找和替换 over the texts a user types: names (every level), 评分标准, 指标值, 实际完成值 and
 * 扣分原因, in the grid's order (tree order, then left to right). Replace builds CellEdits, so
 * "全部替换" is one applyEdits: one undo step.
 */
import type { Evaluation, Id, Indicator } from '../domain/index.ts';
import type { CellEdit, ColumnKey } from '../grid/types.ts';

export type FindField = 'name' | 'criteria' | 'target' | 'actual' | 'reason';

export const FIND_FIELDS: readonly FindField[] = ['name', 'criteria', 'target', 'actual', 'reason'];

export interface FindMatch {
  nodeId: Id;
  field: FindField;
  /** The grid column that shows it, to select the cell. */
  column: ColumnKey;
  text: string;
}

export interface FindOptions {
  matchCase?: boolean;
}

const FIELD_COLUMN: Record<Exclude<FindField, 'name'>, ColumnKey> = {
  criteria: 'criteria',
  target: 'target',
  actual: 'actual',
  reason: 'reason',
};

function nameColumn(depth: number): ColumnKey {
  return depth <= 1 ? 'level1' : depth === 2 ? 'level2' : 'level3';
}

function contains(text: string, query: string, options: FindOptions): boolean {
  return options.matchCase ? text.includes(query) : text.toLowerCase().includes(query.toLowerCase());
}

export function findAll(evaluation: Evaluation, query: string, options: FindOptions = {}): FindMatch[] {
  const out: FindMatch[] = [];
  if (query === '') return out;
  const visit = (node: Indicator, depth: number) => {
    if (contains(node.name, query, options)) out.push({ nodeId: node.id, field: 'name', column: nameColumn(depth), text: node.name });
    if (node.children.length === 0) {
      for (const field of ['criteria', 'target', 'actual', 'reason'] as const) {
        const text = node[field] ?? '';
        if (text !== '' && contains(text, query, options)) out.push({ nodeId: node.id, field, column: FIELD_COLUMN[field], text });
      }
    }
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const node of evaluation.indicators) visit(node, 1);
  return out;
}

function replaceIn(text: string, query: string, replacement: string, options: FindOptions): string {
  if (options.matchCase) return text.split(query).join(replacement);
  const lower = text.toLowerCase();
  const needle = query.toLowerCase();
  let out = '';
  let at = 0;
  for (let found = lower.indexOf(needle); found >= 0; found = lower.indexOf(needle, at)) {
    out += text.slice(at, found) + replacement;
    at = found + query.length;
  }
  return out + text.slice(at);
}

/** The edits that replace `query` in these matches; a name left empty is skipped (names are required). */
export function replaceEdits(matches: readonly FindMatch[], query: string, replacement: string, options: FindOptions = {}): CellEdit[] {
  const edits: CellEdit[] = [];
  for (const match of matches) {
    const value = replaceIn(match.text, query, replacement, options);
    if (value === match.text) continue;
    if (match.field === 'name' && value.trim() === '') continue;
    edits.push({ nodeId: match.nodeId, field: match.field, value: match.field === 'name' ? value.trim() : value });
  }
  return edits;
}
