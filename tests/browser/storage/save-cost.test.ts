// The save's compare-and-swap (issue 12 measured its cost, see the save bench): a stale base
// comes back as the conflict, a deleted evaluation as missing.
import { afterEach, describe, expect, it } from 'vitest';
import { EvaluationStore } from '../../../src/storage/evaluation-store.ts';
import { Databases, evaluation, summaryOf, uniqueName, withActual } from './fixtures.ts';

const dbs = new Databases();
afterEach(() => dbs.cleanup());

describe('save', () => {
  it('still refuses a stale base: another tab’s newer revision comes back as the conflict', async () => {
    const name = uniqueName('save-cas');
    const mine = new EvaluationStore(dbs.open(name));
    const theirs = new EvaluationStore(dbs.open(name));
    const a = evaluation('a');
    await mine.create([a], [summaryOf(a)]);
    const their = withActual(a, 'a-12', '他们的');
    expect(await theirs.save(their, summaryOf(their), 1)).toEqual({ ok: true, revision: 2 });
    const ours = withActual(a, 'a-12', '我们的');
    const result = await mine.save(ours, summaryOf(ours), 1);
    expect(result.ok).toBe(false);
    if (result.ok || !('conflict' in result)) throw new Error('expected a conflict');
    expect(result.conflict.revision).toBe(2);
    expect(result.conflict.evaluation.indicators[0]?.children[1]?.actual).toBe('他们的');
    expect((await mine.load('a'))?.evaluation.indicators[0]?.children[1]?.actual).toBe('他们的');
  });

  it('says the evaluation is gone when another tab deleted it', async () => {
    const name = uniqueName('save-gone');
    const mine = new EvaluationStore(dbs.open(name));
    const a = evaluation('a');
    await mine.create([a], [summaryOf(a)]);
    await new EvaluationStore(dbs.open(name)).remove('a');
    const result = await mine.save(a, summaryOf(a), 1);
    expect(result).toMatchObject({ ok: false, missing: true });
  });
});
