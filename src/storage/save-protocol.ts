/**
 * Messages between the page (save-worker-client.ts) and the save worker (save.worker.ts).
 * Each write carries the whole document the first time and after a mismatch, else a patch
 * against the document of the message `baseSeq` (document-patch.ts).
 */
import type { Evaluation } from '../domain/index.ts';
import type { DocumentPatch } from './document-patch.ts';
import type { WriteOutcome, WriteRequest } from './document-writer.ts';

/** Sent once the writer exists: the worker opens its connection before the first save needs it. */
export interface OpenMessage {
  kind: 'open';
  dbName: string;
}

export interface SaveMessage {
  kind?: 'save';
  seq: number;
  /** The database to write to (the app's, or a test's throwaway one). */
  dbName: string;
  request: Omit<WriteRequest, 'evaluation'>;
  document: { full: Evaluation } | { baseSeq: number; patch: DocumentPatch };
}

export type SaveReply =
  | { seq: number; kind: 'done'; outcome: WriteOutcome }
  /** The worker does not hold the document the patch was made against: send it whole. */
  | { seq: number; kind: 'resend' }
  /** The transaction failed: the Chinese message as describeStorageError gave it. */
  | { seq: number; kind: 'failed'; message: string; quota: boolean };
