/**
 * Starts the import worker from its own file, which the browser fetches (and the service
 * worker precaches). The single-file build swaps this module for import-worker.inline.ts.
 */
export function startImportWorker(): Worker {
  return new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
}
