/**
 * Import workers for many files at once (the review desk): one worker per core (1…4), each
 * kept for the next file so a batch pays the worker's start-up once per core, not per file.
 * A file that hangs or crashes its worker costs only that worker (terminated, a fresh one
 * takes the next file) and becomes a message; cancel() terminates them all and keeps what
 * was already answered.
 */
import { IMPORT_LIMITS, formatMegabytes } from '../../io/limits.ts';
import type { FileLike } from './import-client.ts';
import type { AnalyseRequest, DeskResponse } from './import-protocol.ts';
import { startImportWorker } from './import-worker.ts';

export interface PoolOptions {
  /** Workers at once; by default navigator.hardwareConcurrency clamped to 1…4. */
  size?: number;
  /** Default IMPORT_LIMITS.timeoutMs. */
  timeoutMs?: number;
  createWorker?: () => Worker;
}

export const MAX_POOL = 4;

export function poolSize(cores: number | undefined = globalThis.navigator?.hardwareConcurrency): number {
  const n = Math.floor(Number(cores) || 1);
  return Math.max(1, Math.min(MAX_POOL, n));
}

export type PoolListener = (index: number, file: FileLike, response: DeskResponse) => void;

export class ImportPool {
  readonly size: number;
  readonly #timeoutMs: number;
  readonly #create: () => Worker;
  readonly #busy = new Set<{ stop: () => void }>();
  #cancelled = false;

  constructor(options: PoolOptions = {}) {
    this.size = poolSize(options.size ?? globalThis.navigator?.hardwareConcurrency);
    this.#timeoutMs = options.timeoutMs ?? IMPORT_LIMITS.timeoutMs;
    this.#create = options.createWorker ?? startImportWorker;
  }

  get cancelled(): boolean {
    return this.#cancelled;
  }

  /**
   * Reads every file, answering `onResult` once per file as it is done (in completion order).
   * Resolves when all are answered or the pool is cancelled.
   */
  async run(files: readonly FileLike[], onResult: PoolListener): Promise<{ cancelled: boolean }> {
    let next = 0;
    const lane = async () => {
      let worker: Worker | null = null;
      try {
        while (!this.#cancelled && next < files.length) {
          const index = next++;
          const file = files[index]!;
          if (!worker) {
            try {
              worker = this.#create();
            } catch {
              onResult(index, file, { ok: false, message: '无法启动后台解析（浏览器不支持 Web Worker）。' });
              continue;
            }
          }
          const answer = await this.#one(file, worker);
          if (this.#cancelled) return;
          if (answer.dead) {
            worker?.terminate();
            worker = null;
          }
          onResult(index, file, answer.response);
        }
      } finally {
        worker?.terminate();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.size, files.length) }, lane));
    return { cancelled: this.#cancelled };
  }

  /** Stops every worker now; files not yet answered are not answered. */
  cancel(): void {
    this.#cancelled = true;
    for (const job of [...this.#busy]) job.stop();
  }

  async #one(file: FileLike, worker: Worker): Promise<{ response: DeskResponse; dead: boolean }> {
    const fail = (message: string, dead = false) => ({ response: { ok: false, message } as DeskResponse, dead });
    if (file.size > IMPORT_LIMITS.maxBytes) {
      return fail(`文件“${file.name}”有 ${formatMegabytes(file.size)}，超过导入上限 ${formatMegabytes(IMPORT_LIMITS.maxBytes)}。请拆分后再导入。`);
    }
    let bytes: ArrayBuffer;
    try {
      bytes = await file.arrayBuffer();
    } catch {
      return fail(`无法读取文件“${file.name}”：浏览器拒绝读取（文件可能已被移动或删除）。`);
    }
    if (this.#cancelled) return fail('已取消。', true);
    return new Promise((resolve) => {
      // A dead worker is terminated by its lane (once), which then starts a fresh one or stops.
      const job = { stop: () => done(fail('已取消。', true)) };
      let settled = false;
      const done = (answer: { response: DeskResponse; dead: boolean }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#busy.delete(job);
        worker.onmessage = null;
        worker.onerror = null;
        resolve(answer);
      };
      const timer = setTimeout(() => {
        const seconds = Math.max(1, Math.round(this.#timeoutMs / 1000));
        done(fail(`解析文件“${file.name}”超过 ${seconds} 秒仍未完成，已停止。文件可能过大或已损坏；可另存为 .xlsx 后重试。`, true));
      }, this.#timeoutMs);
      this.#busy.add(job);
      worker.onmessage = (event: MessageEvent<DeskResponse>) => done({ response: event.data, dead: false });
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        console.error(event.message);
        done(fail(`解析文件“${file.name}”时后台解析出错（文件可能过大或已损坏），已停止。可在 Excel 或 WPS 中另存为 .xlsx 后重试。`, true));
      };
      const request: AnalyseRequest = { kind: 'desk', fileName: file.name, bytes };
      try {
        worker.postMessage(request, [bytes]);
      } catch {
        done(fail('无法启动后台解析（浏览器不支持 Web Worker）。', true));
      }
    });
  }
}
