/** Fresh objects for the UI and importers: an empty evaluation, a new indicator, defaults. */
import type { Evaluation, EvaluationSettings, Indicator } from './model.ts';
import { GRADE_SCALES } from './grades.ts';

/** 财政部 scale, 四舍五入, 2 decimals: what most reports use. */
export function defaultSettings(): EvaluationSettings {
  return { gradeScale: structuredCloneScale(GRADE_SCALES.mof), rounding: 'half-up', decimals: 2 };
}

function structuredCloneScale(scale: EvaluationSettings['gradeScale']): EvaluationSettings['gradeScale'] {
  return { id: scale.id, name: scale.name, bands: scale.bands.map((b) => ({ ...b })) };
}

let counter = 0;

/**
 * A unique id without browser crypto (src/domain is pure): time, a counter and randomness in
 * base 36. Unique within a session and, in practice, across evaluations merged later.
 */
export function newId(): string {
  counter = (counter + 1) % 1679616;
  return `${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`;
}

export function newIndicator(partial: Partial<Indicator> = {}): Indicator {
  return { name: '', weight: null, children: [], ...partial, id: partial.id ?? newId() };
}

export function newEvaluation(partial: Partial<Evaluation> = {}): Evaluation {
  const now = Date.now();
  return {
    funds: null,
    indicators: [],
    adjustments: [],
    createdAt: now,
    updatedAt: now,
    ...partial,
    id: partial.id ?? newId(),
    meta: {
      projectName: '', department: '', implementer: '', year: '', type: '第三方评价', evaluator: '', notes: '',
      ...partial.meta,
    },
    settings: partial.settings ?? defaultSettings(),
  };
}
