// 备份全部 against real IndexedDB: evaluations and templates written to the file from one
// database and restored into an empty one come back deep-equal (ids and times kept); restoring
// the same file again stores nothing twice and overwrites nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { JixiaoDB } from '../../../src/storage/db.ts';
import { EvaluationStore, TemplateStore } from '../../../src/storage/index.ts';
import { backupContents, backupFileJson, readBackupFile, restoreFromBackup, takenIds, type BackupStores } from '../../../src/ui/backup-all.ts';
import { Databases, evaluation, summaryOf, uniqueName, withActual } from '../storage/fixtures.ts';

const dbs = new Databases();
afterEach(() => dbs.cleanup());

function stores(label: string): BackupStores {
  const db = dbs.track(new JixiaoDB(uniqueName(label)));
  return { evaluations: new EvaluationStore(db), templates: new TemplateStore(db) };
}

describe('备份全部 round trip', () => {
  it('restores every evaluation and template into an empty database deep-equal', async () => {
    const from = stores('backup-from');
    const a = withActual(evaluation('a', '智慧城管平台运维'), 'a-11', '≥95%');
    const b = evaluation('b', '社区养老服务补助');
    await from.evaluations.create([a, b], [summaryOf(a), summaryOf(b)]);
    await from.templates.saveFrom(a, '城管运维模板', '去年的体系');
    const before = await backupContents(from);
    expect(before.evaluations).toHaveLength(2);
    expect(before.templates).toHaveLength(1);

    const text = backupFileJson(before.evaluations, Date.now(), before.templates);
    const to = stores('backup-to');
    const read = readBackupFile(text, 'all.json', await takenIds(to));
    expect(read.ok && [read.fresh.length, read.clashing.length, read.templates.length, read.problems]).toEqual([2, 0, 1, []]);
    if (!read.ok) return;
    expect(await restoreFromBackup(read.fresh, [], read.templates, to)).toEqual({ evaluations: 2, templates: 1 });
    const after = await backupContents(to);
    const byId = <T extends { id: string }>(list: T[]) => [...list].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(after.evaluations)).toEqual(byId(before.evaluations));
    expect(after.templates).toEqual(before.templates);

    // The same file again: every evaluation clashes (nothing is written unless copied), and the
    // template, being the same one, is not stored twice.
    const again = readBackupFile(text, 'all.json', await takenIds(to));
    expect(again.ok && [again.fresh.length, again.clashing.length]).toEqual([0, 2]);
    if (!again.ok) return;
    expect(await restoreFromBackup(again.fresh, [], again.templates, to)).toEqual({ evaluations: 0, templates: 0 });
    expect(byId((await backupContents(to)).evaluations)).toEqual(byId(before.evaluations));
    expect(await to.templates.list()).toHaveLength(1);
  });
});
