/**
 * 自评 beside 评价 in the workbench (issue 10 §1): a 自评表 read into the open evaluation as its
 * second score set. Reading is in the import worker; the match (domain matchSelfScores) is shown
 * before anything changes; confirming is one undoable change of `selfScores` only, so the
 * evaluator's own scoring is never touched.
 */
import type { Evaluation, Id, SelfMatch } from '../domain/index.ts';
import { evaluate, matchSelfScores, restoreEvaluation, withSelfScores, withoutSelfScores } from '../domain/index.ts';
import type { EvaluationSession } from './session.svelte.ts';
import { ImportPool } from './io/import-pool.ts';
import type { DeskResponse } from './io/import-protocol.ts';

export interface SelfImportPreview {
  fileName: string;
  tables: { sheet: string; evaluation: Evaluation }[];
  chosen: number;
  match: SelfMatch;
  /** The user's own pairs: this evaluation's leaf id → the 自评表 leaf id. */
  manual: { id: Id; selfId: Id }[];
}

export class SelfScoresState {
  preview = $state.raw<SelfImportPreview | null>(null);
  reading = $state(false);
  error = $state<string | null>(null);

  constructor(readonly session: EvaluationSession) {}

  async read(file: File): Promise<void> {
    this.reading = true;
    this.error = null;
    this.preview = null;
    try {
      const answers: DeskResponse[] = [];
      await new ImportPool({ size: 1 }).run([file], (_i, _f, response) => answers.push(response));
      const answer: DeskResponse = answers[0] ?? { ok: false, message: `未能读取“${file.name}”。` };
      if (!answer.ok) {
        this.error = answer.message;
        return;
      }
      const tables: SelfImportPreview['tables'] = [];
      for (const t of answer.tables) {
        if (!t.evaluation) continue;
        const restored = restoreEvaluation(t.evaluation);
        if (restored.ok) tables.push({ sheet: t.sheet, evaluation: restored.evaluation });
      }
      if (tables.length === 0) {
        this.error = answer.tables.map((t) => t.message).filter(Boolean).join('；') || `“${file.name}”中没有可读取的自评表。`;
        return;
      }
      this.preview = { fileName: file.name, tables, chosen: 0, match: this.#match(tables[0]!.evaluation), manual: [] };
    } finally {
      this.reading = false;
    }
  }

  #match(self: Evaluation): SelfMatch {
    return matchSelfScores(this.session.evaluation, self, evaluate(self));
  }

  choose(index: number): void {
    const p = this.preview;
    const table = p?.tables[index];
    if (!p || !table) return;
    this.preview = { ...p, chosen: index, match: this.#match(table.evaluation), manual: [] };
  }

  /** Pairs a 自评表 leaf left unmatched with a leaf of this evaluation ('' undoes the pair). */
  pair(selfId: Id, id: Id | ''): void {
    const p = this.preview;
    if (!p) return;
    const manual = p.manual.filter((m) => m.selfId !== selfId && m.id !== id);
    this.preview = { ...p, manual: id ? [...manual, { id, selfId }] : manual };
  }

  confirm(): void {
    const p = this.preview;
    const table = p?.tables[p.chosen];
    if (!p || !table) return;
    const selfResult = evaluate(table.evaluation);
    const funds = selfResult.funds?.score ?? null;
    const source = `${p.fileName}${table.sheet ? ` / ${table.sheet}` : ''}`;
    this.session.update((ev) => withSelfScores(ev, p.match, source, p.manual, { total: table.evaluation.statedTotal ?? selfResult.total, funds }));
    this.preview = null;
  }

  cancel(): void {
    this.preview = null;
    this.error = null;
  }

  remove(): void {
    this.session.update((ev) => withoutSelfScores(ev));
  }
}
