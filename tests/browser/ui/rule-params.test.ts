import { describe, it, expect, afterEach } from 'vitest';
import { flushSync, mount, unmount } from 'svelte';
import RuleParams from '../../../src/ui/components/RuleParams.svelte';
import NumberField from '../../../src/ui/components/NumberField.svelte';
import { RULE_TYPES, defaultRule } from '../../../src/domain/index.ts';
import type { Rule } from '../../../src/domain/index.ts';

let mounted: Record<string, unknown> | null = null;
let host: HTMLElement | null = null;

function render<P extends Record<string, unknown>>(component: unknown, props: P): HTMLElement {
  host = document.createElement('div');
  document.body.append(host);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  mounted = mount(component as any, { target: host, props }) as Record<string, unknown>;
  flushSync();
  return host;
}

afterEach(() => {
  if (mounted) unmount(mounted);
  host?.remove();
  mounted = null;
});

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  flushSync();
}

describe('RuleParams', () => {
  it('shows every parameterised rule as form fields, never as JSON', () => {
    for (const type of RULE_TYPES) {
      if (type === 'manual' || type === 'binary') continue;
      const el = render(RuleParams, { rule: defaultRule(type), weight: 10, onchange: () => {} });
      const fields = el.querySelectorAll('input, select');
      expect(fields.length, type).toBeGreaterThan(0);
      expect(el.textContent ?? '', type).not.toMatch(/[{}"]/);
      for (const input of el.querySelectorAll('input')) expect(input.value, type).not.toMatch(/^[[{]/);
      unmount(mounted!);
      mounted = null;
      host!.remove();
    }
  });

  it('hands back a new rule when a parameter is typed, percents as fractions', () => {
    const changes: Rule[] = [];
    const rule = defaultRule('deviation');
    const el = render(RuleParams, { rule, weight: 4, onchange: (r: Rule) => changes.push(r) });
    const threshold = el.querySelector<HTMLInputElement>('[data-testid="deviation-threshold"]')!;
    expect(threshold.value).toBe('95');
    type(threshold, '90');
    expect(changes.at(-1)).toEqual({ ...rule, threshold: 0.9 });
    expect(rule).toEqual(defaultRule('deviation')); // the old rule object is untouched
  });

  it('edits checklist items: met / not met / not judged', () => {
    const changes: Rule[] = [];
    const el = render(RuleParams, { rule: defaultRule('checklist'), weight: 2, onchange: (r: Rule) => changes.push(r) });
    const met = el.querySelector<HTMLSelectElement>('[data-testid="checklist-met-1"]')!;
    met.value = 'yes';
    met.dispatchEvent(new Event('change', { bubbles: true }));
    const last = changes.at(-1);
    expect(last?.type === 'checklist' && last.items.map((i) => i.met)).toEqual([null, true]);
  });
});

describe('NumberField', () => {
  it('marks bad input and keeps it out of the model', () => {
    const values: (number | null)[] = [];
    const el = render(NumberField, { value: 3, onchange: (v: number | null) => values.push(v), testid: 'n' });
    const input = el.querySelector<HTMLInputElement>('input')!;
    type(input, '3,5x');
    expect(input.classList.contains('invalid')).toBe(true);
    expect(values).toEqual([]);
    type(input, '１,２００');
    expect(input.classList.contains('invalid')).toBe(false);
    expect(values).toEqual([1200]);
  });
});
