/**
 * Evaluations and results built by hand, as input data for the grid: the grid only
 * displays results, so a small stand-in for the engine (sums, rates, texts) is enough here.
 */
import type {
  CompletionStatus,
  Evaluation,
  EvaluationResult,
  Finding,
  Indicator,
  NodeResult,
  Rule,
} from '../../../src/domain/index.ts';
import { applyCellEdits, createEvaluator, type IndicatorEdit } from '../../../src/domain/index.ts';
import { createIndicatorGrid, type IndicatorGrid } from '../../../src/grid/index.ts';
import type { CellEdit, GridCallbacks, GridOptions, GridSelection, StructureOp } from '../../../src/grid/types.ts';

export function leaf(id: string, name: string, weight: number | null, extra: Partial<Indicator> = {}): Indicator {
  return { id, name, weight, children: [], ...extra };
}

export function group(id: string, name: string, weight: number | null, children: Indicator[]): Indicator {
  return { id, name, weight, children };
}

export function evaluation(indicators: Indicator[]): Evaluation {
  return {
    id: 'e1',
    meta: { projectName: '测试项目', department: '', implementer: '', year: '2021', type: '第三方评价', evaluator: '', notes: '' },
    funds: null,
    indicators,
    settings: { gradeScale: { id: 'mof', name: '财政部', bands: [{ grade: '优', min: 90 }] }, rounding: 'half-up', decimals: 2 },
    adjustments: [],
  };
}

/** Per-leaf facts the stand-in engine cannot know: a rule's score, a status, findings. */
export interface LeafFacts {
  computed?: number | null;
  status?: CompletionStatus | null;
  findings?: Omit<Finding, 'key' | 'nodeId' | 'figures'>[];
}

const text2 = (n: number): string => String(Math.round(n * 100) / 100);

/** A result as the engine would shape it: leaves scored from facts, parents summed. */
export function resultOf(ev: Evaluation, facts: Record<string, LeafFacts> = {}): EvaluationResult {
  const nodes = new Map<string, NodeResult>();
  const visit = (node: Indicator, level: number): NodeResult => {
    const childResults = node.children.map((child) => visit(child, level + 1));
    const fact = facts[node.id] ?? {};
    const ruled = node.rule !== undefined && node.rule.type !== 'manual';
    let score: number | null;
    let source: NodeResult['scoreSource'];
    if (childResults.length > 0) {
      score = childResults.reduce((sum, r) => sum + (r.score ?? 0), 0);
      source = 'children';
    } else if (ruled && node.pinned) {
      score = node.enteredScore ?? null;
      source = 'pinned';
    } else if (ruled) {
      score = fact.computed ?? null;
      source = score === null ? 'pending' : 'rule';
    } else {
      score = node.enteredScore ?? null;
      source = score === null ? 'pending' : 'entered';
    }
    const weight = node.weight ?? (childResults.length > 0 ? childResults.reduce((s, r) => s + (r.weight ?? 0), 0) : null);
    const rate = score !== null && weight ? Math.round((score / weight) * 10000) / 10000 : null;
    const status = node.statusOverride ?? fact.status ?? null;
    const result: NodeResult = {
      id: node.id,
      level,
      isLeaf: childResults.length === 0,
      weight,
      weightText: weight === null ? '' : text2(weight),
      score,
      scoreText: score === null ? '' : text2(score),
      computedScore: ruled ? (fact.computed ?? null) : null,
      rawScore: null,
      rate,
      rateText: rate === null ? '' : `${(rate * 100).toFixed(2)}%`,
      ruleType: (node.rule?.type ?? 'manual') as Rule['type'],
      pinned: !!node.pinned,
      scoreSource: source,
      status,
      statusSource: node.statusOverride ? 'override' : status ? 'computed' : null,
      target: { kind: 'empty' },
      actual: { kind: 'empty' },
      findings: (fact.findings ?? []).map((f) => ({ ...f, key: `${f.code}:${node.id}`, nodeId: node.id, figures: {} })),
    };
    nodes.set(node.id, result);
    return result;
  };
  const levels = ev.indicators.map((node) => visit(node, 1));
  const total = levels.reduce((s, r) => s + (r.score ?? 0), 0);
  return {
    nodes,
    levels,
    funds: null,
    sum: total,
    adjustments: [],
    total,
    totalText: text2(total),
    maxTotal: 100,
    grade: '优',
    statusCounts: { 已完成: 0, 部分完成: 0, 未完成: 0, pending: 0 },
    leafCount: [...nodes.values()].filter((n) => n.isLeaf).length,
    findings: [...nodes.values()].flatMap((n) => n.findings),
  };
}

/** A slice of 000 附件3: 决策 (15分) with a skipped level and a four-level leaf. */
export function sample(): Evaluation {
  return evaluation([
    group('jc', '决策', 15, [
      group('xmlx', '项目立项', 5, [
        leaf('lxyj', '立项依据充分性', 3, { enteredScore: 3, criteria: '项目立项具备明确的文件依据，得3分；否则不得分。' }),
        leaf('lxcx', '立项程序规范性', 2, { enteredScore: 2 }),
      ]),
      group('jxmb', '绩效目标', 10, [
        leaf('mbhl', '绩效目标合理性', 4, { enteredScore: 3, reason: '目标偏低' }),
        leaf('zbmq', '绩效指标明确性', 6, {
          rule: { type: 'ratio' },
          target: '>=90%',
          actual: '80%',
        }),
      ]),
    ]),
    group('gc', '过程', 20, [
      leaf('zjdw', '资金到位率', 10, { rule: { type: 'binary' }, target: '=100%', actual: '100%' }),
      group('zzss', '组织实施', 10, [
        group('zd', '管理制度', 10, [leaf('zdjq', '管理制度健全性', 10, { enteredScore: 8 })]),
      ]),
    ]),
  ]);
}

export const sampleFacts: Record<string, LeafFacts> = {
  zbmq: { computed: 5.33, status: '部分完成' },
  zjdw: { computed: 10, status: '已完成' },
};

export interface Recorded {
  edits: CellEdit[][];
  ops: StructureOp[];
  selections: (GridSelection | null)[];
  undo: number;
  redo: number;
}

export function recorder(): { callbacks: GridCallbacks; log: Recorded } {
  const log: Recorded = { edits: [], ops: [], selections: [], undo: 0, redo: 0 };
  const callbacks: GridCallbacks = {
    onEdits: (edits) => log.edits.push(edits),
    onStructure: (op) => log.ops.push(op),
    onSelect: (selection) => log.selections.push(selection),
    onUndo: () => log.undo++,
    onRedo: () => log.redo++,
  };
  return { callbacks, log };
}

export interface Mounted {
  grid: IndicatorGrid;
  container: HTMLDivElement;
  log: Recorded;
  destroy(): void;
}

export function mount(ev: Evaluation = sample(), facts: Record<string, LeafFacts> = sampleFacts, options: GridOptions = {}): Mounted {
  return mountWith(ev, resultOf(ev, facts), options);
}

export function mountWith(ev: Evaluation, result: EvaluationResult, options: GridOptions = {}, width = 1400): Mounted {
  const container = document.createElement('div');
  container.style.width = `${width}px`;
  container.style.height = '600px';
  container.dataset.testid = 'indicator-grid';
  document.body.append(container);
  const { callbacks, log } = recorder();
  const grid = createIndicatorGrid(container, callbacks, options);
  grid.update(ev, result);
  return {
    grid,
    container,
    log,
    destroy() {
      grid.destroy();
      container.remove();
    },
  };
}

/** The rendered TD of a data cell in the main (scrollable) table, by visible texts. */
export function cellAt(m: Mounted, row: number, column: number): HTMLTableCellElement {
  const td = m.grid.hot.getCell(row, column, true);
  if (!td) throw new Error(`cell ${row},${column} not rendered`);
  return td;
}

export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** An immutable update of one indicator: new objects for it and its ancestors only. */
export function withIndicator(ev: Evaluation, id: string, change: (node: Indicator) => Indicator): Evaluation {
  const visit = (list: Indicator[]): Indicator[] => {
    let changed = false;
    const next = list.map((node) => {
      if (node.id === id) {
        changed = true;
        return change(node);
      }
      const children = visit(node.children);
      if (children === node.children) return node;
      changed = true;
      return { ...node, children };
    });
    return changed ? next : list;
  };
  return { ...ev, indicators: visit(ev.indicators) };
}

/**
 * A grid wired as the workbench wires it, with the real engine: every edit committed, scored
 * and shown at once, inside Handsontable's afterChange.
 */
export function wiredGrid(first: Evaluation, height = 600): { grid: IndicatorGrid; current: () => Evaluation; destroy: () => void } {
  let ev = first;
  const evaluator = createEvaluator();
  const container = document.createElement('div');
  container.style.width = '1400px';
  container.style.height = `${height}px`;
  document.body.append(container);
  const { callbacks } = recorder();
  let grid: IndicatorGrid | null = null;
  callbacks.onEdits = (edits) => {
    ev = applyCellEdits(ev, edits as readonly IndicatorEdit[]);
    grid?.update(ev, evaluator.evaluate(ev));
  };
  const made = createIndicatorGrid(container, callbacks);
  grid = made;
  made.update(ev, evaluator.evaluate(ev));
  return {
    grid: made,
    current: () => ev,
    destroy: () => {
      made.destroy();
      container.remove();
    },
  };
}
