// The indicator library: the user's scored leaves and the national framework's, one entry per
// name + criteria, found by words of the name or criteria, inserted with their rule, unscored.
import { describe, expect, it } from 'vitest';
import { buildLibrary, evaluate, findIndicator, insertIndicator, leafFromLibrary, searchLibrary } from '../../../src/domain/index.ts';
import { loadFixture } from './helpers.ts';

describe('indicator library', () => {
  const annex = { ...loadFixture('seed-000-annex3.json'), updatedAt: 2 };
  const shanghai = { ...loadFixture('seed-002-table1.json'), updatedAt: 1 };
  const library = buildLibrary([shanghai, annex]);

  it('holds the framework from the start, and every leaf scored before, once', () => {
    const empty = buildLibrary([]);
    expect(empty.some((e) => e.name === '预算执行率' && e.sources.includes('共性指标体系（财预〔2020〕10号）'))).toBe(true);
    expect(empty.length).toBeGreaterThan(10);
    const names = library.map((e) => e.name);
    expect(names).toContain('使用人员满意度');
    expect(names).toContain('运维服务完成率');
    expect(new Set(library.map((e) => e.key)).size).toBe(library.length);
  });

  it('finds by words of the name first, then of the criteria; every word must match', () => {
    const hits = searchLibrary(library, '满意度');
    expect(hits.length).toBeGreaterThan(1);
    expect(hits.every((e) => `${e.name}${e.criteria ?? ''}${e.explanation ?? ''}${e.guidance ?? ''}`.includes('满意度'))).toBe(true);
    expect(hits[0]?.name).toContain('满意度');
    expect(searchLibrary(library, '预算 执行').map((e) => e.name)).toContain('预算执行率');
    expect(searchLibrary(library, '预算 不存在的词')).toEqual([]);
  });

  it('inserts a leaf with its rule and criteria, nothing scored, after the selected leaf', () => {
    const entry = searchLibrary(library, '使用人员满意度')[0];
    expect(entry).toBeDefined();
    if (!entry) return;
    const leaf = leafFromLibrary(entry, () => 'new-leaf');
    expect([leaf.actual, leaf.enteredScore, leaf.reason, leaf.pinned]).toEqual([undefined, undefined, undefined, undefined]);
    const target = shanghai.indicators[0]?.children[0];
    if (!target) throw new Error('fixture');
    const { evaluation, id } = insertIndicator(shanghai, target.id, leaf);
    expect(id).toBe('new-leaf');
    expect(findIndicator(evaluation, 'new-leaf')?.rule).toEqual(entry.rule);
    const order = evaluation.indicators[0]?.children.map((c) => c.id) ?? [];
    expect(order.indexOf('new-leaf')).toBe(order.indexOf(target.id) + 1);
    expect(evaluate(evaluation).leafCount).toBe(evaluate(shanghai).leafCount + 1);
  });
});
