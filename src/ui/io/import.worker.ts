/// <reference lib="webworker" />
/**
 * Parses a spreadsheet off the main thread, so the page stays responsive on a large file;
 * the page stops this worker when it takes too long (import-client.ts).
 */
import { analyseWorkbook, buildEvaluations, previewTable } from '../../io/import-workbook.ts';
import { internalFailure } from '../../io/messages.ts';
import type { AnalyseRequest, AnalyseResponse, DeskResponse, DeskTable } from './import-protocol.ts';

/** The review desk's answer: each table built on its own, so one bad table does not hide the rest. */
function deskTables(bytes: Uint8Array, fileName: string): DeskResponse {
  const analysed = analyseWorkbook(bytes, fileName);
  if (!analysed.ok) return { ok: false, message: analysed.errors.map((e) => e.message).join('；') };
  const analysis = analysed.value;
  if (analysis.restored.length > 0) {
    return { ok: true, tables: analysis.restored.map((evaluation) => ({ sheet: '（Jixiao 导出）', evaluation, message: '' })) };
  }
  const tables: DeskTable[] = analysis.tables.map((table) => {
    const built = buildEvaluations(analysis, [{ tableId: table.id, columns: table.columns }]);
    if (built.ok && built.value.evaluations[0]) return { sheet: table.sheet, evaluation: built.value.evaluations[0], message: '' };
    return { sheet: table.sheet, evaluation: null, message: built.ok ? '表格无法导入。' : built.errors.map((e) => e.message).join('；') };
  });
  return { ok: true, tables };
}

self.onmessage = (event: MessageEvent<AnalyseRequest>) => {
  const { fileName, bytes } = event.data;
  if (event.data.kind === 'desk') {
    let desk: DeskResponse;
    try {
      desk = deskTables(new Uint8Array(bytes), fileName);
    } catch (err) {
      console.error(err);
      desk = { ok: false, message: internalFailure(fileName, err).message };
    }
    (self as unknown as Worker).postMessage(desk);
    return;
  }
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
