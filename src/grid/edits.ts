/**
 * What the user typed or pasted, as CellEdits for the UI. The grid never changes the
 * evaluation: a change that does not parse is refused here (with a message) and the
 * cell keeps its value.
 */
import { COLUMN_LABELS, type CellEdit, type ColumnKey } from './types.ts';
import { isColumnKey } from './columns.ts';
import { indicatorAt, isRuled, nodeResult, type GridState } from './grid-state.ts';
import { parseGroupLabel, parseNumberCell, parseStatusCell } from './validators.ts';

export type CellOutcome = { ok: true; edits: CellEdit[] } | { ok: false; message: string };

const TEXT_FIELDS = {
  code: 'code',
  explanation: 'explanation',
  guidance: 'guidance',
  criteria: 'criteria',
  target: 'target',
  actual: 'actual',
  reason: 'reason',
} as const satisfies Partial<Record<ColumnKey, string>>;

function asText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** The edits one cell's new text means, or why it is refused. */
export function cellEdits(state: GridState, row: number, column: ColumnKey, raw: unknown): CellOutcome {
  const role = state.map.role(row, column);
  const nodeId = state.map.nodeAt(row, column);
  if (role === 'filler' || nodeId === null) return { ok: false, message: '此单元格没有对应的指标，不能编辑' };
  const text = asText(raw);

  if (role === 'group') {
    const node = indicatorAt(state, row, column);
    const { name, weight } = parseGroupLabel(text);
    if (name === '') return { ok: false, message: '指标名称不能为空' };
    const edits: CellEdit[] = [];
    if (!node || name !== node.name) edits.push({ nodeId, field: 'name', value: name });
    const shown = nodeResult(state, row, column)?.weight ?? node?.weight ?? null;
    if (weight !== null && weight !== shown) edits.push({ nodeId, field: 'weight', value: weight });
    return { ok: true, edits };
  }
  if (role === 'leaf-name' || role === 'deep-name') {
    // The deep path "A › B › leaf" is context; only the last part is the leaf's own name.
    const parts = text.split('›');
    const name = (role === 'deep-name' ? (parts[parts.length - 1] ?? '') : text).trim();
    if (name === '') return { ok: false, message: '指标名称不能为空' };
    return { ok: true, edits: [{ nodeId, field: 'name', value: name }] };
  }
  switch (column) {
    case 'weight': {
      const parsed = parseNumberCell(raw, COLUMN_LABELS.weight);
      if (!parsed.ok) return parsed;
      return { ok: true, edits: [{ nodeId, field: 'weight', value: parsed.value }] };
    }
    case 'score': {
      const parsed = parseNumberCell(raw, COLUMN_LABELS.score);
      if (!parsed.ok) return parsed;
      if (!isRuled(state, row)) return { ok: true, edits: [{ nodeId, field: 'enteredScore', value: parsed.value }] };
      // Typing over a rule's score pins it; emptying the cell hands the score back to the rule.
      return { ok: true, edits: [{ nodeId, field: 'enteredScore', value: parsed.value, pin: parsed.value !== null }] };
    }
    case 'status': {
      const parsed = parseStatusCell(raw);
      if (!parsed.ok) return parsed;
      return { ok: true, edits: [{ nodeId, field: 'statusOverride', value: parsed.value }] };
    }
    case 'rate':
      return { ok: false, message: '得分率由得分和分值计算，不能直接编辑' };
    case 'selfScore': {
      const parsed = parseNumberCell(raw, COLUMN_LABELS.selfScore);
      if (!parsed.ok) return parsed;
      return { ok: true, edits: [{ nodeId, field: 'selfScore', value: parsed.value }] };
    }
    case 'difference':
      return { ok: false, message: '差异由得分和自评分计算，不能直接编辑' };
    default: {
      const field = TEXT_FIELDS[column as keyof typeof TEXT_FIELDS];
      if (field === undefined) return { ok: false, message: '此单元格不能编辑' };
      return { ok: true, edits: [{ nodeId, field, value: text }] };
    }
  }
}

export interface ChangeBatch {
  edits: CellEdit[];
  messages: string[];
}

/**
 * Translates Handsontable's change list in place: refused changes become null (Handsontable
 * then skips them), the rest are collected as edits, one per node and field (last wins,
 * as when a paste covers a merged group twice).
 */
export function translateChanges(
  state: GridState,
  changes: ([number, string | number | unknown, unknown, unknown] | null)[],
  toPhysicalRow: (row: number) => number,
): ChangeBatch {
  const byTarget = new Map<string, CellEdit>();
  const messages: string[] = [];
  changes.forEach((change, index) => {
    if (!change) return;
    const [visualRow, prop, before, after] = change;
    if (!isColumnKey(prop)) {
      changes[index] = null;
      return;
    }
    if (asText(before) === asText(after)) return;
    const outcome = cellEdits(state, toPhysicalRow(visualRow), prop, after);
    if (!outcome.ok) {
      changes[index] = null;
      messages.push(outcome.message);
      return;
    }
    for (const edit of outcome.edits) {
      const key = `${edit.nodeId}\u0000${edit.field}`;
      byTarget.delete(key);
      byTarget.set(key, edit);
    }
  });
  return { edits: [...byTarget.values()], messages };
}
