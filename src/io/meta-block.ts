/**
 * The rows above a table: its title, the key/value block (项目名称：…), the 2022 funds block, the
 * 年度总体目标 block and a coded table's summary block. Nothing above the header is an indicator.
 */
import type { EvaluationType, FundsBlock } from '../domain/index.ts';
import { cellText, parseNumberCell, isPageFurniture, toHalfWidth, type Cell } from './cell-values.ts';
import type { DetectedMeta } from './layout.ts';
import { columnLetter, importWarning, type ImportMessage } from './messages.ts';
import type { SheetGrid } from './read-workbook.ts';
import { readSummaryBlock, type SummaryBlock } from './summary-block.ts';

const META_KEYS: ReadonlyMap<string, keyof DetectedMeta> = new Map<string, keyof DetectedMeta>([
  ['项目名称', 'projectName'],
  ['主管部门', 'department'],
  ['主管部门(单位)', 'department'],
  ['主管单位', 'department'],
  ['实施单位', 'implementer'],
  ['项目实施单位', 'implementer'],
  ['预算单位', 'implementer'],
  ['单位名称', 'implementer'],
  ['评价年度', 'year'],
  ['自评年度', 'year'],
  ['年度', 'year'],
  ['评价类型', 'type'],
  ['评价机构', 'evaluator'],
  ['第三方机构', 'evaluator'],
  ['评价单位', 'evaluator'],
  ['项目年度总目标', 'goalExpected'],
  ['年度总体目标', 'goalExpected'],
  ['总体目标', 'goalExpected'],
  ['绩效等级', 'statedGrade'],
]);

type FundsField = 'initialBudget' | 'annualBudget' | 'executed' | 'statedRate' | 'weight' | 'statedScore';

const FUNDS_KEYS: ReadonlyMap<string, FundsField> = new Map<string, FundsField>([
  ['年初预算数', 'initialBudget'],
  ['全年预算数', 'annualBudget'],
  ['当年预算数', 'annualBudget'],
  ['全年执行数', 'executed'],
  ['预算执行数', 'executed'],
  ['执行率', 'statedRate'],
  ['预算执行率', 'statedRate'],
  ['分值', 'weight'],
  ['得分', 'statedScore'],
]);

/** "当年预算数(元)：" → key 当年预算数, unit 元. */
function splitKey(text: string): { key: string; unit: string; colon: boolean } {
  const t = text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  const colon = /[：:]$/.test(t);
  const bare = t.replace(/[：:]$/, '');
  const m = /^(.*?)\(([^()]*)\)$/.exec(bare);
  if (m && m[1] && m[2] !== undefined && !META_KEYS.has(bare)) return { key: m[1], unit: m[2], colon };
  return { key: bare, unit: '', colon };
}

function evaluationType(text: string): EvaluationType {
  if (/自评/.test(text)) return '自评';
  if (/财政(重点)?评价/.test(text)) return '财政评价';
  return '第三方评价';
}

const emptyMeta = (): DetectedMeta => ({
  projectName: '', department: '', implementer: '', year: '', type: '第三方评价', evaluator: '',
  notes: '', goalExpected: '', goalAchieved: '', statedGrade: '',
});

interface MetaBlock { meta: DetectedMeta; funds: FundsBlock | null; title: string; messages: ImportMessage[]; summary: SummaryBlock | null }

/** `项目决策（10分）`: a block's title in a table printed per 一级, not the table's title. */
export const hasBracketWeight = (text: string): boolean => /[（(]\s*\d+(?:\.\d+)?\s*(?:分|%)\s*[)）]\s*$/.test(toHalfWidth(text));

/** A year in a file name ("shanghai-2019-selfeval.xlsx", "2023年度自评.xls"), not a date's digits. */
export function yearOfFileName(fileName: string): string {
  return /(?:^|[^0-9])((?:19|20)\d{2})(?![0-9])/.exec(fileName.replace(/\.[A-Za-z0-9]+$/, ''))?.[1] ?? '';
}

/** Reads the rows above a table: title, key/value pairs, the funds block, the goal block. */
export function readMetaBlock(sheet: SheetGrid, from: number, to: number): MetaBlock {
  const meta = emptyMeta();
  const notes: string[] = [];
  const messages: ImportMessage[] = [];
  const titles: string[] = [];
  const funds: Partial<Record<FundsField, number | null>> = {};
  let summary: SummaryBlock | null = null;
  let fundsUnit = '';
  let fundsSeen = false;
  let fundsVertical = false;
  const consumed = new Set<number>();

  const number = (cell: Cell | undefined, r: number, c: number, label: string, asRate: boolean): number | null => {
    const p = parseNumberCell(cell);
    if (p.kind === 'empty') return null;
    if (p.kind === 'invalid') {
      messages.push(importWarning(`工作表“${sheet.name}”第 ${r + 1} 行 ${columnLetter(c)} 列（${label}）的“${p.text}”不是数字，未导入该项。`, { sheet: sheet.name, row: r + 1, column: columnLetter(c) }));
      return null;
    }
    // 执行率 written as 99.31 (no % sign) is a percent.
    if (asRate && !p.percent && p.value > 1.5) return Number((p.value / 100).toPrecision(12));
    return p.value;
  };

  for (let r = from; r < to; r++) {
    if (consumed.has(r)) continue;
    const row = sheet.rows[r] ?? [];
    const filled = row.map((c, i) => ({ c: i, t: cellText(c) })).filter((x) => x.t !== '');
    if (filled.length === 0) continue;

    const found: ReturnType<typeof readSummaryBlock> = summary ? null : readSummaryBlock(sheet.rows, r, to);
    if (found) {
      summary = found.block;
      for (let k = r; k <= found.lastRow; k++) consumed.add(k);
      continue;
    }

    // The 2022 funds block: 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分, values below.
    const fundsHeaders = filled.filter((x) => FUNDS_KEYS.has(splitKey(x.t).key) && !splitKey(x.t).colon);
    if (fundsHeaders.filter((x) => /预算数|执行数/.test(x.t)).length >= 2) {
      fundsSeen = true;
      fundsVertical = true;
      const unitCell = filled.find((x) => /[（(]\s*(万元|元)\s*[)）]/.test(x.t));
      fundsUnit = /[（(]\s*(万元|元)\s*[)）]/.exec(unitCell?.t ?? '')?.[1] ?? fundsUnit;
      for (let rr = r + 1; rr < Math.min(to, r + 6); rr++) {
        const values = sheet.rows[rr] ?? [];
        if (!fundsHeaders.some((h) => parseNumberCell(values[h.c]).kind === 'number')) continue;
        for (const h of fundsHeaders) {
          const field = FUNDS_KEYS.get(splitKey(h.t).key);
          if (field) funds[field] = number(values[h.c], rr, h.c, h.t, field === 'statedRate');
        }
        consumed.add(rr);
        // The breakdown rows below (其中：当年财政拨款 …) stay visible in the notes.
        for (let k = rr + 1; k < to; k++) {
          const sub = (sheet.rows[k] ?? []).map((c) => cellText(c)).filter(Boolean);
          if (sub.length === 0 || !fundsHeaders.some((h) => parseNumberCell((sheet.rows[k] ?? [])[h.c]).kind === 'number')) break;
          notes.push(sub.join(' '));
          consumed.add(k);
        }
        break;
      }
      continue;
    }

    // 年度总体目标 | 预期目标 | 实际完成情况, texts below.
    const goal = filled.find((x) => /^(年度总体目标|项目年度总目标|总体目标)/.test(x.t.replace(/\s+/g, '')));
    const headerRowOfGoal = [row, sheet.rows[r + 1] ?? []].findIndex((cells) => cells.some((c) => /^预期目标/.test(cellText(c))));
    if (goal && headerRowOfGoal >= 0) {
      const hr = r + headerRowOfGoal;
      const cells = sheet.rows[hr] ?? [];
      const expectedCol = cells.findIndex((c) => /^预期目标/.test(cellText(c)));
      const achievedCol = cells.findIndex((c) => /^实际完成情况/.test(cellText(c)));
      const values = sheet.rows[hr + 1] ?? [];
      const textFrom = (col: number, until: number): string => {
        for (let c = col; c < Math.max(col + 1, until); c++) if (cellText(values[c]) !== '') return cellText(values[c]);
        return '';
      };
      meta.goalExpected = textFrom(expectedCol, achievedCol >= 0 ? achievedCol : values.length);
      if (achievedCol >= 0) meta.goalAchieved = textFrom(achievedCol, values.length);
      for (let k = r; k <= hr + 1; k++) consumed.add(k);
      continue;
    }

    // Key/value pairs: "项目名称：" | value | "预算单位：" | value …
    let pairs = 0;
    for (let i = 0; i < filled.length; i++) {
      const cell = filled[i];
      if (!cell) continue;
      let text = cell.t;
      let inlineValue: string | null = null;
      const inline = /^([^：:]{2,12})[：:](.+)$/s.exec(text);
      if (inline && inline[1] && inline[2] && (META_KEYS.has(splitKey(inline[1]).key) || FUNDS_KEYS.has(splitKey(inline[1]).key))) {
        text = `${inline[1]}：`;
        inlineValue = inline[2].trim();
      }
      const { key, unit, colon } = splitKey(text);
      const metaField = META_KEYS.get(key);
      const fundsField = FUNDS_KEYS.get(key);
      if (!colon && !metaField && !fundsField) continue;
      if (!metaField && !fundsField && !colon) continue;
      const next = filled[i + 1];
      const nextIsKey = next !== undefined && (splitKey(next.t).colon || META_KEYS.has(splitKey(next.t).key));
      let value = inlineValue ?? '';
      let valueCell: { c: number; t: string } | undefined;
      if (inlineValue === null && next && !nextIsKey) {
        value = next.t;
        valueCell = next;
        i++;
      }
      pairs++;
      if (metaField) {
        if (metaField === 'type') meta.type = evaluationType(value);
        else if (meta[metaField] === '') meta[metaField] = value;
      } else if (fundsField && (fundsField === 'initialBudget' || fundsField === 'annualBudget' || fundsField === 'executed' || fundsField === 'statedRate')) {
        fundsSeen = true;
        if (unit && unit !== '%') fundsUnit = unit;
        funds[fundsField] = number(valueCell ? (sheet.rows[r] ?? [])[valueCell.c] : value, r, valueCell?.c ?? cell.c, key, fundsField === 'statedRate');
      } else if (value !== '') {
        notes.push(`${key}：${value}`);
      }
    }
    if (pairs > 0) continue;

    // A lone text cell above the table: the title, or a "（2022年度）" line under it.
    if (filled.length === 1 && filled[0] && !/[：:]$/.test(filled[0].t)) {
      // "附件3" above the title labels the page, it does not name the table; nor does a block's title.
      if (!isPageFurniture(filled[0].t) && !hasBracketWeight(filled[0].t)) titles.push(filled[0].t);
      continue;
    }
  }

  const title = titles[0] ?? '';
  if (meta.year === '') {
    const y = /((?:19|20)\d{2})\s*年/.exec(titles.join(' ')) ?? /((?:19|20)\d{2})\s*年/.exec(sheet.name);
    if (y?.[1]) meta.year = y[1];
  }
  meta.type = evaluationType(`${title} ${sheet.name} ${meta.type === '第三方评价' ? '' : meta.type}`);
  meta.notes = notes.join('\n');

  let block: FundsBlock | null = null;
  if (fundsSeen) {
    block = {
      unit: fundsUnit || '元',
      initialBudget: funds.initialBudget ?? null,
      annualBudget: funds.annualBudget ?? null,
      executed: funds.executed ?? null,
      // Shanghai tables state the funds but score 预算执行率 as an indicator: weight 0.
      weight: fundsVertical ? (funds.weight ?? 10) : 0,
      statedRate: funds.statedRate ?? null,
      statedScore: fundsVertical ? (funds.statedScore ?? null) : null,
    };
  }
  return { meta, funds: block, title, messages, summary };
}
