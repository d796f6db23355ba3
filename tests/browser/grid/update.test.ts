import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEvaluator, evaluate } from '../../../src/domain/index.ts';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { columnIndex } from '../../../src/grid/columns.ts';
import {
  cellAt,
  evaluation,
  group,
  leaf,
  mount,
  mountWith,
  resultOf,
  sample,
  sampleFacts,
  withIndicator,
  type Mounted,
} from './fixtures.ts';

let m: Mounted | null = null;
afterEach(() => {
  vi.restoreAllMocks();
  m?.destroy();
  m = null;
});

const col = columnIndex;

describe('update()', () => {
  it('patches a one-cell change in place: no reload, no viewport render, the new figures shown', () => {
    const ev = sample();
    m = mount(ev);
    const hot = m.grid.hot;
    const loadData = vi.spyOn(hot, 'loadData');
    const updateData = vi.spyOn(hot, 'updateData');
    const updateSettings = vi.spyOn(hot, 'updateSettings');
    const render = vi.spyOn(hot, 'render');
    const rebuilds = m.grid.rebuilds;

    const next = withIndicator(ev, 'mbhl', (node) => ({ ...node, enteredScore: 4 }));
    m.grid.update(next, resultOf(next, sampleFacts));

    expect(loadData).not.toHaveBeenCalled();
    expect(updateData).not.toHaveBeenCalled();
    expect(updateSettings).not.toHaveBeenCalled();
    // The changed cells are redrawn where they are (cell-refresh.ts), not the whole viewport.
    expect(render).not.toHaveBeenCalled();
    expect(m.grid.rebuilds).toBe(rebuilds);
    // Scores show the evaluation's decimals, as the totals bar does (display.ts fixedScore).
    expect(cellAt(m, 2, col('score')).textContent).toBe('4.00');
    expect(cellAt(m, 2, col('rate')).textContent).toBe('100.00%');
    expect(cellAt(m, 0, col('level1')).querySelector('.jx-subtotal')?.textContent).toBe('得分 14.33 · 95.53%');
    expect(m.log.edits).toEqual([]);
  });

  it('does not echo the UI’s answer to an edit as a new edit', () => {
    const ev = sample();
    m = mount(ev);
    m.grid.hot.setDataAtCell(2, col('score'), '4', 'edit');
    expect(m.log.edits).toHaveLength(1);
    const next = withIndicator(ev, 'mbhl', (node) => ({ ...node, enteredScore: 4 }));
    m.grid.update(next, resultOf(next, sampleFacts));
    expect(m.log.edits).toHaveLength(1);
    expect(m.grid.hot.getDataAtCell(2, col('score'))).toBe('4.00');
  });

  it('puts back the model’s text in a cell the user overwrote when the model did not change', () => {
    const ev = sample();
    const result = resultOf(ev, sampleFacts);
    m = mountWith(ev, result);
    m.grid.hot.setDataAtCell(0, col('weight'), '3.0', 'edit');
    expect(m.grid.hot.getDataAtCell(0, col('weight'))).toBe('3.0');
    m.grid.update(ev, result);
    expect(m.grid.hot.getDataAtCell(0, col('weight'))).toBe('3');
  });

  it('rebuilds rows and merges when the structure changes, keeping the selection on its node', () => {
    const ev = sample();
    m = mount(ev);
    m.grid.hot.selectCell(5, col('actual'));
    const next = withIndicator(ev, 'jxmb', (node) => ({
      ...node,
      children: [...node.children, leaf('new', '新指标', 0)],
    }));
    m.grid.update(next, resultOf(next, sampleFacts));
    expect(m.grid.hot.countRows()).toBe(7);
    expect(m.grid.hot.getDataAtCell(4, col('level3'))).toBe('新指标');
    expect(cellAt(m, 0, col('level1')).getAttribute('rowspan')).toBe('5');
    expect(m.grid.hot.getSelectedLast()?.slice(0, 2)).toEqual([6, col('actual')]);
  });
});

describe('how computed cells look', () => {
  it('marks a pinned score with its class and a tooltip naming the rule’s score', () => {
    const ev = withIndicator(sample(), 'zbmq', (node) => ({ ...node, pinned: true, enteredScore: 6 }));
    m = mount(ev);
    const td = cellAt(m, 3, col('score'));
    expect(td.textContent).toBe('6.00');
    expect(td.classList.contains('jx-pinned')).toBe(true);
    expect(td.title).toContain('已固定得分（规则计算 5.33）');
  });

  it('draws the pin as a badge that needs no emoji font', () => {
    const ev = withIndicator(sample(), 'zbmq', (node) => ({ ...node, pinned: true, enteredScore: 6 }));
    m = mount(ev);
    const marker = getComputedStyle(cellAt(m, 3, col('score')), '::before');
    const content = marker.content.replace(/^"|"$/g, '');
    expect(content).toBe('固');
    // An emoji (📌 is U+1F4CC) shows as an empty box where no emoji font is installed.
    expect([...content].every((ch) => (ch.codePointAt(0) ?? 0) <= 0xffff)).toBe(true);
    expect(marker.backgroundColor).not.toBe('rgba(0, 0, 0, 0)');
  });

  it('tints a rule’s score and the 得分率 as computed; a typed score is not', () => {
    m = mount();
    expect(cellAt(m, 3, col('score')).classList.contains('jx-computed')).toBe(true);
    expect(cellAt(m, 3, col('rate')).classList.contains('jx-computed')).toBe(true);
    expect(cellAt(m, 0, col('score')).classList.contains('jx-computed')).toBe(false);
  });

  it('colours the status and explains it; an override looks like one', () => {
    const ev = withIndicator(sample(), 'mbhl', (node) => ({ ...node, statusOverride: '未完成' }));
    m = mount(ev);
    const done = cellAt(m, 4, col('status'));
    expect(done.classList.contains('jx-status-done')).toBe(true);
    expect(done.title).toBe('自动判定：已完成');
    expect(cellAt(m, 3, col('status')).classList.contains('jx-status-partial')).toBe(true);
    const overridden = cellAt(m, 2, col('status'));
    expect(overridden.classList.contains('jx-status-failed')).toBe(true);
    expect(overridden.classList.contains('jx-override')).toBe(true);
    expect(overridden.title).toContain('已手动指定完成情况');
    const pending = cellAt(m, 0, col('status'));
    expect(pending.classList.contains('jx-status-pending')).toBe(true);
    expect(pending.title).toContain('待评');
  });

  it('flags a cell with a finding and lists the messages in its tooltip', () => {
    m = mount(sample(), {
      ...sampleFacts,
      mbhl: { findings: [{ code: 'missing-reason', field: 'reason', severity: 'warning', message: '绩效目标合理性：得分低于分值，未填写扣分原因' }] },
      jc: { findings: [{ code: 'weight-sum', field: 'weight', severity: 'error', message: '决策：下级分值合计 16，与分值 15 不符' }] },
    });
    const reason = cellAt(m, 2, col('reason'));
    expect(reason.classList.contains('jx-finding')).toBe(true);
    expect(reason.title).toBe('绩效目标合理性：得分低于分值，未填写扣分原因');
    expect(cellAt(m, 2, col('score')).classList.contains('jx-finding')).toBe(false);
    const groupCell = cellAt(m, 0, col('level1'));
    expect(groupCell.classList.contains('jx-finding-error')).toBe(true);
    expect(groupCell.title).toContain('下级分值合计 16');
  });
});

describe('with the real engine', () => {
  it('shows the engine’s subtotals in the group cells', () => {
    const ev = sample();
    m = mountWith(ev, evaluate(ev));
    const text = cellAt(m, 0, col('level1')).querySelector('.jx-subtotal')?.textContent ?? '';
    const jc = evaluate(ev).nodes.get('jc');
    expect(jc?.score).not.toBeNull();
    expect(text).toBe(`得分 ${jc?.scoreText} · ${jc?.rateText}`);
  });

  it('10,000 leaves: times update() after a one-leaf change (logged, not asserted)', () => {
    const indicators: Indicator[] = [];
    for (let a = 0; a < 10; a++) {
      const level2: Indicator[] = [];
      for (let b = 0; b < 10; b++) {
        const leaves: Indicator[] = [];
        for (let c = 0; c < 100; c++) {
          leaves.push(leaf(`l${a}-${b}-${c}`, `指标${a}-${b}-${c}`, 0.1, { enteredScore: 0.1, target: '>=90%', actual: '95%' }));
        }
        level2.push(group(`g${a}-${b}`, `二级${a}-${b}`, 1, leaves));
      }
      indicators.push(group(`g${a}`, `一级${a}`, 10, level2));
    }
    let ev: Evaluation = evaluation(indicators);
    const evaluator = createEvaluator();
    m = mountWith(ev, evaluator.evaluate(ev));
    expect(m.grid.hot.countRows()).toBe(10_000);
    const rebuilds = m.grid.rebuilds;
    const hot = m.grid.hot;
    const render = hot.render.bind(hot);
    let renderMs = 0;
    vi.spyOn(hot, 'render').mockImplementation(() => {
      const start = performance.now();
      render();
      renderMs += performance.now() - start;
    });
    const adapter: number[] = [];
    const rendering: number[] = [];
    for (let i = 0; i < 15; i++) {
      ev = withIndicator(ev, `l5-5-${i}`, (node) => ({ ...node, enteredScore: 0.05 }));
      const result = evaluator.evaluate(ev);
      renderMs = 0;
      const start = performance.now();
      m.grid.update(ev, result);
      const elapsed = performance.now() - start;
      adapter.push(elapsed - renderMs);
      rendering.push(renderMs);
    }
    expect(m.grid.rebuilds).toBe(rebuilds);
    expect(m.grid.hot.getDataAtCell(5 * 1000 + 5 * 100, col('score'))).toBe('0.05');
    // The same render() on the 6-row sample: what a render costs whatever the row count.
    const small = mount();
    const smallRender: number[] = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      small.grid.hot.render();
      smallRender.push(performance.now() - start);
    }
    small.destroy();
    const median = (values: number[]) => ([...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN).toFixed(2);
    const range = (values: number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
    console.log(
      `grid update() at 10,000 leaves, one-leaf change, 15 runs — adapter: median ${median(adapter)} ms (${range(adapter)}); ` +
        `hot.render(): median ${median(rendering)} ms (${range(rendering)}); ` +
        `render() of a 6-row grid: median ${median(smallRender)} ms (${range(smallRender)})`,
    );
  });
});
