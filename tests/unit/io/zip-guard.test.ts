import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { importAll } from '../../../src/io/import-workbook.ts';
import { ZIP_LIMITS } from '../../../src/io/limits.ts';
import { checkZip, inflatedSize } from '../../../src/io/zip-guard.ts';
import { buildBad } from '../../fixtures/bad/build-bad.ts';
import { fixture } from './helpers.ts';

/**
 * Issue 8, defect 4: a 2 MB .xlsx whose sheet XML inflates to 2 GiB killed the tab; a 419 KB
 * one inflating to 400 MiB was accepted at +831 MB of memory. The container is now checked
 * before SheetJS inflates anything: declared sizes against ZIP_LIMITS, and each deflate
 * stream measured (counted, not kept) up to its declared size.
 */
const refusal = (name: string) => {
  const out = importAll(buildBad(name), name);
  if (out.ok) throw new Error(`${name} was read`);
  return out.errors[0]!;
};

describe('the deflate size counter agrees with zlib', () => {
  const samples = [
    new Uint8Array(0),
    new TextEncoder().encode('a'),
    new Uint8Array(200_000).map((_, i) => (i * 2_654_435_761) >>> 24),
    new Uint8Array(3_000_000).fill(65),
    new TextEncoder().encode('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(20_000)),
  ];
  it.each([0, 1, 6, 9])('level %i, every strategy', (level) => {
    for (const raw of samples) {
      for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE]) {
        const d = new Uint8Array(deflateRawSync(raw, { level, strategy }));
        expect(inflateRawSync(d).length).toBe(raw.length);
        expect(inflatedSize(d, 0, d.length, Number.MAX_SAFE_INTEGER)).toBe(raw.length);
        if (raw.length > 0) expect(inflatedSize(d, 0, d.length, raw.length - 1)).toBe('over');
        if (raw.length > 0) expect(inflatedSize(d, 0, d.length - 1, Number.MAX_SAFE_INTEGER)).toBe('damaged');
      }
    }
  });

  it('stops at the cap, however much the stream would give', () => {
    const block = new Uint8Array(deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
    const stream = new Uint8Array(block.length * 2_000 + 2);
    for (let i = 0; i < 2_000; i++) stream.set(block, i * block.length);
    stream.set([0x03, 0x00], block.length * 2_000); // a final empty fixed block
    expect(inflatedSize(stream, 0, stream.length, 5 * 1024 * 1024)).toBe('over');
  });
});

describe('every workbook fixture passes the guard', () => {
  const files = readdirSync(fixture('')).filter((f) => /\.(xlsx|ods)$/.test(f) && !f.startsWith('bad-'));
  it.each(files)('%s', (name) => {
    const bytes = new Uint8Array(readFileSync(fixture(name)));
    const checked = checkZip(bytes);
    expect(checked.ok ? 'ok' : checked.problem).toBe('ok');
  });
});

describe('zip bombs are refused before inflating, with a message naming the file and the part', () => {
  it('2 MB declaring 2 GiB (honest): refused from the headers', () => {
    const e = refusal('bomb-2gib.xlsx');
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('文件“bomb-2gib.xlsx”');
    expect(e.message).toContain('部件“xl/worksheets/sheet1.xml”');
    expect(e.message).toContain('2048.0 MB');
  });

  it('419 KB inflating to 400 MiB: refused (was accepted at +831 MB)', () => {
    const bytes = buildBad('bomb-400mib.xlsx');
    expect(bytes.length).toBeLessThan(450 * 1024);
    expect(refusal('bomb-400mib.xlsx').message).toMatch(/部件“xl\/worksheets\/sheet1\.xml”解压后有 400\.0 MB，超过上限/);
  });

  it('a directory that lies (declares 1 MiB, inflates to 400 MiB): caught at the declared size', () => {
    const before = process.memoryUsage().rss;
    const e = refusal('bomb-lying-size.xlsx');
    expect(e.message).toContain('解压后超过其记录的大小（1.0 MB）');
    // Counting keeps no output: nowhere near the 400 MiB SheetJS would have allocated.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it(`a ratio over ${ZIP_LIMITS.maxRatio}× under the size limits`, () => {
    expect(refusal('bomb-ratio.xlsx').message).toMatch(/压缩比超过 200 倍/);
  });

  it('60,000 directory entries over one part', () => {
    expect(refusal('bomb-entries.xlsx').message).toContain(`超过上限 ${ZIP_LIMITS.maxEntries} 个`);
  });

  it('an end record whose two entry counts differ (to hide the bomb from a reader that trusts the total) is refused', () => {
    const bytes = buildBad('bomb-400mib.xlsx');
    const end = bytes.length - 22;
    // SheetJS walks the "entries on this disk" count (5, the sheet last); the total now says 4.
    bytes[end + 10] = 4;
    const checked = checkZip(bytes);
    expect(checked.ok ? 'ok' : checked.problem.kind).toBe('directory-damaged');
    const out = importAll(bytes, 'hidden.xlsx');
    expect(out.ok ? '' : out.errors[0]!.message).toContain('文件“hidden.xlsx”已损坏：压缩包的目录与其中的内容对不上');
  });

  it('damaged containers: sizes that disagree, a broken deflate stream, an unknown method, an encrypted part', () => {
    expect(refusal('sizes-disagree.xlsx').message).toBe('文件“sizes-disagree.xlsx”已损坏：部件“xl/workbook.xml”在压缩包目录和文件头中记录的大小不一致，无法读取。');
    expect(refusal('deflate-damaged.xlsx').message).toBe('文件“deflate-damaged.xlsx”已损坏：部件“xl/worksheets/sheet1.xml”的压缩数据不完整或有错，无法读取。');
    expect(refusal('unsupported-method.xlsx').message).toContain('不支持的压缩方式（编号 12）');
    expect(refusal('zip-encrypted-entry.xlsx')).toMatchObject({ code: 'encrypted' });
    expect(refusal('truncated.xlsx').message).toContain('不完整');
  });
});

describe('npm run check on a zip bomb (child process, as a user runs it)', () => {
  it('2 GiB bomb: exit 1 with the Chinese refusal (it ran 64 s to 4.3 GB and said the sheets were empty)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-bomb-'));
    try {
      const file = join(dir, 'bomb-2gib.xlsx');
      writeFileSync(file, buildBad('bomb-2gib.xlsx'));
      const root = fileURLToPath(new URL('../../../', import.meta.url));
      const out = spawnSync(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', 'src/cli/check.ts', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(out.status).toBe(1);
      expect(out.stderr).toContain('文件“bomb-2gib.xlsx”中的部件“xl/worksheets/sheet1.xml”解压后有 2048.0 MB，超过上限');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
