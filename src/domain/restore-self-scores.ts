/**
 * Reading a stored or restored 自评 set (model `SelfScoreSet`) as restore.ts reads everything:
 * each field checked, unknown keys dropped, entries for leaves that do not exist dropped with
 * a warning, one entry per leaf.
 */
import type { Id, Indicator, SelfScoreEntry, SelfScoreSet } from './model.ts';
import { Reader, keysOf, own, type Plain } from './restore-reader.ts';

const SET_KEYS = keysOf<SelfScoreSet>()('source', 'entries', 'statedTotal', 'fundsScore');
const ENTRY_KEYS = keysOf<SelfScoreEntry>()('id', 'score', 'reason');

/** undefined when absent or null; `leafIds` are the restored tree's leaves. */
export function readSelfScores(r: Reader, raw: Plain, leafIds: ReadonlySet<Id>): SelfScoreSet | undefined {
  const value = own(raw, 'selfScores');
  if (value === undefined || value === null) return undefined;
  const where = '自评分';
  const set = r.object(value, where, '自评分');
  if (!set) return undefined;
  r.dropUnknown(set, SET_KEYS, where);
  const out: SelfScoreSet = { source: r.text(set, 'source', where, '来源'), entries: [] };
  const seen = new Set<Id>();
  let dropped = 0;
  r.list(set, 'entries', where, '自评分列表', []).forEach((item, index) => {
    const entry = r.object(item, `${where}第 ${index + 1} 项`, '自评分');
    if (!entry) return;
    const at = `${where}第 ${index + 1} 项`;
    r.dropUnknown(entry, ENTRY_KEYS, at);
    const id = r.id(own(entry, 'id'), at, '指标编号');
    if (id === null) return;
    if (!leafIds.has(id) || seen.has(id)) {
      dropped += 1;
      return;
    }
    seen.add(id);
    const score = r.nullableNumber(entry, 'score', at, '自评分', { min: 0 }) ?? null;
    const next: SelfScoreEntry = { id, score };
    const reason = r.optionalText(entry, 'reason', at, '自评扣分原因');
    if (reason) next.reason = reason;
    out.entries.push(next);
  });
  if (dropped > 0) r.warn(`${where}：${dropped} 项对应的指标不存在或重复，已忽略`);
  const statedTotal = r.nullableNumber(set, 'statedTotal', where, '自评表中总分');
  if (statedTotal !== undefined) out.statedTotal = statedTotal;
  const fundsScore = r.nullableNumber(set, 'fundsScore', where, '项目资金自评分', { min: 0 });
  if (fundsScore !== undefined) out.fundsScore = fundsScore;
  return out;
}

/** The ids of a tree's leaves (the tree is already restored: no cycles, bounded depth). */
export function leafIdsOf(indicators: readonly Indicator[]): Set<Id> {
  const out = new Set<Id>();
  const stack = [...indicators];
  while (stack.length) {
    const node = stack.pop() as Indicator;
    if (node.children.length === 0) out.add(node.id);
    else stack.push(...node.children);
  }
  return out;
}
