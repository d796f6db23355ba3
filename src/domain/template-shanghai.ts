/**
 * The Shanghai project self-evaluation (上海市项目支出绩效自评, seed 002): 投入与管理 36 /
 * 产出目标 34 / 效果目标 15 / 影响力目标 15, scored on the Shanghai scale (优秀 ≥ 90, 良好 ≥ 75,
 * 合格 ≥ 60). The 投入与管理 and 影响力目标 leaves are the ones the seed's four tables share;
 * 产出目标 and 效果目标 carry the generic leaves a department renames for its project.
 */
import type { Evaluation, Indicator, Rule } from './model.ts';
import { defaultSettings, newId as domainId } from './factory.ts';
import { GRADE_SCALES } from './grades.ts';

type IdFactory = () => string;
const defaultId: IdFactory = () => domainId();

export function shanghaiSelfEvaluation(newId: IdFactory = defaultId): Evaluation {
  const ratio: Rule = { type: 'ratio', rateDecimals: 2 };
  const L = (name: string, weight: number, explanation: string, extra: Partial<Indicator> = {}): Indicator =>
    ({ id: newId(), name, weight, explanation, rule: { type: 'manual' }, ...extra, children: [] });
  const N = (name: string, weight: number, children: Indicator[]): Indicator => ({ id: newId(), name, weight, children });
  const indicators = [
    N('投入与管理', 36, [
      L('项目设立的规范性', 5, '项目的申请、设立过程是否符合相关要求，用以反映和考核项目立项的规范情况。'),
      L('预算执行率', 8, '反映项目预算执行的进度。预算执行率=实际支出/预算数×100%。', {
        target: '=100%', criteria: '预算执行率达到100%得满分；未达到按执行比例得分。', rule: ratio,
      }),
      L('资金使用的合规性', 6, '项目资金使用是否符合相关法律法规、制度和规定，项目资金使用是否规范和安全。'),
      L('绩效目标合理性', 8, '项目所设定的绩效目标是否依据充分，是否符合客观实际，绩效目标与预算是否匹配。'),
      L('财务（资产）管理制度的健全性和执行的有效性', 5, '项目的财务制度是否健全、完善、有效，用以反映和考核财务管理制度对资金规范、安全运行的保障情况。'),
      L('项目管理制度的健全性和执行的有效性', 4, '与项目直接相关的业务管理制度是否健全、完善和有效，项目实施是否符合相关业务管理规定。'),
    ]),
    N('产出目标', 34, [
      L('产出数量', 9, '考察项目计划完成的产出数量。', { criteria: '完成值达到指标值得满分；未达到按完成比例得分。', rule: ratio }),
      L('产出质量', 9, '考察项目产出的验收合格情况。', { criteria: '完成值达到指标值得满分；未达到按完成比例得分。', rule: ratio }),
      L('产出时效', 8, '考察项目是否按计划时间完成。'),
      L('成本控制率', 8, '考察项目资金成本是否控制在预算内。成本控制率=项目支出金额/项目预算金额×100%。', {
        target: '≤100%', criteria: '不超预算得满分；每超出5%，扣1分，扣完为止。', rule: { type: 'step', unit: 'percent', size: 0.05, deduction: 1 },
      }),
    ]),
    N('效果目标', 15, [
      L('社会效益', 6, '考察项目实施对社会发展带来的直接或间接影响。'),
      L('经济效益', 3, '考察项目实施对经济发展带来的直接或间接影响。'),
      L('服务对象满意度', 6, '考察服务对象对项目实施效果的满意程度。', {
        target: '≥90%', criteria: '满意度达到指标值得满分；未达到按完成比例得分。', rule: ratio,
      }),
    ]),
    N('影响力目标', 15, [
      L('长效管理制度建立及执行情况', 7, '考察是否建设了完善的长效管理制度，长效管理制度是否有效执行。'),
      L('项目沟通有效性', 4, '考察建立的项目沟通机制是否有效执行。'),
      L('上年绩效评价结果应用情况', 4, '考察上年度绩效评价结果应用情况。'),
    ]),
  ];
  const now = Date.now();
  return {
    id: newId(),
    meta: {
      projectName: '上海市项目支出绩效自评', department: '', implementer: '', year: String(new Date().getFullYear()),
      type: '自评', evaluator: '', notes: '', goalExpected: '', goalAchieved: '', layout: 'shanghai',
    },
    funds: null,
    indicators,
    settings: { ...defaultSettings(), gradeScale: { ...GRADE_SCALES.shanghai, bands: GRADE_SCALES.shanghai.bands.map((b) => ({ ...b })) } },
    adjustments: [],
    createdAt: now,
    updatedAt: now,
  };
}
