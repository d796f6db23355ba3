/**
 * Starts the save worker from its own file, which the browser fetches (and the service worker
 * precaches). The single-file build swaps this module for save-worker-start.single.ts.
 */
export function startSaveWorker(): Worker {
  return new Worker(new URL('./save.worker.ts', import.meta.url), { type: 'module', name: 'jixiao-save' });
}
