// What a save costs the page (issue 12): the compare-and-swap reads the revision from the list
// row, not the whole document back, and still finds another tab's newer revision.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EvaluationStore } from '../../../src/storage/evaluation-store.ts';
import { Databases, evaluation, summaryOf, uniqueName, withActual } from './fixtures.ts';

const dbs = new Databases();
afterEach(() => {
  vi.restoreAllMocks();
  return dbs.cleanup();
});

describe('save', () => {
  it('reads no document back when the revision is ours, and writes the next one', async () => {
    const store = new EvaluationStore(dbs.open(uniqueName('save-cost')));
    const a = evaluation('a');
    await store.create([a], [summaryOf(a)]);
    const get = vi.spyOn(store.db.evaluations, 'get');
    const edited = withActual(a, 'a-12', '≥95%');
    expect(await store.save(edited, summaryOf(edited), 1)).toEqual({ ok: true, revision: 2 });
    expect(get).not.toHaveBeenCalled();
    get.mockRestore();
    const stored = await store.load('a');
    expect(stored?.revision).toBe(2);
    expect(stored?.evaluation.indicators[0]?.children[1]?.actual).toBe('≥95%');
  });

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
