/** Building findings (DOMAIN §7): one place decides keys and severities. */
import type { Id } from './model.ts';
import type { Finding, FindingCode } from './result.ts';

/**
 * Key: `${code}:${nodeId ?? 'evaluation'}`, with `:${part}` added only where the evaluation
 * can raise the same code more than once (one per adjustment), so keys stay unique and stable
 * across recomputations: the UI keys its list by them.
 */
export function finding(
  code: FindingCode,
  severity: Finding['severity'],
  nodeId: Id | null,
  field: Finding['field'],
  message: string,
  figures: Record<string, number | string> = {},
  part?: string,
): Finding {
  const key = `${code}:${nodeId ?? 'evaluation'}${part ? `:${part}` : ''}`;
  return { key, code, severity, nodeId, field, message, figures };
}

export const NO_FINDINGS: readonly Finding[] = Object.freeze([]);
