// The user's templates in real IndexedDB: saved from an evaluation without its scoring, listed,
// renamed, deleted, and round-tripped as a file; a file that is not a template is refused in
// Chinese with nothing stored.
import { afterEach, describe, expect, it } from 'vitest';
import { JixiaoDB } from '../../../src/storage/db.ts';
import { TemplateStore } from '../../../src/storage/template-store.ts';
import { allIndicators, evaluate } from '../../../src/domain/index.ts';
import { Databases, evaluation, uniqueName, withActual } from './fixtures.ts';

const dbs = new Databases();
afterEach(() => dbs.cleanup());

describe('user templates', () => {
  it('save, list, rename, export to a file, import it back, delete', async () => {
    const store = new TemplateStore(dbs.track(new JixiaoDB(uniqueName('templates'))));
    const scored = withActual(evaluation('a', '智慧城管平台运维'), 'a-11', '≥95%');
    const saved = await store.saveFrom(scored, '城管运维模板', '去年的体系');
    expect(allIndicators(saved.evaluation).every((n) => n.actual === undefined && n.enteredScore === undefined)).toBe(true);
    expect((await store.list()).map((t) => t.name)).toEqual(['城管运维模板']);
    await store.rename(saved.id, '城管运维（2024）');
    const [listed] = await store.list();
    expect(listed?.name).toBe('城管运维（2024）');
    if (!listed) return;
    const file = store.toFile(listed);
    await store.remove(saved.id);
    expect(await store.list()).toEqual([]);
    const back = await store.importFile('城管运维.json', file);
    expect(back.name).toBe('城管运维（2024）');
    const shape = (ev: typeof back.evaluation) => allIndicators(ev).map((n) => [n.name, n.weight, n.criteria ?? '', n.rule?.type ?? '']);
    expect(shape(back.evaluation)).toEqual(shape(listed.evaluation));
    expect(evaluate(back.evaluation).leafCount).toBe(evaluate(scored).leafCount);
  });

  it('a file that is not a template: a Chinese message naming it, nothing stored', async () => {
    const store = new TemplateStore(dbs.track(new JixiaoDB(uniqueName('templates-bad'))));
    await expect(store.importFile('notes.json', 'hello')).rejects.toThrow(/“notes.json”不是模板文件：内容不是 JSON/);
    await expect(store.importFile('backup.json', JSON.stringify(evaluation('x')))).rejects.toThrow(/不是模板文件.*恢复备份/);
    await expect(store.importFile('evil.json', JSON.stringify({ format: 'jixiao-template', version: 1, name: 'x', evaluation: { id: 'e', settings: { decimals: '2)+HYPERLINK("x")' } } }))).rejects.toThrow(/无法读取/);
    expect(await store.list()).toEqual([]);
  });
});
