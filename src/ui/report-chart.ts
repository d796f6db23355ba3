/**
 * The report's chart: horizontal bars of 得分率 per 一级 and per 二级, and the completion counts,
 * drawn as SVG from the same figures as the tables. Readable in black-and-white print: each
 * series has its own fill pattern and every bar carries its figure as text. Built with DOM APIs
 * (text nodes only), so the same element is shown, serialised for PNG, and put in the .docx.
 */
import type { CompletionCounts, Evaluation, EvaluationResult } from '../domain/index.ts';
import { formatRate } from '../domain/index.ts';

export interface ChartBar { label: string; value: number; text: string; pattern: 'hatch' | 'dots' | 'solid' | 'cross' | 'none' }
export interface ChartSection { title: string; bars: ChartBar[]; max: number; note?: string }
export interface ChartModel { width: number; height: number; sections: ChartSection[] }

/** 二级 bars beyond this many are left out (and said so): a 500-group chart reads as noise. */
export const MAX_SECOND_LEVEL_BARS = 40;
const ROW = 22;
const HEAD = 28;
const LABEL = 230;
const WIDTH = 760;
const BAR = 420;

export function chartModel(evaluation: Evaluation, result: EvaluationResult, counts: CompletionCounts): ChartModel {
  const rateBar = (label: string, rate: number | null, pattern: ChartBar['pattern']): ChartBar => ({ label, value: rate ?? 0, text: rate === null ? '未评分' : formatRate(rate), pattern });
  const name = (s: string) => s.trim() || '（未命名）';
  const first = evaluation.indicators.map((n) => rateBar(name(n.name), result.nodes.get(n.id)?.rate ?? null, 'hatch'));
  const seconds = evaluation.indicators.flatMap((top) => top.children.filter((c) => c.children.length > 0).map((c) => ({ top, c })));
  const second = seconds.slice(0, MAX_SECOND_LEVEL_BARS).map(({ top, c }) => rateBar(`${name(top.name)} · ${name(c.name)}`, result.nodes.get(c.id)?.rate ?? null, 'dots'));
  const statusMax = Math.max(1, counts.total);
  const status: ChartBar[] = [
    { label: '已完成', value: counts.已完成 / statusMax, text: `${counts.已完成} 项`, pattern: 'solid' },
    { label: '部分完成', value: counts.部分完成 / statusMax, text: `${counts.部分完成} 项`, pattern: 'hatch' },
    { label: '未完成', value: counts.未完成 / statusMax, text: `${counts.未完成} 项`, pattern: 'cross' },
    { label: '未判定', value: counts.未判定 / statusMax, text: `${counts.未判定} 项`, pattern: 'none' },
  ];
  const sections: ChartSection[] = [{ title: '一级指标得分率', bars: first, max: 1 }];
  if (second.length) sections.push({ title: '二级指标得分率', bars: second, max: 1, note: seconds.length > second.length ? `（仅绘出前 ${second.length} 个，共 ${seconds.length} 个二级指标）` : undefined });
  sections.push({ title: `完成情况（共 ${counts.total} 项具体绩效指标）`, bars: status, max: 1 });
  const height = sections.reduce((h, s) => h + HEAD + Math.max(1, s.bars.length) * ROW + 8, 8);
  return { width: WIDTH, height, sections };
}

const SVG = 'http://www.w3.org/2000/svg';

function el<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

let uid = 0;

export function chartSvg(model: ChartModel, doc: Document = document): SVGSVGElement {
  const id = `rc${++uid}`;
  const svg = el(doc, 'svg', { xmlns: SVG, width: model.width, height: model.height, viewBox: `0 0 ${model.width} ${model.height}`, role: 'img', 'font-family': 'sans-serif', 'font-size': 12 });
  const defs = el(doc, 'defs', {});
  const hatch = el(doc, 'pattern', { id: `${id}-hatch`, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(el(doc, 'rect', { width: 6, height: 6, fill: '#fff' }), el(doc, 'line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#000', 'stroke-width': 2 }));
  const dots = el(doc, 'pattern', { id: `${id}-dots`, width: 5, height: 5, patternUnits: 'userSpaceOnUse' });
  dots.append(el(doc, 'rect', { width: 5, height: 5, fill: '#fff' }), el(doc, 'circle', { cx: 2.5, cy: 2.5, r: 1.3, fill: '#000' }));
  const cross = el(doc, 'pattern', { id: `${id}-cross`, width: 6, height: 6, patternUnits: 'userSpaceOnUse' });
  cross.append(el(doc, 'rect', { width: 6, height: 6, fill: '#fff' }), el(doc, 'path', { d: 'M0 0L6 6M6 0L0 6', stroke: '#000', 'stroke-width': 1 }));
  defs.append(hatch, dots, cross);
  svg.append(el(doc, 'rect', { width: model.width, height: model.height, fill: '#fff' }), defs);
  const fill = (p: ChartBar['pattern']) => (p === 'solid' ? '#555' : p === 'none' ? '#fff' : `url(#${id}-${p})`);
  let y = 8;
  for (const section of model.sections) {
    svg.append(el(doc, 'text', { x: 8, y: y + 16, 'font-weight': 'bold', 'font-size': 13 }, `${section.title}${section.note ?? ''}`));
    y += HEAD;
    const x0 = LABEL;
    // Gridlines at 0, 50 %, 100 %.
    for (const f of [0, 0.5, 1]) svg.append(el(doc, 'line', { x1: x0 + BAR * f, y1: y - 4, x2: x0 + BAR * f, y2: y + section.bars.length * ROW, stroke: '#bbb', 'stroke-dasharray': f === 0 ? '' : '3 3' }));
    for (const bar of section.bars) {
      const label = bar.label.length > 18 ? `${bar.label.slice(0, 17)}…` : bar.label;
      const title = el(doc, 'title', {}, `${bar.label}：${bar.text}`);
      const w = Math.max(0, Math.min(1, bar.value / section.max)) * BAR;
      const g = el(doc, 'g', {});
      g.append(
        title,
        el(doc, 'text', { x: LABEL - 8, y: y + 15, 'text-anchor': 'end' }, label),
        el(doc, 'rect', { x: x0, y: y + 3, width: Math.max(w, 0.5), height: ROW - 7, fill: fill(bar.pattern), stroke: '#000', 'stroke-width': 1 }),
        el(doc, 'text', { x: x0 + w + 6, y: y + 15 }, bar.text),
      );
      svg.append(g);
      y += ROW;
    }
    y += 8;
  }
  return svg;
}

/** The chart as PNG bytes, drawn on a canvas at `scale` (2 = sharp when printed). */
export async function chartPng(svg: SVGSVGElement, scale = 2): Promise<{ png: Uint8Array; width: number; height: number }> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const text = new XMLSerializer().serializeToString(svg);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('图表无法转换为图片'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('浏览器不支持画布（canvas）');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('图表无法转换为图片');
    return { png: new Uint8Array(await blob.arrayBuffer()), width, height };
  } finally {
    URL.revokeObjectURL(url);
  }
}
