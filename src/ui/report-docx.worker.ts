/// <reference lib="webworker" />
/**
 * Writes the Word annex off the main thread: a 5,000-leaf annex takes the writer seconds, and
 * the page must stay responsive meanwhile (report-actions.ts falls back to the page itself
 * where no worker can start, as from file://).
 */
import type { Evaluation, Id } from '../domain/index.ts';
import { exportDocx } from '../io/export-docx.ts';

export interface DocxRequest {
  evaluation: Evaluation;
  chart: { png: Uint8Array; width: number; height: number } | null;
  completionGroups?: Id[];
}
export type DocxResponse = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

self.onmessage = async (event: MessageEvent<DocxRequest>) => {
  const { evaluation, chart, completionGroups } = event.data;
  let response: DocxResponse;
  try {
    response = { ok: true, bytes: await exportDocx(evaluation, { chart, completionGroups }) };
  } catch (error) {
    response = { ok: false, message: error instanceof Error && error.message ? error.message : '生成 Word 附件失败' };
  }
  (self as unknown as DedicatedWorkerGlobalScope).postMessage(response, response.ok ? [response.bytes.buffer as ArrayBuffer] : []);
};
