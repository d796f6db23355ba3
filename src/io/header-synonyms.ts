/**
 * The column headers met in the wild (DOMAIN.md §2), mapped to the indicator field they hold.
 * Matching is on the header with spaces, line breaks and brackets' width normalised
 * ("指标\n分值" = "指标分值", "评（扣）分标准" = "评(扣)分标准").
 */
export type ColumnField =
  | 'code'
  | 'level'
  | 'weight'
  | 'explanation'
  | 'guidance'
  | 'criteria'
  | 'target'
  | 'actual'
  | 'score'
  | 'reason'
  | 'status'
  | 'unit'
  | 'comparator'
  | 'ignore';

export const FIELD_LABELS: ReadonlyMap<ColumnField, string> = new Map<ColumnField, string>([
  ['level', '指标层级（名称）'],
  ['code', '编号'],
  ['weight', '分值'],
  ['explanation', '指标解释'],
  ['guidance', '指标说明'],
  ['criteria', '评分标准'],
  ['target', '指标值'],
  ['actual', '实际完成值'],
  ['score', '得分'],
  ['reason', '扣分原因 / 备注'],
  ['status', '完成情况'],
  ['unit', '度量单位（补全指标值的单位）'],
  ['comparator', '指标性质（补全指标值的比较符）'],
  ['ignore', '（不导入）'],
]);

/** Level columns: the header names its depth, or (指标名称) is the level below the last one. */
export const LEVEL_HEADERS: ReadonlyMap<string, number | 'next'> = new Map<string, number | 'next'>([
  ['一级指标', 1],
  ['二级指标', 2],
  ['三级指标', 3],
  ['四级指标', 4],
  ['五级指标', 5],
  ['指标名称', 'next'],
  ['指标', 'next'],
  ['指标内容', 'next'],
  ['绩效指标', 'next'],
  ['评价指标', 'next'],
]);

export const FIELD_SYNONYMS: ReadonlyMap<string, ColumnField> = new Map<string, ColumnField>([
  ['编号', 'code'],
  ['指标编号', 'code'],
  ['指标代码', 'code'],
  ['分值', 'weight'],
  ['指标分值', 'weight'],
  ['权重', 'weight'],
  ['权重(分)', 'weight'],
  ['标准分', 'weight'],
  ['标准分值', 'weight'],
  ['满分', 'weight'],
  ['指标解释', 'explanation'],
  ['指标说明', 'guidance'],
  ['评价要点', 'guidance'],
  ['评分标准', 'criteria'],
  ['评(扣)分标准', 'criteria'],
  ['评扣分标准', 'criteria'],
  ['评分办法', 'criteria'],
  ['评分规则', 'criteria'],
  ['计分方法', 'criteria'],
  ['指标值', 'target'],
  ['年度指标值', 'target'],
  ['目标值', 'target'],
  ['年度目标值', 'target'],
  ['预期指标值', 'target'],
  ['实际完成值', 'actual'],
  ['实际值', 'actual'],
  ['业绩值', 'actual'],
  ['全年实际值', 'actual'],
  ['实际完成情况', 'actual'],
  ['得分', 'score'],
  ['评分', 'score'],
  ['评价得分', 'score'],
  ['自评分', 'score'],
  ['自评得分', 'score'],
  ['实际得分', 'score'],
  ['扣分原因', 'reason'],
  ['得扣分原因', 'reason'],
  ['得分原因', 'reason'],
  ['偏差原因分析及改进措施', 'reason'],
  ['未完成原因分析', 'reason'],
  ['备注', 'reason'],
  ['指标实现情况', 'status'],
  ['完成情况', 'status'],
  // 附件1 (绩效目标表) splits a target over three columns: 指标性质 ≥ | 指标值 95 | 度量单位 %.
  ['度量单位', 'unit'],
  ['计量单位', 'unit'],
  ['指标性质', 'comparator'],
]);

const NEEDS_NORMALISING = /[\s（）：:]/;

/** Headers are compared after this: no whitespace, half-width brackets and colons, no trailing colon. */
export function normaliseHeader(text: string): string {
  // Most cells of a sheet are no header and need none of the replacements: one test, not four.
  if (!NEEDS_NORMALISING.test(text)) return text;
  return text
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[：:]$/, '');
}

export type HeaderMatch = { field: 'level'; depth: number | 'next' } | { field: Exclude<ColumnField, 'level'> };

export function matchHeader(text: string): HeaderMatch | null {
  const key = normaliseHeader(text);
  if (key === '') return null;
  const depth = LEVEL_HEADERS.get(key);
  if (depth !== undefined) return { field: 'level', depth };
  const field = FIELD_SYNONYMS.get(key);
  if (field !== undefined && field !== 'level') return { field };
  // "指标分值(分)", "得分(分)": a unit in brackets after a known header.
  if (!key.endsWith(')')) return null;
  const bare = key.replace(/\((分|%|元|万元)\)$/, '');
  if (bare !== key) return matchHeader(bare);
  return null;
}
