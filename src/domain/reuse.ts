/**
 * Reusing an indicator system (issue 10 §3): a user's own template keeps what was designed —
 * structure, weights, explanations, criteria, rules and targets — and drops what was scored —
 * actuals, scores, pins, reasons, statuses, stated figures, rule choices made while scoring
 * (a level chosen, checklist points ticked, findings counted). 复制为下一年度 is the same
 * clearing on a copy with fresh ids and the year advanced; its targets stay as this year's
 * starting point.
 */
import type { Evaluation, Id, Indicator, Rule } from './model.ts';
import { newId as domainId } from './factory.ts';

type IdFactory = () => Id;
const defaultId: IdFactory = () => domainId();

/** A rule with the evaluator's scoring choices taken out, its parameters kept. */
export function unscoredRule(rule: Rule | undefined): Rule | undefined {
  if (!rule) return rule;
  if (rule.type === 'levels') return { ...rule, chosen: null };
  if (rule.type === 'checklist') {
    const items = rule.items.map((item) => ({ ...item, met: null }));
    return rule.mode === 'deduct' ? { ...rule, items, findings: 0 } : { ...rule, items };
  }
  return rule;
}

function unscored(node: Indicator, newId: IdFactory | null, keepTargets: boolean): Indicator {
  const out: Indicator = { id: newId ? newId() : node.id, name: node.name, weight: node.weight, children: node.children.map((c) => unscored(c, newId, keepTargets)) };
  if (node.code) out.code = node.code;
  if (node.explanation) out.explanation = node.explanation;
  if (node.guidance) out.guidance = node.guidance;
  if (node.criteria) out.criteria = node.criteria;
  if (keepTargets && node.target) out.target = node.target;
  const rule = unscoredRule(node.rule);
  if (rule) out.rule = rule;
  return out;
}

/** Advances a year written as digits ("2023", "2023年度") by one; anything else stays. */
export function nextYear(year: string): string {
  return year.replace(/(\d{4})/, (y) => String(Number(y) + 1));
}

/**
 * The design of an evaluation without its scoring: what a template holds. Metadata that names
 * one project (项目名称, 实施单位, notes, goals) is cleared; the type, layout, settings, funds
 * weight and adjustments stay.
 */
export function asTemplate(evaluation: Evaluation, newId: IdFactory = defaultId): Evaluation {
  const now = Date.now();
  return {
    id: newId(),
    meta: {
      projectName: '', department: '', implementer: '', year: '', type: evaluation.meta.type, evaluator: '', notes: '',
      ...(evaluation.meta.layout ? { layout: evaluation.meta.layout } : {}),
    },
    funds: evaluation.funds ? { unit: evaluation.funds.unit, initialBudget: null, annualBudget: null, executed: null, weight: evaluation.funds.weight } : null,
    indicators: evaluation.indicators.map((n) => unscored(n, newId, true)),
    settings: evaluation.settings,
    adjustments: evaluation.adjustments.map((a) => ({ ...a, id: newId() })),
    createdAt: now,
    updatedAt: now,
  };
}

/** An evaluation started from a template: fresh ids, today's year, the project left to name. */
export function fromTemplate(template: Evaluation, year: string, newId: IdFactory = defaultId): Evaluation {
  const now = Date.now();
  return {
    ...template,
    id: newId(),
    meta: { ...template.meta, year },
    indicators: template.indicators.map((n) => unscored(n, newId, true)),
    adjustments: template.adjustments.map((a) => ({ ...a, id: newId() })),
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * 复制为下一年度: the same project a year on. Structure, weights, criteria, rules and targets are
 * kept; actuals, scores, pins, reasons, statuses and stated figures are cleared; the funds
 * block keeps its unit and weight but not last year's money; 实际完成情况 goes, 预期目标 stays.
 */
export function nextYearCopy(evaluation: Evaluation, newId: IdFactory = defaultId): Evaluation {
  const now = Date.now();
  const meta = { ...evaluation.meta, year: nextYear(evaluation.meta.year) };
  delete meta.goalAchieved;
  if (evaluation.meta.goalAchieved !== undefined) meta.goalAchieved = '';
  const copy: Evaluation = {
    ...evaluation,
    id: newId(),
    meta,
    funds: evaluation.funds ? { unit: evaluation.funds.unit, initialBudget: null, annualBudget: null, executed: null, weight: evaluation.funds.weight } : null,
    indicators: evaluation.indicators.map((n) => unscored(n, newId, true)),
    adjustments: evaluation.adjustments.map((a) => ({ ...a, id: newId() })),
    createdAt: now,
    updatedAt: now,
  };
  delete copy.statedTotal;
  delete copy.selfScores;
  return copy;
}
