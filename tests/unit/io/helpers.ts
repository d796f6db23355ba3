import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { importAll } from '../../../src/io/import-workbook.ts';

export const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(fixture(name)));

/** Imports every table of a fixture; fails the test with the messages when it cannot. */
export function importFixture(name: string) {
  const out = importAll(fixtureBytes(name), name);
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
  return { ...out.value, warnings: out.warnings };
}

export function leaves(ev: Evaluation): Indicator[] {
  const out: Indicator[] = [];
  const walk = (n: Indicator) => (n.children.length === 0 ? out.push(n) : n.children.forEach(walk));
  ev.indicators.forEach(walk);
  return out;
}

export function findLeaf(ev: Evaluation, name: string): Indicator {
  const leaf = leaves(ev).find((l) => l.name === name);
  if (!leaf) throw new Error(`no leaf ${name}`);
  return leaf;
}

/** Two imports of the same table differ only in the ids they drew: compare the rest. */
export function withoutIds(ev: Evaluation): unknown {
  const strip = (n: Indicator): unknown => {
    const { id: _id, children, ...rest } = n;
    return { ...rest, children: children.map(strip) };
  };
  const { id: _id, indicators, ...rest } = ev;
  return { ...rest, indicators: indicators.map(strip) };
}

/** Imports a CSV written inline in a test, every table as detected. */
export function importCsv(lines: readonly string[], name = 'inline.csv') {
  const out = importAll(new TextEncoder().encode(lines.join('\r\n')), name);
  if (!out.ok) throw new Error(out.errors.map((e) => e.message).join('\n'));
  return out;
}
