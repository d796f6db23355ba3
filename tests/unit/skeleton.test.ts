import { describe, it, expect } from 'vitest';
import type { Evaluation } from '../../src/domain/index.ts';

describe('skeleton', () => {
  it('has a model type', () => {
    const e: Pick<Evaluation, 'indicators'> = { indicators: [] };
    expect(e.indicators).toHaveLength(0);
  });
});
