/**
 * The ten scoring rules as the UI names, seeds and explains them (DOMAIN §4).
 */
import type { Band, Rule, RuleType } from './model.ts';
import { Decimal } from './decimal.ts';
import { roundDecimal } from './rounding.ts';

export const RULE_LABELS: Record<RuleType, string> = {
  manual: '手工打分',
  ratio: '比例计分',
  binary: '达标得分',
  step: '阶梯扣分',
  occurrence: '按次扣分',
  deviation: '偏离扣分',
  bands: '分档计分',
  levels: '等级计分',
  checklist: '要点计分',
  formula: '公式计分',
};

/** Rule types in the order a picker lists them. */
export const RULE_TYPES: RuleType[] = ['manual', 'ratio', 'binary', 'step', 'occurrence', 'deviation', 'bands', 'levels', 'checklist', 'formula'];

/**
 * Parameters a rule starts with when the evaluator switches a leaf to it: the phrasing the
 * seeds use most (每低于指标值的10%扣1分, 出现1次扣1分, 95%以下每偏离1%扣权重2%, the 满意度 bands …).
 */
export function defaultRule(type: RuleType, weight?: number | null): Rule {
  const preset = presetRule(type);
  // The presets are written for 10 points; a leaf worth 8 gets a scale that tops out at 8,
  // so switching rules never creates a "points ≠ weight" slip by itself.
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) return preset;
  const scale = (points: number) => Number(roundDecimal((points * weight) / 10, 2, 'half-up'));
  switch (preset.type) {
    case 'bands': return { ...preset, bands: preset.bands.map((b) => ({ ...b, score: scale(b.score) })) };
    case 'levels': return { ...preset, levels: preset.levels.map((l) => ({ ...l, score: scale(l.score) })) };
    case 'checklist': {
      // Two points sharing the weight; the last takes what rounding left so they add up exactly.
      const first = Number(roundDecimal(weight / 2, 2, 'truncate'));
      const second = Number(roundDecimal(weight - first, 2, 'half-up'));
      return { ...preset, items: [{ ...preset.items[0]!, points: first }, { ...preset.items[1]!, points: second }] };
    }
    default: return preset;
  }
}

function presetRule(type: RuleType): Rule {
  switch (type) {
    case 'manual': return { type: 'manual' };
    case 'ratio': return { type: 'ratio', floor: null, rateDecimals: 2 };
    case 'binary': return { type: 'binary' };
    case 'step': return { type: 'step', unit: 'percent', size: 0.1, deduction: 1 };
    case 'occurrence': return { type: 'occurrence', deduction: 1 };
    case 'deviation': return { type: 'deviation', threshold: 0.95, point: 0.01, shareOfWeight: 0.02 };
    case 'bands': return {
      type: 'bands', input: 'actual', bands: [
        { min: 0.95, minInclusive: true, score: 10 },
        { min: 0.85, minInclusive: true, score: 6 },
        { min: 0.75, minInclusive: true, score: 3 },
        { min: 0.65, minInclusive: true, score: 1 },
        { min: null, minInclusive: true, score: 0 },
      ],
    };
    case 'levels': return {
      type: 'levels', chosen: null, levels: [
        { label: '效果明显', score: 10 }, { label: '效果一般', score: 5 }, { label: '无效果', score: 0 },
      ],
    };
    case 'checklist': return {
      type: 'checklist', mode: 'award', items: [
        { label: '①', points: 1, met: null }, { label: '②', points: 1, met: null },
      ],
    };
    case 'formula': return { type: 'formula', expression: '实际值 * 分值', variables: [], bands: null };
    default: return { type: 'manual' };
  }
}

function n(x: number | null | undefined): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '?';
  return new Decimal(x).toDecimalPlaces(6).toFixed().replace(/^-0$/, '0');
}

function pct(x: number | null | undefined): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '?';
  return `${new Decimal(x).times(100).toDecimalPlaces(4).toFixed()}%`;
}

function bandText(bands: Band[] | null | undefined, percent: boolean): string {
  const show = percent ? pct : n;
  return (bands ?? []).map((b) => (b.min === null ? `其余得${n(b.score)}分` : `${b.minInclusive ? '≥' : '>'}${show(b.min)}得${n(b.score)}分`)).join('；');
}

/** One Chinese sentence stating what the rule does with these parameters. */
export function describeRule(rule: Rule, weight: number | null): string {
  const full = weight === null || !Number.isFinite(weight) ? '满分' : `${n(weight)}分`;
  switch (rule?.type) {
    case 'manual':
      return '由评价人直接打分。';
    case 'ratio': {
      const floor = typeof rule.floor === 'number' ? `，达成率低于${pct(rule.floor)}不得分` : '';
      return `得分 = ${full} × 达成率（实际值/指标值，越小越好的指标为指标值/实际值，最高100%）${floor}。`;
    }
    case 'binary':
      return `达到指标值得${full}，否则不得分。`;
    case 'step': {
      const size = rule.unit === 'percent' ? `指标值的${pct(rule.size)}` : `${n(rule.size)}（指标值单位）`;
      return `达到指标值得${full}；每低于（越小越好的指标为每超出）${size}扣${n(rule.deduction)}分，扣完为止。`;
    }
    case 'occurrence':
      return `每出现1次（超出指标值允许的次数）扣${n(rule.deduction)}分，扣完为止。`;
    case 'deviation':
      return `在${pct(rule.threshold)}以下每偏离${pct(rule.point)}，扣权重${pct(rule.shareOfWeight)}（扣分保留两位小数后扣减）。`;
    case 'bands':
      return `按${rule.input === 'achievement' ? '达成率' : '实际值'}分档计分：${bandText(rule.bands, true)}。`;
    case 'levels':
      return `按等级计分：${(rule.levels ?? []).map((l) => `${l.label}得${n(l.score)}分`).join('；')}。`;
    case 'checklist':
      if (rule.mode === 'deduct') {
        const each = typeof rule.deduction === 'number' ? `${n(rule.deduction)}分` : '该要点分值';
        return `每发现一项问题扣除${each}，扣完为止。`;
      }
      return `按要点计分：${(rule.items ?? []).map((i) => `${i.label}${n(i.points)}分`).join('；')}，满足一项得一项分值。`;
    case 'formula': {
      const vars = (rule.variables ?? []).map((v) => `${v.name} = ${v.expression}`).join('，');
      const banded = rule.bands && rule.bands.length > 0 ? `，再分档：${bandText(rule.bands, true)}` : '';
      return `按公式计分：${rule.expression}${vars ? `（${vars}）` : ''}${banded}。`;
    }
    default:
      return '未知的计分规则。';
  }
}
