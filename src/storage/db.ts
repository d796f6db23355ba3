/**
 * The one IndexedDB database of the app, through Dexie.
 *
 * Every transaction is opened with strict durability (Chromium's default, 'relaxed' since
 * v83, may report a commit before it reaches the disk; the page then says 已保存 for an edit
 * a power cut can still lose).
 *
 * Schema history: one file per version under ./migrations, each defining its stores and its
 * upgrade; all of them are declared here, oldest first, so a database written by any
 * earlier version opens and is upgraded step by step. Each has an upgrade test in
 * tests/browser/storage/migrations.test.ts.
 */
import Dexie, { type Table } from 'dexie';
import { defineV1, type EvaluationRow } from './migrations/v1.ts';
import { defineV2, type Summarize, type SummaryRow, type TrashRow } from './migrations/v2.ts';
import { summarize as engineSummarize } from './summarize.ts';

export type { EvaluationRow, SummaryRow, TrashRow, Summarize };

export const DEFAULT_DB_NAME = 'jixiao';

export interface JixiaoDBOptions {
  /** How upgrades compute home-list rows; the engine's by default (tests may pass their own). */
  summarize?: Summarize;
}

export class JixiaoDB extends Dexie {
  declare readonly evaluations: Table<EvaluationRow, string>;
  declare readonly summaries: Table<SummaryRow, string>;
  declare readonly trash: Table<TrashRow, string>;

  constructor(name: string = DEFAULT_DB_NAME, options: JixiaoDBOptions = {}) {
    super(name, { chromeTransactionDurability: 'strict' });
    const summarize = options.summarize ?? engineSummarize;
    defineV1(this);
    defineV2(this, summarize);
  }
}

/** A new connection; tests pass throwaway names, two connections on one name act as two tabs. */
export function openDb(name: string = DEFAULT_DB_NAME, options: JixiaoDBOptions = {}): JixiaoDB {
  return new JixiaoDB(name, options);
}

let defaultDb: JixiaoDB | undefined;

/** The app's database, created on first use (opening happens on the first query). */
export function db(): JixiaoDB {
  defaultDb ??= openDb();
  return defaultDb;
}
