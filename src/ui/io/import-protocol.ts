/** Messages between the page and the import worker. */
import type { TablePreview } from '../../io/build-evaluation.ts';
import type { WorkbookAnalysis } from '../../io/layout.ts';
import type { Outcome } from '../../io/messages.ts';
import type { Evaluation } from '../../domain/index.ts';

export interface AnalyseRequest {
  fileName: string;
  bytes: ArrayBuffer;
  /**
   * 'desk' (the review desk): every table built into an evaluation in the worker and only the
   * evaluations sent back (no sheets), answered with a DeskResponse. Default 'analyse'.
   */
  kind?: 'analyse' | 'desk';
}

export interface AnalysedFile {
  analysis: WorkbookAnalysis;
  /** One per detected table, under the detected mapping. */
  previews: TablePreview[];
}

export type AnalyseResponse = Outcome<AnalysedFile>;

/** One table of a file on the review desk: its evaluation, or why it has none. */
export interface DeskTable {
  sheet: string;
  /** null: the table could not be built; `message` says why (Chinese). */
  evaluation: Evaluation | null;
  message: string;
}

/** ok: false when the file itself cannot be read (`message` in Chinese). */
export type DeskResponse = { ok: true; tables: DeskTable[] } | { ok: false; message: string };
