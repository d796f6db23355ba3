/**
 * Version 3: work across files (issue 10). `templates` holds the user's own templates (an
 * evaluation's design without its scoring, named); `desk` holds the review desk's rows (one per
 * table of the files a reviewer dropped on it, with the table's evaluation so a row opens
 * without the file), kept until the user clears the desk. Both are new tables: the upgrade
 * moves nothing and every existing row stays as it was.
 */
import type { Dexie } from 'dexie';
import type { Evaluation } from '../../domain/index.ts';
import { storesV2 } from './v2.ts';

export interface TemplateRow {
  id: string;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
  /** The design: asTemplate(evaluation) of the domain. */
  evaluation: Evaluation;
}

export interface DeskRow {
  id: string;
  /** Order of arrival on the desk. */
  addedAt: number;
  fileName: string;
  sheet: string;
  /** null: the file could not be read, `message` says why. */
  evaluation: Evaluation | null;
  message: string;
}

export const storesV3 = {
  ...storesV2,
  templates: 'id, updatedAt',
  desk: 'id, addedAt',
} as const;

export function defineV3(db: Dexie): void {
  db.version(3).stores(storesV3);
}
