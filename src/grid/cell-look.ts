/**
 * How a cell looks beyond its text: the classes that mark computed, pinned, overridden,
 * status and finding cells, and the Chinese tooltip that explains them. DOM-free, so the
 * renderer stays a thin text writer.
 */
import type { Finding, NodeResult } from '../domain/index.ts';
import { NAME_COLUMNS } from './columns.ts';
import { subtotalLine } from './display.ts';
import { nodeResult, type GridState } from './grid-state.ts';
import type { ColumnKey } from './types.ts';

export interface CellLook {
  classes: string[];
  /** Tooltip lines, shown as the TD's title. */
  tips: string[];
  /** The group cell's second line (its subtotal). */
  subline: string | null;
  /** A row inside a drawn span (merges.ts): the label shows in the span's first row only. */
  hideText: boolean;
}

const STATUS_CLASS: Record<string, string> = {
  已完成: 'jx-status-done',
  部分完成: 'jx-status-partial',
  未完成: 'jx-status-failed',
};

/** Which findings a column shows. Name cells take what no other column shows. */
const FINDING_FIELDS: Partial<Record<ColumnKey, readonly (Finding['field'])[]>> = {
  weight: ['weight'],
  score: ['score', 'rule'],
  target: ['target'],
  actual: ['actual'],
  reason: ['reason'],
  status: ['status'],
};
const NAME_FIELDS: readonly Finding['field'][] = [null, 'total', 'funds'];

/**
 * The columns whose look (not only their text) follows a row's result, by cellLook below: the
 * name cells and the columns that show findings, the score's source and the status. The others
 * change only with their text.
 */
export const RESULT_LOOK_COLUMNS: ReadonlySet<ColumnKey> = new Set<ColumnKey>([
  ...(Object.keys(FINDING_FIELDS) as ColumnKey[]),
  ...NAME_COLUMNS,
  'score',
  'status',
]);

function findingsFor(result: NodeResult | undefined, column: ColumnKey, group: boolean): readonly Finding[] {
  if (!result || result.findings.length === 0) return [];
  // A group has only its name cell: every finding about it shows there.
  if (group) return result.findings;
  const fields = FINDING_FIELDS[column] ?? (column.startsWith('level') ? NAME_FIELDS : []);
  return result.findings.filter((finding) => fields.includes(finding.field));
}

function formatFixed(value: number | null, decimals: number): string {
  return value === null ? '—' : value.toFixed(decimals);
}

/** Texts longer than this are cut to one line in compact density; the tooltip has them whole. */
const COMPACT_TIP_LENGTH = 8;

export function cellLook(state: GridState, row: number, column: ColumnKey, text = ''): CellLook {
  const look: CellLook = { classes: [], tips: [], subline: null, hideText: false };
  if (state.compact && text.length > COMPACT_TIP_LENGTH && state.map.role(row, column) !== 'group') look.tips.push(text);
  const role = state.map.role(row, column);
  if (role === 'filler') {
    look.classes.push('jx-filler');
    return look;
  }
  const result = nodeResult(state, row, column);
  if (role === 'group') {
    look.classes.push('jx-group');
    const span = state.layout.spanAt(row, column);
    if (span && !span.first) {
      look.classes.push('jx-span-inner');
      look.hideText = true;
    } else {
      look.subline = subtotalLine(result, state.decimals);
    }
    if (span && !span.last) look.classes.push('jx-span-open');
  }
  if (role === 'deep-name') look.classes.push('jx-deep');
  if (column === 'weight' || column === 'score' || column === 'rate' || column === 'selfScore' || column === 'difference') look.classes.push('jx-num');

  if (column === 'rate' || column === 'difference') look.classes.push('jx-computed');
  if (column === 'score' && result) {
    if (result.scoreSource === 'rule') {
      look.classes.push('jx-computed');
      look.tips.push('按规则计算；输入得分将固定该得分');
    } else if (result.scoreSource === 'pinned') {
      look.classes.push('jx-pinned');
      look.tips.push(`已固定得分（规则计算 ${formatFixed(result.computedScore, state.decimals)}）；清空单元格恢复规则计算`);
    } else if (result.scoreSource === 'pending') {
      look.classes.push('jx-pending');
      look.tips.push('待评：尚无可计算的数据');
    }
  }
  if (column === 'status') {
    const status = result?.status ?? null;
    look.classes.push(status === null ? 'jx-status-pending' : (STATUS_CLASS[status] ?? 'jx-status-pending'));
    if (result?.statusSource === 'override') {
      look.classes.push('jx-override');
      look.tips.push(`已手动指定完成情况：${status ?? ''}（选“自动”恢复自动判定）`);
    } else if (status === null) {
      look.tips.push('待评：尚无实际完成值');
    } else {
      look.classes.push('jx-computed');
      look.tips.push(`自动判定：${status}`);
    }
  }

  const findings = findingsFor(result, column, role === 'group');
  if (findings.length > 0) {
    look.classes.push('jx-finding');
    look.classes.push(findings.some((f) => f.severity === 'error') ? 'jx-finding-error' : 'jx-finding-warning');
    for (const finding of findings) look.tips.push(finding.message);
  }
  return look;
}
