/**
 * The home list and what can be done to whole evaluations: create (blank or from a
 * template), rename, duplicate, delete (with undo), import, and which one is open.
 *
 * The open evaluation lives in the URL hash (#/e/<id>), so a reload reopens it.
 */
import type { Evaluation, Id } from '../domain/index.ts';
import { TEMPLATES, blankEvaluation, nextYearCopy, withFreshIds } from '../domain/index.ts';
import type { EvaluationSummary } from '../storage/types.ts';
import {
  evaluationStore,
  persistenceStatus,
  requestPersistence,
  summarize,
  watchSummaries,
  type PersistenceResult,
} from '../storage/index.ts';
import { EvaluationSession } from './session.svelte.ts';
import { LeaveGuard } from './leave-guard.svelte.ts';
import { Toasts } from './toasts.svelte.ts';

export type PersistenceState = 'unknown' | PersistenceResult;

function summaryOf(evaluation: Evaluation): EvaluationSummary {
  return summarize(evaluation, { updatedAt: evaluation.updatedAt ?? Date.now() });
}

function openIdFromHash(): Id | null {
  const match = /^#\/e\/(.+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]!) : null;
}

export class Workbench {
  summaries = $state.raw<EvaluationSummary[]>([]);
  loaded = $state(false);
  /** A problem reading the list or opening an evaluation, in Chinese. */
  error = $state<string | null>(null);
  session = $state.raw<EvaluationSession | null>(null);
  opening = $state(false);
  persistence = $state<PersistenceState>('unknown');
  readonly toasts = new Toasts();
  /** Asks before an evaluation with unsaved edits is left, and keeps it if left anyway. */
  readonly leaveGuard = new LeaveGuard();

  #stopWatching: (() => void) | null = null;
  #openToken = 0;
  /** The session the user chose to leave (仍然离开): its hash change is not asked about again. */
  #approved: EvaluationSession | null = null;
  /** history.length when last routed: a longer history means the way out pushed an entry. */
  #historyLength = typeof history === 'undefined' ? 0 : history.length;
  readonly #onHashChange = () => void this.#route();

  async start(): Promise<void> {
    window.addEventListener('hashchange', this.#onHashChange);
    this.#stopWatching = watchSummaries((list) => {
      this.summaries = list;
      this.loaded = true;
    });
    await this.refresh();
    await this.#route();
    void this.#checkPersistence();
  }

  stop(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#stopWatching?.();
    this.session?.dispose();
    this.leaveGuard.dispose();
  }

  async refresh(): Promise<void> {
    try {
      this.summaries = await evaluationStore().listSummaries();
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : '读取评价列表失败。';
    }
    this.loaded = true;
  }

  async #checkPersistence(): Promise<void> {
    try {
      const status = await persistenceStatus();
      this.persistence = status;
    } catch {
      this.persistence = 'unsupported';
    }
  }

  /** Asked once there is data worth keeping: the browser may then never evict it. */
  async #askPersistence(): Promise<void> {
    if (this.persistence === 'granted') return;
    try {
      this.persistence = await requestPersistence();
    } catch {
      this.persistence = 'unsupported';
    }
  }

  open(id: Id): void {
    location.hash = `#/e/${encodeURIComponent(id)}`;
  }

  close(): void {
    const session = this.session;
    if (session?.unsaved) {
      // Asked before the address changes, so Back still leads where it did.
      void this.leaveGuard.mayLeave(session).then((leave) => {
        if (!leave || this.session !== session) return;
        this.#approved = session;
        location.hash = '';
      });
      return;
    }
    location.hash = '';
  }

  async #route(): Promise<void> {
    const id = openIdFromHash();
    if (this.session && this.session.id === id) return;
    if (this.session && this.#approved !== this.session && (this.leaveGuard.asking || this.session.unsaved)) {
      // Back, Forward or a typed address: the address goes back to what is on screen while
      // the user is asked (a new entry is stepped back from, a step through history undone
      // forward), and on to where they were going if they leave.
      const closing = this.session;
      const target = location.hash;
      const here = `#/e/${encodeURIComponent(closing.id)}`;
      if (history.length > this.#historyLength) history.back();
      else history.forward();
      this.#historyLength = history.length;
      if (this.leaveGuard.asking) return;
      const leave = await this.leaveGuard.mayLeave(closing);
      if (this.session !== closing) return;
      if (!leave) {
        if (location.hash !== here) history.replaceState(history.state, '', here);
        return;
      }
      history.replaceState(history.state, '', target || location.pathname + location.search);
      if (openIdFromHash() !== id) return;
    }
    this.#approved = null;
    this.#historyLength = history.length;
    const token = ++this.#openToken;
    if (this.session) {
      const closing = this.session;
      this.session = null;
      await closing.flush();
      if (!this.leaveGuard.holds(closing)) closing.dispose();
      void this.refresh();
    }
    if (!id) return;
    const kept = this.leaveGuard.take(id);
    if (kept) {
      this.session = kept;
      kept.notice = { kind: 'warning', text: '这份评价还有未保存的修改（上次保存失败），已从本页面原样恢复，正在继续尝试保存。' };
      this.error = null;
      return;
    }
    this.opening = true;
    try {
      const stored = await evaluationStore().load(id);
      if (token !== this.#openToken) return;
      if (!stored) {
        this.error = '找不到这份评价，它可能已被删除。';
        this.close();
        return;
      }
      const session = new EvaluationSession(stored);
      session.start();
      this.session = session;
      this.error = null;
    } catch (error) {
      this.error = error instanceof Error ? error.message : '打开评价失败。';
      this.close();
    } finally {
      if (token === this.#openToken) this.opening = false;
    }
  }

  async #store(evaluations: Evaluation[]): Promise<boolean> {
    try {
      await evaluationStore().create(evaluations, evaluations.map(summaryOf));
      await this.refresh();
      void this.#askPersistence();
      return true;
    } catch (error) {
      this.toasts.show({ kind: 'error', text: error instanceof Error ? error.message : '保存失败。' });
      return false;
    }
  }

  /** A blank evaluation, or one from the template with this id; opens it. */
  async create(templateId: string | null): Promise<void> {
    const template = TEMPLATES.find((t) => t.id === templateId);
    const evaluation = template ? template.create() : blankEvaluation();
    if (await this.#store([evaluation])) this.open(evaluation.id);
  }

  /**
   * Imported evaluations: all saved in one transaction, or none. Rejects with the Chinese
   * message when nothing was saved, so the import dialog can stay open and say why.
   */
  async importEvaluations(evaluations: Evaluation[]): Promise<void> {
    if (evaluations.length === 0) return;
    await evaluationStore().create(evaluations, evaluations.map(summaryOf));
    await this.refresh();
    void this.#askPersistence();
    this.toasts.show({ kind: 'info', text: `已导入 ${evaluations.length} 份评价。` });
    if (evaluations.length === 1) this.open(evaluations[0]!.id);
  }

  /** A backup file: like an import, but a failure is told in a toast (there is no dialog). */
  async restoreBackup(evaluations: Evaluation[]): Promise<void> {
    try {
      await this.importEvaluations(evaluations);
    } catch (error) {
      this.toasts.show({ kind: 'error', text: error instanceof Error ? error.message : '恢复备份失败。' });
    }
  }

  async #change(id: Id, change: (e: Evaluation) => Evaluation): Promise<void> {
    if (this.session?.id === id) {
      this.session.update(change);
      return;
    }
    const store = evaluationStore();
    const stored = await store.load(id);
    if (!stored) return;
    const next = change(stored.evaluation);
    const result = await store.save(next, summaryOf(next), stored.revision);
    if (!result.ok) {
      this.toasts.show({ kind: 'error', text: 'error' in result ? result.error : '另一个窗口刚修改了这份评价，请重试。' });
    }
    await this.refresh();
  }

  rename(id: Id, projectName: string): Promise<void> {
    const name = projectName.trim();
    if (!name) return Promise.resolve();
    return this.#change(id, (e) => ({ ...e, meta: { ...e.meta, projectName: name } }));
  }

  /** A copy with new ids, e.g. last year's into this year's. */
  async duplicate(id: Id, year: string): Promise<void> {
    await this.session?.flush();
    const stored = await evaluationStore().load(id);
    if (!stored) return;
    const now = Date.now();
    const copy = withFreshIds(stored.evaluation);
    const named: Evaluation = {
      ...copy,
      meta: { ...copy.meta, year: year.trim() || copy.meta.year },
      createdAt: now,
      updatedAt: now,
    };
    if (await this.#store([named])) {
      this.toasts.show({ kind: 'info', text: `已复制为 ${named.meta.year} 年度的「${named.meta.projectName}」。` });
    }
  }

  /**
   * 复制为下一年度: the same project a year on, its design kept (targets included) and its
   * scoring cleared (domain nextYearCopy); not opened, so the list shows it beside last year's.
   */
  async nextYear(id: Id): Promise<void> {
    await this.session?.flush();
    const stored = await evaluationStore().load(id);
    if (!stored) return;
    const copy = nextYearCopy(stored.evaluation);
    if (await this.#store([copy])) {
      this.toasts.show({ kind: 'info', text: `已复制为 ${copy.meta.year || '下一'} 年度的「${copy.meta.projectName || '未命名项目'}」：实际完成值、得分和扣分原因已清空。` });
    }
  }

  async remove(id: Id): Promise<void> {
    const summary = this.summaries.find((s) => s.id === id);
    if (this.session?.id === id) this.close();
    try {
      await evaluationStore().remove(id);
    } catch (error) {
      this.toasts.show({ kind: 'error', text: error instanceof Error ? error.message : '删除失败。' });
      return;
    }
    await this.refresh();
    this.toasts.show({
      kind: 'info',
      text: `已删除「${summary?.projectName || '未命名项目'}」。`,
      action: { label: '撤销', run: () => void this.restore(id) },
      testId: 'undo-delete',
    });
  }

  async restore(id: Id): Promise<void> {
    try {
      await evaluationStore().restore(id);
      await this.refresh();
    } catch (error) {
      this.toasts.show({ kind: 'error', text: error instanceof Error ? error.message : '恢复失败。' });
    }
  }
}
