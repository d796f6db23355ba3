import { afterEach, describe, expect, it, vi } from 'vitest';
import { estimateUsage, persistenceAsked, persistenceStatus, requestPersistence } from '../../../src/storage/persistence.ts';

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.removeItem('jixiao:persistence-asked');
});

describe('persistent storage', () => {
  it('reports the real status of this Chromium', async () => {
    expect(['granted', 'denied']).toContain(await persistenceStatus());
    const usage = await estimateUsage();
    expect(usage?.quota).toBeGreaterThan(0);
    expect(usage?.usage).toBeGreaterThanOrEqual(0);
  });

  it('asks once, remembers it, and asks again only when forced', async () => {
    vi.spyOn(navigator.storage, 'persisted').mockResolvedValue(false);
    const persist = vi.spyOn(navigator.storage, 'persist').mockResolvedValue(false);
    expect(persistenceAsked()).toBe(false);

    expect(await requestPersistence()).toBe('denied');
    expect(persist).toHaveBeenCalledTimes(1);
    expect(persistenceAsked()).toBe(true);

    expect(await requestPersistence()).toBe('denied');
    expect(persist).toHaveBeenCalledTimes(1);

    persist.mockResolvedValue(true);
    expect(await requestPersistence({ force: true })).toBe('granted');
    expect(persist).toHaveBeenCalledTimes(2);
  });

  it('does not ask when already granted', async () => {
    vi.spyOn(navigator.storage, 'persisted').mockResolvedValue(true);
    const persist = vi.spyOn(navigator.storage, 'persist');
    expect(await requestPersistence()).toBe('granted');
    expect(persist).not.toHaveBeenCalled();
  });
});
