/**
 * The page's side of the save worker (save.worker.ts): a DocumentWriter whose transactions run
 * in the worker. The page posts only what changed since the document it posted before
 * (document-patch.ts), so a keystroke's save costs the main thread a walk along the changed
 * path and a small message, not a structured clone of the whole document (issue 12).
 *
 * If the worker cannot start, or dies, the writes go to the transaction in the page
 * (directWriter): saving never depends on the worker.
 */
import type { Evaluation } from '../domain/index.ts';
import type { JixiaoDB } from './db.ts';
import { makePatch } from './document-patch.ts';
import { directWriter, type DocumentWriter, type WriteOutcome, type WriteRequest } from './document-writer.ts';
import { StorageError } from './errors.ts';
import type { OpenMessage, SaveMessage, SaveReply } from './save-protocol.ts';

interface Pending {
  request: WriteRequest;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

export class WorkerWriter implements DocumentWriter {
  readonly #direct: DocumentWriter;
  readonly #dbName: string;
  #worker: Worker | null = null;
  #seq = 0;
  /** What the worker holds after the last message posted: the base of the next patch. */
  #last: { seq: number; id: string; evaluation: Evaluation } | null = null;
  readonly #pending = new Map<number, Pending>();

  constructor(db: JixiaoDB, start: () => Worker) {
    this.#direct = directWriter(db);
    this.#dbName = db.name;
    try {
      const worker = start();
      worker.onmessage = (event: MessageEvent<SaveReply>) => this.#onReply(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        this.#abandon();
      };
      worker.onmessageerror = () => this.#abandon();
      worker.postMessage({ kind: 'open', dbName: this.#dbName } satisfies OpenMessage);
      this.#worker = worker;
    } catch {
      this.#worker = null; // e.g. the single-file build, or a page that may not start workers
    }
  }

  /** Writes go to the worker (false: in the page, because it could not start or died). */
  get usesWorker(): boolean {
    return this.#worker !== null;
  }

  write(request: WriteRequest): Promise<WriteOutcome> {
    if (!this.#worker) return this.#direct.write(request);
    return new Promise<WriteOutcome>((resolve, reject) => this.#send({ request, resolve, reject }, false));
  }

  #send(pending: Pending, whole: boolean): void {
    const worker = this.#worker;
    if (!worker) {
      this.#direct.write(pending.request).then(pending.resolve, pending.reject);
      return;
    }
    const { evaluation, ...request } = pending.request;
    const last = this.#last;
    const seq = ++this.#seq;
    const document: SaveMessage['document'] =
      !whole && last && last.id === request.id ? { baseSeq: last.seq, patch: makePatch(last.evaluation, evaluation) } : { full: evaluation };
    try {
      worker.postMessage({ seq, dbName: this.#dbName, request, document } satisfies SaveMessage);
    } catch (error) {
      this.#last = null;
      pending.reject(error); // a DataCloneError: describeStorageError says what it means
      return;
    }
    this.#last = { seq, id: request.id, evaluation };
    this.#pending.set(seq, pending);
  }

  #onReply(reply: SaveReply): void {
    const pending = this.#pending.get(reply.seq);
    if (!pending) return;
    this.#pending.delete(reply.seq);
    if (reply.kind === 'done') pending.resolve(reply.outcome);
    else if (reply.kind === 'resend') this.#send(pending, true);
    else pending.reject(new StorageError(reply.message, { quota: reply.quota }));
  }

  /**
   * The worker failed to load or crashed: what it had not answered is written in the page. A
   * transaction it committed before dying comes back as a conflict with our own document,
   * which the session merges as any conflict: nothing is lost either way.
   */
  #abandon(): void {
    this.#worker?.terminate();
    this.#worker = null;
    this.#last = null;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) this.#send(p, true);
  }

  /** Stops the worker; later writes run in the page. */
  close(): void {
    this.#abandon();
  }
}
