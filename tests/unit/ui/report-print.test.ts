// The print view's table: every row has exactly one cell per column once the group cells
// spanning it are counted, and the group cells start where their groups do.
import { describe, expect, it } from 'vitest';
import { evaluate, matchSelfScores, scoringTable, withSelfScores } from '../../../src/domain/index.ts';
import { evaluation, selfTable } from '../../fixtures/build/pair-004.ts';
import { printLayout } from '../../../src/ui/report-print.ts';
import { badEvaluations, generatedEvaluation } from '../../fixtures/build/report-evaluations.ts';
import { loadFixture } from '../domain/helpers.ts';

function check(layout: ReturnType<typeof printLayout>) {
  const spanning = new Array<number>(layout.rows.length).fill(0);
  layout.rows.forEach((row, r) => {
    for (const cell of row.cells) for (let k = 1; k < cell.rowspan; k++) spanning[r + k]! += 1;
  });
  return layout.rows.map((row, r) => row.cells.length + spanning[r]! - layout.columns.length);
}

describe('print layout', () => {
  it('000: 26 rows, 一级 and 二级 cells where their groups start, a cell per column everywhere', () => {
    const ev = loadFixture('seed-000-annex3.json');
    const layout = printLayout(scoringTable(ev, evaluate(ev)));
    expect(layout.columns.map((c) => c.header)).toEqual(['一级指标', '二级指标', '三级指标', '分值', '评分标准', '指标值', '实际完成值', '得分', '得分率', '完成情况', '扣分原因']);
    expect(layout.rows).toHaveLength(26);
    expect(layout.rows[0]!.cells.slice(0, 3).map((c) => [c.text, c.rowspan, c.group])).toEqual([
      ['决策（15分）\n得分 13', 6, true], ['项目立项（5分）\n得分 5', 2, true], ['立项依据充分性', 1, false],
    ]);
    expect(layout.rows[1]!.cells[0]).toMatchObject({ text: '立项程序规范性', group: false });
    expect(check(layout).filter((d) => d !== 0)).toEqual([]);
  });

  it('a generated 200-leaf evaluation and the bad inputs keep a cell per column', () => {
    for (const ev of [generatedEvaluation(200), ...badEvaluations().map((b) => b.evaluation)]) {
      const layout = printLayout(scoringTable(ev, evaluate(ev)));
      expect(check(layout).filter((d) => d !== 0), ev.id).toEqual([]);
    }
  });
});

describe('the 评分表 rows that print and the Word annex use carry the 自评 set', () => {
  it('自评分 and 差异 beside 得分 when there is a set, nothing when there is none', () => {
    const ev = evaluation();
    const self = selfTable();
    const withSelf = withSelfScores(ev, matchSelfScores(ev, self, evaluate(self)), 'x');
    const table = scoringTable(withSelf, evaluate(withSelf));
    expect(table.hasSelfScores).toBe(true);
    const row = table.rows.find((r) => r.id === 'e11');
    expect([row?.selfText, row?.scoreText, row?.differenceText]).toEqual(['30', '24', '-6']);
    const layout = printLayout(table);
    const headers = layout.columns.map((c) => c.header);
    expect(headers.slice(headers.indexOf('自评分'), headers.indexOf('自评分') + 3)).toEqual(['自评分', '评价得分', '差异']);
    const plain = scoringTable(ev, evaluate(ev));
    expect(plain.hasSelfScores).toBe(false);
    expect(printLayout(plain).columns.map((c) => c.header)).not.toContain('自评分');
  });
});
