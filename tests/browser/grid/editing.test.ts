import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { columnIndex } from '../../../src/grid/columns.ts';
import { mount, nextFrame, type Mounted } from './fixtures.ts';

let m: Mounted | null = null;
afterEach(() => {
  m?.destroy();
  m = null;
});

const col = columnIndex;

function message(mounted: Mounted): HTMLElement {
  const element = mounted.container.querySelector<HTMLElement>('[data-testid="grid-message"]');
  if (!element) throw new Error('no message element');
  return element;
}

describe('typing into cells', () => {
  it('emits a weight edit when a number is typed into 分值 (real keyboard)', async () => {
    m = mount();
    m.grid.hot.selectCell(0, col('weight'));
    await userEvent.keyboard('2.5');
    await userEvent.keyboard('{Enter}');
    expect(m.log.edits).toEqual([[{ nodeId: 'lxyj', field: 'weight', value: 2.5 }]]);
  });

  it('refuses a non-number in a number cell with a Chinese message, emitting nothing', async () => {
    m = mount();
    m.grid.hot.selectCell(1, col('weight'));
    await userEvent.keyboard('abc');
    await userEvent.keyboard('{Enter}');
    await nextFrame();
    expect(m.log.edits).toEqual([]);
    expect(message(m).hidden).toBe(false);
    expect(message(m).textContent).toContain('分值必须是数字');
    expect(m.grid.hot.getDataAtCell(1, col('weight'))).toBe('2');
  });

  it('edits a text field as typed', () => {
    m = mount();
    m.grid.hot.setDataAtCell(2, col('actual'), '95%', 'edit');
    expect(m.log.edits).toEqual([[{ nodeId: 'mbhl', field: 'actual', value: '95%' }]]);
  });

  it('reads "决策 (20分)" / "过程（20）" in a group cell as name and weight', () => {
    m = mount();
    m.grid.hot.setDataAtCell(0, col('level1'), '决策（20）', 'edit');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'jc', field: 'weight', value: 20 }]);
    m.grid.hot.setDataAtCell(2, col('level2'), '目标管理 (12分)', 'edit');
    expect(m.log.edits.at(-1)).toEqual([
      { nodeId: 'jxmb', field: 'name', value: '目标管理' },
      { nodeId: 'jxmb', field: 'weight', value: 12 },
    ]);
    m.grid.hot.setDataAtCell(4, col('level1'), '过程管理', 'edit');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'gc', field: 'name', value: '过程管理' }]);
  });

  it('edits the leaf name under a deep path, not the path', () => {
    m = mount();
    m.grid.hot.setDataAtCell(5, col('level3'), '管理制度 › 制度健全性', 'edit');
    expect(m.log.edits).toEqual([[{ nodeId: 'zdjq', field: 'name', value: '制度健全性' }]]);
  });

  it('types the score of a manual leaf, and pins the score of a ruled one', () => {
    m = mount();
    m.grid.hot.setDataAtCell(0, col('score'), '2', 'edit');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'lxyj', field: 'enteredScore', value: 2 }]);
    m.grid.hot.setDataAtCell(3, col('score'), '6', 'edit');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'zbmq', field: 'enteredScore', value: 6, pin: true }]);
    m.grid.hot.setDataAtCell(3, col('score'), '', 'edit');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'zbmq', field: 'enteredScore', value: null, pin: false }]);
  });

  it('sets and clears a 完成情况 override, refusing unknown text', () => {
    m = mount();
    m.grid.hot.setDataAtCell(4, col('status'), '差不多', 'edit');
    expect(m.log.edits).toEqual([]);
    expect(message(m).textContent).toContain('完成情况只能是');
    expect(m.grid.hot.getDataAtCell(4, col('status'))).toBe('已完成');
    m.grid.hot.setDataAtCell(4, col('status'), '未完成', 'edit');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'zjdw', field: 'statusOverride', value: '未完成' }]);
    m.grid.hot.setDataAtCell(3, col('status'), '自动', 'edit');
    expect(m.log.edits.at(-1)).toEqual([{ nodeId: 'zbmq', field: 'statusOverride', value: null }]);
  });

  it('offers the four choices in the 完成情况 dropdown', () => {
    m = mount();
    expect(m.grid.hot.getCellMeta(0, col('status')).source).toEqual(['已完成', '部分完成', '未完成', '自动']);
  });

  it('keeps 得分率 read-only', () => {
    m = mount();
    expect(m.grid.hot.getCellMeta(0, col('rate')).readOnly).toBe(true);
    expect(m.grid.hot.getCellMeta(0, col('score')).readOnly).toBe(false);
  });
});

describe('pasting from Excel/WPS', () => {
  it('pastes a 2×2 block as one onEdits with 4 edits (hidden 指标说明 skipped)', () => {
    m = mount();
    m.grid.hot.selectCell(0, col('explanation'));
    m.grid.hot.getPlugin('copyPaste').paste('解释一\t标准一\n解释二\t标准二');
    expect(m.log.edits).toHaveLength(1);
    expect(m.log.edits[0]).toEqual([
      { nodeId: 'lxyj', field: 'explanation', value: '解释一' },
      { nodeId: 'lxyj', field: 'criteria', value: '标准一' },
      { nodeId: 'lxcx', field: 'explanation', value: '解释二' },
      { nodeId: 'lxcx', field: 'criteria', value: '标准二' },
    ]);
    expect(m.log.ops).toEqual([]);
  });

  it('turns rows pasted past the last row into append-leaves', () => {
    m = mount();
    m.grid.hot.selectCell(5, col('target'));
    m.grid.hot.getPlugin('copyPaste').paste('>=95%\t96%\n=100%\t100%\n≤48小时\t36小时');
    // One paste is one commit: the edits of the rows that fit travel with the new rows.
    expect(m.log.edits).toEqual([]);
    expect(m.log.ops).toEqual([
      {
        kind: 'append-leaves',
        afterNodeId: 'zdjq',
        rows: [
          { target: '=100%', actual: '100%' },
          { target: '≤48小时', actual: '36小时' },
        ],
        edits: [
          { nodeId: 'zdjq', field: 'target', value: '>=95%' },
          { nodeId: 'zdjq', field: 'actual', value: '96%' },
        ],
      },
    ]);
    expect(m.grid.hot.countRows()).toBe(6);
  });

  it('keeps the good cells of a paste and refuses the bad ones', () => {
    m = mount();
    m.grid.hot.selectCell(0, col('weight'));
    m.grid.hot.getPlugin('copyPaste').paste('三分\n4');
    expect(m.log.edits).toEqual([[{ nodeId: 'lxcx', field: 'weight', value: 4 }]]);
    expect(message(m).textContent).toContain('分值必须是数字');
    expect(m.grid.hot.getDataAtCell(0, col('weight'))).toBe('3');
  });
});
