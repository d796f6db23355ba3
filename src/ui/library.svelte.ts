/**
 * The indicator library as the workbench's 指标库 tab sees it (issue 10 §3): built from every
 * evaluation stored in this browser plus the national framework, searched as the user types,
 * and inserted into the open sheet after the selected indicator with its rule.
 */
import type { Evaluation, LibraryEntry } from '../domain/index.ts';
import { buildLibrary, insertIndicator, leafFromLibrary, searchLibrary } from '../domain/index.ts';
import { evaluationStore } from '../storage/index.ts';
import type { EvaluationSession } from './session.svelte.ts';

export class IndicatorLibrary {
  entries = $state.raw<LibraryEntry[]>([]);
  query = $state('');
  loaded = $state(false);
  results = $derived(searchLibrary(this.entries, this.query));

  /** Reads every stored evaluation once (a record that cannot be read is simply not in it). */
  async load(current: Evaluation): Promise<void> {
    const store = evaluationStore();
    const docs: Evaluation[] = [current];
    for (const s of await store.listSummaries()) {
      if (s.id === current.id) continue;
      try {
        const stored = await store.load(s.id);
        if (stored) docs.push(stored.evaluation);
      } catch {
        // Unreadable records are listed on the home page; the library does without them.
      }
    }
    this.entries = buildLibrary(docs);
    this.loaded = true;
  }

  /** Inserts after the selected indicator (as a last child when a group is selected); one undo step. */
  insert(session: EvaluationSession, entry: LibraryEntry): string {
    const leaf = leafFromLibrary(entry);
    const anchor = session.selection?.nodeId ?? null;
    session.update((ev) => insertIndicator(ev, anchor, leaf).evaluation);
    session.select(leaf.id, 'level3', false);
    return leaf.id;
  }
}
