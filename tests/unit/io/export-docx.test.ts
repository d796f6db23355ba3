/**
 * The Word annex as a reader gets it: LibreOffice Writer opens each .docx and prints it to PDF,
 * and `pdftotext` must find every leaf, the total and the report's sentence in it. The bad
 * inputs of issue 7 export without an exception, their text as text. Fails when LibreOffice or
 * poppler-utils are missing (scripts/ensure-libreoffice.mjs).
 * JIXIAO_SCREENSHOT=1 also writes docs/export-docx.png (page 1 of the 000 annex).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import type { Evaluation } from '../../../src/domain/index.ts';
import { evaluate, matchSelfScores, withSelfScores } from '../../../src/domain/index.ts';
import { evaluation as pairEvaluation, selfTable } from '../../fixtures/build/pair-004.ts';
import { exportDocx, xmlSafe } from '../../../src/io/export-docx.ts';
import { badEvaluations, generatedEvaluation } from '../../fixtures/build/report-evaluations.ts';
import { findLeaf, loadFixture, updateLeaf } from '../domain/helpers.ts';

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice'].find((p) => existsSync(p));
const DOC_PNG = fileURLToPath(new URL('../../../docs/export-docx.png', import.meta.url));

function published(): Evaluation {
  const ev = loadFixture('seed-000-annex3.json');
  return updateLeaf(ev, findLeaf(ev, '预算执行率').id, (n) => ({ ...n, pinned: true, enteredScore: 1.19 }));
}

/** A real PNG (a grey gradient): the page draws the chart to a canvas; Node has none. */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = (x * 255) / width;
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

/** Converts every file in one LibreOffice run (its own profile, so parallel runs don't collide). */
function toPdf(dir: string, files: string[]): void {
  if (!SOFFICE) throw new Error('LibreOffice (soffice) 未安装：运行 node scripts/ensure-libreoffice.mjs 或 apt-get install libreoffice-writer-nogui');
  execFileSync(SOFFICE, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, ...files], { stdio: 'pipe', timeout: 120_000 });
}

/** The PDF's text without whitespace: a name wrapped over two lines of its cell still matches. */
const squeeze = (s: string) => s.replace(/\s+/g, '');
const pdfText = (pdf: string) => squeeze(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }));

describe('Word annex (.docx) through LibreOffice Writer', () => {
  it('000 附件3, a 200-leaf evaluation and the bad inputs: every leaf, the total, the text as text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-docx-'));
    try {
      const ev000 = published();
      const r000 = evaluate(ev000);
      expect(r000.totalText).toBe('91.55');
      const gen = generatedEvaluation(200);
      const cases = [
        { file: '000.docx', evaluation: ev000, chart: { png: png(640, 240), width: 640, height: 240 } },
        { file: 'gen200.docx', evaluation: gen, chart: null },
        ...badEvaluations().map((b, i) => ({ file: `bad${i}.docx`, evaluation: b.evaluation, chart: null })),
        // With a 自评 set: 自评分 | 评价得分 | 差异 beside each other.
        { file: 'self.docx', evaluation: withSelfScores(pairEvaluation(), matchSelfScores(pairEvaluation(), selfTable(), evaluate(selfTable())), '自评表'), chart: null },
      ];
      for (const c of cases) writeFileSync(join(dir, c.file), await exportDocx(c.evaluation, { chart: c.chart }));
      toPdf(dir, cases.map((c) => join(dir, c.file)));

      const tSelf = pdfText(join(dir, 'self.pdf'));
      expect(tSelf).toContain('自评分评价得分差异');
      // The differences, signed, as the rows print them (学员满意度 −6, 课程数量 −3, 绩效指标明确性 −2.5).
      for (const d of ['-6', '-3', '-2.5']) expect(tSelf).toContain(d);

      // 000: the 26 leaves, 91.55, 优, the sentence, page numbers, A4 landscape, the chart.
      const pdf000 = join(dir, '000.pdf');
      const t000 = pdfText(pdf000);
      const leafNames = [...r000.nodes.values()].filter((n) => n.isLeaf).map((n) => findName(ev000, n.id));
      expect(leafNames).toHaveLength(26);
      expect(leafNames.filter((name) => !t000.includes(squeeze(name)))).toEqual([]);
      expect(t000).toContain('总分91.55分（满分100分），评价等级为“优”');
      expect(t000).toContain('14项具体绩效指标有11项实现预期目标，3项指标部分实现预期目标');
      expect(t000).toContain('共扣8.45分');
      expect(t000).toMatch(/第1页共\d+页/);
      const info = execFileSync('pdfinfo', [pdf000], { encoding: 'utf8' });
      expect(info).toMatch(/Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)/);
      expect(execFileSync('pdfimages', ['-list', pdf000], { encoding: 'utf8' }).trim().split('\n').length).toBeGreaterThan(2);
      if (process.env.JIXIAO_SCREENSHOT === '1') {
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf000, join(dir, 'page')]);
        copyFileSync(join(dir, 'page.png'), DOC_PNG);
      }

      // 200 leaves: each name, and the total.
      const tGen = pdfText(join(dir, 'gen200.pdf'));
      const rGen = evaluate(gen);
      const missing = Array.from({ length: 200 }, (_, i) => `指标${String(i + 1).padStart(4, '0')}`).filter((n) => !tGen.includes(n));
      expect(missing).toEqual([]);
      expect(tGen).toContain(`总分${rGen.totalText}分`);

      // Bad inputs: each file opens; its text is there as typed (a leading "=" is not a formula).
      badEvaluations().forEach((b, i) => {
        const pdf = join(dir, `bad${i}.pdf`);
        expect(existsSync(pdf), b.label).toBe(true);
        const t = pdfText(pdf);
        for (const s of b.texts) expect(t, `${b.label}: ${s}`).toContain(squeeze(s));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('keeps text XML cannot carry out of the file rather than corrupting it', async () => {
    expect(xmlSafe('a\u0000b\u0007c\td\ne\ud800f😀')).toBe('abc\td\nef😀');
    const bytes = await exportDocx(badEvaluations().find((b) => b.label.startsWith('text'))!.evaluation);
    expect(bytes.byteLength).toBeGreaterThan(5000);
  });
});

function findName(ev: Evaluation, id: string): string {
  const stack = [...ev.indicators];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.id === id) return n.name;
    stack.push(...n.children);
  }
  throw new Error(id);
}
