/**
 * 评分标准 worded unlike the seeds: what can sensibly be recognised is (ratio, step, bands,
 * occurrence), the rest stays manual and the preview lists it.
 */
import { describe, expect, it } from 'vitest';
import { recogniseRule } from '../../../src/io/criteria-rules.ts';
import { REWORDED_CRITERIA } from '../../fixtures/build/build-messy.ts';
import { importFixture, leaves } from './helpers.ts';

describe('reworded criteria texts', () => {
  it.each([
    ['完成目标值得满分，每少于目标值10%扣1分', 5, { type: 'step', unit: 'percent', size: 0.1, deduction: 1 }],
    ['不超预算得满分；每超支5%扣1分，扣完为止。', 5, { type: 'step', unit: 'percent', size: 0.05, deduction: 1 }],
    ['得分=实际完成率×该指标分值', 5, { type: 'ratio', floor: null, rateDecimals: 2 }],
    ['合格率100%得满分，每降低1个百分点扣0.5分。', 4, { type: 'step', unit: 'absolute', size: 0.01, deduction: 0.5 }],
    ['资金到位率≥100%得5分，否则不得分。', 5, { type: 'binary' }],
    ['满意度≥90%得满分，80%-90%得80%分值，70%-80%得60%分值，70%以下不得分。', 10, {
      type: 'bands', input: 'actual', bands: [
        { min: 0.9, minInclusive: true, score: 10 }, { min: 0.8, minInclusive: true, score: 8 }, { min: 0.7, minInclusive: true, score: 6 },
        { min: null, minInclusive: true, score: 0 },
      ],
    }],
    ['满意度90%（含）以上得满分；80%（含）~90%得分值的80%；低于80%不得分', 5, {
      type: 'bands', input: 'actual', bands: [{ min: 0.9, minInclusive: true, score: 5 }, { min: 0.8, minInclusive: true, score: 4 }, { min: null, minInclusive: true, score: 0 }],
    }],
  ])('%s', (text, weight, rule) => {
    expect(recogniseRule(text, weight)?.rule).toEqual(rule);
  });

  it('a workbook of them: each leaf gets the rule its text states, or stays manual', () => {
    const { evaluations } = importFixture('messy-criteria.xlsx');
    expect(leaves(evaluations[0]!).map((l) => [l.name, l.rule?.type])).toEqual(REWORDED_CRITERIA.map((c) => [c.name, c.rule]));
  });

  it('the preview lists the texts left manual, and a warning names them', () => {
    const { previews, warnings } = importFixture('messy-criteria.xlsx');
    expect(previews[0]!.unrecognised.map((u) => [u.path.at(-1), u.row, u.criteria])).toEqual([
      ['社会影响', 10, '由评价组根据访谈情况综合评定。'],
      ['档案管理', 11, '资料齐全、归档及时的，酌情给分。'],
    ]);
    expect(warnings.map((w) => w.message)).toContain('工作表“评分表”有 2 个指标的评分标准未能识别为计分规则，保持手工打分：社会影响、档案管理。');
  });
});
