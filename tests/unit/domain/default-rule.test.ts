import { describe, expect, it } from 'vitest';
import { RULE_TYPES, defaultRule, evaluate, newEvaluation, newIndicator, type Rule } from '../../../src/domain/index.ts';

function pointsMismatch(rule: Rule, weight: number): string[] {
  const leaf = newIndicator({ name: '指标', weight, rule });
  const evaluation = newEvaluation({ indicators: [newIndicator({ name: '一级', weight, children: [leaf] })] });
  return evaluate(evaluation).findings.filter((f) => f.code === 'rule-points-mismatch').map((f) => f.message);
}

describe('defaultRule(type, weight)', () => {
  it.each([8, 3, 7, 0.5, 2.25])('gives presets that fit a leaf worth %s points: no points-mismatch finding for any rule', (weight) => {
    for (const type of RULE_TYPES) expect(pointsMismatch(defaultRule(type, weight), weight), type).toEqual([]);
  });

  it('splits a checklist between its two points so they add up to the weight exactly', () => {
    const rule = defaultRule('checklist', 7);
    expect(rule.type === 'checklist' && rule.items.map((i) => i.points)).toEqual([3.5, 3.5]);
    const odd = defaultRule('checklist', 0.25);
    expect(odd.type === 'checklist' && odd.items.map((i) => i.points)).toEqual([0.12, 0.13]);
  });

  it('scales bands and levels from the 10-point presets; the top score is the weight', () => {
    const bands = defaultRule('bands', 8);
    expect(bands.type === 'bands' && bands.bands.map((b) => b.score)).toEqual([8, 4.8, 2.4, 0.8, 0]);
    const levels = defaultRule('levels', 7);
    expect(levels.type === 'levels' && levels.levels.map((l) => l.score)).toEqual([7, 3.5, 0]);
  });

  it('keeps the presets as written without a usable weight', () => {
    for (const weight of [undefined, null, 0, -1, Number.NaN]) expect(defaultRule('bands', weight)).toEqual(defaultRule('bands'));
    const preset = defaultRule('checklist');
    expect(preset.type === 'checklist' && preset.items.map((i) => i.points)).toEqual([1, 1]);
  });
});
