/**
 * The single-file build's stand-in for report-docx-start.ts: a page opened from file:// cannot
 * start a worker from another file, so none is tried and report-actions.ts writes the Word
 * annex in the page (with its progress indicator).
 */
export function startDocxWorker(): Worker {
  throw new Error('单文件版在页面中生成 Word 附件');
}
