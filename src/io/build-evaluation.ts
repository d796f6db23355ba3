/**
 * One detected table + the user's column mapping → an Evaluation, with the report the preview
 * shows (levels, leaves, which leaf got which rule, warnings, errors).
 *
 * The sheet's figures are kept as stated figures (statedScore on every node, statedTotal),
 * never silently replaced: where a recognised rule computes another score, the engine's
 * findings say so.
 */
import {
  defaultSettings, describeRule, GRADE_SCALES, newId, RULE_LABELS,
  type Evaluation, type Indicator, type Rule, type RuleType, type CompletionStatus,
} from '../domain/index.ts';
import { cellText, cleanName, isPageFurniture, isSubtotalLabel, parseNumberCell, splitWeightFromName, weightPoints, type Cell } from './cell-values.ts';
import { headerRepeat, isTotalRow } from './detect-layout.ts';
import type { ColumnField } from './header-synonyms.ts';
import type { ColumnAssignment, DetectedTable } from './layout.ts';
import { importError, importWarning, type ImportMessage } from './messages.ts';
import { joinText, newNode, TEXT_FIELDS, type BuildNode, type TextField } from './build-node.ts';
import { assignRule, ownRule } from './leaf-rule.ts';
import { ruleRecogniser } from './criteria-rules.ts';
import { CodedTree, rowName, scanCoding } from './coded-rows.ts';
import { applySummary } from './summary-block.ts';
import type { StatedDifference } from './stated-differences.ts';
import type { SheetGrid } from './read-workbook.ts';

export interface RuleReportEntry {
  /** Names from 一级 down to the leaf. */
  path: string[];
  /** 1-based sheet row of the leaf. */
  row: number;
  ruleType: RuleType;
  label: string;
  description: string;
  /** The criteria words that decided it, or why the default applies. */
  evidence: string;
  source: 'criteria' | 'default';
  /** The rule cannot compute from what the sheet gives: the sheet's score is pinned. */
  pinned: boolean;
}

export interface UnrecognisedCriteria {
  path: string[];
  /** 1-based sheet row of the leaf. */
  row: number;
  criteria: string;
}

export interface TablePreview {
  tableId: string;
  name: string;
  sheet: string;
  range: string;
  /** Depth of the indicator tree. */
  levelCount: number;
  /** Headers of the level columns, in order ("一级指标", "二级指标", …). */
  levelHeaders: string[];
  /**
   * The stated figures (合计, 小计, 得分, 执行率) that the engine computes otherwise, for the user
   * to see before importing. Filled by previewTable only: building for import or `check` skips
   * the extra evaluation (the workbench and `check` list the same findings anyway).
   */
  statedDiffers: StatedDifference[];
  leafCount: number;
  statedTotal: number | null;
  rules: RuleReportEntry[];
  /** Leaves whose 评分标准 states no rule Jixiao recognises: they stay manual (手工打分). */
  unrecognised: UnrecognisedCriteria[];
  warnings: ImportMessage[];
  errors: ImportMessage[];
}

export interface BuiltTable {
  /** null when the table has errors that make it unimportable. */
  evaluation: Evaluation | null;
  preview: TablePreview;
}

const INDICATOR_TEXTS = ['explanation', 'guidance', 'criteria', 'target', 'actual', 'reason'] as const;

const STATUSES: readonly CompletionStatus[] = ['已完成', '部分完成', '未完成'];
function statusOf(text: string): CompletionStatus | null {
  const t = text.replace(/\s+/g, '');
  if (t === '全部完成' || t === '完成') return '已完成';
  return STATUSES.find((s) => s === t) ?? null;
}

const COMPARATOR_WORDS: ReadonlyMap<string, string> = new Map([
  ['=', '='], ['＝', '='], ['>=', '≥'], ['≥', '≥'], ['＞＝', '≥'], ['>', '>'], ['＞', '>'],
  ['<=', '≤'], ['≤', '≤'], ['＜＝', '≤'], ['<', '<'], ['＜', '<'],
]);

/**
 * 附件1 writes a target over three columns (指标性质 ≥ | 指标值 95 | 度量单位 %): put it back
 * together as "≥95%", but only around a bare number. A value that already has a comparator or a
 * unit keeps it, so a different unit stays visible as a unit mismatch instead of being papered over.
 */
export function withSplitParts(value: string, comparator: string, unit: string): string | null {
  const bare = value.replace(/\s+/g, '');
  if (!/^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/.test(bare)) return null;
  const op = COMPARATOR_WORDS.get(comparator.replace(/\s+/g, '')) ?? '';
  const u = unit.replace(/\s+/g, '').replace(/％/g, '%');
  // A unit column holding words (定量指标, 正向) is not a unit; 平方公里 is.
  const okUnit = u === '' || u === '%' || (/^[\p{Script=Han}A-Za-z²³]{1,4}$/u.test(u) && !/^(定量|定性|正向|反向)|指标$/.test(u));
  if (!okUnit || (op === '' && u === '')) return null;
  return `${op}${bare}${u}`;
}

/** How many cells of a row hold text, counted up to two: all a row's emptiness or loneliness needs. */
function filledUpToTwo(row: readonly Cell[]): number {
  let n = 0;
  for (const c of row) if (cellText(c) !== '' && ++n === 2) break;
  return n;
}

/** Builds one table into an evaluation with the given mapping. Never throws on bad cells. */
export function buildTable(sheet: SheetGrid, table: DetectedTable, columns: readonly ColumnAssignment[], fileName: string, makeId: () => string = newId): BuiltTable {
  const warnings: ImportMessage[] = [...table.messages];
  const errors: ImportMessage[] = [];
  const levelCols = columns.filter((c) => c.field === 'level').sort((a, b) => a.column - b.column);
  const colOf = (field: ColumnField): ColumnAssignment | undefined => columns.find((c) => c.field === field);
  const preview: TablePreview = {
    tableId: table.id, name: table.name, sheet: table.sheet, range: table.range, levelCount: 0,
    levelHeaders: levelCols.map((c) => c.header), statedDiffers: [], leafCount: 0, statedTotal: null, rules: [], unrecognised: [], warnings, errors,
  };
  if (levelCols.length === 0) {
    errors.push(importError('no-header', `工作表“${sheet.name}”的表格（${table.range}）没有指标名称列：请在列对应中至少指定一列为“指标层级（名称）”。`, { file: fileName, sheet: sheet.name, row: table.headerRow + 1 }));
    return { evaluation: null, preview };
  }

  const place = (r: number, col: ColumnAssignment) => ({ file: fileName, sheet: sheet.name, row: r + 1, column: col.letter });
  const percentWeights: string[] = [];
  const composed: string[] = [];
  let composedCount = 0;
  const numberAt = (row: readonly Cell[], r: number, col: ColumnAssignment | undefined, what: string): number | null => {
    if (!col) return null;
    const cell = row[col.column];
    // Most figures are numbers already: nothing to parse.
    if (typeof cell === 'number' && Number.isFinite(cell)) return cell;
    const p = parseNumberCell(cell);
    if (p.kind === 'number' && p.percent) {
      if (col.field === 'weight') {
        const points = weightPoints(p);
        percentWeights.push(`${col.letter}${r + 1}`);
        return points;
      }
      // A score in percent is a 得分率, not points: converting it would need the weight it is a share of.
      errors.push(importError('bad-number', `文件“${fileName}”工作表“${sheet.name}”第 ${r + 1} 行 ${col.letter} 列（${col.header}）的${what}“${cellText(row[col.column])}”是百分数，不是分数。请填写得到的分数（如 8.5），或在列对应中把该列改为“不导入”。`, place(r, col)));
      return null;
    }
    if (p.kind === 'number') return p.value;
    if (p.kind === 'invalid') {
      errors.push(importError('bad-number', `文件“${fileName}”工作表“${sheet.name}”第 ${r + 1} 行 ${col.letter} 列（${col.header}）的${what}“${p.text}”不是数字。请改为数字（如 3 或 1.19）后重新导入。`, place(r, col)));
    }
    return null;
  };

  const headerRows = table.headerRows ?? 1;
  const repeatsHeader = headerRepeat(Array.from({ length: headerRows }, (_, k) => sheet.rows[table.headerRow + k] ?? []));
  const roots: BuildNode[] = [];
  // Each group's children by name (the 一级 under null): a row names its path from the top.
  const named = new Map<BuildNode | null, Map<string, BuildNode>>();
  const childNamed = (parent: BuildNode | null, name: string): BuildNode | undefined => named.get(parent)?.get(name);
  let lastLeaf: BuildNode | null = null;
  let statedTotal: number | null = null;
  const orphanTexts: string[] = [];

  const codeCol = colOf('code');
  const figureCols = [colOf('weight'), colOf('score')].filter((c): c is ColumnAssignment => c !== undefined);
  const leadText = table.leadRow === null || table.leadRow === undefined ? '' : cellText((sheet.rows[table.leadRow] ?? []).find((c) => cellText(c) !== ''));
  // Coded rows (A / A1 / A11): the codes give the levels, and sections (`项目决策（10分）`) the 一级.
  const coding = scanCoding({
    rows: sheet.rows, from: table.headerRow + headerRows, to: table.endRow, levelCols, codeCol, figureCols, repeatsHeader, title: table.title, leadText,
  });
  const tree = coding.codes ? new CodedTree(roots, coding.order) : null;
  if (tree && coding.leadSection && table.leadRow !== null && table.leadRow !== undefined) tree.section(leadText, table.leadRow + 1);

  const weightCol = colOf('weight');
  const scoreCol = colOf('score');
  const unitCol = colOf('unit');
  const comparatorCol = colOf('comparator');
  const textCols = TEXT_FIELDS.flatMap((f) => { const col = colOf(f); return col ? [{ f, col }] : []; });
  // A group's name is read again on every row below it: split its weight off once.
  const splitNames = new Map<string, ReturnType<typeof splitWeightFromName>>();
  const splitName = (text: string) => {
    let split = splitNames.get(text);
    if (!split) splitNames.set(text, (split = splitWeightFromName(text)));
    return split;
  };
  const continueLastLeaf = (fields: Map<TextField, string>) => {
    if (lastLeaf) {
      for (const [f, t] of fields) lastLeaf.texts.set(f, joinText(lastLeaf.texts.get(f) ?? '', t));
    } else {
      for (const t of fields.values()) orphanTexts.push(t);
    }
  };
  const attach = (parent: BuildNode | null, node: BuildNode) => (parent ? parent.children : roots).push(node);
  const carried: string[] = levelCols.map(() => '');
  // The level columns that name something: an empty one (a label column) is not a level.
  const usedLevels = new Set<number>();

  for (let r = table.headerRow + headerRows; r < table.endRow; r++) {
    const row = sheet.rows[r] ?? [];
    const filled = filledUpToTwo(row);
    if (filled === 0) continue;
    const lone = filled === 1 ? cellText(row.find((c) => cellText(c) !== '')) : null;
    if (repeatsHeader(row)) continue;
    // A page break repeats the title, "续表", "第 1 页 共 3 页": print furniture, not indicators.
    if (lone !== null && ((table.title !== '' && lone === table.title) || isPageFurniture(lone))) continue;
    if (tree && coding.sections.has(r)) {
      tree.section(lone ?? '', r + 1);
      continue;
    }
    if (isTotalRow(row)) {
      statedTotal = numberAt(row, r, scoreCol, '合计得分');
      continue;
    }
    const weight = numberAt(row, r, weightCol, '分值');
    const score = numberAt(row, r, scoreCol, '得分');
    const texts = new Map<TextField, string>();
    for (const { f, col } of textCols) {
      const t = cellText(row[col.column]);
      if (t !== '') texts.set(f, f === 'target' || f === 'actual' || f === 'status' || !t.includes('\r\n') ? t : t.replace(/\r\n/g, '\n'));
    }
    if (unitCol || comparatorCol) {
      const unit = unitCol ? cellText(row[unitCol.column]) : '';
      const comparator = comparatorCol ? cellText(row[comparatorCol.column]) : '';
      // The target only: 附件1 defines its unit for the 指标值, and a bare actual such as 0.9 under
      // a % unit could be 0.9 % or 90 %; left bare, a mismatch is a finding rather than a guess.
      const t = texts.get('target');
      const whole = t === undefined ? null : withSplitParts(t, comparator, unit);
      if (t !== undefined && whole !== null && whole !== t) {
        texts.set('target', whole);
        if (composed.length < 3) composed.push(`${t} → ${whole}`);
        composedCount++;
      }
    }
    const hasFigures = weight !== null || score !== null;

    let node: BuildNode | null = null;
    if (tree) {
      const text = rowName(row, levelCols);
      const split = CodedTree.split(text, codeCol ? cellText(row[codeCol.column]) : null);
      if (split.code === '' && !hasFigures && text === '') {
        continueLastLeaf(texts);
        continue;
      }
      if (split.code === '' && isSubtotalLabel(cleanName(text))) {
        // 小计 without a code states its block's 一级 (or the group just above it), not an indicator.
        const group = tree.subtotalTarget();
        if (group && weight !== null) group.rowWeight = weight;
        if (group && score !== null) group.rowScore = score;
        continue;
      }
      node = tree.place(split.code, split.rest, r);
    } else {
      let deepest = -1;
      for (let k = 0; k < levelCols.length; k++) {
        const col = levelCols[k] as ColumnAssignment;
        const t = cleanName(cellText(row[col.column]));
        if (t === '') continue;
        if (isSubtotalLabel(t)) {
          deepest = -2;
          // 小计 in level k states the subtotal of the group at level k − 1.
          const groupPath = carried.slice(0, k).filter(Boolean);
          let group: BuildNode | undefined;
          for (let i = 0; i < groupPath.length && (i === 0 || group); i++) group = childNamed(group ?? null, splitName(groupPath[i] as string).name);
          // Its 分值 is the group's weight as the sheet states it, checked against the children.
          if (group && weight !== null) group.rowWeight = weight;
          if (group && score !== null) group.rowScore = score;
          break;
        }
        carried[k] = t;
        usedLevels.add(k);
        for (let d = k + 1; d < carried.length; d++) carried[d] = '';
        deepest = k;
      }
      if (deepest === -2) continue;
      const onlyReason = texts.size === (texts.has('reason') ? 1 : 0);
      if (!hasFigures && (deepest === -1 || (deepest < levelCols.length - 1 && onlyReason && texts.size > 0 && lastLeaf !== null))) {
        // A row with only the rest of a long text: it belongs to the indicator above.
        continueLastLeaf(texts);
        if (deepest === -1 || texts.size > 0) continue;
      }
      const path = carried.slice(0, deepest + 1).filter(Boolean);
      if (deepest === -1) {
        path.push(...carried.filter(Boolean), `（第 ${r + 1} 行）`);
        warnings.push(importWarning(`工作表“${sheet.name}”第 ${r + 1} 行有分值或得分但没有指标名称，已按“（第 ${r + 1} 行）”导入。`, { file: fileName, sheet: sheet.name, row: r + 1 }));
      }
      let parent: BuildNode | null = null;
      for (let i = 0; i < path.length; i++) {
        const { name, weight: w } = splitName(path[i] as string);
        let n = childNamed(parent, name);
        const isOwn = i === path.length - 1;
        // The same name twice in one group: two indicators, not one (later rows naming it mean the first).
        const twice = n !== undefined && isOwn && n.row !== 0 && n.children.length === 0;
        if (!n || twice) {
          const first = !n;
          // The row's own node takes the row's texts as they are.
          n = newNode(name, '', isOwn ? texts : undefined);
          if (first) {
            let siblings = named.get(parent);
            if (!siblings) named.set(parent, (siblings = new Map()));
            siblings.set(name, n);
          }
          attach(parent, n);
        }
        if (w !== null && n.weightFromName === null) n.weightFromName = w;
        parent = n;
      }
      node = parent;
    }
    if (!node) continue;
    if (node.row === 0) node.row = r + 1;
    if (weight !== null) node.rowWeight = weight;
    if (score !== null) node.rowScore = score;
    if (node.texts !== texts) for (const [f, t] of texts) node.texts.set(f, joinText(node.texts.get(f) ?? '', t));
    if (node.children.length === 0) lastLeaf = node;
  }
  tree?.finish();
  if (table.summary) statedTotal = applySummary(roots, table.summary, statedTotal, { file: fileName, sheet: sheet.name }, warnings);

  if (orphanTexts.length > 0) warnings.push(importWarning(`工作表“${sheet.name}”表格开头有 ${orphanTexts.length} 段不属于任何指标的文字，已放入备注。`, { file: fileName, sheet: sheet.name }));
  if (roots.length === 0) {
    errors.push(importError('no-header', `工作表“${sheet.name}”的表格（${table.range}）中没有任何指标行。`, { file: fileName, sheet: sheet.name, row: table.headerRow + 1 }));
  }

  const hasTarget = colOf('target') !== undefined && colOf('actual') !== undefined;
  // A 评分标准 column left empty throughout (附件1-wide 自评表) states no rules: the 自评 convention holds.
  const anyCriteria = (nodes: readonly BuildNode[]): boolean => nodes.some((n) => (n.texts.get('criteria') ?? '') !== '' || anyCriteria(n.children));
  const criteriaUsed = anyCriteria(roots);
  const defaultRatio = hasTarget && (colOf('criteria') === undefined || !criteriaUsed);
  if (percentWeights.length > 0) {
    warnings.push(importWarning(`工作表“${sheet.name}”的分值按百分比书写（${percentWeights.slice(0, 3).join('、')}${percentWeights.length > 3 ? ' 等' : ''}），已按百分制折算为分值（15% → 15 分）。`, { file: fileName, sheet: sheet.name }));
  }
  if (composedCount > 0) {
    warnings.push(importWarning(`工作表“${sheet.name}”有 ${composedCount} 个指标值只写了数字，已按“度量单位”“指标性质”列补全（${composed.join('；')}${composedCount > composed.length ? ' 等' : ''}）。`, { file: fileName, sheet: sheet.name }));
  }
  let maxDepth = 0;
  const recognise = ruleRecogniser();
  // A rule shared by the leaves of one 评分标准 text (and weight) is described once.
  const descriptions = new WeakMap<Rule, string>();
  const describe = (rule: Rule, weight: number | null): string => {
    let text = descriptions.get(rule);
    if (text === undefined) descriptions.set(rule, (text = describeRule(rule, weight)));
    return text;
  };
  const toIndicator = (n: BuildNode, path: string[], depth: number): Indicator => {
    maxDepth = Math.max(maxDepth, depth);
    const here = [...path, n.name];
    const isLeaf = n.children.length === 0;
    const ind: Indicator = { id: makeId(), name: n.name, weight: null, children: [] };
    if (n.code) ind.code = n.code;
    for (const f of INDICATOR_TEXTS) {
      const t = n.texts.get(f);
      if (t !== undefined) ind[f] = t;
    }
    const status = n.texts.get('status');
    if (status !== undefined) {
      const s = statusOf(status);
      if (s) ind.statusOverride = s;
      else warnings.push(importWarning(`“${here.join(' / ')}”的完成情况“${status}”不是 已完成 / 部分完成 / 未完成，未导入。`, { file: fileName, sheet: sheet.name, row: n.row || undefined }));
    }
    if (isLeaf) {
      ind.weight = n.rowWeight ?? n.weightFromName;
      if (ind.weight === null) warnings.push(importWarning(`“${here.join(' / ')}”（第 ${n.row} 行）没有分值。`, { file: fileName, sheet: sheet.name, row: n.row }));
      ind.statedScore = n.rowScore;
      const assigned = assignRule(n, ind.weight, defaultRatio, recognise);
      if (assigned.rule) {
        ind.rule = ownRule(assigned.rule);
        if (assigned.pinned) {
          ind.enteredScore = n.rowScore;
          ind.pinned = true;
        }
        preview.rules.push({
          path: here, row: n.row, ruleType: assigned.rule.type, label: RULE_LABELS[assigned.rule.type],
          description: describe(assigned.rule, ind.weight), evidence: assigned.evidence, source: assigned.source, pinned: assigned.pinned,
        });
      } else {
        ind.rule = { type: 'manual' };
        ind.enteredScore = n.rowScore;
        const criteria = n.texts.get('criteria');
        if (criteria) preview.unrecognised.push({ path: here, row: n.row, criteria });
      }
      preview.leafCount++;
    } else {
      ind.weight = n.weightFromName ?? n.rowWeight;
      if (n.weightFromName !== null && n.rowWeight !== null && n.weightFromName !== n.rowWeight) {
        warnings.push(importWarning(`“${here.join(' / ')}”名称中的分值 ${n.weightFromName} 与第 ${n.row} 行分值列的 ${n.rowWeight} 不一致，已采用名称中的分值。`, { file: fileName, sheet: sheet.name, row: n.row }));
      }
      if (n.rowScore !== null) ind.statedScore = n.rowScore;
      ind.children = n.children.map((c) => toIndicator(c, here, depth + 1));
    }
    return ind;
  };
  const indicators = roots.map((n) => toIndicator(n, [], 1));
  if (preview.unrecognised.length > 0) {
    const names = preview.unrecognised.map((u) => u.path.at(-1) ?? '');
    warnings.push(importWarning(`工作表“${sheet.name}”有 ${names.length} 个指标的评分标准未能识别为计分规则，保持手工打分：${names.slice(0, 5).join('、')}${names.length > 5 ? ' 等' : ''}。`, { file: fileName, sheet: sheet.name }));
  }
  preview.levelCount = maxDepth;
  preview.levelHeaders = tree ? codedLevelNames(roots, coding.leadSection || coding.sections.size > 0) : levelCols.filter((_, k) => usedLevels.has(k)).map((c) => c.header);
  preview.statedTotal = statedTotal;
  if (errors.length > 0) return { evaluation: null, preview };

  const settings = defaultSettings();
  if (/^(优秀|良好|合格|不合格)$/.test(table.meta.statedGrade) || sheetMentionsShanghaiGrades(sheet, table)) {
    settings.gradeScale = { ...GRADE_SCALES.shanghai, bands: GRADE_SCALES.shanghai.bands.map((b) => ({ ...b })) };
  }
  const notes = [table.meta.notes, table.meta.statedGrade ? `绩效等级（表中）：${table.meta.statedGrade}` : '', ...orphanTexts].filter(Boolean).join('\n');
  const evaluation: Evaluation = {
    id: makeId(),
    meta: {
      projectName: table.meta.projectName || table.title || sheet.name,
      department: table.meta.department,
      implementer: table.meta.implementer,
      year: table.meta.year,
      type: table.meta.type,
      evaluator: table.meta.evaluator,
      notes,
      ...(table.meta.goalExpected ? { goalExpected: table.meta.goalExpected } : {}),
      ...(table.meta.goalAchieved ? { goalAchieved: table.meta.goalAchieved } : {}),
      layout: columns.some((c) => /年度指标值|偏差原因/.test(c.header)) ? 'selfeval2022' : columns.some((c) => /^(权重|自评分)$/.test(c.header.replace(/\s+/g, ''))) ? 'shanghai' : 'scoring',
    },
    funds: table.funds ? { ...table.funds } : null,
    indicators,
    settings,
    adjustments: [],
    statedTotal,
  };
  return { evaluation, preview };
}

/** What each depth of a coded tree is, for the preview: 分节标题, then a code met at that depth (编号 A1). */
function codedLevelNames(roots: readonly BuildNode[], sectioned: boolean): string[] {
  const names: string[] = [];
  const walk = (nodes: readonly BuildNode[], depth: number) => {
    for (const n of nodes) {
      if (names[depth] === undefined) names[depth] = depth === 0 && sectioned ? '分节标题' : n.code ? `编号 ${n.code}` : '无编号';
      walk(n.children, depth + 1);
    }
  };
  walk(roots, 0);
  return names;
}

const SHANGHAI_GRADES = /为优秀|优秀.{0,10}良好/;

/** "自评分合计90（含）-100分为优秀" below the table: the Shanghai scale. */
function sheetMentionsShanghaiGrades(sheet: SheetGrid, table: DetectedTable): boolean {
  for (let r = Math.max(0, table.headerRow - 15); r < Math.min(sheet.rows.length, table.endRow + 6); r++) {
    if ((sheet.rows[r] ?? []).some((c) => SHANGHAI_GRADES.test(cellText(c)))) return true;
  }
  return false;
}

