import { describe, expect, it } from 'vitest';
import { recogniseRule } from '../../../src/io/criteria-rules.ts';

describe('rules recognised from 评分标准 text (DOMAIN.md §4)', () => {
  it.each([
    ['①预算执行率≥100%时，得3分；②预算执行率<100%时，得分=预算执行率乘以设定分值。', 3, { type: 'ratio', floor: null, rateDecimals: 2 }],
    ['①合格率=100%，得满分；②合格率介于60%（含）至100%之间，得分=验收合格率×指标分值；③合格率＜60%，不得分。', 4, { type: 'ratio', floor: 0.6, rateDecimals: 2 }],
    ['①资金到位率≥100%时，得3分；②资金到位率<100%时，不得分。', 3, { type: 'binary' }],
    ['达到指标值得满分；每低于指标值的10%，扣1分，扣完为止。', 3, { type: 'step', unit: 'percent', size: 0.1, deduction: 1 }],
    ['②项目实际成本超出预算，每超出5%，扣1分。', 4, { type: 'step', unit: 'percent', size: 0.05, deduction: 1 }],
    ['推迟一个月扣1分，扣完为止。', 4, { type: 'step', unit: 'absolute', size: 1, deduction: 1 }],
    ['①信息数据安全率=100%，得满分；②出现1次信息数据安全故障，扣1分，扣完为止。', 4, { type: 'occurrence', deduction: 1 }],
    ['每发现一次安全事故扣2分', 10, { type: 'occurrence', deduction: 2 }],
    ['预算执行率在95%以下每偏离1%，扣权重2%', 4, { type: 'deviation', threshold: 0.95, point: 0.01, shareOfWeight: 0.02 }],
    ['每发现一项未制定，扣除0.5分，扣完为止', 2, { type: 'checklist', mode: 'deduct', items: [], deduction: 0.5, findings: 0 }],
    ['最终满意度≥95% 得10分；95%>满意度≥85% 得6分；85%>满意度≥75% 得3分；75%>满意度≥65% 得1分；<65% 得0分', 10, {
      type: 'bands', input: 'actual', bands: [
        { min: 0.95, minInclusive: true, score: 10 }, { min: 0.85, minInclusive: true, score: 6 }, { min: 0.75, minInclusive: true, score: 3 },
        { min: 0.65, minInclusive: true, score: 1 }, { min: null, minInclusive: true, score: 0 },
      ],
    }],
    ['效果明显得满分；效果一般得4分；不能提高不得分', 8, { type: 'levels', chosen: null, levels: [{ label: '效果明显', score: 8 }, { label: '效果一般', score: 4 }, { label: '不能提高', score: 0 }] }],
    ['①项目有绩效目标，得0.5分；②项目绩效目标与实际工作内容具有相关性，得0.5分；', 1, {
      type: 'checklist', mode: 'award', items: [{ label: '项目有绩效目标', points: 0.5, met: null }, { label: '项目绩效目标与实际工作内容具有相关性', points: 0.5, met: null }],
    }],
  ])('%s', (text, weight, rule) => {
    expect(recogniseRule(text, weight)?.rule).toEqual(rule);
  });

  it('handles full-width digits, brackets and line breaks inside words', () => {
    expect(recogniseRule('每低于指标值的\n１０％，扣１分', 3)?.rule).toEqual({ type: 'step', unit: 'percent', size: 0.1, deduction: 1 });
  });

  it.each(['按调查问卷设定分值计算。', '', '根据实际情况酌情打分', '得分由专家评议确定'])('leaves "%s" manual', (text) => {
    expect(recogniseRule(text, 5)).toBeNull();
  });

  it('does not take "得N分；否则不得分" as binary when N is not the weight', () => {
    expect(recogniseRule('具备文件依据，得2分；否则不得分。', 3)).toBeNull();
    expect(recogniseRule('具备文件依据，得3分；否则不得分。', 3)?.rule).toEqual({ type: 'binary' });
  });
});
