/**
 * The single-file build's stand-in for save-worker-start.ts: the save worker with its code
 * inside the page (a blob: URL), since a page opened from file:// may not start a worker from
 * another file. Should it fail to start, saves run in the page (save-worker-client.ts).
 */
import SaveWorker from './save.worker.ts?worker&inline';

export function startSaveWorker(): Worker {
  return new SaveWorker({ name: 'jixiao-save' });
}
