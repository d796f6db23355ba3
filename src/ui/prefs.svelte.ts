/**
 * How this user likes the workbench laid out (hidden columns, widths, open panels): a
 * per-browser preference, not part of any evaluation, so it lives in localStorage.
 */
import type { ColumnKey } from '../grid/types.ts';

const KEY = 'jixiao.ui-prefs.v1';

interface Stored {
  hiddenColumns: ColumnKey[];
  columnWidths: Partial<Record<ColumnKey, number>>;
  headerOpen: boolean;
}

const DEFAULTS: Stored = { hiddenColumns: ['code', 'guidance'], columnWidths: {}, headerOpen: false };

function read(): Stored {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return DEFAULTS;
    const parsed = JSON.parse(raw) as Partial<Stored>;
    return {
      hiddenColumns: Array.isArray(parsed.hiddenColumns) ? parsed.hiddenColumns : DEFAULTS.hiddenColumns,
      columnWidths: parsed.columnWidths && typeof parsed.columnWidths === 'object' ? parsed.columnWidths : {},
      headerOpen: parsed.headerOpen === true,
    };
  } catch {
    return DEFAULTS;
  }
}

export class UiPrefs {
  hiddenColumns = $state.raw<ColumnKey[]>([]);
  columnWidths = $state.raw<Partial<Record<ColumnKey, number>>>({});
  headerOpen = $state(false);

  constructor() {
    const stored = read();
    this.hiddenColumns = stored.hiddenColumns;
    this.columnWidths = stored.columnWidths;
    this.headerOpen = stored.headerOpen;
  }

  #write(): void {
    try {
      const data: Stored = { hiddenColumns: this.hiddenColumns, columnWidths: this.columnWidths, headerOpen: this.headerOpen };
      localStorage.setItem(KEY, JSON.stringify(data));
    } catch {
      // A preference that cannot be kept is not worth a message.
    }
  }

  toggleColumn(column: ColumnKey): void {
    this.hiddenColumns = this.hiddenColumns.includes(column)
      ? this.hiddenColumns.filter((c) => c !== column)
      : [...this.hiddenColumns, column];
    this.#write();
  }

  setWidths(widths: Partial<Record<ColumnKey, number>>): void {
    this.columnWidths = { ...this.columnWidths, ...widths };
    this.#write();
  }

  setHeaderOpen(open: boolean): void {
    this.headerOpen = open;
    this.#write();
  }
}
