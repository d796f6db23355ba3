/**
 * What a failed write means to the evaluator, in Chinese. IndexedDB and Dexie report the same
 * failure in several shapes (a DOMException, a Dexie error wrapping it in `inner`, an
 * AbortError whose cause is the quota, a BulkError with `failures`), so the cause is looked
 * for along every one of those links rather than on the outer error only.
 */

/** A storage failure the UI can show as is: `message` is Chinese, `quota` says the disk is full. */
export class StorageError extends Error {
  readonly quota: boolean;
  /** The evaluation no longer exists (deleted, possibly in another tab). */
  readonly missing: boolean;

  constructor(message: string, opts: { quota?: boolean; missing?: boolean; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = 'StorageError';
    this.quota = opts.quota ?? false;
    this.missing = opts.missing ?? false;
  }
}

export const QUOTA_MESSAGE =
  '存储空间已满：修改仍保留在本页面中，尚未保存。请先导出备份，再清理浏览器存储空间后重试。';

export const OUTDATED_MESSAGE =
  '本地数据库已被更新版本的页面升级（可能在另一个标签页中）：本页面不再写入，以免损坏数据。修改仍保留在本页面中，请先导出备份，再刷新页面。';

/** Every error reachable from `error` through the links Dexie and the DOM use to wrap causes. */
function* causes(error: unknown, depth = 0): Generator<unknown> {
  if (error == null || depth > 8) return;
  yield error;
  if (typeof error !== 'object') return;
  const e = error as { inner?: unknown; cause?: unknown; error?: unknown; failures?: unknown };
  yield* causes(e.inner, depth + 1);
  yield* causes(e.cause, depth + 1);
  if (e.error !== error) yield* causes(e.error, depth + 1);
  if (Array.isArray(e.failures)) for (const f of e.failures) yield* causes(f, depth + 1);
}

function nameOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
}

export function hasCause(error: unknown, name: string): boolean {
  for (const c of causes(error)) if (nameOf(c) === name) return true;
  return false;
}

export function isQuotaError(error: unknown): boolean {
  for (const c of causes(error)) {
    if (nameOf(c) === 'QuotaExceededError') return true;
    // Legacy DOMException code 22 (QUOTA_EXCEEDED_ERR), as some engines still report it.
    if (typeof DOMException !== 'undefined' && c instanceof DOMException && c.code === 22) return true;
  }
  return false;
}

/** The Chinese sentence for a failed storage operation. */
export function describeStorageError(error: unknown, action = '保存'): string {
  if (error instanceof StorageError) return error.message;
  if (isQuotaError(error)) return QUOTA_MESSAGE;
  if (hasCause(error, 'VersionError') || hasCause(error, 'UpgradeError')) {
    return OUTDATED_MESSAGE;
  }
  if (hasCause(error, 'DatabaseClosedError') || hasCause(error, 'InvalidStateError')) {
    return '本地数据库连接已关闭（可能在另一个标签页中升级或删除）：请刷新页面。修改仍保留在本页面中。';
  }
  if (hasCause(error, 'DataCloneError')) {
    return '数据中含有无法保存的内容（如函数或循环引用），未写入任何数据。';
  }
  if (hasCause(error, 'MissingAPIError')) {
    return '此浏览器不支持本地数据库（IndexedDB），或处于禁用存储的隐私模式，无法保存。';
  }
  const detail = error instanceof Error ? error.message : String(error);
  return `${action}失败：${detail}`;
}
