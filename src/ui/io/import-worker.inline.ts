/**
 * The import worker with its code inside the page (a blob: URL): what the single-file build
 * uses, since a page opened from file:// may not start a worker from another file.
 */
import ImportWorker from './import.worker.ts?worker&inline';

export function startImportWorker(): Worker {
  return new ImportWorker();
}
