/**
 * How findings are listed and counted: by severity (错误, 警告, 提示), so the one error is not
 * buried under two dozen notes; the tab badge counts only what needs the user (errors and
 * warnings).
 */
import type { Finding } from '../domain/index.ts';

export type Severity = Finding['severity'];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export const SEVERITY_LABELS: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then notes; the engine's order within each (stable sort). */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** The badge: errors and warnings only. */
export function needsAttention(findings: readonly Finding[]): number {
  let n = 0;
  for (const finding of findings) if (finding.severity !== 'info') n++;
  return n;
}
