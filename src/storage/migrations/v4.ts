/**
 * Version 4: the save's compare-and-swap reads a document's revision without the document.
 * `evaluations` gets a compound index [id+revision], whose keys a key cursor reads with no
 * value loaded. Reading the whole row to compare one number cost a save at 5,000 leaves ≈10 ms
 * of deserialising and ≈7 ms of garbage collection in the save worker (trace), time taken from
 * the frame that shows the edit on a 2-core machine. The upgrade moves nothing: IndexedDB builds
 * the index from the stored rows (a row whose revision is not a number is left out of it, and
 * the writer then reads the row itself).
 */
import type { Dexie } from 'dexie';
import { storesV3 } from './v3.ts';

export const storesV4 = {
  ...storesV3,
  evaluations: 'id, updatedAt, [id+revision]',
} as const;

export function defineV4(db: Dexie): void {
  db.version(4).stores(storesV4);
}
