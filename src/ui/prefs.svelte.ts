/**
 * How this user likes the workbench laid out (hidden columns, widths, open panels): a
 * per-browser preference, not part of any evaluation, so it lives in localStorage.
 */
import type { ColumnKey } from '../grid/types.ts';

/** 'auto': compact when the evaluation's long texts would push 得分 off-screen (density.ts). */
export type DensityPref = 'auto' | 'compact' | 'comfortable';

export const ZOOM_STEPS: readonly number[] = [0.7, 0.8, 0.9, 1, 1.1, 1.25, 1.5];

const KEY = 'jixiao.ui-prefs.v1';

interface Stored {
  hiddenColumns: ColumnKey[];
  columnWidths: Partial<Record<ColumnKey, number>>;
  headerOpen: boolean;
  density: DensityPref;
  sideOpen: boolean;
  zoom: number;
  enterAddsRow: boolean;
}

const DEFAULTS: Stored = {
  hiddenColumns: ['code', 'guidance'],
  columnWidths: {},
  headerOpen: false,
  density: 'auto',
  sideOpen: true,
  zoom: 1,
  enterAddsRow: false,
};

function read(): Stored {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return DEFAULTS;
    const parsed = JSON.parse(raw) as Partial<Stored>;
    return {
      hiddenColumns: Array.isArray(parsed.hiddenColumns) ? parsed.hiddenColumns : DEFAULTS.hiddenColumns,
      columnWidths: parsed.columnWidths && typeof parsed.columnWidths === 'object' ? parsed.columnWidths : {},
      headerOpen: parsed.headerOpen === true,
      density: parsed.density === 'compact' || parsed.density === 'comfortable' ? parsed.density : 'auto',
      sideOpen: parsed.sideOpen !== false,
      zoom: typeof parsed.zoom === 'number' && ZOOM_STEPS.includes(parsed.zoom) ? parsed.zoom : 1,
      enterAddsRow: parsed.enterAddsRow === true,
    };
  } catch {
    return DEFAULTS;
  }
}

export class UiPrefs {
  hiddenColumns = $state.raw<ColumnKey[]>([]);
  columnWidths = $state.raw<Partial<Record<ColumnKey, number>>>({});
  headerOpen = $state(false);
  density = $state<DensityPref>('auto');
  sideOpen = $state(true);
  zoom = $state(1);
  enterAddsRow = $state(false);

  constructor() {
    const stored = read();
    this.hiddenColumns = stored.hiddenColumns;
    this.columnWidths = stored.columnWidths;
    this.headerOpen = stored.headerOpen;
    this.density = stored.density;
    this.sideOpen = stored.sideOpen;
    this.zoom = stored.zoom;
    this.enterAddsRow = stored.enterAddsRow;
  }

  #write(): void {
    try {
      const data: Stored = {
        hiddenColumns: this.hiddenColumns,
        columnWidths: this.columnWidths,
        headerOpen: this.headerOpen,
        density: this.density,
        sideOpen: this.sideOpen,
        zoom: this.zoom,
        enterAddsRow: this.enterAddsRow,
      };
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

  setDensity(density: DensityPref): void {
    this.density = density;
    this.#write();
  }

  setSideOpen(open: boolean): void {
    this.sideOpen = open;
    this.#write();
  }

  /** One step in or out (Ctrl+wheel, the − / + buttons); 0 resets to 100 %. */
  stepZoom(direction: -1 | 0 | 1): void {
    const at = ZOOM_STEPS.indexOf(this.zoom);
    const index = direction === 0 ? ZOOM_STEPS.indexOf(1) : Math.min(ZOOM_STEPS.length - 1, Math.max(0, (at < 0 ? 3 : at) + direction));
    this.zoom = ZOOM_STEPS[index] ?? 1;
    this.#write();
  }

  setEnterAddsRow(on: boolean): void {
    this.enterAddsRow = on;
    this.#write();
  }
}
