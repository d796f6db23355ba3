/**
 * The shape a document must have before it is stored. IndexedDB stores anything
 * structured-clonable, so without this check a bad import (or a bug) could write a
 * document the app cannot open again, and the evaluator would find it only on reload.
 * Deliberately shallow about content: the engine's findings judge the content.
 */
import type { Evaluation, Indicator } from '../domain/index.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkIndicators(nodes: unknown, seen: Set<string>): string | null {
  if (!Array.isArray(nodes)) return '指标列表不是数组';
  for (const node of nodes as unknown[]) {
    if (!isObject(node)) return '指标不是对象';
    const indicator = node as Partial<Indicator>;
    if (typeof indicator.id !== 'string' || indicator.id === '') return `指标「${String(indicator.name ?? '')}」缺少编号`;
    if (seen.has(indicator.id)) return `指标编号重复：${indicator.id}`;
    seen.add(indicator.id);
    const inner = checkIndicators(indicator.children, seen);
    if (inner) return inner;
  }
  return null;
}

/** null when storable; otherwise why not, in Chinese. */
export function checkEvaluation(evaluation: unknown): string | null {
  if (!isObject(evaluation)) return '数据不是评价（不是对象）';
  const e = evaluation as Partial<Evaluation>;
  if (typeof e.id !== 'string' || e.id === '') return '评价缺少编号';
  const name = isObject(e.meta) && typeof e.meta.projectName === 'string' ? e.meta.projectName : e.id;
  if (!isObject(e.meta)) return `评价「${name}」缺少基本信息`;
  if (!isObject(e.settings)) return `评价「${name}」缺少评分设置`;
  if (!Array.isArray(e.adjustments)) return `评价「${name}」的调整项不是数组`;
  const problem = checkIndicators(e.indicators, new Set());
  return problem ? `评价「${name}」：${problem}` : null;
}
