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
import { defineV3, type DeskRow, type TemplateRow } from './migrations/v3.ts';
import { defineV4 } from './migrations/v4.ts';
import { summarize as engineSummarize } from './summarize.ts';

export type { EvaluationRow, SummaryRow, TrashRow, Summarize, TemplateRow, DeskRow };

export const DEFAULT_DB_NAME = 'jixiao';

/** The newest schema version this code defines; keep in step with the last define call. */
export const SCHEMA_VERSION = 4;

export interface JixiaoDBOptions {
  /** How upgrades compute home-list rows; the engine's by default (tests may pass their own). */
  summarize?: Summarize;
}

export class JixiaoDB extends Dexie {
  declare readonly evaluations: Table<EvaluationRow, string>;
  declare readonly summaries: Table<SummaryRow, string>;
  declare readonly trash: Table<TrashRow, string>;
  declare readonly templates: Table<TemplateRow, string>;
  declare readonly desk: Table<DeskRow, string>;

  constructor(name: string = DEFAULT_DB_NAME, options: JixiaoDBOptions = {}) {
    super(name, { chromeTransactionDurability: 'strict' });
    const summarize = options.summarize ?? engineSummarize;
    defineV1(this);
    defineV2(this, summarize);
    defineV3(this);
    defineV4(this);
    // Another tab is upgrading (or deleting) the database: this page's code is now older than
    // the data. Dexie closes the connection and would silently reopen it at the newer version
    // on the next query; writes from here would then store documents in an outdated shape.
    this.on('versionchange', () => {
      this.#outdatedByOtherTab = true;
    });
  }

  #outdatedByOtherTab = false;

  /**
   * The database has a newer schema than this code (upgraded by a newer page, in another tab
   * or before this page was reloaded from cache): the store refuses to write, the UI asks for
   * a reload. Reading stays possible.
   */
  get outdated(): boolean {
    // Dexie 4 opens a newer database without a VersionError, keeping `verno` at ours: ask IDB.
    const installed = this.isOpen() ? this.backendDB().version / 10 : 0;
    return this.#outdatedByOtherTab || installed > SCHEMA_VERSION;
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
