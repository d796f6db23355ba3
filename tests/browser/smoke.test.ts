import { describe, it, expect } from 'vitest';

describe('real browser', () => {
  it('runs in Chromium with IndexedDB', async () => {
    expect(navigator.userAgent).toMatch(/Chrome/);
    const open = indexedDB.open('jixiao-smoke', 1);
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    expect(db.objectStoreNames.contains('s')).toBe(true);
    db.close();
  });
});
