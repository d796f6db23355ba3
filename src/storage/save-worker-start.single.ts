/**
 * The single-file build's stand-in for save-worker-start.ts: a page opened from file:// cannot
 * start a worker from another file, so none is tried and saves run in the page (directWriter).
 */
export function startSaveWorker(): Worker {
  throw new Error('单文件版在页面中保存');
}
