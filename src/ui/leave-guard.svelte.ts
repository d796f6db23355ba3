/**
 * Leaving an evaluation whose edits are only in this page (the last write failed, e.g. the
 * disk is full) must not drop them, whichever way the user leaves: ← 列表, the title, the
 * browser's Back, a typed hash, another evaluation opened by its link. The workbench asks
 * here first. After one more try at saving, the user is asked (导出备份 / 留下 / 仍然离开);
 * a session left anyway is kept alive here, its saver retrying, and given back as it was
 * when the same evaluation is opened again in this page. Closing the tab is covered by each
 * session's own beforeunload warning, which a kept session still has.
 */
import type { Id } from '../domain/index.ts';
import { downloadBackup } from './backup.ts';
import type { EvaluationSession } from './session.svelte.ts';

export type LeaveChoice = 'stay' | 'leave';

export interface LeavePrompt {
  projectName: string;
  /** The save error, as the saver said it. */
  reason: string;
  exported: boolean;
}

/** One more write gets this long before the user is asked. */
const FLUSH_WAIT_MS = 3000;

export class LeaveGuard {
  prompt = $state<LeavePrompt | null>(null);
  #session: EvaluationSession | null = null;
  #answer: ((choice: LeaveChoice) => void) | null = null;
  readonly #kept = new Map<Id, EvaluationSession>();

  /** The question is on screen: another way out meanwhile is simply refused. */
  get asking(): boolean {
    return this.prompt !== null;
  }

  /**
   * Whether `session` may be closed now. Resolves true at once when everything is saved;
   * otherwise tries once more, then asks. On 'leave' the session is kept (see take()).
   */
  async mayLeave(session: EvaluationSession): Promise<boolean> {
    if (this.asking) return false;
    // A merge waiting for the cell editor to close runs within moments of the click that led here.
    for (let i = 0; i < 30 && session.saveState.kind === 'conflict'; i++) await new Promise((r) => setTimeout(r, 100));
    if (session.unsaved) {
      await Promise.race([session.retrySave(), new Promise((r) => setTimeout(r, FLUSH_WAIT_MS))]);
    } else {
      await Promise.race([session.flush(), new Promise((r) => setTimeout(r, FLUSH_WAIT_MS))]);
    }
    if (!session.unsaved) return true;
    const state = session.saveState;
    this.#session = session;
    this.prompt = {
      projectName: session.evaluation.meta.projectName || '未命名项目',
      reason: state.kind === 'error' ? state.message : '另一个窗口的修改正在合并。',
      exported: false,
    };
    const choice = await new Promise<LeaveChoice>((resolve) => (this.#answer = resolve));
    this.prompt = null;
    this.#session = null;
    this.#answer = null;
    if (choice === 'stay') return false;
    this.#keep(session);
    return true;
  }

  exportBackup(): void {
    if (!this.#session || !this.prompt) return;
    downloadBackup(this.#session.evaluation);
    this.prompt = { ...this.prompt, exported: true };
  }

  answer(choice: LeaveChoice): void {
    this.#answer?.(choice);
  }

  /** A session left with unsaved edits: the same object back, to show again. */
  take(id: Id): EvaluationSession | undefined {
    const session = this.#kept.get(id);
    this.#kept.delete(id);
    return session;
  }

  holds(session: EvaluationSession): boolean {
    return this.#kept.get(session.id) === session;
  }

  /** A kept session is let go once its edits are stored. */
  #keep(session: EvaluationSession): void {
    this.#kept.get(session.id)?.dispose();
    this.#kept.set(session.id, session);
    const poll = setInterval(() => {
      if (this.#kept.get(session.id) !== session) {
        clearInterval(poll);
        return;
      }
      if (session.unsaved || session.saveState.kind === 'saving') return;
      clearInterval(poll);
      this.#kept.delete(session.id);
      session.dispose();
    }, 1000);
  }

  get keptIds(): Id[] {
    return [...this.#kept.keys()];
  }

  dispose(): void {
    for (const session of this.#kept.values()) session.dispose();
    this.#kept.clear();
  }
}
