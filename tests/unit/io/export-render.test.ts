/**
 * The exported workbook as a reader sees it: LibreOffice renders each layout to PDF, and no
 * cell's text may run outside its row. Each leaf's texts get ASCII markers at their start and
 * end (N7A for the name, C7A … C7Z for 评分标准, and so on); `pdftotext -bbox-layout` gives where
 * each marker was drawn, and the rows' bands come from the file's own row heights stacked
 * below the header row (found by its 分值/权重 word, centred in it) on every page. A marker
 * outside its row's band is text overflowing its cell. Run with the installed CJK font and again
 * with fontconfig limited to Latin fonts, so the height estimate holds either way. Also renders
 * page 1 of each layout to PNG (pdftoppm) and checks every leaf is in the PDF.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Evaluation, Indicator } from '../../../src/domain/index.ts';
import { exportXlsx, LAYOUT_SHEETS, type ExportLayout } from '../../../src/io/export-xlsx.ts';
import { fixture, importFixture, leaves } from './helpers.ts';

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));
const TOLERANCE = 1.5;

const json = (name: string) => JSON.parse(readFileSync(fixture(name), 'utf8')) as Evaluation;
const FIXTURES: [string, () => Evaluation][] = [
  ['s000', () => json('seed-000-annex3.json')],
  ['self', () => importFixture('selfeval-2022.xlsx').evaluations[0]!],
  ['s002', () => json('seed-002-table1.json')],
];
const LAYOUTS = Object.keys(LAYOUT_SHEETS) as ExportLayout[];
const FIELDS = [['explanation', 'E'], ['criteria', 'C'], ['reason', 'R']] as const;

/** The evaluation with markers around every leaf's name and texts. */
function marked(ev: Evaluation): Evaluation {
  const copy = structuredClone(ev);
  leaves(copy).forEach((leaf: Indicator, i) => {
    leaf.name = `N${i}A ${leaf.name}`;
    for (const [field, m] of FIELDS) {
      const text = leaf[field];
      if (text) leaf[field] = `${m}${i}A ${text} ${m}${i}Z`;
    }
  });
  return copy;
}

interface Word { page: number; text: string; yMin: number; yMax: number }

function words(html: string): { words: Word[]; pages: { width: number; height: number }[] } {
  const out: Word[] = [];
  const pages: { width: number; height: number }[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  for (const p of html.matchAll(pageRe)) {
    const page = pages.length;
    pages.push({ width: Number(p[1]), height: Number(p[2]) });
    for (const w of p[3]!.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      out.push({ page, text: w[3]!, yMin: Number(w[1]), yMax: Number(w[2]) });
    }
  }
  return { words: out, pages };
}

const dir = mkdtempSync(join(tmpdir(), 'jixiao-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Latin fonts only: what a machine without any CJK font gives LibreOffice. */
function latinOnlyFonts(): string {
  const conf = join(dir, 'fonts-latin.conf');
  writeFileSync(conf, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<dir>/usr/share/fonts/truetype/dejavu</dir><dir>/usr/share/fonts/truetype/liberation</dir><dir>/usr/share/fonts/truetype/liberation2</dir>
<cachedir>${dir}/fc-cache</cachedir></fontconfig>`);
  return conf;
}

function render(files: string[], outDir: string, env: NodeJS.ProcessEnv): void {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) 未安装：运行 node scripts/ensure-libreoffice.mjs');
  mkdirSync(outDir, { recursive: true });
  execFileSync(SOFFICE, [`-env:UserInstallation=file://${outDir}/profile`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, ...files], { stdio: 'pipe', timeout: 120_000, env });
}

interface Case { name: string; layout: ExportLayout; ev: Evaluation; file: string }

async function writeCases(sub: string): Promise<Case[]> {
  const cases: Case[] = [];
  mkdirSync(join(dir, sub), { recursive: true });
  for (const [name, make] of FIXTURES) {
    const ev = marked(make());
    for (const layout of LAYOUTS) {
      const file = join(dir, sub, `${name}-${layout}.xlsx`);
      writeFileSync(file, await exportXlsx(ev, { layout }));
      cases.push({ name, layout, ev, file });
    }
  }
  return cases;
}

/** Every marker that lies outside its row's band, as "C7Z on page 2: 310–322 outside 200–300". */
async function overflows(c: Case, pdf: string): Promise<{ problems: string[]; found: number; pageSizes: { width: number; height: number }[] }> {
  const html = join(dir, `${c.name}-${c.layout}-${pdf.length}.html`);
  execFileSync('pdftotext', ['-bbox-layout', pdf, html]);
  const { words: all, pages } = words(readFileSync(html, 'utf8'));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(c.file) as never);
  const ws = wb.getWorksheet(LAYOUT_SHEETS[c.layout])!;
  const values = ws.getSheetValues() as unknown[][];
  const headerRow = values.findIndex((r) => Array.isArray(r) && (r.includes('分值') || r.includes('权重')) && (r.includes('一级指标') || r.includes('指标名称')));
  const headerWord = c.layout === 'shanghai' ? '权重' : '分值';
  const headerHeight = ws.getRow(headerRow).height;
  const leafCount = leaves(c.ev).length;
  const rowHeight = (i: number) => ws.getRow(headerRow + 1 + i).height;
  const problems: string[] = [];
  let found = 0;
  const byPage = new Map<number, Word[]>();
  for (const w of all) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  // Where each leaf is: the page its name marker is on.
  const pageOf = new Map<number, number>();
  for (let i = 0; i < leafCount; i++) {
    const w = all.find((x) => x.text === `N${i}A`);
    if (w) {
      pageOf.set(i, w.page);
      found++;
    } else {
      problems.push(`N${i}A (leaf ${i}) not in the PDF`);
    }
  }
  for (const [page, list] of byPage) {
    const rowsHere = [...pageOf].filter(([, p]) => p === page).map(([i]) => i).sort((a, b) => a - b);
    if (rowsHere.length === 0) continue;
    // The table's header on this page: the 分值 word nearest above the first leaf (the funds block has one too).
    const firstName = list.find((w) => w.text === `N${rowsHere[0]}A`)!;
    const header = list.filter((w) => w.text === headerWord && w.yMax <= firstName.yMin).sort((a, b) => b.yMin - a.yMin)[0];
    if (!header) {
      problems.push(`page ${page + 1}: no header row`);
      continue;
    }
    let top = (header.yMin + header.yMax) / 2 + headerHeight / 2;
    for (const i of rowsHere) {
      const bottom = top + rowHeight(i);
      for (const prefix of ['N', ...FIELDS.map(([, m]) => m)]) {
        for (const end of prefix === 'N' ? ['A'] : ['A', 'Z']) {
          const w = list.find((x) => x.text === `${prefix}${i}${end}`);
          if (!w) continue;
          if (w.yMin < top - TOLERANCE || w.yMax > bottom + TOLERANCE) {
            problems.push(`${w.text} on page ${page + 1}: ${w.yMin.toFixed(1)}–${w.yMax.toFixed(1)} outside ${top.toFixed(1)}–${bottom.toFixed(1)}`);
          }
        }
      }
      top = bottom;
    }
  }
  const tablePages = new Set(pageOf.values());
  return { problems, found, pageSizes: pages.filter((_, i) => tablePages.has(i)) };
}

describe('LibreOffice renders every layout with no text outside its cell', () => {
  // Without a CJK font LibreOffice builds a font cache first (~20 s): a slow probe, run by .ci/run.
  const fonts = [['with the CJK font', false], ...(process.env.JIXIAO_PROBES ? [['with Latin fonts only', true]] : [])] as [string, boolean][];
  it.each(fonts)('%s', async (label, latinOnly) => {
    expect(SOFFICE, 'LibreOffice (soffice) is required: node scripts/ensure-libreoffice.mjs').toBeDefined();
    const sub = latinOnly ? 'latin' : 'cjk';
    const cases = await writeCases(sub);
    const env = latinOnly ? { ...process.env, FONTCONFIG_FILE: latinOnlyFonts() } : process.env;
    render(cases.map((c) => c.file), join(dir, sub, 'pdf'), env);
    const report: string[] = [];
    for (const c of cases) {
      const pdf = join(dir, sub, 'pdf', `${c.name}-${c.layout}.pdf`);
      const { problems, found, pageSizes } = await overflows(c, pdf);
      // The indicator table's pages: A4 landscape (the 得分情况表 is portrait).
      expect(pageSizes.every((p) => Math.round(p.width) === 842 && Math.round(p.height) === 595), `${c.name} ${c.layout} ${label}`).toBe(true);
      expect(found, `${c.name} ${c.layout}: leaves found`).toBe(leaves(c.ev).length);
      report.push(...problems.map((p) => `${c.name} ${c.layout}: ${p}`));
    }
    expect(report).toEqual([]);
  }, 180_000);

  it('renders page 1 of each layout to PNG', async () => {
    const cases = (await writeCases('png')).filter((c) => c.name === { scoring: 's000', selfeval2022: 'self', shanghai: 's002' }[c.layout]);
    render(cases.map((c) => c.file), join(dir, 'png', 'pdf'), process.env);
    for (const c of cases) {
      const pdf = join(dir, 'png', 'pdf', `${c.name}-${c.layout}.pdf`);
      const text = execFileSync('pdftotext', [pdf, '-']).toString();
      for (let i = 0; i < leaves(c.ev).length; i++) expect(text, c.layout).toContain(`N${i}A`);
      const png = join(dir, 'png', `${c.layout}`);
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
      const bytes = readFileSync(`${png}.png`);
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(bytes.byteLength).toBeGreaterThan(5_000);
    }
  }, 120_000);
});
