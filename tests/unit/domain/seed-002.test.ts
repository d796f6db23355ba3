// 002: four Shanghai self-evaluation tables, scored by hand; the engine adds them up, grades them
// on the Shanghai scale, and catches the stated 预算执行率 that does not match the amounts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/domain/index.ts';
import { loadFixture } from './helpers.ts';

interface Expected {
  tables: { project: string; total: number; grade: string; gradeScale: string; levels: { name: string; weight: number; score: number }[]; leaves: number }[];
}
const expected = JSON.parse(readFileSync(new URL('../../fixtures/shanghai-2019-selfeval.expected.json', import.meta.url), 'utf8')) as Expected;

describe('seed 002 Shanghai self-evaluations', () => {
  expected.tables.forEach((table, i) => {
    const ev = loadFixture(`seed-002-table${i + 1}.json`);
    const r = evaluate(ev);

    it(`table ${i + 1} (${table.project}): total ${table.total}, ${table.grade}, ${table.leaves} leaves`, () => {
      expect(ev.meta.projectName).toBe(table.project);
      expect(ev.settings.gradeScale.id).toBe(table.gradeScale);
      expect(r.total).toBe(table.total);
      expect(r.grade).toBe(table.grade);
      expect(r.leafCount).toBe(table.leaves);
      expect(r.levels.map((l) => ({ name: ev.indicators.find((x) => x.id === l.id)?.name, weight: l.weight, score: l.score }))).toEqual(table.levels);
      expect(r.maxTotal).toBe(100);
      expect(r.pendingLeaves).toBe(0);
    });

    it(`table ${i + 1}: the 合计 matches and no weight, score or reason finding is raised`, () => {
      const bad = r.findings.filter((f) => f.code !== 'stated-rate-differs');
      expect(bad).toEqual([]);
    });

    it(`table ${i + 1}: the funds header adds no points but its stated 执行率 is checked`, () => {
      expect(r.funds?.weight).toBe(0);
      expect(r.funds?.score).toBe(0);
      expect(r.sum).toBe(table.total);
    });
  });

  it('flags 预算执行率 100.00% where 2,050,000 / 2,055,983 = 99.71% (table 1)', () => {
    const r = evaluate(loadFixture('seed-002-table1.json'));
    expect(r.funds?.rate).toBe(0.9971);
    expect(r.funds?.rateText).toBe('99.71%');
    const f = r.findings.find((x) => x.code === 'stated-rate-differs');
    expect(f?.message).toContain('100.00%');
    expect(f?.message).toContain('2,050,000 / 全年预算数 2,055,983');
    expect(f?.message).toContain('99.71%');
    expect(f?.figures).toEqual({ stated: 1, computed: 0.9971 });
  });

  it('does not flag a stated rate that matches the amounts', () => {
    const ev = loadFixture('seed-002-table1.json');
    const r = evaluate({ ...ev, funds: { ...(ev.funds as NonNullable<typeof ev.funds>), statedRate: 0.9971 } });
    expect(r.findings.filter((x) => x.code === 'stated-rate-differs')).toEqual([]);
  });

  it('keeps the 备注 split over a page break with its leaf (table 1, 绩效目标合理性 6 of 8)', () => {
    const ev = loadFixture('seed-002-table1.json');
    const leaf = ev.indicators[0]?.children.find((c) => c.name === '绩效目标合理性');
    expect(leaf?.reason?.startsWith('单位在申报预算时填报了绩效目标申报表')).toBe(true);
    expect(leaf?.reason?.endsWith('因此扣2分，该指标得6分。')).toBe(true);
    const r = evaluate(ev);
    expect(r.nodes.get(leaf?.id ?? '')?.findings).toEqual([]);
  });

  it('a missing 备注 on a deducted leaf would be flagged', () => {
    const ev = loadFixture('seed-002-table1.json');
    const level = ev.indicators[0];
    if (!level) throw new Error('fixture');
    const children = level.children.map((c) => (c.name === '绩效目标合理性' ? { ...c, reason: '' } : c));
    const r = evaluate({ ...ev, indicators: [{ ...level, children }, ...ev.indicators.slice(1)] });
    expect(r.findings.map((f) => f.code)).toContain('missing-reason');
  });
});
