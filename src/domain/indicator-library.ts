/**
 * The indicator library (issue 10 §3): every leaf the user has scored before, and the common
 * leaves of the national framework from the start, searchable by words of the name or the
 * criteria and inserted into the open sheet with their rule. Entries are the design of a leaf
 * (name, explanation, guidance, criteria, rule, target, weight), never its scoring.
 */
import type { Evaluation, Id, Indicator, Rule } from './model.ts';
import { nationalFramework } from './templates.ts';
import { newId as domainId } from './factory.ts';
import { comparableName } from './self-scores.ts';
import { unscoredRule } from './reuse.ts';

type IdFactory = () => Id;
const defaultId: IdFactory = () => domainId();

export interface LibraryEntry {
  /** Stable key: the comparable name and the criteria, so one leaf used in many sheets is one entry. */
  key: string;
  name: string;
  weight: number | null;
  explanation?: string;
  guidance?: string;
  criteria?: string;
  target?: string;
  rule?: Rule;
  /** Where it was seen: 共性指标 (the framework) or project names, most recent first. */
  sources: string[];
}

const FRAMEWORK = '共性指标体系（财预〔2020〕10号）';

function entryOf(leaf: Indicator, source: string): LibraryEntry {
  const out: LibraryEntry = { key: `${comparableName(leaf.name)}\u0000${(leaf.criteria ?? '').trim()}`, name: leaf.name, weight: leaf.weight, sources: [source] };
  if (leaf.explanation) out.explanation = leaf.explanation;
  if (leaf.guidance) out.guidance = leaf.guidance;
  if (leaf.criteria) out.criteria = leaf.criteria;
  if (leaf.target) out.target = leaf.target;
  // The design of the rule, not what was chosen while scoring (the same clearing as a template's).
  const rule = unscoredRule(leaf.rule);
  if (rule) out.rule = rule;
  return out;
}

function leavesOf(nodes: readonly Indicator[], out: Indicator[] = [], depth = 1): Indicator[] {
  if (depth > 64) return out;
  for (const n of nodes) {
    if (n.children.length === 0) {
      if (n.name && n.name.trim()) out.push(n);
    } else leavesOf(n.children, out, depth + 1);
  }
  return out;
}

/**
 * The library from the user's evaluations (most recently changed first, so the newest wording
 * of a leaf wins) and the national framework. One entry per name + criteria.
 */
export function buildLibrary(evaluations: readonly Evaluation[]): LibraryEntry[] {
  const byKey = new Map<string, LibraryEntry>();
  const add = (leaf: Indicator, source: string) => {
    const entry = entryOf(leaf, source);
    const known = byKey.get(entry.key);
    if (!known) byKey.set(entry.key, entry);
    else if (!known.sources.includes(source)) known.sources.push(source);
  };
  const sorted = [...evaluations].sort((a, b) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0));
  for (const ev of sorted) for (const leaf of leavesOf(ev.indicators)) add(leaf, ev.meta.projectName || '未命名项目');
  for (const leaf of leavesOf(nationalFramework(() => 'framework').indicators)) add(leaf, FRAMEWORK);
  return [...byKey.values()];
}

/**
 * Entries matching every word of `query` (spaces separate words; a word matches when it is a
 * part of the name, the criteria or the explanation), best first: name matches before
 * criteria matches, then entries seen in more sheets. An empty query lists everything.
 */
export function searchLibrary(entries: readonly LibraryEntry[], query: string, limit = 50): LibraryEntry[] {
  const words = query.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
  const scored: [LibraryEntry, number][] = [];
  for (const e of entries) {
    const name = e.name.normalize('NFKC').toLowerCase();
    const rest = `${e.criteria ?? ''}\n${e.explanation ?? ''}\n${e.guidance ?? ''}`.normalize('NFKC').toLowerCase();
    let score = 0;
    let all = true;
    for (const w of words) {
      if (name.includes(w)) score += 10;
      else if (rest.includes(w)) score += 1;
      else {
        all = false;
        break;
      }
    }
    if (all) scored.push([e, score * 100 + Math.min(99, e.sources.length)]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  return scored.slice(0, limit).map(([e]) => e);
}

/** A new leaf from a library entry: fresh id, the entry's design, nothing scored. */
export function leafFromLibrary(entry: LibraryEntry, newId: IdFactory = defaultId): Indicator {
  const out: Indicator = { id: newId(), name: entry.name, weight: entry.weight, children: [] };
  if (entry.explanation) out.explanation = entry.explanation;
  if (entry.guidance) out.guidance = entry.guidance;
  if (entry.criteria) out.criteria = entry.criteria;
  if (entry.target) out.target = entry.target;
  if (entry.rule) out.rule = entry.rule;
  return out;
}
