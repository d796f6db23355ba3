/**
 * What the engine computes from an {@link Evaluation}: never stored, always recomputed.
 * Scores are rounded to the evaluation's decimals and summed as rounded figures, as the
 * reports do; every `number` here is the exact decimal it shows (1.19, never 1.1900000001),
 * and every `…Text` is that figure formatted for display ("1.19", "39.67%").
 */
import type { CompletionStatus, Id, RuleType } from './model.ts';

export type Comparator = '=' | '>=' | '<=' | '>' | '<';

/** A parsed target or actual (DOMAIN.md §3). */
export type ParsedValue =
  | {
      kind: 'quantity';
      comparator: Comparator;
      /** The number as a fraction when `percent` (95% → 0.95), else as written. */
      value: number;
      /** The number's exact decimal text as a fraction/plain value: "0.95", "8760". */
      decimal: string;
      percent: boolean;
      /** 个 家 小时 个工作日 万元 …; '' when none (a percent has unit '%'). */
      unit: string;
      text: string;
    }
  | { kind: 'qualitative'; text: string }
  | { kind: 'empty' }
  | { kind: 'invalid'; text: string; reason: string };

export type FindingCode =
  | 'weight-sum' // children's weights ≠ parent's weight
  | 'total-weight' // total weight ≠ 100 (or 90 + funds 10)
  | 'score-above-weight'
  | 'score-negative'
  | 'missing-reason' // score < weight with no reason
  | 'stated-score-differs' // stated score ≠ what the rule computes
  | 'pinned-differs' // pinned score ≠ what the rule computes
  | 'stated-subtotal-differs'
  | 'stated-total-differs'
  | 'stated-rate-differs' // funds block 执行率 as stated ≠ computed
  | 'unit-mismatch'
  | 'unparseable-target'
  | 'unparseable-actual'
  | 'rule-input-missing' // a ruled leaf lacks what its rule needs
  | 'rule-error' // e.g. a formula that does not parse
  | 'rule-points-mismatch' // checklist points ≠ weight, or a band/level worth more than the weight
  | 'weight-missing'
  | 'adjustment-applied';

export interface Finding {
  /** Stable across recomputations: `${code}:${nodeId ?? 'evaluation'}`. */
  key: string;
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  /** The indicator concerned; null for the evaluation as a whole or the funds block. */
  nodeId: Id | null;
  /** The column the finding is about, so the UI can select that cell. */
  field: 'weight' | 'score' | 'target' | 'actual' | 'reason' | 'status' | 'rule' | 'total' | 'funds' | null;
  /** In Chinese, naming the indicator and the figures: "预算执行率：规则计算得分 1.20，表中得分 1.19". */
  message: string;
  figures: Record<string, number | string>;
}

export interface NodeResult {
  id: Id;
  /** Depth from 1 (一级). */
  level: number;
  isLeaf: boolean;
  /** Effective weight: the stated weight, or for a parent without one the sum of its children. */
  weight: number | null;
  weightText: string;
  /** The score that counts (rounded); null while a leaf is pending (nothing to score yet). */
  score: number | null;
  scoreText: string;
  /** What the rule computes (rounded), whether or not it counts (pinned, manual → null). */
  computedScore: number | null;
  /** Unrounded decimal text of the rule's result, for the rule panel. */
  rawScore: string | null;
  /** score / weight as a fraction, rounded to 4 decimals (0.3967); text "39.67%". */
  rate: number | null;
  rateText: string;
  ruleType: RuleType;
  pinned: boolean;
  /** Where the score comes from. */
  scoreSource: 'rule' | 'entered' | 'pinned' | 'children' | 'pending';
  status: CompletionStatus | null;
  statusSource: 'computed' | 'override' | null;
  target: ParsedValue;
  actual: ParsedValue;
  /** This node's own findings; nodes without any share one frozen empty list. */
  findings: readonly Finding[];
  /** The rule's worked computation for the rule panel: "39.96% × 3 = 1.1988". '' when none. */
  explain?: string;
  /** Leaves at or below this node still pending (no score yet): the node's score is partial when > 0. */
  pendingLeaves?: number;
}

export interface FundsResult {
  rate: number | null;
  rateText: string;
  score: number | null;
  scoreText: string;
  weight: number;
}

export interface AdjustmentResult {
  id: Id;
  name: string;
  applied: boolean;
  /** Points removed from the total (≥ 0). */
  effect: number;
  description: string;
}

export interface EvaluationResult {
  nodes: ReadonlyMap<Id, NodeResult>;
  /** Results of the level-1 indicators, in order. */
  levels: NodeResult[];
  funds: FundsResult | null;
  /** Σ level-1 scores (+ funds score), before adjustments. */
  sum: number;
  adjustments: AdjustmentResult[];
  /** After adjustments. */
  total: number;
  totalText: string;
  /** 满分: Σ level-1 weights (+ funds weight). */
  maxTotal: number;
  grade: string;
  statusCounts: { 已完成: number; 部分完成: number; 未完成: number; pending: number };
  leafCount: number;
  /** Leaves without a score yet; they add nothing, so the total is partial while this is > 0. */
  pendingLeaves?: number;
  /** Every finding: the nodes' in tree order, then the evaluation's own. */
  findings: Finding[];
}
