/**
 * The scoring rule a 评分标准 text states (DOMAIN.md §4), recognised from the phrasings the
 * reports use so an imported table scores itself without the evaluator re-entering it.
 * Pure: text in, rule (or null = stays manual) out. Conservative: a text that matches no
 * phrasing below is left manual rather than guessed.
 */
import type { Band, ChecklistRule, Rule } from '../domain/index.ts';
import { IMPORT_LIMITS } from './limits.ts';

export interface RecognisedRule {
  rule: Rule;
  /** The words that decided it, for the preview ("每低于指标值的10%，扣1分"). */
  evidence: string;
}

/**
 * A figure as the criteria write it. Bounded, and never starting inside a longer run of digits,
 * so every pattern below is linear: unbounded `\d+` tried at each digit of "≥999…9" (300,000
 * nines) backtracks over the rest of the run each time, 60 s for one cell. A run longer than
 * MAX_DIGITS is no figure anyone scores against.
 */
const MAX_DIGITS = 30;
const NUM = String.raw`(?<!\d)(\d{1,${MAX_DIGITS}}(?:\.\d{1,${MAX_DIGITS}})?)`;

// Compiled once: they run for every clause of every criteria text of an import.
const SHARE_OF_WEIGHT = new RegExp(String.raw`[得计按]${NUM}%(?:的)?(?:分值|权重|满分)|[得计]分值的${NUM}%`);
const POINTS_AWARDED = new RegExp(String.raw`[得计]${NUM}分`);
const DEVIATION = new RegExp(String.raw`${NUM}%(?:\(含\))?以下[,，]?每偏离${NUM}%[,，]?扣(?:除)?(?:权重|分值)的?${NUM}%`);
const FLOOR_BETWEEN = new RegExp(String.raw`介于${NUM}%\(含\)至100%`);
const FLOOR_BELOW = new RegExp(String.raw`[<低于]${NUM}%(?:时)?[,，]?(?:的)?不得分|${NUM}%以下(?:的)?不得分`);
const STEP_POINTS = new RegExp(String.raw`每(?:低于|少于|下降|降低|减少|超出|超过|高于|偏离)(?:指标值|目标值)?${NUM}个百分点[,，]?扣(?:除)?${NUM}分`);
const STEP_SHORTFALL = new RegExp(String.raw`每(?:低于|少于|下降|降低|未完成|减少)(?:指标值|目标值|计划)?的?${NUM}%[,，]?扣(?:除)?${NUM}分`);
const STEP_OVERRUN = new RegExp(String.raw`每(?:超出|超过|高于|超支)(?:预算|指标值)?的?${NUM}%[,，]?扣(?:除)?${NUM}分`);
const STEP_DELAY = new RegExp(String.raw`(?:每)?(?:推迟|延迟|延期|滞后|逾期)(?<!\d)(\d{1,${MAX_DIGITS}}|[一两二三四五六七八九十半])个?(月|天|日|周|工作日)[,，]?扣(?:除)?${NUM}分`);
const PER_OCCURRENCE = new RegExp(String.raw`(?:每)?(?:出现|发生|发现)(?:1|一)(?:次|起|例)[^扣]{0,40}?扣(?:除)?${NUM}分`);
const PER_FINDING = new RegExp(String.raw`每(?:发现|存在|缺少|缺)(?:1|一)(?:项|处|个)[^扣]{0,40}?扣(?:除)?${NUM}分`);
const BAND_RANGE = new RegExp(String.raw`${NUM}%?(?:\(含\))?[-~～—–至到]${NUM}%`);
const BAND_UPPER_ONLY = new RegExp(String.raw`(<|≤|低于|不足)${NUM}%|${NUM}%以下`);
const BAND_LOWER = new RegExp(String.raw`(≥|>|不低于|达到)${NUM}%`);
const BAND_LOWER_SUFFIX = new RegExp(String.raw`${NUM}%(?:\(含\))?(及以上|以上)`);

/** One spelling for the many: full-width digits, brackets, comparators, percent signs. */
export function normaliseCriteria(text: string): string {
  return text
    .replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/％/g, '%')
    .replace(/＜/g, '<')
    .replace(/＞/g, '>')
    .replace(/＝/g, '=')
    .replace(/>=/g, '≥')
    .replace(/<=/g, '≤')
    .replace(/：/g, ':')
    .replace(/[＊xX]/g, '*')
    .replace(/[ \t\u3000]+/g, '')
    .replace(/\r?\n/g, '');
}

const CHINESE_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['一', 1], ['两', 2], ['二', 2], ['三', 3], ['四', 4], ['五', 5], ['六', 6], ['七', 7], ['八', 8], ['九', 9], ['十', 10], ['半', 0.5],
]);

function numberOf(text: string): number | null {
  if (/^\d{1,30}(\.\d{1,30})?$/.test(text)) return Number(text);
  return CHINESE_NUMBERS.get(text) ?? null;
}

const pct = (text: string): number => Number((Number(text) / 100).toPrecision(12));

/** Split "①…；②…；③…" or "…；…；…" into its clauses. */
function clauses(text: string): string[] {
  const parts = text.split(/(?=[①②③④⑤⑥⑦⑧⑨⑩])|(?=\(\d{1,2}\))|(?<=[；;。])(?=\d{1,2}[.、])|[；;。]/).map((s) => s.trim()).filter(Boolean);
  return parts.map((s) => s.replace(/^[①②③④⑤⑥⑦⑧⑨⑩]|^\(\d{1,2}\)|^\d{1,2}[.、]/, '').replace(/[；;。,，]+$/, '').trim()).filter(Boolean);
}

/**
 * The clauses that award a score, for texts that separate them with commas as well as
 * semicolons ("满意度≥90%得满分，80%-90%得80%分值，…"): split at every separator, then glue each
 * piece that awards nothing to the next ("≥100%时，得3分" stays one clause).
 */
function scoredClauses(text: string, weight: number | null): string[] {
  const out: string[] = [];
  let buffer = '';
  // A share of an unknown weight awards nothing, and then only a zero award can end the clause.
  let stuck = false;
  for (const piece of clauses(text.replace(/[,，]/g, '；'))) {
    buffer += piece;
    // The buffer awarded nothing before this piece, so an award now lies within the longest
    // award phrase of its end: looking at that tail only keeps "，否则" × 26,667 linear.
    const tail = buffer.slice(-(AWARD_SPAN + piece.length));
    if (stuck ? ZERO_AWARD.test(tail) : awarded(tail, weight) !== null) {
      out.push(buffer);
      buffer = '';
    } else if (weight === null && SHARE_OF_WEIGHT.test(tail)) {
      stuck = true;
    }
  }
  if (buffer !== '') out.push(buffer);
  return out;
}

const ZERO_AWARD = /不得分|得0分|计0分|该项(指标)?得0分/;

/** Longer than any match of the award patterns (SHARE_OF_WEIGHT is the longest: 2 × MAX_DIGITS + 6). */
const AWARD_SPAN = 2 * MAX_DIGITS + 16;

/** The score a clause awards: 得满分 → weight, 得N分 → N, 得80%分值 → 0.8 × weight, 不得分 / 得0分 → 0. */
function awarded(clause: string, weight: number | null): number | null {
  if (ZERO_AWARD.test(clause)) return 0;
  if (/得满分|得全分|满分/.test(clause)) return weight;
  const share = SHARE_OF_WEIGHT.exec(clause);
  if (share) {
    const p = share[1] ?? share[2];
    return weight === null || p === undefined ? null : Number((weight * Number(p) / 100).toPrecision(12));
  }
  const m = POINTS_AWARDED.exec(clause);
  return m?.[1] !== undefined ? Number(m[1]) : null;
}

function deviation(t: string): RecognisedRule | null {
  const m = DEVIATION.exec(t);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  return { rule: { type: 'deviation', threshold: pct(m[1]), point: pct(m[2]), shareOfWeight: pct(m[3]) }, evidence: m[0] };
}

function ratio(t: string): RecognisedRule | null {
  const m = /(率|值|度)(?:\)?×100%)?[×*](?:设定|指标)?分值|乘以(?:设定|指标)?分值|[×*](?:设定|指标|该项|该指标)分值|按(?:完成)?比例(?:计分|折算|得分)|得分=(?:实际完成值|完成值)\/(?:指标值|目标值)/.exec(t);
  if (!m) return null;
  let floor: number | null = null;
  const between = FLOOR_BETWEEN.exec(t);
  const below = FLOOR_BELOW.exec(t);
  if (between?.[1] !== undefined) floor = pct(between[1]);
  else if (below) floor = pct((below[1] ?? below[2]) as string);
  return { rule: { type: 'ratio', floor, rateDecimals: 2 }, evidence: m[0] };
}

function step(t: string): RecognisedRule | null {
  // "每降低1个百分点扣0.5分": percentage points of a percent figure, so an absolute step of 0.01.
  const points = STEP_POINTS.exec(t);
  if (points?.[1] !== undefined && points[2] !== undefined) {
    return { rule: { type: 'step', unit: 'absolute', size: pct(points[1]), deduction: Number(points[2]) }, evidence: points[0] };
  }
  const shortfall = STEP_SHORTFALL.exec(t);
  if (shortfall?.[1] !== undefined && shortfall[2] !== undefined) {
    return { rule: { type: 'step', unit: 'percent', size: pct(shortfall[1]), deduction: Number(shortfall[2]) }, evidence: shortfall[0] };
  }
  const overrun = STEP_OVERRUN.exec(t);
  if (overrun?.[1] !== undefined && overrun[2] !== undefined) {
    return { rule: { type: 'step', unit: 'percent', size: pct(overrun[1]), deduction: Number(overrun[2]) }, evidence: overrun[0] };
  }
  const delay = STEP_DELAY.exec(t);
  if (delay?.[1] !== undefined && delay[3] !== undefined) {
    const size = numberOf(delay[1]);
    if (size !== null) return { rule: { type: 'step', unit: 'absolute', size, deduction: Number(delay[3]) }, evidence: delay[0] };
  }
  return null;
}

function occurrence(t: string): RecognisedRule | null {
  const m = PER_OCCURRENCE.exec(t);
  if (!m || m[1] === undefined) return null;
  return { rule: { type: 'occurrence', deduction: Number(m[1]) }, evidence: m[0] };
}

function checklistDeduct(t: string): RecognisedRule | null {
  const m = PER_FINDING.exec(t);
  if (!m || m[1] === undefined) return null;
  const rule: ChecklistRule = { type: 'checklist', mode: 'deduct', items: [], deduction: Number(m[1]), findings: 0 };
  return { rule, evidence: m[0] };
}

/** "≥95% 得10分；95%>满意度≥85% 得6分；…；<65% 得0分": two or more thresholds with scores. */
function bands(t: string, weight: number | null): RecognisedRule | null {
  const found: Band[] = [];
  for (const clause of scoredClauses(t, weight)) {
    const score = awarded(clause, weight);
    if (score === null) continue;
    // The threshold is in the words before the award: "得80%分值" is not a threshold.
    const cond = clause.split(/[得计扣]/)[0] ?? clause;
    const lower = BAND_LOWER.exec(cond) ?? BAND_LOWER_SUFFIX.exec(cond);
    // "80%-90%", "80%（含）~90%": the band from its lower end.
    const range = BAND_RANGE.exec(cond);
    if (lower) {
      const [op, value] = lower[1] !== undefined && /^[≥>不达]/.test(lower[1]) ? [lower[1], lower[2]] : [lower[2], lower[1]];
      if (value === undefined) continue;
      // 以上 includes its number, as parseValue reads "95%以上" (Chinese legal usage); only > excludes it.
      found.push({ min: pct(value), minInclusive: op !== '>', score });
    } else if (range?.[1] !== undefined) {
      found.push({ min: pct(range[1]), minInclusive: true, score });
    } else if (BAND_UPPER_ONLY.test(cond)) {
      found.push({ min: null, minInclusive: true, score });
    }
  }
  const bounded = found.filter((b) => b.min !== null);
  if (bounded.length < 2) return null;
  bounded.sort((a, b) => (b.min ?? 0) - (a.min ?? 0));
  const rest = found.find((b) => b.min === null);
  return { rule: { type: 'bands', input: 'actual', bands: [...bounded, rest ?? { min: null, minInclusive: true, score: 0 }] }, evidence: t.slice(0, 80) };
}

/** "≥100%时，得3分；<100%时，不得分" or "…得3分；否则不得分": all or nothing. */
function binary(t: string, weight: number | null): RecognisedRule | null {
  const parts = scoredClauses(t, weight);
  const positive = parts.filter((c) => {
    const s = awarded(c, weight);
    return s !== null && s > 0;
  });
  const negative = /否则(?:不得分|得0分)|[<低于未]\S{0,20}(?:时)?[,，]?不得分/.test(t);
  if (positive.length !== 1 || !negative) return null;
  const score = awarded(positive[0] as string, weight);
  if (weight !== null && score !== weight) return null;
  return { rule: { type: 'binary' }, evidence: t.slice(0, 60) };
}

/** The longest start the labels share, so "…效果明显" / "…效果一般" show as 效果明显 / 效果一般. */
function commonPrefix(labels: string[]): string {
  if (labels.length < 2) return '';
  let prefix = labels[0] ?? '';
  for (const l of labels) while (!l.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** "效果明显得满分；效果一般得4分；不能提高不得分": qualitative levels with scores. */
function levels(t: string, weight: number | null): RecognisedRule | null {
  const items: { label: string; score: number }[] = [];
  for (const clause of clauses(t)) {
    const score = awarded(clause, weight);
    if (score === null) continue;
    if (/\d%/.test(clause)) return null;
    const label = clause.replace(/[,，]?(?:的)?(?:得满分|得全分|不得分|[得计]\d{1,30}(?:\.\d{1,30})?分).*$/, '').replace(/^(?:项目实施后[,，]?)/, '').trim();
    if (label) items.push({ label, score });
  }
  if (items.length < 2) return null;
  const hasFull = items.some((i) => weight !== null && i.score === weight);
  const hasZero = items.some((i) => i.score === 0);
  if (!hasFull || !hasZero) return null;
  // Only the labels that share a start lose it: "不能提高…" keeps its words.
  const groups = items.filter((i) => items.some((j) => j !== i && (j.label.slice(0, 4) === i.label.slice(0, 4))));
  const prefix = commonPrefix(groups.map((i) => i.label));
  const strip = (label: string): string => {
    if (prefix.length < 4 || !label.startsWith(prefix) || label.length <= prefix.length) return label;
    // Keep at least four characters: "效果明显", not "明显".
    const cut = Math.max(0, prefix.length - Math.max(0, 4 - (label.length - prefix.length)));
    return label.slice(cut).replace(/^[的,，]/, '');
  };
  const shown = items.map((i) => ({ label: strip(i.label), score: i.score }));
  return { rule: { type: 'levels', levels: shown, chosen: null }, evidence: t.slice(0, 60) };
}

/** "①有绩效目标，得0.5分；②…得0.5分": points per item met. */
function checklistAward(t: string, weight: number | null): RecognisedRule | null {
  if (!/[①②]|\(1\)|^1[.、]/.test(t)) return null;
  const items: { label: string; points: number; met: null }[] = [];
  for (const clause of clauses(t)) {
    if (/若发现|如发现|该项(?:指标)?得0分/.test(clause)) continue;
    const score = awarded(clause, weight);
    if (score === null || score <= 0) return null;
    if (/满分/.test(clause)) return null;
    const label = clause.replace(/[,，]?(?:[得计]\d{1,30}(?:\.\d{1,30})?分).*$/, '').trim();
    items.push({ label, points: score, met: null });
  }
  if (items.length < 2) return null;
  return { rule: { type: 'checklist', mode: 'award', items }, evidence: t.slice(0, 60) };
}

/**
 * The rule the criteria text states, or null when none of the known phrasings is there.
 * Order matters: a ratio clause wins over the "≥100% 得满分" that precedes it, an incident
 * deduction over the "=100% 得满分" beside it.
 */
export function recogniseRule(criteria: string | null | undefined, weight: number | null): RecognisedRule | null {
  if (!criteria) return null;
  // No scoring rule runs to thousands of characters: such a text stays manual (and is listed
  // as unrecognised) rather than being searched for a rule it cannot sensibly state.
  if (criteria.length > IMPORT_LIMITS.criteriaChars) return null;
  const t = normaliseCriteria(criteria);
  if (t === '') return null;
  return (
    deviation(t) ??
    ratio(t) ??
    step(t) ??
    occurrence(t) ??
    checklistDeduct(t) ??
    bands(t, weight) ??
    binary(t, weight) ??
    levels(t, weight) ??
    checklistAward(t, weight)
  );
}

export type Recognise = (criteria: string | null | undefined, weight: number | null) => RecognisedRule | null;

/**
 * recogniseRule for one table: a report repeats a handful of 评分标准 texts over its leaves, so
 * each text (with the weight it scores) is recognised once. The leaves stating the same text get
 * the same RecognisedRule object: whoever keeps or changes its rule copies it first.
 */
export function ruleRecogniser(): Recognise {
  const known = new Map<string, Map<number | '-0' | null, RecognisedRule | null>>();
  return (criteria, weight) => {
    if (!criteria || criteria.length > IMPORT_LIMITS.criteriaChars) return null;
    let byWeight = known.get(criteria);
    if (!byWeight) known.set(criteria, (byWeight = new Map()));
    // A Map takes -0 for 0; a rule scored against -0 is kept apart all the same.
    const key = weight !== null && Object.is(weight, -0) ? '-0' : weight;
    let found = byWeight.get(key);
    if (found === undefined) {
      found = recogniseRule(criteria, weight);
      byWeight.set(key, found);
    }
    return found;
  };
}
