/**
 * Persistent storage: without it the browser may evict the whole database under storage
 * pressure, and with it every evaluation. Asked once there is data (the UI calls
 * requestPersistence after the first evaluation is created): Chromium decides silently,
 * Firefox shows a prompt, which is why the request is remembered and not repeated on
 * every load.
 */

export type PersistenceResult = 'granted' | 'denied' | 'unsupported';

const ASKED_KEY = 'jixiao:persistence-asked';

function storageManager(): StorageManager | null {
  return typeof navigator !== 'undefined' && navigator.storage ? navigator.storage : null;
}

function rememberAsked(): void {
  try {
    localStorage.setItem(ASKED_KEY, String(Date.now()));
  } catch {
    // Storage disabled: the worst case is asking again next time.
  }
}

/** Whether requestPersistence has asked the browser before (in this profile). */
export function persistenceAsked(): boolean {
  try {
    return localStorage.getItem(ASKED_KEY) !== null;
  } catch {
    return false;
  }
}

/** Whether the browser keeps this site's data under storage pressure. */
export async function persistenceStatus(): Promise<PersistenceResult> {
  const storage = storageManager();
  if (!storage?.persisted) return 'unsupported';
  try {
    return (await storage.persisted()) ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

/**
 * Asks for persistent storage, once: later calls report the status without asking again,
 * unless `force` (a button the evaluator pressed).
 */
export async function requestPersistence(opts: { force?: boolean } = {}): Promise<PersistenceResult> {
  const storage = storageManager();
  if (!storage?.persist) return 'unsupported';
  const status = await persistenceStatus();
  if (status === 'granted') return status;
  if (persistenceAsked() && !opts.force) return status;
  try {
    const granted = await storage.persist();
    rememberAsked();
    return granted ? 'granted' : 'denied';
  } catch {
    return 'unsupported';
  }
}

export interface UsageEstimate {
  /** Bytes used by this site. */
  usage: number;
  /** Bytes the browser allows this site. */
  quota: number;
}

/** null where the browser does not say. */
export async function estimateUsage(): Promise<UsageEstimate | null> {
  const storage = storageManager();
  if (!storage?.estimate) return null;
  try {
    const { usage, quota } = await storage.estimate();
    return usage === undefined || quota === undefined ? null : { usage, quota };
  } catch {
    return null;
  }
}
