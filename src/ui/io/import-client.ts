/**
 * Runs the import worker for one file and gives up after a stated time: a file that hangs the
 * parser is stopped (the worker is terminated) with a message instead of freezing the page.
 */
import { IMPORT_LIMITS, formatMegabytes } from '../../io/limits.ts';
import { importError } from '../../io/messages.ts';
import type { AnalyseRequest, AnalyseResponse } from './import-protocol.ts';
import { startImportWorker } from './import-worker.ts';

export interface AnalyseOptions {
  /** Default IMPORT_LIMITS.timeoutMs (60 s). */
  timeoutMs?: number;
  /** For tests: a worker that never answers, etc. */
  createWorker?: () => Worker;
}

export interface FileLike {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const defaultWorker = startImportWorker;

export async function analyseInWorker(file: FileLike, options: AnalyseOptions = {}): Promise<AnalyseResponse> {
  const fail = (code: Parameters<typeof importError>[0], message: string): AnalyseResponse => ({ ok: false, errors: [importError(code, message, { file: file.name })] });
  // Refused before reading: a 2 GB file must not be loaded into memory to be refused.
  if (file.size > IMPORT_LIMITS.maxBytes) {
    return fail('too-large', `文件“${file.name}”有 ${formatMegabytes(file.size)}，超过导入上限 ${formatMegabytes(IMPORT_LIMITS.maxBytes)}。请拆分后再导入。`);
  }
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch {
    return fail('unreadable', `无法读取文件“${file.name}”：浏览器拒绝读取（文件可能已被移动或删除）。`);
  }
  const timeoutMs = options.timeoutMs ?? IMPORT_LIMITS.timeoutMs;
  let worker: Worker;
  try {
    worker = (options.createWorker ?? defaultWorker)();
  } catch {
    return fail('unreadable', '无法启动后台解析（浏览器不支持 Web Worker）。');
  }
  return new Promise<AnalyseResponse>((resolve) => {
    const finish = (response: AnalyseResponse) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(response);
    };
    const timer = setTimeout(() => {
      finish(fail('unreadable', `解析文件“${file.name}”超过 ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} 秒` : `${timeoutMs} 毫秒`}仍未完成，已停止。文件可能过大或已损坏；可另存为 .xlsx 或删去无关工作表后重试。`));
    }, timeoutMs);
    worker.onmessage = (event: MessageEvent<AnalyseResponse>) => finish(event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      // The worker's own words are English ("Uncaught RangeError: …"): for the console, not the user.
      console.error(event.message);
      finish(fail('unreadable', `解析文件“${file.name}”时后台解析出错（文件可能过大或已损坏），已停止，未导入任何内容。可在 Excel 或 WPS 中另存为 .xlsx 后重试。`));
    };
    const request: AnalyseRequest = { fileName: file.name, bytes };
    worker.postMessage(request, [bytes]);
  });
}
