import { describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { QUOTA_MESSAGE, StorageError, describeStorageError, isQuotaError } from '../../../src/storage/errors.ts';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('storage errors', () => {
  it('recognises a quota error in every shape IndexedDB and Dexie give it', () => {
    expect(isQuotaError(quota())).toBe(true);
    // Dexie's own class for it.
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    // A transaction aborted because the commit hit the quota: the cause is inside.
    expect(isQuotaError(new Dexie.AbortError('Transaction aborted', quota()))).toBe(true);
    // A bulk operation: one of the failures.
    expect(isQuotaError(new Dexie.BulkError('1 of 2 failed', [new Error('x'), quota()]))).toBe(true);
    // Standard Error.cause chains.
    expect(isQuotaError(new Error('outer', { cause: new Error('mid', { cause: quota() }) }))).toBe(true);
    // An event-like object carrying the error (request.error / transaction.error).
    expect(isQuotaError({ name: 'Error', error: quota() })).toBe(true);
  });

  it('does not call other failures a quota error', () => {
    expect(isQuotaError(new Dexie.AbortError('aborted'))).toBe(false);
    expect(isQuotaError(new DOMException('x', 'DataCloneError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });

  it('describes failures in Chinese', () => {
    expect(describeStorageError(new Dexie.AbortError('aborted', quota()))).toBe(QUOTA_MESSAGE);
    expect(describeStorageError(new Dexie.VersionError('newer'))).toMatch(/刷新/);
    expect(describeStorageError(new Dexie.DatabaseClosedError('closed'))).toMatch(/连接已关闭/);
    expect(describeStorageError(new DOMException('x', 'DataCloneError'))).toMatch(/无法保存/);
    expect(describeStorageError(new Error('boom'), '读取评价')).toBe('读取评价失败：boom');
    expect(describeStorageError(new StorageError('已存在编号相同的评价'))).toBe('已存在编号相同的评价');
  });
});
