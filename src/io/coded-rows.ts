/**
 * Coded rows (A / A1 / A11 in the name or an 编号 column) into a tree. Two orders are met:
 *
 * - **before**: the group's row first (`A决策`, `A1项目立项`, `A11立项依据`), the code's prefix
 *   naming the parent;
 * - **after** (issue 9): the children first and their group's row after them (`A11 … A13`, then
 *   `A1项目立项` holding only its weight and subtotal). Here the code alone cannot decide the
 *   parent (C110 is C1's tenth child, and A101 could be A1's or A10's): a group row adopts the
 *   rows just above it whose codes extend its own and that no earlier group row has taken. So
 *   C11 … C19, C110 then C1 gives C1 ten children, since C11 comes before C110 and never closes.
 *
 * Tables printed in blocks per 一级 put a section title (`项目决策（10分）`) above each block's
 * repeated header: the title is the 一级, with the weight in its name, and the block's
 * groups are its children.
 */
import { cellText, cleanName, codeDepth, isPageFurniture, isSubtotalLabel, parentCode, splitCode, splitWeightFromName, type Cell } from './cell-values.ts';
import { newNode, type BuildNode } from './build-node.ts';
import { isTotalRow } from './detect-layout.ts';
import { hasBracketWeight } from './meta-block.ts';
import type { ColumnAssignment } from './layout.ts';

export type CodeOrder = 'before' | 'after';

export interface Coding {
  /** Codes build the tree (else the level columns do). */
  codes: boolean;
  order: CodeOrder;
  /** 0-based rows that are section titles inside the table. */
  sections: ReadonlySet<number>;
  /** The row above the header is the first section's title. */
  leadSection: boolean;
}

/**
 * The row's indicator text: the deepest filled level column (二级 rows fill 二级, 三级 rows 三级).
 * `A1项目立项 | 小计` is A1's row: a 小计 beside a named group states that group.
 */
export function rowName(row: readonly Cell[], levelCols: readonly ColumnAssignment[]): string {
  let subtotal = '';
  for (let k = levelCols.length - 1; k >= 0; k--) {
    const t = cellText(row[(levelCols[k] as ColumnAssignment).column]);
    if (t === '') continue;
    if (!isSubtotalLabel(t)) return t;
    subtotal ||= t;
  }
  return subtotal;
}

/** Whether code `child` continues code `group` (A11 under A1; 1.2.1 under 1.2, not 11.1 under 1). */
function extendsCode(child: string, group: string): boolean {
  if (child.length <= group.length || !child.startsWith(group)) return false;
  return /^\d/.test(group) ? child[group.length] === '.' : /^\d/.test(child.slice(group.length));
}

/** The codes a code extends: A11 → A, A1; 1.2.3 → 1, 1.2. */
function prefixesOf(code: string): string[] {
  if (/^\d/.test(code)) {
    const parts = code.split('.');
    return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
  }
  const out: string[] = [];
  for (let n = 1; n < code.length; n++) out.push(code.slice(0, n));
  return out;
}

interface ScanInput {
  rows: readonly (readonly Cell[])[];
  from: number;
  to: number;
  levelCols: readonly ColumnAssignment[];
  codeCol: ColumnAssignment | undefined;
  figureCols: readonly ColumnAssignment[];
  /** The header printed again (detect-layout's headerRepeat). */
  repeatsHeader: (row: readonly Cell[]) => boolean;
  title: string;
  leadText: string;
}

/**
 * How the table's rows are coded. Codes build the tree when most named rows carry one and there
 * are several depths: with one level column as before, and with several when group rows follow
 * their children (then the 二级 column names a group only after its 三级 rows, which the level
 * columns cannot read).
 */
export function scanCoding(input: ScanInput): Coding {
  const { rows, from, to, levelCols, codeCol, figureCols, repeatsHeader } = input;
  let named = 0;
  let coded = 0;
  const depths = new Set<number>();
  const seen = new Set<string>();
  const extended = new Set<string>();
  let after = false;
  const sections = new Set<number>();
  /** Lone `产出（40分）` rows without a header after them: sections too, once the table has sections. */
  const weighted: number[] = [];
  const isHeader = (r: number): boolean => repeatsHeader(rows[r] ?? []);
  for (let r = from; r < to; r++) {
    const row = rows[r] ?? [];
    const filled = row.filter((c) => cellText(c) !== '');
    if (filled.length === 0) continue;
    const text = rowName(row, levelCols);
    const code = codeCol ? cellText(row[codeCol.column]) : splitCode(text)?.code ?? '';
    // A coded row is neither a header nor a 合计 row; only the others need the (costlier) checks.
    if (code === '' && (isHeader(r) || isTotalRow(row))) continue;
    const hasFigure = figureCols.some((c) => cellText(row[c.column]) !== '');
    if (filled.length === 1 && code === '' && !hasFigure) {
      const lone = cellText(filled[0]);
      let next = r + 1;
      while (next < to && (rows[next] ?? []).every((c) => cellText(c) === '')) next++;
      // A block's title: lone text right above the header printed again (not the table's title, 续表 …).
      if (lone !== input.title && !isPageFurniture(lone) && splitCode(lone) === null) {
        if (next < to && isHeader(next)) {
          sections.add(r);
          continue;
        }
        if (hasBracketWeight(lone)) {
          weighted.push(r);
          continue;
        }
      }
    }
    if (text === '') continue;
    named++;
    // Thirty named rows and no code: not a coded table, whatever follows.
    if (named > 30 && coded === 0) break;
    if (code === '') continue;
    coded++;
    depths.add(codeDepth(code));
    // A group's row after a row that extends its code: the group rows follow their children.
    if (!seen.has(code) && extended.has(code)) after = true;
    seen.add(code);
    for (const p of prefixesOf(code)) extended.add(p);
  }
  const codes = named > 0 && coded / named >= 0.6 && depths.size > 1 && (levelCols.length === 1 || after);
  const leadSection = codes && input.leadText !== '' && splitCode(input.leadText) === null && (sections.size > 0 || hasBracketWeight(input.leadText));
  if (leadSection || sections.size > 0) for (const r of weighted) sections.add(r);
  return { codes, order: after ? 'after' : 'before', sections: codes ? sections : new Set(), leadSection };
}

/** Builds the tree of a coded table, row by row, into `roots`. */
export class CodedTree {
  readonly #roots: BuildNode[];
  readonly #order: CodeOrder;
  /** before: every node by code. */
  readonly #byCode = new Map<string, BuildNode>();
  /** after: the rows no group row has taken yet, in sheet order. */
  #open: BuildNode[] = [];
  #section: BuildNode | null = null;
  #lastLeaf: BuildNode | null = null;

  constructor(roots: BuildNode[], order: CodeOrder) {
    this.#roots = roots;
    this.#order = order;
  }

  /** `项目决策（10分）`: a new 一级; what follows belongs to it. */
  section(title: string, row: number): void {
    this.#closeSection();
    const { name, weight } = splitWeightFromName(title);
    // "一、项目决策（10分）", "（二）项目过程", "3.项目产出": the numbering orders the blocks, it is not the name.
    const node = newNode(name.replace(/^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))\s*/, '') || name);
    node.weightFromName = weight;
    node.row = row;
    this.#roots.push(node);
    this.#section = node;
  }

  /** The node a 小计 row without a code states: the block's 一级, else the group just closed. */
  subtotalTarget(): BuildNode | null {
    if (this.#section) return this.#section;
    if (this.#order === 'after') return [...this.#open].reverse().find((n) => n.children.length > 0) ?? null;
    return this.#parentOf(this.#lastLeaf);
  }

  /**
   * The node a row describes. `code` is '' for an uncoded row (a leaf beside the coded ones).
   * The caller sets the row's figures and texts on it.
   */
  place(code: string, text: string, r: number): BuildNode {
    const node = code === '' ? this.#uncoded(text, r) : this.#order === 'after' ? this.#after(code, text) : this.#before(code, text);
    if (node.children.length === 0) this.#lastLeaf = node;
    return node;
  }

  /** The rows' text and code: `A11立项依据` or an 编号 column beside the name. */
  static split(text: string, codeCell: string | null): { code: string; rest: string } {
    if (codeCell !== null) return { code: codeCell, rest: text };
    return splitCode(text) ?? { code: '', rest: text };
  }

  finish(): void {
    this.#closeSection();
    this.#roots.push(...this.#open);
    this.#open = [];
  }

  #after(code: string, text: string): BuildNode {
    const node = this.#named(newNode(code, code), text);
    let i = this.#open.length;
    while (i > 0) {
      const o = this.#open[i - 1] as BuildNode;
      if (o.code !== '' && !extendsCode(o.code, code)) break;
      i--;
    }
    // Uncoded rows just after the previous group belong before it, not to this one.
    while (i < this.#open.length && (this.#open[i] as BuildNode).code === '') i++;
    node.children.push(...this.#open.splice(i));
    this.#open.push(node);
    return node;
  }

  #before(code: string, text: string): BuildNode {
    const ensure = (c: string): BuildNode => {
      const existing = this.#byCode.get(c);
      if (existing) return existing;
      const created = newNode(c, c);
      this.#byCode.set(c, created);
      const pc = parentCode(c);
      this.#attach(pc ? ensure(pc) : null, created);
      return created;
    };
    let node = ensure(code);
    // A group's code again after its children (`A1项目立项` … `A1 小计 6 5`) states that group;
    // a leaf's code again is another indicator with the same code.
    if (node.row !== 0 && node.children.length === 0) {
      node = newNode(code, code);
      const pc = parentCode(code);
      this.#attach(pc ? ensure(pc) : null, node);
    }
    return this.#named(node, text);
  }

  #uncoded(text: string, r: number): BuildNode {
    const node = newNode(cleanName(text) || `（第 ${r + 1} 行）`);
    if (this.#order === 'after') this.#open.push(node);
    else this.#attach(this.#parentOf(this.#lastLeaf), node);
    return node;
  }

  /** "A2 | 小计 | 4 | 4" states A2's figures, it does not rename A2 to 小计. */
  #named(node: BuildNode, text: string): BuildNode {
    const { name, weight } = splitWeightFromName(text);
    if (!isSubtotalLabel(name)) {
      node.name = name || node.code;
      node.weightFromName = weight;
    }
    return node;
  }

  #attach(parent: BuildNode | null, node: BuildNode): void {
    if (parent) parent.children.push(node);
    else if (this.#section) this.#section.children.push(node);
    else this.#roots.push(node);
  }

  #parentOf(child: BuildNode | null): BuildNode | null {
    if (!child) return null;
    const find = (nodes: readonly BuildNode[]): BuildNode | null => {
      for (const n of nodes) {
        if (n.children.includes(child)) return n;
        const deeper = find(n.children);
        if (deeper) return deeper;
      }
      return null;
    };
    return find(this.#roots);
  }

  /**
   * The block's groups become the section's children. A block that also prints its 一级 as a
   * coded top-level row (`A项目决策 10 9` after A1, A2) is the section itself, not a child of it.
   */
  #closeSection(): void {
    const section = this.#section;
    if (!section) return;
    section.children.push(...this.#open);
    this.#open = [];
    const only = section.children.length === 1 ? section.children[0] : undefined;
    if (only && only.code !== '' && codeDepth(only.code) === 1 && only.children.length > 0) {
      section.children = only.children;
      section.code = only.code;
      section.rowWeight ??= only.rowWeight;
      section.rowScore ??= only.rowScore;
      if (section.weightFromName === null) section.weightFromName = only.weightFromName;
      for (const [f, t] of only.texts) if (!section.texts.has(f)) section.texts.set(f, t);
    }
    this.#section = null;
  }
}
