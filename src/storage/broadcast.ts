/**
 * Tabs tell each other about committed writes over BroadcastChannel('jixiao'), so a change
 * saved in one tab shows in another at once instead of at the next poll. The message only
 * names what changed and its new revision: the receiver reads the data from IndexedDB, the
 * one source of truth, and never trusts a message's content as data.
 */

export const CHANNEL_NAME = 'jixiao';

export interface ChangeMessage {
  /** The database name: tests run several databases side by side on one channel. */
  db: string;
  /** The store instance that wrote: a tab ignores its own writes. */
  origin: string;
  kind: 'created' | 'saved' | 'removed' | 'restored';
  /** revision null: the evaluation is gone (moved to the trash). */
  changes: { id: string; revision: number | null }[];
}

function isChangeMessage(data: unknown): data is ChangeMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Partial<ChangeMessage>;
  return typeof m.db === 'string' && typeof m.origin === 'string' && Array.isArray(m.changes);
}

/** A channel of one store instance; a no-op where BroadcastChannel does not exist. */
export class ChangeChannel {
  #channel: BroadcastChannel | null | undefined;

  #open(): BroadcastChannel | null {
    if (this.#channel === undefined) {
      this.#channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
    }
    return this.#channel;
  }

  post(message: ChangeMessage): void {
    try {
      this.#open()?.postMessage(message);
    } catch {
      // A lost notification is covered by the liveQuery fallback of cross-tab.ts.
    }
  }

  close(): void {
    this.#channel?.close();
    this.#channel = null;
  }
}

/** Listens on its own channel object (a channel does not hear its own posts). */
export function listenChanges(onMessage: (message: ChangeMessage) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(CHANNEL_NAME);
  channel.onmessage = (event: MessageEvent) => {
    if (isChangeMessage(event.data)) onMessage(event.data);
  };
  return () => channel.close();
}
