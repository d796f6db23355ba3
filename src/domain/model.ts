/**
 * The evaluation as the evaluator keeps it: what they typed or imported, never what the
 * engine computes (that is {@link EvaluationResult} in ./result.ts).
 *
 * Plain, JSON-serialisable data: it is stored in IndexedDB as one document, carried in a
 * hidden sheet of an exported workbook, and diffed for undo. Numbers the evaluator types
 * are JS numbers; the engine reads them through their shortest decimal string, so 102.13
 * is computed as exactly 102.13.
 *
 * Updates are immutable: a change to one indicator makes a new object for it and for each
 * of its ancestors, and leaves every other object as it was. The evaluator caches results by
 * object identity, which is what makes a one-leaf change cheap at 10,000 leaves.
 */

export type Id = string;

/** 评价类型 */
export type EvaluationType = '自评' | '第三方评价' | '财政评价';

/** 四舍五入 (as Excel's ROUND) or 截尾. */
export type RoundingMode = 'half-up' | 'truncate';

/** 指标实现情况 */
export type CompletionStatus = '已完成' | '部分完成' | '未完成';

export interface EvaluationMeta {
  /** 项目名称 */
  projectName: string;
  /** 主管部门 */
  department: string;
  /** 实施单位 (预算单位 in Shanghai tables) */
  implementer: string;
  /** 评价年度, e.g. "2021" */
  year: string;
  type: EvaluationType;
  /** 评价机构 */
  evaluator: string;
  notes: string;
  /** 年度总体目标: 预期目标 / 实际完成情况 (自评表). */
  goalExpected?: string;
  goalAchieved?: string;
  /** The layout the sheet it was imported from had: what the .xlsx export offers first. */
  layout?: SourceLayout;
}

/** 评分表 (third-party), 2022 财政项目支出绩效自评表, Shanghai self-evaluation (DOMAIN.md §8). */
export type SourceLayout = 'scoring' | 'selfeval2022' | 'shanghai';

/**
 * 项目资金 block of a 自评表. Amounts in the unit the sheet states (元 or 万元).
 * 执行率 = executed / annualBudget; 得分 = weight × min(1, 执行率).
 */
export interface FundsBlock {
  unit: string;
  /** 年初预算数 */
  initialBudget: number | null;
  /** 全年预算数 */
  annualBudget: number | null;
  /** 全年执行数 */
  executed: number | null;
  /** 分值, usually 10 */
  weight: number;
  /** 执行率 as the sheet states it (a fraction, 1 = 100%), kept to flag a slip. */
  statedRate?: number | null;
  /** 得分 as the sheet states it. */
  statedScore?: number | null;
}

/** One of the ten scoring rules of DOMAIN.md §4; the parameters are the evaluator's. */
export type Rule =
  | ManualRule
  | RatioRule
  | BinaryRule
  | StepRule
  | OccurrenceRule
  | DeviationRule
  | BandsRule
  | LevelsRule
  | ChecklistRule
  | FormulaRule;

export type RuleType = Rule['type'];

/** The evaluator types the score (Indicator.enteredScore). */
export interface ManualRule {
  type: 'manual';
}

/**
 * score = weight × min(1, achievement); achievement = actual / target for ≥ targets,
 * target / actual for ≤ targets. Below `floor` (a fraction, 0.6 = 60%) the score is 0.
 */
export interface RatioRule {
  type: 'ratio';
  floor?: number | null;
  /**
   * Decimals of the achievement in percent before it is multiplied, as reports do
   * ("39.96% × 3"): 2 rounds to 0.01%. null multiplies the exact ratio.
   */
  rateDecimals?: number | null;
}

/** Target met → full weight, else 0. */
export interface BinaryRule {
  type: 'binary';
}

/**
 * Deduct `deduction` points per full `size` of shortfall (for ≥ targets) or overrun (for ≤
 * targets, e.g. cost or delay). `unit`: 'percent' = size is a fraction of the target
 * (0.1 = 每低于指标值的10%); 'absolute' = size in the target's unit (推迟一个月 → 1 月).
 */
export interface StepRule {
  type: 'step';
  unit: 'percent' | 'absolute';
  size: number;
  deduction: number;
}

/** Deduct `deduction` per counted incident beyond what the target allows (0起 → 1起 = one). */
export interface OccurrenceRule {
  type: 'occurrence';
  deduction: number;
}

/**
 * Below `threshold` (a fraction, 0.95), deduct `shareOfWeight` of the weight per `point`
 * (a fraction, 0.01 = one percentage point) of deviation: (0.95 − 0.8405) / 0.01 × 2% × 4.
 * The measured value is the actual (a percent), or the achievement when the target is not a
 * percent.
 */
export interface DeviationRule {
  type: 'deviation';
  threshold: number;
  point: number;
  shareOfWeight: number;
}

/** A threshold table: the first band whose lower bound the value reaches gives the score. */
export interface Band {
  /** Lower bound (fraction for percents: 0.95); null = no lower bound (the catch-all). */
  min: number | null;
  /** "≥95%" is inclusive, ">95%" is not. */
  minInclusive: boolean;
  score: number;
}

export interface BandsRule {
  type: 'bands';
  /** 'actual' = the actual's number (满意度 96%); 'achievement' = actual/target. */
  input: 'actual' | 'achievement';
  bands: Band[];
}

/** A qualitative scale: the actual (or the chosen level) names a level that carries a score. */
export interface LevelsRule {
  type: 'levels';
  levels: { label: string; score: number }[];
  /** The level the evaluator chose; when absent the actual text is matched to a label. */
  chosen?: string | null;
}

/**
 * Numbered points, each worth its own points. 'award': score = Σ points of met items.
 * 'deduct': weight − `deduction` per finding (每发现一项未制定，扣除0.5分), floor 0.
 */
export interface ChecklistRule {
  type: 'checklist';
  mode: 'award' | 'deduct';
  items: { label: string; points: number; met: boolean | null }[];
  /** 'deduct' mode: points per finding, and how many findings were made. */
  deduction?: number;
  findings?: number;
}

/**
 * Weighted parts: any arithmetic the evaluator writes over named inputs, computed by a
 * parser (never eval/Function). `A*2 + B*4` with A = (16+3)/20, B = (26+18)/50 → 5.42.
 * With `bands` the expression yields a rate that the bands turn into a score
 * (staff 88% × 30% + public 85.20% × 70% = 86.04% → banded).
 */
export interface FormulaRule {
  type: 'formula';
  expression: string;
  variables: { name: string; expression: string }[];
  bands?: Band[] | null;
}

export interface Indicator {
  id: Id;
  /** 编号 or a code prefix (A11, B23). */
  code?: string;
  name: string;
  /** 分值 in points. For a parent, the stated weight ("决策 (15分)"); null → sum of children. */
  weight: number | null;
  /** 指标解释 */
  explanation?: string;
  /** 指标说明 / 评价要点 */
  guidance?: string;
  /** 评分标准 */
  criteria?: string;
  /** 指标值, as typed: "≥95%", "0起", "及时". */
  target?: string;
  /** 实际完成值, as typed. */
  actual?: string;
  /** 扣分原因 / 偏差原因分析及改进措施 / 备注 */
  reason?: string;
  /** The evaluator's 完成情况, which wins over the computed one and shows as an override. */
  statusOverride?: CompletionStatus | null;
  /** How a leaf is scored. Absent = manual. Ignored on parents. */
  rule?: Rule;
  /** The score typed by hand: the score of a manual leaf, or the pin of a ruled one. */
  enteredScore?: number | null;
  /** A ruled leaf whose score the evaluator fixed by hand (enteredScore) whatever the rule says. */
  pinned?: boolean;
  /** The score (or subtotal, on a parent) as an imported sheet stated it; kept for findings. */
  statedScore?: number | null;
  children: Indicator[];
}

/** A grade scale: bands sorted by `min` descending, lower bounds inclusive. */
export interface GradeScale {
  id: 'mof' | 'shanghai' | 'custom';
  name: string;
  bands: { grade: string; min: number }[];
}

export interface EvaluationSettings {
  gradeScale: GradeScale;
  rounding: RoundingMode;
  /** Decimals of every score shown and summed: 2. */
  decimals: number;
}

/**
 * Optional, named, visible layer over the sum (DOMAIN.md §4 "Adjustments after scoring").
 * 'execution-cap': a low 预算执行率 caps the total (70%–80% → at most 89).
 * 'overshoot-dock': each leaf whose actual exceeds its target by ≥ `threshold` (0.3) docks
 * `points` from the total (a badly set target).
 */
export type Adjustment =
  | {
      id: Id;
      kind: 'execution-cap';
      name: string;
      enabled: boolean;
      /** The rate used: the funds block's 执行率 unless given here (a fraction). */
      rate?: number | null;
      /** Caps, checked in order: rate < below → total at most `cap`. */
      caps: { below: number; cap: number }[];
    }
  | {
      id: Id;
      kind: 'overshoot-dock';
      name: string;
      enabled: boolean;
      threshold: number;
      points: number;
    };

export interface Evaluation {
  id: Id;
  meta: EvaluationMeta;
  funds: FundsBlock | null;
  /** The level-1 indicators (一级指标), in order. */
  indicators: Indicator[];
  settings: EvaluationSettings;
  adjustments: Adjustment[];
  /** 合计 / 总分 as an imported sheet stated it. */
  statedTotal?: number | null;
  /** The department's own scores (自评) beside the evaluator's, when the evaluator keeps them. */
  selfScores?: SelfScoreSet | null;
  /** Epoch milliseconds; kept by storage. */
  createdAt?: number;
  updatedAt?: number;
}

/**
 * A second score set: the 自评 a department sent, kept beside the evaluator's own scoring and
 * never mixed into it (./self-scores.ts). A list, not a record keyed by id, so no id can be
 * an object key such as "__proto__".
 */
export interface SelfScoreSet {
  /** Where it came from: a file and table, or 手工录入. */
  source: string;
  entries: SelfScoreEntry[];
  /** The 自评表's own 合计/总分, when it stated one. */
  statedTotal?: number | null;
  /** The 自评's funds score (项目资金), for a 自评表 with a funds block. */
  fundsScore?: number | null;
}

export interface SelfScoreEntry {
  /** The leaf of this evaluation the score belongs to. */
  id: Id;
  score: number | null;
  reason?: string;
}
