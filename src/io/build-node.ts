/**
 * One indicator as the importer gathers it from the rows, before it becomes an Indicator: the
 * row's figures are kept apart from the weight written in the name so both can be checked.
 */
export type TextField = 'explanation' | 'guidance' | 'criteria' | 'target' | 'actual' | 'reason' | 'status';
export const TEXT_FIELDS: readonly TextField[] = ['explanation', 'guidance', 'criteria', 'target', 'actual', 'reason', 'status'];

export interface BuildNode {
  code: string;
  name: string;
  weightFromName: number | null;
  rowWeight: number | null;
  rowScore: number | null;
  /** 1-based row that described this node; 0 when it exists only as its children's group. */
  row: number;
  texts: Map<TextField, string>;
  children: BuildNode[];
}

export const newNode = (name: string, code = '', texts: Map<TextField, string> = new Map()): BuildNode => ({
  code, name, weightFromName: null, rowWeight: null, rowScore: null, row: 0, texts, children: [],
});

const CLAUSE_END = /[；;。.!！:：]$/;

/** Text split over rows: CJK text continues without a break, a finished clause on a new line. */
export function joinText(before: string, after: string): string {
  if (before === '') return after;
  return CLAUSE_END.test(before) ? `${before}\n${after}` : `${before}${after}`;
}
