/**
 * An evaluation from untrusted data — a backup file, the carrier sheet of a re-imported
 * workbook, a record read back from IndexedDB — checked field by field against the model
 * (model.ts) and rebuilt from fresh objects, in the spirit of Excalidraw's `restore`.
 *
 * Refused (errors, nothing returned): what is not the model's type (a text where a number
 * belongs, a missing id or meta, indicators that are not a list), an unknown rule type,
 * duplicate ids, an indicator that contains itself (a cycle, possible in IndexedDB's
 * structured clone) or appears twice, trees deeper than 64 levels, decimals outside 0–6.
 * A crafted `decimals` or grade bound therefore never reaches the exporter's formulas.
 *
 * Repaired (warnings): NUL and the other C0 control characters (tab and line breaks kept)
 * are removed from every text; unknown keys are dropped (`__proto__` and `constructor`
 * among them: only known keys are copied); a text over 100,000 characters is cut. Cutting
 * rather than refusing: what is restored is a copy (the file stays as it was), and a 1 MB
 * project name is garbage or an attack, not content anyone could lose. The store's save
 * passes `overlongText: 'refuse'` instead, so the evaluator's own text is never cut: their
 * save fails with the message, and the edit stays in the page; and a record read back from
 * IndexedDB passes 'keep' (written before there was a limit, it must not lose its tail).
 *
 * Absent optional fields stay absent and null stays null, so any document Jixiao wrote comes
 * back deep-equal. Every message is Chinese and names its place
 * (`指标“预算执行率”的计分规则：分档下限（第 2 档）不是数字（“80,"良")…”）`).
 */
import type { Adjustment, Evaluation, EvaluationMeta, EvaluationSettings, EvaluationType, FundsBlock, GradeScale, Indicator, SourceLayout } from './model.ts';
import { readRule } from './restore-rule.ts';
import { leafIdsOf, readSelfScores } from './restore-self-scores.ts';
import { Reader, cleanText, isPlain, keysOf, own, type Overlong, type Plain } from './restore-reader.ts';

export { TEXT_LIMIT, cleanText } from './restore-reader.ts';

export type RestoreResult = { ok: true; evaluation: Evaluation; warnings: string[] } | { ok: false; errors: string[] };

export interface RestoreOptions {
  /** 'truncate' (default): cut with a warning; 'refuse': an error naming the field; 'keep': as is. */
  overlongText?: Overlong;
  /**
   * Indicators read before with these same options, by identity, to their checked copies. A
   * subtree found here is reused as is: only its ids (unique across the whole tree), depth and
   * count are checked again, so a save after a one-leaf edit re-reads just the leaf and its
   * ancestors (the model is immutable: an untouched subtree is the same object, issue 12). The
   * subtrees read afresh are added when the whole document passes. Only for documents whose
   * objects are never mutated after they were read.
   */
  checked?: WeakMap<object, Indicator>;
}

/** Deeper than any real indicator system (they have 3 or 4 levels) and than the grid shows. */
export const MAX_DEPTH = 64;
/** Five times the largest import (100,000 rows). */
export const MAX_INDICATORS = 500_000;

const EVALUATION_KEYS = keysOf<Evaluation>()('id', 'meta', 'funds', 'indicators', 'settings', 'adjustments', 'statedTotal', 'selfScores', 'createdAt', 'updatedAt');
// A field added to model.ts must be read here too, or every restore would drop it: the
// compiler names the one left out (`{ missing: "field" }`).
const META_KEYS = keysOf<EvaluationMeta>()('projectName', 'department', 'implementer', 'year', 'type', 'evaluator', 'notes', 'goalExpected', 'goalAchieved', 'layout');
const FUNDS_KEYS = keysOf<FundsBlock>()('unit', 'initialBudget', 'annualBudget', 'executed', 'weight', 'statedRate', 'statedScore');
const SETTINGS_KEYS = keysOf<EvaluationSettings>()('gradeScale', 'rounding', 'decimals');
const SCALE_KEYS = keysOf<GradeScale>()('id', 'name', 'bands');
const GRADE_KEYS = keysOf<GradeScale['bands'][number]>()('grade', 'min');
const INDICATOR_KEYS = keysOf<Indicator>()(
  'id', 'code', 'name', 'weight', 'explanation', 'guidance', 'criteria', 'target', 'actual', 'reason',
  'statusOverride', 'rule', 'enteredScore', 'pinned', 'statedScore', 'children',
);
type CapAdjustment = Extract<Adjustment, { kind: 'execution-cap' }>;
type DockAdjustment = Extract<Adjustment, { kind: 'overshoot-dock' }>;
const CAP_KEYS = keysOf<CapAdjustment>()('id', 'kind', 'name', 'enabled', 'rate', 'caps');
const CAP_ITEM_KEYS = keysOf<CapAdjustment['caps'][number]>()('below', 'cap');
const DOCK_KEYS = keysOf<DockAdjustment>()('id', 'kind', 'name', 'enabled', 'threshold', 'points');

const TYPES: readonly EvaluationType[] = ['自评', '第三方评价', '财政评价'];
const LAYOUTS: readonly SourceLayout[] = ['scoring', 'selfeval2022', 'shanghai'];
const STATUSES = ['已完成', '部分完成', '未完成'] as const;

/** How an indicator is named in a message: its name, else its place ("第 1.2 项"). */
function placeOf(raw: Plain, position: string): string {
  const name = own(raw, 'name');
  if (typeof name === 'string') {
    const text = cleanText(name).replace(/\s+/g, ' ').trim();
    if (text) return `指标“${text.length > 30 ? `${text.slice(0, 30)}…` : text}”`;
  }
  return `第 ${position} 项指标`;
}

class TreeReader {
  readonly ids = new Set<string>();
  readonly #visited = new Set<object>();
  count = 0;

  /** The subtrees read afresh (raw → checked copy), for RestoreOptions.checked. */
  readonly fresh: [object, Indicator][] = [];

  constructor(readonly r: Reader, readonly checked?: WeakMap<object, Indicator>) {}

  /** A subtree checked before: its ids, depth and count still count for this tree. */
  #admit(node: Indicator, position: string, depth: number): boolean {
    const r = this.r;
    // Named only for a message: a cached subtree is walked on every save.
    const where = () => placeOf(node as unknown as Plain, position);
    if (depth > MAX_DEPTH) {
      r.error(where(), `指标层级超过 ${MAX_DEPTH} 层`);
      return false;
    }
    if (++this.count > MAX_INDICATORS) {
      r.error('指标体系', `指标超过 ${MAX_INDICATORS.toLocaleString('en-US')} 个`);
      return false;
    }
    if (this.ids.has(node.id)) r.error(where(), `编号“${node.id.slice(0, 40)}”与其他指标重复`);
    this.ids.add(node.id);
    node.children.forEach((child, i) => this.#admit(child, `${position}.${i + 1}`, depth + 1));
    return true;
  }

  list(value: unknown, where: string, parentPosition: string, depth: number, ancestors: Set<object>): Indicator[] {
    const r = this.r;
    if (!Array.isArray(value)) {
      r.error(where, `下级指标不是列表（${value === null ? '空值' : typeof value === 'object' ? '对象' : String(value).slice(0, 40)}）`);
      return [];
    }
    const out: Indicator[] = [];
    for (let i = 0; i < value.length; i++) {
      const position = parentPosition ? `${parentPosition}.${i + 1}` : String(i + 1);
      const node = this.node(value[i], position, depth, ancestors);
      if (node) out.push(node);
      if (this.count > MAX_INDICATORS) break;
    }
    return out;
  }

  node(value: unknown, position: string, depth: number, ancestors: Set<object>): Indicator | null {
    const r = this.r;
    if (!isPlain(value)) {
      r.error(`第 ${position} 项指标`, '不是对象');
      return null;
    }
    const where = placeOf(value, position);
    if (ancestors.has(value)) {
      r.error(where, '它的下级中又含有它自身（循环引用），无法计分');
      return null;
    }
    if (this.#visited.has(value)) {
      r.error(where, '在指标树中出现了不止一次');
      return null;
    }
    this.#visited.add(value);
    const known = this.checked?.get(value);
    if (known) return this.#admit(known, position, depth) ? known : null;
    if (depth > MAX_DEPTH) {
      r.error(where, `指标层级超过 ${MAX_DEPTH} 层`);
      return null;
    }
    if (++this.count > MAX_INDICATORS) {
      r.error('指标体系', `指标超过 ${MAX_INDICATORS.toLocaleString('en-US')} 个`);
      return null;
    }
    r.dropUnknown(value, INDICATOR_KEYS, where);
    const id = r.id(own(value, 'id'), where);
    if (id !== null) {
      if (this.ids.has(id)) r.error(where, `编号“${id.slice(0, 40)}”与其他指标重复`);
      this.ids.add(id);
    }
    const out: Indicator = { id: id ?? '', name: r.text(value, 'name', where, '名称'), weight: null, children: [] };
    const code = r.optionalText(value, 'code', where, '编号');
    if (code !== undefined) out.code = code;
    out.weight = r.nullableNumber(value, 'weight', where, '分值') ?? null;
    const texts = [
      ['explanation', '指标解释'], ['guidance', '指标说明'], ['criteria', '评分标准'],
      ['target', '指标值'], ['actual', '实际完成值'], ['reason', '扣分原因'],
    ] as const;
    for (const [key, label] of texts) {
      const text = r.optionalText(value, key, where, label);
      if (text !== undefined) out[key] = text;
    }
    const status = own(value, 'statusOverride');
    if (status === null) out.statusOverride = null;
    else if (status !== undefined) out.statusOverride = r.choice(value, 'statusOverride', STATUSES, where, '完成情况');
    const rawRule = own(value, 'rule');
    if (rawRule !== undefined) {
      const rule = readRule(r, rawRule, `${where}的计分规则`);
      if (rule) out.rule = rule;
    }
    const entered = r.nullableNumber(value, 'enteredScore', where, '得分');
    if (entered !== undefined) out.enteredScore = entered;
    if (own(value, 'pinned') !== undefined) out.pinned = r.boolean(value, 'pinned', where, '固定得分', false);
    const stated = r.nullableNumber(value, 'statedScore', where, '表中得分');
    if (stated !== undefined) out.statedScore = stated;
    const children = own(value, 'children');
    if (children !== undefined) {
      ancestors.add(value);
      out.children = this.list(children, where, position, depth + 1, ancestors);
      ancestors.delete(value);
    }
    if (this.checked) this.fresh.push([value, out]);
    return out;
  }
}

function readMeta(r: Reader, raw: unknown): EvaluationMeta {
  const where = '基本信息';
  const meta = isPlain(raw) ? raw : null;
  if (!meta) {
    r.error('评价', raw === undefined || raw === null ? '缺少基本信息' : '基本信息不是对象');
    return { projectName: '', department: '', implementer: '', year: '', type: '自评', evaluator: '', notes: '' };
  }
  r.dropUnknown(meta, META_KEYS, where);
  const out: EvaluationMeta = {
    projectName: r.text(meta, 'projectName', where, '项目名称'),
    department: r.text(meta, 'department', where, '主管部门'),
    implementer: r.text(meta, 'implementer', where, '实施单位'),
    year: r.text(meta, 'year', where, '评价年度'),
    type: r.choice(meta, 'type', TYPES, where, '评价类型', '第三方评价'),
    evaluator: r.text(meta, 'evaluator', where, '评价机构'),
    notes: r.text(meta, 'notes', where, '备注'),
  };
  const expected = r.optionalText(meta, 'goalExpected', where, '年度总体目标（预期目标）');
  if (expected !== undefined) out.goalExpected = expected;
  const achieved = r.optionalText(meta, 'goalAchieved', where, '年度总体目标（实际完成情况）');
  if (achieved !== undefined) out.goalAchieved = achieved;
  if (own(meta, 'layout') !== undefined) out.layout = r.choice(meta, 'layout', LAYOUTS, where, '原表格式');
  return out;
}

function readFunds(r: Reader, raw: unknown): FundsBlock | null {
  if (raw === undefined || raw === null) return null;
  const where = '项目资金';
  const funds = r.object(raw, '评价', '项目资金');
  if (!funds) return null;
  r.dropUnknown(funds, FUNDS_KEYS, where);
  const out: FundsBlock = {
    unit: r.text(funds, 'unit', where, '单位'),
    initialBudget: r.nullableNumber(funds, 'initialBudget', where, '年初预算数') ?? null,
    annualBudget: r.nullableNumber(funds, 'annualBudget', where, '全年预算数') ?? null,
    executed: r.nullableNumber(funds, 'executed', where, '全年执行数') ?? null,
    weight: r.number(funds, 'weight', where, '分值'),
  };
  const rate = r.nullableNumber(funds, 'statedRate', where, '表中执行率');
  if (rate !== undefined) out.statedRate = rate;
  const score = r.nullableNumber(funds, 'statedScore', where, '表中得分');
  if (score !== undefined) out.statedScore = score;
  return out;
}

function readSettings(r: Reader, raw: unknown): EvaluationSettings {
  const where = '评分设置';
  const fallback: EvaluationSettings = { gradeScale: { id: 'custom', name: '', bands: [] }, rounding: 'half-up', decimals: 2 };
  const settings = isPlain(raw) ? raw : null;
  if (!settings) {
    r.error('评价', raw === undefined || raw === null ? '缺少评分设置' : '评分设置不是对象');
    return fallback;
  }
  r.dropUnknown(settings, SETTINGS_KEYS, where);
  const scaleRaw = r.object(own(settings, 'gradeScale'), where, '等级标准');
  let gradeScale = fallback.gradeScale;
  if (scaleRaw) {
    r.dropUnknown(scaleRaw, SCALE_KEYS, `${where}的等级标准`);
    const bands: GradeScale['bands'] = [];
    r.list(scaleRaw, 'bands', where, '等级标准的等级').forEach((item, i) => {
      const band = r.object(item, where, `第 ${i + 1} 个等级`);
      if (!band) return;
      const grade = r.text(band, 'grade', where, `第 ${i + 1} 个等级的名称`);
      const at = `${where}的等级“${grade.slice(0, 20)}”`;
      r.dropUnknown(band, GRADE_KEYS, at);
      bands.push({ grade, min: r.number(band, 'min', where, `等级“${grade.slice(0, 20)}”的下限`) });
    });
    gradeScale = {
      id: r.choice(scaleRaw, 'id', ['mof', 'shanghai', 'custom'] as const, where, '等级标准类别', 'custom'),
      name: r.text(scaleRaw, 'name', where, '等级标准名称'),
      bands,
    };
  }
  return {
    gradeScale,
    rounding: r.choice(settings, 'rounding', ['half-up', 'truncate'] as const, where, '舍入方式', 'half-up'),
    decimals: r.number(settings, 'decimals', where, '小数位数', { fallback: 2, min: 0, max: 6, integer: true }),
  };
}

function readAdjustments(r: Reader, raw: Plain): Adjustment[] {
  const out: Adjustment[] = [];
  const ids = new Set<string>();
  r.list(raw, 'adjustments', '评价', '总分调整', []).forEach((item, i) => {
    const adjustment = r.object(item, '总分调整', `第 ${i + 1} 项`);
    if (!adjustment) return;
    const rawName = own(adjustment, 'name');
    const where = typeof rawName === 'string' && rawName.trim() ? `总分调整“${cleanText(rawName).slice(0, 30)}”` : `第 ${i + 1} 项总分调整`;
    const id = r.id(own(adjustment, 'id'), where);
    if (id !== null) {
      if (ids.has(id)) r.error(where, `编号“${id.slice(0, 40)}”与其他调整项重复`);
      ids.add(id);
    }
    const kind = r.choice(adjustment, 'kind', ['execution-cap', 'overshoot-dock'] as const, where, '类型');
    const common = { id: id ?? '', name: r.text(adjustment, 'name', where, '名称'), enabled: r.boolean(adjustment, 'enabled', where, '启用', false) };
    if (kind === 'execution-cap') {
      r.dropUnknown(adjustment, CAP_KEYS, where);
      const caps: CapAdjustment['caps'] = [];
      r.list(adjustment, 'caps', where, '上限', []).forEach((capRaw, j) => {
        const cap = r.object(capRaw, where, `第 ${j + 1} 档上限`);
        if (!cap) return;
        r.dropUnknown(cap, CAP_ITEM_KEYS, `${where}第 ${j + 1} 档`);
        caps.push({ below: r.number(cap, 'below', where, `第 ${j + 1} 档的执行率`), cap: r.number(cap, 'cap', where, `第 ${j + 1} 档的最高分`) });
      });
      const next: CapAdjustment = { ...common, kind, caps };
      const rate = r.nullableNumber(adjustment, 'rate', where, '执行率');
      if (rate !== undefined) next.rate = rate;
      out.push(next);
    } else {
      r.dropUnknown(adjustment, DOCK_KEYS, where);
      out.push({ ...common, kind, threshold: r.number(adjustment, 'threshold', where, '超过指标值'), points: r.number(adjustment, 'points', where, '每项扣分') });
    }
  });
  return out;
}

/**
 * The evaluation `raw` describes, rebuilt from fresh objects, or every reason (in Chinese,
 * each naming its place) it cannot be trusted. Never throws.
 */
export function restoreEvaluation(raw: unknown, options: RestoreOptions = {}): RestoreResult {
  if (!isPlain(raw)) return { ok: false, errors: [raw === null || raw === undefined ? '数据为空，不是评价' : '数据不是评价（不是对象）'] };
  const r = new Reader(options.overlongText ?? 'truncate');
  try {
    r.dropUnknown(raw, EVALUATION_KEYS, '评价');
    const id = r.id(own(raw, 'id'), '评价');
    const meta = readMeta(r, own(raw, 'meta'));
    const funds = readFunds(r, own(raw, 'funds'));
    const settings = readSettings(r, own(raw, 'settings'));
    const tree = new TreeReader(r, options.checked);
    const rawIndicators = own(raw, 'indicators');
    const indicators = rawIndicators === undefined
      ? (r.error('评价', '指标列表不是数组（缺少）'), [])
      : Array.isArray(rawIndicators)
        ? tree.list(rawIndicators, '指标体系', '', 1, new Set())
        : (r.error('评价', '指标列表不是数组'), []);
    const adjustments = readAdjustments(r, raw);
    const evaluation: Evaluation = { id: id ?? '', meta, funds, indicators, settings, adjustments };
    const statedTotal = r.nullableNumber(raw, 'statedTotal', '评价', '表中总分');
    if (statedTotal !== undefined) evaluation.statedTotal = statedTotal;
    const selfScores = readSelfScores(r, raw, leafIdsOf(indicators));
    if (selfScores) evaluation.selfScores = selfScores;
    const createdAt = r.optionalNumber(raw, 'createdAt', '评价', '创建时间');
    if (createdAt !== undefined) evaluation.createdAt = createdAt;
    const updatedAt = r.optionalNumber(raw, 'updatedAt', '评价', '修改时间');
    if (updatedAt !== undefined) evaluation.updatedAt = updatedAt;
    if (r.failed) return { ok: false, errors: r.allErrors() };
    for (const [source, checked] of tree.fresh) options.checked?.set(source, checked);
    return { ok: true, evaluation, warnings: r.warnings() };
  } catch {
    // A getter or proxy in data that did not come from JSON or IndexedDB: refuse, never throw.
    return { ok: false, errors: [...r.allErrors(), '数据无法读取'] };
  }
}
