/**
 * Version 2: the home list gets its own small rows (`summaries`), written in the same
 * transaction as the evaluation, so listing a hundred evaluations no longer reads a hundred
 * indicator trees; and deleting moves an evaluation to `trash`, so a delete can be undone.
 *
 * The upgrade computes a summary for every existing evaluation with the engine. A document
 * the engine cannot score still gets its row (total and grade null): an upgrade must never
 * fail, nor drop an evaluation, because of what one document contains.
 */
import type { Dexie, Transaction } from 'dexie';
import type { Evaluation } from '../../domain/index.ts';
import type { EvaluationSummary } from '../types.ts';
import type { EvaluationRow } from './v1.ts';

/** A row of `summaries`: the home-list row plus the revision it describes (cheap to watch). */
export interface SummaryRow extends EvaluationSummary {
  revision: number;
}

/** A row of `trash`: everything `restore` needs to put the evaluation back as it was. */
export interface TrashRow {
  id: string;
  deletedAt: number;
  row: EvaluationRow;
  summary: SummaryRow | null;
}

export const storesV2 = {
  evaluations: 'id, updatedAt',
  summaries: 'id, updatedAt',
  trash: 'id, deletedAt',
} as const;

export type Summarize = (evaluation: Evaluation) => EvaluationSummary;

export function summaryRowFor(row: EvaluationRow, summarize: Summarize): SummaryRow {
  let summary: Partial<EvaluationSummary> = {};
  try {
    summary = summarize(row.evaluation);
  } catch {
    // Listed from its metadata alone; opening it shows what the engine makes of it.
  }
  const meta = row.evaluation?.meta;
  return {
    projectName: meta?.projectName ?? '',
    year: meta?.year ?? '',
    type: meta?.type ?? '自评',
    total: null,
    grade: null,
    ...summary,
    id: row.id,
    updatedAt: row.updatedAt,
    revision: row.revision,
  };
}

export async function upgradeToV2(tx: Transaction, summarize: Summarize): Promise<void> {
  const rows = (await tx.table('evaluations').toArray()) as EvaluationRow[];
  await tx.table('summaries').bulkPut(rows.map((row) => summaryRowFor(row, summarize)));
}

export function defineV2(db: Dexie, summarize: Summarize): void {
  db.version(2)
    .stores(storesV2)
    .upgrade((tx) => upgradeToV2(tx, summarize));
}
