/**
 * Starts the Word-annex worker from its own file. The single-file build (one jixiao.html
 * opened from file://, where no worker file can be started) should swap this module for one
 * that throws, as it does import-worker.ts: report-actions.ts then writes the annex in the page.
 */
export function startDocxWorker(): Worker {
  return new Worker(new URL('./report-docx.worker.ts', import.meta.url), { type: 'module' });
}
