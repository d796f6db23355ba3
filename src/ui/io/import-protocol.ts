/** Messages between the page and the import worker. */
import type { TablePreview } from '../../io/build-evaluation.ts';
import type { WorkbookAnalysis } from '../../io/layout.ts';
import type { Outcome } from '../../io/messages.ts';

export interface AnalyseRequest {
  fileName: string;
  bytes: ArrayBuffer;
}

export interface AnalysedFile {
  analysis: WorkbookAnalysis;
  /** One per detected table, under the detected mapping. */
  previews: TablePreview[];
}

export type AnalyseResponse = Outcome<AnalysedFile>;
