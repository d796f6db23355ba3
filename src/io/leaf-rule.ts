/**
 * The rule an imported leaf gets: the one its 评分标准 states, else (自评表 without criteria) the
 * ratio of 实际完成值 to 年度指标值; and whether the sheet gives the rule what it needs. When it
 * does not, the sheet's score is pinned, so the import changes no figure.
 */
import { parseValue, type Rule } from '../domain/index.ts';
import type { BuildNode } from './build-node.ts';
import { recogniseRule, type Recognise } from './criteria-rules.ts';

/**
 * The rule a leaf gets, whether the sheet gives what it needs, and the pin when it does not.
 * With a shared `recognise` (ruleRecogniser) the rule may be the one other leaves of the same
 * 评分标准 got: copy it (ownRule) before keeping it.
 */
export function assignRule(node: BuildNode, weight: number | null, defaultRatio: boolean, recognise: Recognise = recogniseRule):
  { rule: Rule | null; evidence: string; source: 'criteria' | 'default'; pinned: boolean } {
  const criteria = node.texts.get('criteria') ?? '';
  const target = node.texts.get('target') ?? '';
  const actual = node.texts.get('actual') ?? '';
  const stated = node.rowScore;
  let rule: Rule | null = null;
  let evidence = '';
  let source: 'criteria' | 'default' = 'criteria';
  const found = recognise(criteria, weight);
  if (found) {
    rule = found.rule;
    evidence = found.evidence;
  } else if (defaultRatio && criteria === '') {
    const t = parseValue(target);
    const a = parseValue(actual);
    if (t.kind === 'quantity' && t.value !== 0 && a.kind === 'quantity') {
      rule = { type: 'ratio', floor: null, rateDecimals: 2 };
      evidence = '自评表定量指标：按实际完成值与年度指标值的比例计分';
      source = 'default';
    }
  }
  if (!rule) return { rule: null, evidence: '', source, pinned: false };

  let computable = true;
  switch (rule.type) {
    case 'ratio': case 'binary': case 'step': case 'occurrence': case 'deviation':
      computable = target !== '' && actual !== '';
      break;
    case 'bands':
      computable = actual !== '' && (rule.input === 'actual' || target !== '');
      break;
    case 'levels': {
      // The stated score names the level the evaluator chose, when exactly one level has it.
      const matching = rule.levels.filter((l) => l.score === stated);
      if (actual === '' && matching.length === 1 && matching[0]) rule = { ...rule, chosen: matching[0].label };
      computable = actual !== '' || (rule.chosen ?? null) !== null;
      break;
    }
    case 'checklist':
      if (rule.mode === 'deduct' && stated !== null && weight !== null && rule.deduction) {
        const findings = (weight - stated) / rule.deduction;
        computable = Number.isInteger(Number(findings.toFixed(9))) && findings >= 0;
        if (computable) rule = { ...rule, findings: Math.round(findings) };
      } else {
        computable = false;
      }
      break;
    default:
      computable = true;
  }
  return { rule, evidence, source, pinned: !computable && stated !== null };
}

/** A rule of its own for one indicator: a deep copy of the plain data a recognised rule is. */
export function ownRule<T extends Rule>(rule: T): T {
  return copyPlain(rule);
}

function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out as T;
}
