/// <reference lib="webworker" />
/**
 * Parses a spreadsheet off the main thread, so the page stays responsive on a large file;
 * the page stops this worker when it takes too long (import-client.ts).
 */
import { analyseWorkbook, previewTable } from '../../io/import-workbook.ts';
import { internalFailure } from '../../io/messages.ts';
import type { AnalyseRequest, AnalyseResponse } from './import-protocol.ts';

self.onmessage = (event: MessageEvent<AnalyseRequest>) => {
  const { fileName, bytes } = event.data;
  let response: AnalyseResponse;
  try {
    const analysed = analyseWorkbook(new Uint8Array(bytes), fileName);
    response = analysed.ok
      ? {
          ok: true,
          value: {
            analysis: analysed.value,
            previews: analysed.value.tables.map((t) => previewTable(analysed.value, { tableId: t.id, columns: t.columns }).preview),
          },
          warnings: analysed.warnings,
        }
      : analysed;
  } catch (err) {
    console.error(err);
    response = { ok: false, errors: [internalFailure(fileName, err)] };
  }
  (self as unknown as Worker).postMessage(response);
};
