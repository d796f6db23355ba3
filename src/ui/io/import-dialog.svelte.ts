/**
 * The import preview's state: the chosen file, the tables found, for each whether to import
 * it and how its columns map, the preview of what it becomes, and the one call that saves
 * them all (the app saves in one transaction: all or nothing).
 */
import type { Evaluation } from '../../domain/index.ts';
import { withFreshIds } from '../../domain/index.ts';
import { evaluationStore } from '../../storage/index.ts';
import type { TablePreview } from '../../io/build-evaluation.ts';
import type { ColumnField } from '../../io/header-synonyms.ts';
import { buildEvaluations, previewTable } from '../../io/import-workbook.ts';
import type { ColumnAssignment, DetectedTable, TableChoice, WorkbookAnalysis } from '../../io/layout.ts';
import type { ImportMessage } from '../../io/messages.ts';
import { analyseInWorker, type AnalyseOptions, type FileLike } from './import-client.ts';

export interface TableView {
  table: DetectedTable;
  selected: boolean;
  columns: ColumnAssignment[];
  preview: TablePreview;
}

/**
 * What to do with a Jixiao export whose evaluation is already here (same id, e.g. the file
 * was exported from this browser): import a copy (fresh ids, name suffixed （副本）), or
 * replace the one here, which goes to the trash as 删除 does (the import takes fresh ids, so
 * the replaced one can still be restored beside it). One in the trash can only be copied.
 */
export type ClashChoice = 'copy' | 'replace';

export interface RestoredView {
  id: string;
  evaluation: Evaluation;
  selected: boolean;
  /** The evaluation here with the same id, by name; null when there is none. */
  clash: { projectName: string; trashed: boolean } | null;
  choice: ClashChoice;
}

export const COPY_SUFFIX = '（副本）';

/** The copy 导入为副本 makes: every id new, so it sits beside the original. */
export function importedCopy(evaluation: Evaluation): Evaluation {
  const copy = withFreshIds(evaluation);
  return { ...copy, meta: { ...copy.meta, projectName: `${copy.meta.projectName || '未命名项目'}${COPY_SUFFIX}` } };
}

/** What is stored under `id` now (or in the trash), by name, or null; an unreadable record still clashes. */
async function existing(id: string): Promise<{ projectName: string; trashed: boolean } | null> {
  const store = evaluationStore();
  try {
    const stored = await store.load(id);
    if (stored) return { projectName: stored.evaluation.meta.projectName || '未命名项目', trashed: false };
  } catch {
    return { projectName: '（无法读取的评价）', trashed: false };
  }
  try {
    const trashed = (await store.listTrash()).find((t) => t.id === id);
    return trashed ? { projectName: trashed.summary.projectName || '未命名项目', trashed: true } : null;
  } catch {
    return null;
  }
}

export type Phase = 'choose' | 'reading' | 'preview' | 'saving';

export class ImportDialogState {
  phase = $state<Phase>('choose');
  fileName = $state('');
  /** File-level errors (unreadable, encrypted …) and save errors. */
  errors = $state.raw<ImportMessage[]>([]);
  warnings = $state.raw<ImportMessage[]>([]);
  tables = $state<TableView[]>([]);
  restored = $state<RestoredView[]>([]);
  /** 替换现有 was chosen and the import pressed once: the dialog asks to confirm. */
  confirmingReplace = $state(false);
  #analysis: WorkbookAnalysis | null = null;
  readonly #options: AnalyseOptions;

  constructor(options: AnalyseOptions = {}) {
    this.#options = options;
  }

  get selectedCount(): number {
    return this.tables.filter((t) => t.selected).length + this.restored.filter((r) => r.selected).length;
  }

  /** Errors of the selected tables: while there are any, nothing can be imported. */
  get blockingErrors(): ImportMessage[] {
    return this.tables.filter((t) => t.selected).flatMap((t) => t.preview.errors);
  }

  get canConfirm(): boolean {
    return this.phase === 'preview' && this.selectedCount > 0 && this.blockingErrors.length === 0;
  }

  async choose(file: FileLike): Promise<void> {
    this.phase = 'reading';
    this.fileName = file.name;
    this.errors = [];
    this.warnings = [];
    this.tables = [];
    this.restored = [];
    this.#analysis = null;
    const response = await analyseInWorker(file, this.#options);
    if (!response.ok) {
      this.errors = response.errors;
      this.phase = 'choose';
      return;
    }
    const { analysis, previews } = response.value;
    this.#analysis = analysis;
    this.warnings = response.warnings;
    // A Jixiao export carries its evaluation whole: offer that, not a re-read of the sheet.
    const fromExport = analysis.restored.length > 0;
    const clashes = await Promise.all(analysis.restored.map((evaluation) => existing(evaluation.id)));
    this.restored = analysis.restored.map((evaluation, i) => ({
      id: `restored:${i}`,
      evaluation,
      selected: true,
      clash: clashes[i] ?? null,
      choice: 'copy',
    }));
    this.confirmingReplace = false;
    this.tables = analysis.tables.map((table, i) => ({
      table,
      selected: !fromExport && (previews[i]?.errors.length ?? 0) === 0,
      columns: table.columns.map((c) => ({ ...c })),
      preview: previews[i] as TablePreview,
    }));
    this.phase = 'preview';
  }

  toggle(tableId: string, selected: boolean): void {
    const view = this.tables.find((t) => t.table.id === tableId) ?? this.restored.find((r) => r.id === tableId);
    if (view) view.selected = selected;
  }

  setClash(restoredId: string, choice: ClashChoice): void {
    const view = this.restored.find((r) => r.id === restoredId);
    if (view) view.choice = choice;
    this.confirmingReplace = false;
  }

  /** The selected exports that will replace an evaluation here. */
  get replacing(): RestoredView[] {
    return this.restored.filter((r) => r.selected && r.clash && !r.clash.trashed && r.choice === 'replace');
  }

  setAll(selected: boolean): void {
    for (const t of this.tables) t.selected = selected;
    for (const r of this.restored) r.selected = selected;
  }

  /** The user remaps a column: the table's preview follows at once. */
  setField(tableId: string, column: number, field: ColumnField): void {
    const view = this.tables.find((t) => t.table.id === tableId);
    if (!view || !this.#analysis) return;
    view.columns = view.columns.map((c) => (c.column === column ? { ...c, field } : c));
    view.preview = previewTable(this.#analysis, { tableId, columns: $state.snapshot(view.columns) as ColumnAssignment[] }).preview;
  }

  /**
   * Builds the chosen tables and hands them to the app in one call. Nothing is saved when a
   * table fails to build or the save fails: the messages say why, the data is as it was.
   */
  async confirm(onimport: (evaluations: Evaluation[]) => Promise<void>): Promise<boolean> {
    if (!this.#analysis || !this.canConfirm) return false;
    const choices: TableChoice[] = [
      ...this.restored.filter((r) => r.selected).map((r) => ({ tableId: r.id, columns: [] })),
      ...this.tables.filter((t) => t.selected).map((t) => ({ tableId: t.table.id, columns: $state.snapshot(t.columns) as ColumnAssignment[] })),
    ];
    const built = buildEvaluations(this.#analysis, choices);
    if (!built.ok) {
      this.errors = built.errors;
      return false;
    }
    // 替换现有 asks once more, naming what goes to the trash.
    const replacing = this.replacing;
    if (replacing.length > 0 && !this.confirmingReplace) {
      this.confirmingReplace = true;
      return false;
    }
    const copies = new Set(this.restored.filter((r) => r.selected && r.clash && r.choice === 'copy').map((r) => r.evaluation.id));
    const replaced = new Set(replacing.map((r) => r.evaluation.id));
    const evaluations = built.value.evaluations.map((e) => (copies.has(e.id) ? importedCopy(e) : replaced.has(e.id) ? withFreshIds(e) : e));
    this.phase = 'saving';
    this.errors = [];
    const trashed: string[] = [];
    try {
      for (const view of replacing) {
        await evaluationStore().remove(view.evaluation.id);
        trashed.push(view.evaluation.id);
      }
      await onimport(evaluations);
      return true;
    } catch (err) {
      // All or nothing: what was moved to the trash for the replacement comes back.
      for (const id of trashed) await evaluationStore().restore(id).catch(() => undefined);
      this.errors = [{ code: 'unreadable', severity: 'error', message: `保存失败，未导入任何评价：${err instanceof Error ? err.message : String(err)}` }];
      this.phase = 'preview';
      this.confirmingReplace = false;
      return false;
    }
  }
}
