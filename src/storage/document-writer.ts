/**
 * The one transaction that saves an evaluation: a compare-and-swap on the stored revision,
 * then the document and its home-list row written together (strict durability, db.ts).
 *
 * EvaluationStore.save checks and cleans the document first and interprets the outcome; the
 * transaction itself runs here, in the page (directWriter) or in the save worker
 * (save.worker.ts, the same function on its own connection), so the structured clone of the
 * whole document into IndexedDB happens off the main thread (issue 12).
 */
import Dexie from 'dexie';
import type { Evaluation } from '../domain/index.ts';
import type { JixiaoDB, SummaryRow } from './db.ts';
import { OUTDATED_MESSAGE, StorageError } from './errors.ts';

export interface WriteRequest {
  id: string;
  baseRevision: number;
  /** The save's time: the row's and the document's updatedAt. */
  now: number;
  /** Checked and cleaned (storable): written as is. */
  evaluation: Evaluation;
  /** The home-list row, without its revision (set here, with the document's). */
  summary: Omit<SummaryRow, 'revision'>;
}

export type WriteOutcome =
  | { kind: 'saved'; revision: number }
  /** The stored revision is not `baseRevision`: nothing written; `row` is the stored record, unchecked. */
  | { kind: 'conflict'; row: unknown }
  | { kind: 'missing' };

/** Runs the save transaction; rejects with what IndexedDB or Dexie threw (or a StorageError). */
export interface DocumentWriter {
  write(request: WriteRequest): Promise<WriteOutcome>;
}

export async function writeDocument(db: JixiaoDB, request: WriteRequest): Promise<WriteOutcome> {
  const { id, baseRevision, now, evaluation, summary } = request;
  return db.transaction('rw', [db.evaluations, db.summaries], async (): Promise<WriteOutcome> => {
    // A newer page upgraded the database: this code would store documents in an older shape.
    if (db.outdated) throw new StorageError(OUTDATED_MESSAGE);
    // The revision is read from the document itself, not from its list row: a writer that
    // updated only the document (tests/e2e/persistence.test.ts) must still be seen. The
    // [id+revision] index has it without loading the document (migrations/v4.ts); anything
    // but the expected revision is looked at in the row itself.
    const indexed = await db.evaluations.where('[id+revision]').between([id, Dexie.minKey], [id, Dexie.maxKey]).keys();
    if ((indexed[0] as unknown[] | undefined)?.[1] !== baseRevision) {
      const current = await db.evaluations.get(id);
      if (!current) return { kind: 'missing' };
      if (current.revision !== baseRevision) return { kind: 'conflict', row: current };
    }
    const revision = baseRevision + 1;
    await db.evaluations.put({ id, revision, updatedAt: now, evaluation: { ...evaluation, updatedAt: now } });
    await db.summaries.put({ ...summary, id, updatedAt: now, revision });
    return { kind: 'saved', revision };
  });
}

/** The transaction in this thread: Node, tests, and the page when no worker can start. */
export function directWriter(db: JixiaoDB): DocumentWriter {
  return { write: (request) => writeDocument(db, request) };
}
