/**
 * The field readers restore.ts builds an evaluation with: each reads one own property of
 * untrusted data, checks its type and range, and records a Chinese problem naming where it
 * is. Only own properties are read and only known keys are copied into fresh objects, so a
 * `__proto__` or `constructor` key in the input can never reach a prototype.
 */

/** Longest text kept (≈ 50 pages of Chinese); longer is cut with a warning, or refused on save. */
export const TEXT_LIMIT = 100_000;
/** Ids are short keys (newId gives 16 characters); a longer one is not Jixiao's. */
export const ID_LIMIT = 1_000;
/** Items in one list of a rule, scale or adjustment (bands, levels, checklist points…). */
export const LIST_LIMIT = 10_000;
/** Beyond this a double no longer holds every integer; no score, weight or amount is near it. */
export const NUMBER_LIMIT = 1e15;

// C0 controls and DEL, but not tab, line feed and carriage return (cells hold line breaks).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** The text with NUL and the other C0 control characters (but tab and line breaks) removed. */
export function cleanText(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROL, '') : text;
}

export type Plain = Record<string, unknown>;

export const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

export const own = (object: Plain, key: string): unknown => (Object.hasOwn(object, key) ? object[key] : undefined);

/** A value as a message may quote it: short, without control characters. */
export function preview(value: unknown): string {
  if (typeof value === 'string') {
    const text = cleanText(value).replace(/\s+/g, ' ');
    return `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”`;
  }
  if (value === null) return '空值';
  if (Array.isArray(value)) return '列表';
  if (typeof value === 'object') return '对象';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
  return String(value);
}

/**
 * How restore treats a text longer than TEXT_LIMIT: cut it with a warning (files), refuse it
 * (the evaluator's own save), or keep it (a record already stored: older versions had no limit,
 * and cutting it on reading would lose its tail at the next save).
 */
export type Overlong = 'truncate' | 'refuse' | 'keep';

const MAX_MESSAGES = 30;
const MAX_NAMED = 5;

/**
 * Collects errors and warnings while the evaluation is read. `where` is the Chinese name of
 * the place ("指标“预算执行率”的计分规则"), `label` the field's ("分档下限").
 */
export class Reader {
  readonly errors: string[] = [];
  #moreErrors = 0;
  readonly #cleaned: string[] = [];
  readonly #cut: string[] = [];
  readonly #unknown: string[] = [];
  readonly #notes: string[] = [];
  readonly overlong: Overlong;

  constructor(overlong: Overlong) {
    this.overlong = overlong;
  }

  error(where: string, what: string): void {
    if (this.errors.length < MAX_MESSAGES) this.errors.push(`${where}：${what}`);
    else this.#moreErrors++;
  }

  get failed(): boolean {
    return this.errors.length > 0;
  }

  allErrors(): string[] {
    return this.#moreErrors > 0 ? [...this.errors, `另有 ${this.#moreErrors} 处问题未列出`] : [...this.errors];
  }

  warnings(): string[] {
    const out: string[] = [];
    const named = (list: string[]) => `${list.slice(0, MAX_NAMED).join('、')}${list.length > MAX_NAMED ? ` 等 ${list.length} 处` : ''}`;
    if (this.#cleaned.length > 0) out.push(`已删除文本中的控制字符（如 NUL）：${named(this.#cleaned)}`);
    if (this.#cut.length > 0) out.push(`文本超过 ${TEXT_LIMIT.toLocaleString('en-US')} 字，超出部分已截去：${named(this.#cut)}`);
    if (this.#unknown.length > 0) out.push(`已忽略无法识别的字段：${named(this.#unknown)}`);
    return [...out, ...this.#notes];
  }

  /** A warning of its own (a message that is already a whole sentence). */
  warn(message: string): void {
    this.#notes.push(message);
  }

  /** Keys of `object` outside `known` are dropped; they are named in one warning. */
  dropUnknown(object: Plain, known: ReadonlySet<string>, where: string): void {
    for (const key of Object.keys(object)) {
      if (!known.has(key) && object[key] !== undefined) this.#unknown.push(`${where}的“${cleanText(key).slice(0, 40)}”`);
    }
  }

  #text(value: string, where: string, label: string): string {
    let text = cleanText(value);
    if (text !== value) this.#cleaned.push(`${where}的${label}`);
    if (text.length > TEXT_LIMIT && this.overlong !== 'keep') {
      const length = text.length.toLocaleString('en-US');
      if (this.overlong === 'refuse') {
        this.error(where, `${label}长 ${length} 字，超过 ${TEXT_LIMIT.toLocaleString('en-US')} 字的上限，请缩短`);
      } else {
        this.#cut.push(`${where}的${label}（原 ${length} 字）`);
        text = text.slice(0, TEXT_LIMIT);
      }
    }
    return text;
  }

  /** A required text; absent reads as ''. */
  text(object: Plain, key: string, where: string, label: string): string {
    const value = own(object, key);
    if (value === undefined) return '';
    if (typeof value !== 'string') {
      this.error(where, `${label}不是文本（${preview(value)}）`);
      return '';
    }
    return this.#text(value, where, label);
  }

  /** An optional text: undefined when absent. */
  optionalText(object: Plain, key: string, where: string, label: string): string | undefined {
    const value = own(object, key);
    if (value === undefined) return undefined;
    return this.text(object, key, where, label);
  }

  /** An optional text that may also be null. */
  nullableText(object: Plain, key: string, where: string, label: string): string | null | undefined {
    const value = own(object, key);
    if (value === null) return null;
    return this.optionalText(object, key, where, label);
  }

  id(value: unknown, where: string, label = '编号'): string | null {
    if (typeof value !== 'string' || value === '') {
      this.error(where, value === undefined || value === '' ? `缺少${label}` : `${label}不是有效的文本（${preview(value)}）`);
      return null;
    }
    if (value.length > ID_LIMIT) {
      this.error(where, `${label}过长（${value.length.toLocaleString('en-US')} 字）`);
      return null;
    }
    // An id is a key, never cleaned: one with control characters is not Jixiao's.
    if (cleanText(value) !== value || /[\t\n\r]/.test(value)) {
      this.error(where, `${label}含有控制字符`);
      return null;
    }
    return value;
  }

  #number(value: unknown, where: string, label: string, range?: { min: number; max: number; integer?: boolean }): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.error(where, `${label}不是数字（${preview(value)}）`);
      return undefined;
    }
    const min = range?.min ?? -NUMBER_LIMIT;
    const max = range?.max ?? NUMBER_LIMIT;
    if (value < min || value > max || (range?.integer && !Number.isInteger(value))) {
      const kind = range?.integer ? '整数' : '数';
      this.error(where, `${label}应为 ${min}–${max} 之间的${kind}（现为 ${preview(value)}）`);
      return undefined;
    }
    return value;
  }

  /** A required number; `fallback` when absent (undefined fallback: absent is an error). */
  number(object: Plain, key: string, where: string, label: string, options: { fallback?: number; min?: number; max?: number; integer?: boolean } = {}): number {
    const value = own(object, key);
    if (value === undefined && options.fallback !== undefined) return options.fallback;
    const range = options.min !== undefined || options.max !== undefined || options.integer
      ? { min: options.min ?? -NUMBER_LIMIT, max: options.max ?? NUMBER_LIMIT, integer: options.integer }
      : undefined;
    return this.#number(value, where, label, range) ?? options.fallback ?? 0;
  }

  /** A number or null; undefined when absent. */
  nullableNumber(object: Plain, key: string, where: string, label: string, options: { min?: number; max?: number } = {}): number | null | undefined {
    const value = own(object, key);
    if (value === undefined) return undefined;
    if (value === null) return null;
    const range = options.min !== undefined || options.max !== undefined ? { min: options.min ?? -NUMBER_LIMIT, max: options.max ?? NUMBER_LIMIT } : undefined;
    return this.#number(value, where, label, range) ?? null;
  }

  /** An optional number (null not allowed). */
  optionalNumber(object: Plain, key: string, where: string, label: string): number | undefined {
    const value = own(object, key);
    if (value === undefined) return undefined;
    return this.#number(value, where, label);
  }

  boolean(object: Plain, key: string, where: string, label: string, fallback: boolean): boolean {
    const value = own(object, key);
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.error(where, `${label}不是“是/否”（${preview(value)}）`);
      return fallback;
    }
    return value;
  }

  /** One of `choices`; `fallback` when absent, an error when anything else. */
  choice<T extends string>(object: Plain, key: string, choices: readonly T[], where: string, label: string, fallback?: T): T {
    const value = own(object, key);
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    this.error(where, `${label}${preview(value)}不是可选的值（${choices.join('、')}）`);
    return fallback ?? (choices[0] as T);
  }

  /** A list's items (an error and [] when not a list or too long); absent → `fallback`. */
  list(object: Plain, key: string, where: string, label: string, fallback?: unknown[], limit = LIST_LIMIT): unknown[] {
    const value = own(object, key);
    if (value === undefined && fallback !== undefined) return fallback;
    if (!Array.isArray(value)) {
      this.error(where, `${label}不是列表（${value === undefined ? '缺少' : preview(value)}）`);
      return [];
    }
    if (value.length > limit) {
      this.error(where, `${label}有 ${value.length.toLocaleString('en-US')} 项，超过 ${limit.toLocaleString('en-US')} 项的上限`);
      return [];
    }
    return value;
  }

  /** An item that must be an object; null (with an error) otherwise. */
  object(value: unknown, where: string, label: string): Plain | null {
    if (isPlain(value)) return value;
    this.error(where, `${label}不是对象（${value === undefined ? '缺少' : preview(value)}）`);
    return null;
  }
}

/** Known keys of a model type, checked by the compiler to list every key of `T`. */
export function keysOf<T>() {
  return <K extends readonly (keyof T & string)[]>(...keys: K & ([Exclude<keyof T, K[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number]> })): ReadonlySet<string> =>
    new Set(keys);
}
