/**
 * Ready-made indicator systems to start an evaluation from: the national common framework
 * for project spending (财预〔2020〕10号, DOMAIN.md §9) with the criteria texts third-party
 * reports use for the common leaves, and a 2022-style 自评表 with its funds block.
 * Each leaf carries the rule its criteria text states, so a new evaluation is live from
 * the first actual typed.
 */
import type { Evaluation, EvaluationSettings, EvaluationType, Indicator, Rule } from './model.ts';
import { defaultSettings, newId as domainId } from './factory.ts';
import { shanghaiSelfEvaluation } from './template-shanghai.ts';

type IdFactory = () => string;
// The domain's own ids: src/domain stays free of platform APIs (crypto is one).
const defaultId: IdFactory = () => domainId();

/** 财政部 scale (优良中差), 四舍五入, 2 decimals: the domain's defaults, one definition of the scale. */
export function templateSettings(): EvaluationSettings {
  return defaultSettings();
}

interface LeafSpec {
  weight: number;
  explanation?: string;
  guidance?: string;
  criteria?: string;
  target?: string;
  rule?: Rule;
}

function node(newId: IdFactory, name: string, weight: number | null, children: Indicator[]): Indicator {
  return { id: newId(), name, weight, children };
}

function leaf(newId: IdFactory, name: string, spec: LeafSpec): Indicator {
  const out: Indicator = { id: newId(), name, weight: spec.weight, children: [] };
  if (spec.explanation) out.explanation = spec.explanation;
  if (spec.guidance) out.guidance = spec.guidance;
  if (spec.criteria) out.criteria = spec.criteria;
  if (spec.target) out.target = spec.target;
  if (spec.rule) out.rule = spec.rule;
  return out;
}

/** A checklist whose items share the leaf's weight as the criteria text lists them. */
function checklist(items: [string, number][]): Rule {
  return { type: 'checklist', mode: 'award', items: items.map(([label, points]) => ({ label, points, met: null })) };
}

function shell(newId: IdFactory, type: EvaluationType, projectName: string): Evaluation {
  const now = Date.now();
  return {
    id: newId(),
    meta: {
      projectName,
      department: '',
      implementer: '',
      year: String(new Date().getFullYear()),
      type,
      evaluator: '',
      notes: '',
    },
    funds: null,
    indicators: [],
    settings: templateSettings(),
    adjustments: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** An evaluation with nothing in it yet but one level-1 indicator to start typing in. */
export function blankEvaluation(newId: IdFactory = defaultId): Evaluation {
  return { ...shell(newId, '第三方评价', '未命名项目'), indicators: [node(newId, '一级指标', null, [])] };
}

/** 财预〔2020〕10号 项目支出绩效评价共性指标体系框架, weights as third-party reports set them. */
export function nationalFramework(newId: IdFactory = defaultId): Evaluation {
  const L = (name: string, spec: LeafSpec) => leaf(newId, name, spec);
  const N = (name: string, weight: number, children: Indicator[]) => node(newId, name, weight, children);
  const decision = N('决策', 15, [
    N('项目立项', 5, [
      L('立项依据充分性', {
        weight: 3,
        explanation: '项目立项是否符合法律法规、相关政策、发展规划以及部门职责，用以反映和考核项目立项依据情况。',
        guidance:
          '评价要点：\n①项目立项是否符合国家法律法规、国民经济发展规划和相关政策；\n②项目立项是否符合行业发展规划和政策要求；\n③项目立项是否与部门职责范围相符，属于部门履职所需。',
        criteria:
          '①项目立项符合国家法律法规、国民经济发展规划和相关政策，得1分；\n②项目立项符合行业发展规划和政策要求，得1分；\n③项目立项与部门职责范围相符，属于部门履职所需，得1分。',
        rule: checklist([
          ['符合国家法律法规、国民经济发展规划和相关政策', 1],
          ['符合行业发展规划和政策要求', 1],
          ['与部门职责范围相符，属于部门履职所需', 1],
        ]),
      }),
      L('立项程序规范性', {
        weight: 2,
        explanation: '项目申请、设立过程是否符合相关要求，用以反映和考核项目立项的规范情况。',
        guidance:
          '评价要点：\n①项目是否按照规定的程序申请设立；\n②审批文件、材料是否符合相关要求；\n③事前是否已经过必要的可行性研究、专家论证、风险评估、绩效评估、集体决策。',
        criteria:
          '①项目按照规定的程序申请设立，得0.5分；\n②审批文件、材料符合相关要求，得0.5分；\n③事前已经过必要的可行性研究、专家论证、风险评估、绩效评估、集体决策，得1分。',
        rule: checklist([
          ['按照规定的程序申请设立', 0.5],
          ['审批文件、材料符合相关要求', 0.5],
          ['事前经过必要的可行性研究、专家论证、风险评估、绩效评估、集体决策', 1],
        ]),
      }),
    ]),
    N('绩效目标', 5, [
      L('绩效目标合理性', {
        weight: 2,
        explanation:
          '项目所设定的绩效目标是否依据充分，是否符合客观实际，用以反映和考核项目绩效目标与项目实施的相符情况。',
        guidance:
          '评价要点：\n①项目是否有绩效目标；\n②项目绩效目标与实际工作内容是否具有相关性；\n③项目预期产出效益和效果是否符合正常的业绩水平；\n④是否与预算确定的项目投资额或资金量相匹配。',
        criteria:
          '①项目有绩效目标，得0.5分；\n②项目绩效目标与实际工作内容具有相关性，得0.5分；\n③项目预期产出效益和效果符合正常的业绩水平，得0.5分；\n④目标与预算确定的项目投资额或资金量相匹配，得0.5分。',
        rule: checklist([
          ['项目有绩效目标', 0.5],
          ['绩效目标与实际工作内容具有相关性', 0.5],
          ['预期产出效益和效果符合正常的业绩水平', 0.5],
          ['与预算确定的项目投资额或资金量相匹配', 0.5],
        ]),
      }),
      L('绩效指标明确性', {
        weight: 3,
        explanation: '依据绩效目标设定的绩效指标是否清晰、细化、可衡量等，用以反映和考核项目绩效目标的明细化情况。',
        guidance:
          '评价要点：\n①是否将项目绩效目标细化分解为具体的绩效指标；\n②是否通过清晰、可衡量的指标值予以体现；\n③是否与项目目标任务数或计划数相对应。',
        criteria:
          '①已将项目绩效目标细化分解为具体的绩效指标，得1分；\n②指标已通过清晰、可衡量的指标值予以体现，得1分；\n③指标与项目目标任务数或计划数相对应，得1分。',
        rule: checklist([
          ['细化分解为具体的绩效指标', 1],
          ['通过清晰、可衡量的指标值予以体现', 1],
          ['与项目目标任务数或计划数相对应', 1],
        ]),
      }),
    ]),
    N('资金投入', 5, [
      L('预算编制科学性', {
        weight: 3,
        explanation:
          '项目预算编制是否经过科学论证、有明确标准，资金额度与年度目标是否相适应，用以反映和考核项目预算编制的科学性、合理性情况。',
        guidance:
          '评价要点：\n①预算编制是否经过科学论证；\n②预算内容与项目内容是否匹配；\n③预算额度测算依据是否充分，是否按照标准编制；\n④预算确定的项目投资额或资金量是否与工作任务相匹配。',
        criteria:
          '①预算编制经过科学论证，得1分；\n②预算内容与项目内容匹配，得1分；\n③预算额度测算依据充分，按照标准编制，得0.5分；\n④预算确定的项目投资额或资金量与工作任务相匹配，得0.5分。',
        rule: checklist([
          ['预算编制经过科学论证', 1],
          ['预算内容与项目内容匹配', 1],
          ['预算额度测算依据充分，按照标准编制', 0.5],
          ['项目投资额或资金量与工作任务相匹配', 0.5],
        ]),
      }),
      L('资金分配合理性', {
        weight: 2,
        explanation:
          '项目预算资金分配是否有测算依据，与补助单位或地方实际是否相适应，用以反映和考核项目预算资金分配的科学性、合理性情况。',
        guidance: '评价要点：\n①预算资金分配依据是否充分；\n②资金分配额度是否合理，与项目单位或地方实际是否相适应。',
        criteria: '①预算资金分配依据充分，得1分；\n②资金分配额度合理，与项目单位或地方实际相适应，得1分。',
        rule: checklist([
          ['预算资金分配依据充分', 1],
          ['资金分配额度合理，与项目单位或地方实际相适应', 1],
        ]),
      }),
    ]),
  ]);

  const process = N('过程', 20, [
    N('资金管理', 9, [
      L('资金到位率', {
        weight: 3,
        target: '≥100%',
        explanation: '实际到位资金与预算资金的比率，用以反映和考核资金落实情况对项目实施的总体保障程度。',
        guidance: '资金到位率=（实际到位资金/预算资金）×100%。',
        criteria: '①资金到位率≥100%时，得3分；\n②资金到位率<100%时，不得分。',
        rule: { type: 'binary' },
      }),
      L('预算执行率', {
        weight: 3,
        target: '≥100%',
        explanation: '项目预算资金是否按照计划执行，用以反映或考核项目预算执行情况。',
        guidance: '预算执行率=（实际支出资金/实际到位资金）×100%。',
        criteria: '①预算执行率≥100%时，得3分；\n②预算执行率<100%时，得分=预算执行率×设定分值。',
        rule: { type: 'ratio', rateDecimals: 2 },
      }),
      L('资金使用合规性', {
        weight: 3,
        explanation: '项目资金使用是否符合相关的财务管理制度规定，用以反映和考核项目资金的规范运行情况。',
        guidance:
          '评价要点：\n①是否符合国家财经法规和财务管理制度以及有关专项资金管理办法的规定；\n②资金的拨付是否有完整的审批程序和手续；\n③是否符合项目预算批复或合同规定的用途；\n④是否存在截留、挤占、挪用、虚列支出等情况。',
        criteria:
          '①资金使用符合国家财经法规和财务管理制度规定以及有关专项资金管理办法的规定，得1分；\n②资金的拨付有完整的审批程序和手续，得1分；\n③资金使用符合项目预算批复或合同规定用途，得1分；\n若发现存在截留、挤占、挪用、虚列支出等情况，该项指标得0分。',
        rule: checklist([
          ['符合财经法规、财务管理制度及专项资金管理办法', 1],
          ['资金拨付有完整的审批程序和手续', 1],
          ['符合项目预算批复或合同规定用途', 1],
        ]),
      }),
    ]),
    N('组织实施', 11, [
      L('管理制度健全性', {
        weight: 5,
        explanation:
          '项目实施单位的财务和业务管理制度是否健全，用以反映和考核财务和业务管理制度对项目顺利实施的保障情况。',
        guidance: '评价要点：\n①是否已制定或具有相应的财务和业务管理制度；\n②财务和业务管理制度是否合法、合规、完整。',
        criteria: '①已制定或具有相应的财务和业务管理制度，得2.5分；\n②财务和业务管理制度合法、合规、完整，得2.5分。',
        rule: checklist([
          ['已制定或具有相应的财务和业务管理制度', 2.5],
          ['财务和业务管理制度合法、合规、完整', 2.5],
        ]),
      }),
      L('制度执行有效性', {
        weight: 6,
        explanation: '项目实施是否符合相关管理规定，用以反映和考核相关管理制度的有效执行情况。',
        guidance:
          '评价要点：\n①是否遵守相关法律法规和相关管理规定；\n②项目调整及支出调整手续是否完备；\n③项目合同书、验收报告、技术鉴定等资料是否齐全并及时归档；\n④项目实施的人员条件、场地设备、信息支撑等是否落实到位。',
        criteria:
          '①遵守相关法律法规和相关管理规定，得1.5分；\n②项目调整及支出调整手续完备，得1.5分；\n③项目合同书、验收报告、技术鉴定等资料齐全并及时归档，得1.5分；\n④项目实施的人员条件、场地设备、信息支撑等落实到位，得1.5分。',
        rule: checklist([
          ['遵守相关法律法规和相关管理规定', 1.5],
          ['项目调整及支出调整手续完备', 1.5],
          ['合同书、验收报告等资料齐全并及时归档', 1.5],
          ['人员条件、场地设备、信息支撑等落实到位', 1.5],
        ]),
      }),
    ]),
  ]);

  const output = N('产出', 35, [
    N('产出数量', 10, [
      L('实际完成率', {
        weight: 10,
        target: '≥100%',
        explanation: '项目实施的实际产出数与计划产出数的比率，用以反映和考核项目产出数量目标的实现程度。',
        guidance: '实际完成率=（实际产出数/计划产出数）×100%。',
        criteria: '达到指标值得满分；每低于指标值的10%，扣1分，扣完为止。',
        rule: { type: 'step', unit: 'percent', size: 0.1, deduction: 1 },
      }),
    ]),
    N('产出质量', 10, [
      L('质量达标率', {
        weight: 10,
        target: '=100%',
        explanation: '项目完成的质量达标产出数与实际产出数的比率，用以反映和考核项目产出质量目标的实现程度。',
        guidance: '质量达标率=（质量达标产出数/实际产出数）×100%。',
        criteria:
          '①达标率=100%，得满分；\n②达标率介于60%（含）至100%之间，得分=质量达标率×指标分值；\n③达标率＜60%，不得分。',
        rule: { type: 'ratio', floor: 0.6, rateDecimals: 2 },
      }),
    ]),
    N('产出时效', 8, [
      L('完成及时性', {
        weight: 8,
        target: '≤0个月',
        explanation: '项目实际完成时间与计划完成时间的比较，用以反映和考核项目产出时效目标的实现程度。',
        guidance: '指标值填写推迟的月数：按计划完成为0个月。',
        criteria: '按计划时间完成得满分；每推迟一个月扣1分，扣完为止。',
        rule: { type: 'step', unit: 'absolute', size: 1, deduction: 1 },
      }),
    ]),
    N('产出成本', 7, [
      L('成本节约率', {
        weight: 7,
        target: '≤100%',
        explanation: '完成项目计划工作目标的实际节约成本与计划成本的比率，用以反映和考核项目的成本节约程度。',
        guidance: '实际值填写实际成本占计划成本的比例。',
        criteria: '实际成本不超过计划成本得满分；每超出5%，扣1分，扣完为止。',
        rule: { type: 'step', unit: 'percent', size: 0.05, deduction: 1 },
      }),
    ]),
  ]);

  const effectLevels = (weight: number): Rule => ({
    type: 'levels',
    levels: [
      { label: '效果明显', score: weight },
      { label: '效果一般', score: weight / 2 },
      { label: '无明显效果', score: 0 },
    ],
    chosen: null,
  });
  const effectCriteria = (weight: number) =>
    `效果明显，得${weight}分；效果一般，得${weight / 2}分；无明显效果，不得分。`;
  const effect = N('效益', 30, [
    N('项目效益', 22, [
      L('经济效益', {
        weight: 5,
        explanation: '项目实施所产生的效益，用以反映和考核项目实施的经济效益。',
        criteria: effectCriteria(5),
        rule: effectLevels(5),
      }),
      L('社会效益', {
        weight: 8,
        explanation: '项目实施所产生的效益，用以反映和考核项目实施的社会效益。',
        criteria: effectCriteria(8),
        rule: effectLevels(8),
      }),
      L('生态效益', {
        weight: 4,
        explanation: '项目实施所产生的效益，用以反映和考核项目实施的生态效益。',
        criteria: effectCriteria(4),
        rule: effectLevels(4),
      }),
      L('可持续影响', {
        weight: 5,
        explanation: '项目实施对人、自然、资源是否带来可持续影响，用以反映和考核项目实施的可持续影响。',
        criteria: effectCriteria(5),
        rule: effectLevels(5),
      }),
    ]),
    N('满意度', 8, [
      L('服务对象满意度', {
        weight: 8,
        target: '≥95%',
        explanation: '社会公众或服务对象对项目实施效果的满意程度，用以反映和考核社会公众或服务对象对项目实施的满意程度。',
        guidance: '通过问卷调查等方式计算满意度。',
        criteria: '满意度≥95%，得8分；95%>满意度≥85%，得6分；85%>满意度≥75%，得4分；75%>满意度≥65%，得2分；满意度<65%，不得分。',
        rule: {
          type: 'bands',
          input: 'actual',
          bands: [
            { min: 0.95, minInclusive: true, score: 8 },
            { min: 0.85, minInclusive: true, score: 6 },
            { min: 0.75, minInclusive: true, score: 4 },
            { min: 0.65, minInclusive: true, score: 2 },
            { min: null, minInclusive: true, score: 0 },
          ],
        },
      }),
    ]),
  ]);

  return { ...shell(newId, '第三方评价', '新项目支出绩效评价'), indicators: [decision, process, output, effect] };
}

/** 2022-style 项目支出绩效自评表: funds block (分值 10) + 90 points of indicators with 年度指标值. */
export function selfEvaluation2022(newId: IdFactory = defaultId): Evaluation {
  const L = (name: string, spec: LeafSpec) => leaf(newId, name, spec);
  const N = (name: string, weight: number, children: Indicator[]) => node(newId, name, weight, children);
  const ratio: Rule = { type: 'ratio', rateDecimals: 2 };
  const indicators = [
    N('产出指标', 50, [
      N('数量指标', 20, [
        L('完成项目数量', { weight: 10, target: '≥10个', criteria: '完成值达到指标值得满分；未达到按完成比例得分。', rule: ratio }),
        L('服务覆盖人次', { weight: 10, target: '≥1000人次', criteria: '完成值达到指标值得满分；未达到按完成比例得分。', rule: ratio }),
      ]),
      N('质量指标', 10, [
        L('验收合格率', { weight: 10, target: '=100%', criteria: '合格率达到100%得满分；合格率低于60%不得分，其间按比例得分。', rule: { type: 'ratio', floor: 0.6, rateDecimals: 2 } }),
      ]),
      N('时效指标', 10, [
        L('按时完成率', { weight: 10, target: '≥95%', criteria: '达到指标值得满分；每低于指标值的10%，扣2分，扣完为止。', rule: { type: 'step', unit: 'percent', size: 0.1, deduction: 2 } }),
      ]),
      N('成本指标', 10, [
        L('成本控制率', { weight: 10, target: '≤100%', criteria: '不超预算得满分；每超出5%，扣2分，扣完为止。', rule: { type: 'step', unit: 'percent', size: 0.05, deduction: 2 } }),
      ]),
    ]),
    N('效益指标', 30, [
      N('社会效益指标', 15, [
        L('服务对象受益率', { weight: 15, target: '≥90%', criteria: '达到指标值得满分；未达到按完成比例得分。', rule: ratio }),
      ]),
      N('可持续影响指标', 15, [
        L('长效管理机制', {
          weight: 15,
          target: '健全',
          criteria: '机制健全得15分；基本健全得10分；不健全不得分。',
          rule: { type: 'levels', levels: [{ label: '健全', score: 15 }, { label: '基本健全', score: 10 }, { label: '不健全', score: 0 }], chosen: null },
        }),
      ]),
    ]),
    N('满意度指标', 10, [
      N('服务对象满意度指标', 10, [
        L('服务对象满意度', { weight: 10, target: '≥90%', criteria: '满意度达到指标值得满分；未达到按完成比例得分。', rule: ratio }),
      ]),
    ]),
  ];
  const base = shell(newId, '自评', '项目支出绩效自评');
  return {
    ...base,
    meta: { ...base.meta, goalExpected: '', goalAchieved: '' },
    funds: { unit: '万元', initialBudget: null, annualBudget: null, executed: null, weight: 10 },
    indicators,
  };
}

export interface Template {
  id: string;
  name: string;
  description: string;
  create(): Evaluation;
}

export const TEMPLATES: readonly Template[] = [
  {
    id: 'national-2020',
    name: '项目支出绩效评价共性指标体系（财预〔2020〕10号）',
    description: '决策 15 / 过程 20 / 产出 35 / 效益 30，含标准评分标准与计分规则，适用于第三方评价和财政评价。',
    create: () => nationalFramework(),
  },
  {
    id: 'self-2022',
    name: '项目支出绩效自评表（2022 版）',
    description: '项目资金 10 分 + 产出 50 / 效益 30 / 满意度 10，含年度指标值，适用于部门自评。',
    create: () => selfEvaluation2022(),
  },
  {
    id: 'shanghai-self',
    name: '上海市项目支出绩效自评表',
    description: '投入与管理 36 / 产出目标 34 / 效果目标 15 / 影响力目标 15，上海等级（优秀 ≥ 90、良好 ≥ 75、合格 ≥ 60），适用于上海市部门自评。',
    create: () => shanghaiSelfEvaluation(),
  },
];
