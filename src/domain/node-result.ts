/**
 * A node's result as the engine hands it out (the NodeResult of ./result.ts).
 *
 * A class for one field: `explain`, the rule's worked line ("39.96% × 3 = 1.1988 → 1.2").
 * It is text built from five or six figures, and building it for every leaf was about half of
 * a full evaluation of 10,000 leaves (the strings and the garbage they leave), yet only the
 * rule panel reads it, one leaf at a time. So the integer path leaves it unbuilt and the
 * getter builds it on first read, by scoring that leaf again with the text on, and keeps it.
 * Indicators are never changed in place (every edit makes new objects), so the text read later
 * is the text an eager build would have made.
 *
 * `explain` is therefore an accessor on the prototype rather than an own property: reading it
 * gives the same text as before; toJSON() keeps it in JSON. Every result is a ScoredNode
 * (leaves on either path, parents), so results compare alike.
 */
import type { CompletionStatus, Id, Indicator, RuleType } from './model.ts';
import type { Finding, NodeResult, ParsedValue } from './result.ts';
import type { ScoreScale } from './score-scale.ts';

/** Builds a leaf's worked line again from the leaf itself (the scorer that left it unbuilt). */
export type Explainer = (s: ScoreScale, ind: Indicator, level: number) => string;

export class ScoredNode implements NodeResult {
  #explain: string | Explainer;
  readonly #scale: ScoreScale | null;
  readonly #ind: Indicator | null;

  constructor(
    readonly id: Id,
    readonly level: number,
    readonly isLeaf: boolean,
    readonly weight: number | null,
    readonly weightText: string,
    readonly score: number | null,
    readonly scoreText: string,
    readonly computedScore: number | null,
    readonly rawScore: string | null,
    readonly rate: number | null,
    readonly rateText: string,
    readonly ruleType: RuleType,
    readonly pinned: boolean,
    readonly scoreSource: NodeResult['scoreSource'],
    readonly status: CompletionStatus | null,
    readonly statusSource: NodeResult['statusSource'],
    readonly target: ParsedValue,
    readonly actual: ParsedValue,
    readonly findings: readonly Finding[],
    readonly pendingLeaves: number,
    /** The worked line, or the explainer that builds it on first read from `scale` and `ind`. */
    explain: string | Explainer,
    scale: ScoreScale | null = null,
    ind: Indicator | null = null,
  ) {
    this.#explain = explain;
    this.#scale = scale;
    this.#ind = ind;
  }

  get explain(): string {
    const e = this.#explain;
    if (typeof e === 'string') return e;
    this.#explain = this.#scale && this.#ind ? e(this.#scale, this.#ind, this.level) : '';
    return this.#explain;
  }

  toJSON(): NodeResult {
    return { ...this, explain: this.explain };
  }
}
