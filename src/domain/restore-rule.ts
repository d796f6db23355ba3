/**
 * A leaf's scoring rule read from untrusted data (restore.ts): each rule type's parameters
 * as finite numbers, its lists bounded, its texts cleaned. Parameters are accepted over the
 * model's whole finite range, as the rule editor accepts any number: whether 1.2 is a sensible
 * floor is the engine's findings' business, and refusing it here would lock the evaluator out
 * of a document the app let them write.
 */
import type { Band, ChecklistRule, FormulaRule, LevelsRule, Rule, RuleType } from './model.ts';
import { keysOf, own, type Plain, type Reader } from './restore-reader.ts';

const RULE_TYPES: readonly RuleType[] = ['manual', 'ratio', 'binary', 'step', 'occurrence', 'deviation', 'bands', 'levels', 'checklist', 'formula'];

type Of<T extends RuleType> = Extract<Rule, { type: T }>;

const KEYS = {
  manual: keysOf<Of<'manual'>>()('type'),
  ratio: keysOf<Of<'ratio'>>()('type', 'floor', 'rateDecimals'),
  binary: keysOf<Of<'binary'>>()('type'),
  step: keysOf<Of<'step'>>()('type', 'unit', 'size', 'deduction'),
  occurrence: keysOf<Of<'occurrence'>>()('type', 'deduction'),
  deviation: keysOf<Of<'deviation'>>()('type', 'threshold', 'point', 'shareOfWeight'),
  bands: keysOf<Of<'bands'>>()('type', 'input', 'bands'),
  levels: keysOf<Of<'levels'>>()('type', 'levels', 'chosen'),
  checklist: keysOf<Of<'checklist'>>()('type', 'mode', 'items', 'deduction', 'findings'),
  formula: keysOf<Of<'formula'>>()('type', 'expression', 'variables', 'bands'),
} satisfies Record<RuleType, ReadonlySet<string>>;

const BAND_KEYS = keysOf<Band>()('min', 'minInclusive', 'score');
const LEVEL_KEYS = keysOf<LevelsRule['levels'][number]>()('label', 'score');
const ITEM_KEYS = keysOf<ChecklistRule['items'][number]>()('label', 'points', 'met');
const VARIABLE_KEYS = keysOf<FormulaRule['variables'][number]>()('name', 'expression');

/** Decimals of a percent: the engine truncates and clamps, so only absurd values are refused. */
const RATE_DECIMALS = { min: -20, max: 20 };

function readBands(r: Reader, list: unknown[], where: string): Band[] {
  const out: Band[] = [];
  list.forEach((item, i) => {
    const at = `${where}第 ${i + 1} 档`;
    const band = r.object(item, where, `第 ${i + 1} 档`);
    if (!band) return;
    r.dropUnknown(band, BAND_KEYS, at);
    const min = r.nullableNumber(band, 'min', where, `分档下限（第 ${i + 1} 档）`);
    out.push({
      min: min ?? null,
      minInclusive: r.boolean(band, 'minInclusive', where, `是否含下限（第 ${i + 1} 档）`, true),
      score: r.number(band, 'score', where, `分档得分（第 ${i + 1} 档）`),
    });
  });
  return out;
}

/** The rule, or undefined (with an error recorded) when it cannot be read. */
export function readRule(r: Reader, raw: unknown, where: string): Rule | undefined {
  const rule = r.object(raw, where, '计分规则');
  if (!rule) return undefined;
  const type = own(rule, 'type');
  if (typeof type !== 'string' || !(RULE_TYPES as readonly string[]).includes(type)) {
    r.error(where, `计分规则类型“${typeof type === 'string' ? type.slice(0, 40) : String(type)}”无法识别`);
    return undefined;
  }
  const t = type as RuleType;
  r.dropUnknown(rule, KEYS[t], where);
  return readTyped(r, rule, t, where);
}

function readTyped(r: Reader, rule: Plain, type: RuleType, where: string): Rule {
  switch (type) {
    case 'manual':
    case 'binary':
      return { type };
    case 'ratio': {
      const out: Rule = { type };
      const floor = r.nullableNumber(rule, 'floor', where, '达成率下限');
      if (floor !== undefined) out.floor = floor;
      const rateDecimals = r.nullableNumber(rule, 'rateDecimals', where, '达成率保留小数位', RATE_DECIMALS);
      if (rateDecimals !== undefined) out.rateDecimals = rateDecimals;
      return out;
    }
    case 'step':
      return {
        type,
        unit: r.choice(rule, 'unit', ['percent', 'absolute'] as const, where, '步长单位'),
        size: r.number(rule, 'size', where, '每一步'),
        deduction: r.number(rule, 'deduction', where, '每步扣分'),
      };
    case 'occurrence':
      return { type, deduction: r.number(rule, 'deduction', where, '每次扣分') };
    case 'deviation':
      return {
        type,
        threshold: r.number(rule, 'threshold', where, '起扣线'),
        point: r.number(rule, 'point', where, '每偏离'),
        shareOfWeight: r.number(rule, 'shareOfWeight', where, '扣权重'),
      };
    case 'bands':
      return {
        type,
        input: r.choice(rule, 'input', ['actual', 'achievement'] as const, where, '分档依据', 'actual'),
        bands: readBands(r, r.list(rule, 'bands', where, '分档'), where),
      };
    case 'levels': {
      const levels: LevelsRule['levels'] = [];
      r.list(rule, 'levels', where, '等级').forEach((item, i) => {
        const level = r.object(item, where, `第 ${i + 1} 个等级`);
        if (!level) return;
        const at = `${where}第 ${i + 1} 个等级`;
        r.dropUnknown(level, LEVEL_KEYS, at);
        levels.push({ label: r.text(level, 'label', at, '名称'), score: r.number(level, 'score', at, '得分') });
      });
      const out: LevelsRule = { type, levels };
      const chosen = r.nullableText(rule, 'chosen', where, '选定等级');
      if (chosen !== undefined) out.chosen = chosen;
      return out;
    }
    case 'checklist': {
      const items: ChecklistRule['items'] = [];
      r.list(rule, 'items', where, '要点').forEach((item, i) => {
        const point = r.object(item, where, `第 ${i + 1} 个要点`);
        if (!point) return;
        const at = `${where}第 ${i + 1} 个要点`;
        r.dropUnknown(point, ITEM_KEYS, at);
        const met = own(point, 'met');
        if (met !== undefined && met !== null && typeof met !== 'boolean') r.error(at, `是否满足不是“是/否”`);
        items.push({ label: r.text(point, 'label', at, '内容'), points: r.number(point, 'points', at, '分值'), met: typeof met === 'boolean' ? met : null });
      });
      const out: ChecklistRule = { type, mode: r.choice(rule, 'mode', ['award', 'deduct'] as const, where, '计分方式', 'award'), items };
      const deduction = r.optionalNumber(rule, 'deduction', where, '每项问题扣分');
      if (deduction !== undefined) out.deduction = deduction;
      const findings = r.optionalNumber(rule, 'findings', where, '发现问题数');
      if (findings !== undefined) out.findings = findings;
      return out;
    }
    case 'formula': {
      const variables: FormulaRule['variables'] = [];
      r.list(rule, 'variables', where, '变量', []).forEach((item, i) => {
        const variable = r.object(item, where, `第 ${i + 1} 个变量`);
        if (!variable) return;
        const at = `${where}第 ${i + 1} 个变量`;
        r.dropUnknown(variable, VARIABLE_KEYS, at);
        variables.push({ name: r.text(variable, 'name', at, '名称'), expression: r.text(variable, 'expression', at, '公式') });
      });
      const out: FormulaRule = { type, expression: r.text(rule, 'expression', where, '公式'), variables };
      const bands = own(rule, 'bands');
      if (bands === null) out.bands = null;
      else if (bands !== undefined) out.bands = readBands(r, r.list(rule, 'bands', where, '分档'), where);
      return out;
    }
  }
}
