/**
 * The scoring engine's one entry point (DOMAIN.md §2–§7). Everything outside src/domain
 * imports from here. Pure TypeScript: no browser API, no UI/storage/spreadsheet library.
 *
 * Evaluating
 * - `evaluate(evaluation)` → EvaluationResult: every node's score, rate, completion status
 *   and findings; the funds block; the adjustments layer; total, grade, findings.
 * - `createEvaluator()` → `{ evaluate }` with the same results, caching node results by
 *   object identity so a one-leaf immutable change recomputes only that leaf's path.
 *
 * Values and figures
 * - `parseValue(text)` reads a target/actual: comparator, number, percent, unit, or text.
 * - `roundDecimal(value, decimals, mode)` exact Excel-ROUND / 截尾 rounding → fixed text.
 * - `formatScore(n, decimals?)` "13", "17.19" (trimmed, as reports print); `formatRate(f)` "86.67%", "100%".
 * - `evaluateExpression(expr, vars)` the formula rule's arithmetic, errors as values.
 *
 * Grades: `GRADE_SCALES` (mof, shanghai), `gradeFor(total, scale)`.
 * Rules: `RULE_LABELS`, `RULE_TYPES`, `defaultRule(type)`, `describeRule(rule, weight)`.
 * Making things: `defaultSettings()`, `newId()`, `newIndicator(partial?)`, `newEvaluation(partial?)`.
 * Templates: `TEMPLATES` (each a `Template` with `create()`), `blankEvaluation()`,
 *   `nationalFramework()` (财预〔2020〕10号), `selfEvaluation2022()` (自评表 with funds);
 *   each takes an optional id factory (default `newId`).
 *
 * Editing the tree (pure, immutable, path copying; the same object back when nothing changed):
 * - reading: `pathTo(ev, id)`, `findIndicator(ev, id)`, `allIndicators(ev)`;
 * - cells: `updateIndicator`, `applyCellEdits(ev, IndicatorEdit[])`, `setRule`, `unpin`;
 * - structure: `blankIndicator`, `insertSiblingBefore/After`, `insertChild`, `appendTopLevel`
 *   (each → `Inserted`: the evaluation and the new node's id), `deleteIndicators`, `indent`,
 *   `outdent`, `moveUp`, `moveDown`, `appendLeaves(ev, afterId, PastedRow[])`, `withFreshIds`.
 *
 * Report tables (report.ts, from the live result): `scoreSummary` (表2), `levelTables` (表4–表7),
 *   `completionTable` + `completionSentence` over `defaultCompletionGroups` (表3), `deductionSummary`
 *   (扣分汇总), `scoringTable` (the 评分表 as rows with merged group cells, for print and .docx).
 *
 * Restoring untrusted data (backup, carrier sheet, a stored record): `restoreEvaluation(raw)` →
 *   `{ ok: true, evaluation, warnings }` (fresh objects, every field checked, texts cleaned of
 *   control characters, unknown keys dropped) or `{ ok: false, errors }` (Chinese, naming the
 *   place); `cleanText(text)` removes NUL and the other C0 controls but tab and line breaks.
 *
 * Merging: `mergeEvaluations(base, mine, theirs)` → `MergeResult` (merged document and the
 * `MergeConflict`s where theirs won); `deepEqual` for JSON-like values.
 *
 * Showing text: `visibleText(text)` marks bidi controls (⟨U+202E⟩) so they never act on screen.
 *
 * Semantics worth knowing (details in each module's comment):
 * - parents add their children's rounded scores; numbers in results equal their decimal text;
 * - a pending leaf (nothing to score yet) adds nothing; `pendingLeaves` says the total is partial;
 * - while nothing at all is scored (every leaf pending, no funds score) the grade is '' (shown
 *   as —), not the lowest band's: a fresh template is not 差; the total is still 0;
 * - a pinned ruled leaf whose rule lacks an input (an imported sheet without target/actual)
 *   gets that finding as 'info' ("按已固定得分 3 计；比例计分所需的指标值尚未填写"): its score
 *   counts as typed; the same finding on an unpinned leaf is a 'warning';
 * - rates are rounded half-up to 0.01 % whatever the score rounding mode;
 * - a pinned leaf's typed score counts; a finding says when its rule computes something else.
 */
export type * from './model.ts';
export type * from './result.ts';

export { evaluate, createEvaluator, type EvaluateOptions } from './evaluator.ts';
export { parseValue } from './parse-value.ts';
export { computeStatus, unitsCompatible } from './completion.ts';
export { GRADE_SCALES, gradeFor } from './grades.ts';
export { roundDecimal, formatScore, formatRate } from './rounding.ts';
export { defaultSettings, newId, newIndicator, newEvaluation } from './factory.ts';
export { RULE_LABELS, RULE_TYPES, defaultRule, describeRule } from './rule-catalog.ts';
export { evaluateExpression, type ExpressionResult } from './expression.ts';
export { TEMPLATES, blankEvaluation, nationalFramework, selfEvaluation2022, type Template } from './templates.ts';
export { shanghaiSelfEvaluation } from './template-shanghai.ts';
export { asTemplate, fromTemplate, nextYearCopy, nextYear } from './reuse.ts';
export {
  matchSelfScores, withSelfScores, setSelfScore, withoutSelfScores, compareSelfScores, comparableName, leafPaths,
  type SelfMatch, type SelfComparison, type ScoreDifference, type LeafPath,
} from './self-scores.ts';
export { buildLibrary, searchLibrary, leafFromLibrary, type LibraryEntry } from './indicator-library.ts';
export {
  pathTo, findIndicator, allIndicators, updateIndicator, applyCellEdits, setRule, unpin, blankIndicator,
  insertSiblingAfter, insertSiblingBefore, insertChild, appendTopLevel, deleteIndicators, indent, outdent,
  moveUp, moveDown, appendLeaves, withFreshIds, insertIndicator,
  type IndicatorEdit, type PastedRow, type IdFactory, type Inserted,
} from './tree-edit.ts';
export { mergeEvaluations, deepEqual, type MergeConflict, type MergeResult } from './merge.ts';
export { visibleText, hasBidiControls } from './visible-text.ts';
export {
  scoreSummary, levelTables, completionTable, completionSentence, defaultCompletionGroups, deductionSummary, scoringTable, chineseOrdinal,
  type ReportRow, type ScoreSummary, type LevelRow, type LevelTable, type CompletionRow, type CompletionCounts, type CompletionTable,
  type DeductionRow, type DeductionSummary, type ScoringRow, type ScoringGroup, type ScoringTable, type ScoringTextColumn,
} from './report.ts';
export { restoreEvaluation, cleanText, TEXT_LIMIT, MAX_DEPTH, type RestoreResult, type RestoreOptions } from './restore.ts';
