/**
 * The zip container of an .xlsx/.ods, checked before SheetJS inflates it. SheetJS inflates every
 * entry whole into memory and trusts nothing but the deflate stream itself, so a 2 MB file whose
 * sheet XML inflates to 2 GiB kills the tab before any message can be shown. This reads the
 * central directory and the local headers exactly as SheetJS will (the same end record, the same
 * entries, the same data offsets), refuses entries whose declared sizes are over the limits or
 * disagree with each other, and then measures what each deflate stream really inflates to
 * without keeping the output, stopping at the declared size: a directory that lies is caught
 * after at most the declared number of bytes, never after gigabytes.
 */
import { ZIP_LIMITS, formatMegabytes } from './limits.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
}

export type ZipProblem =
  | { kind: 'truncated' }
  | { kind: 'directory-damaged' }
  | { kind: 'too-many-entries'; count: number }
  | { kind: 'encrypted'; entry: string }
  | { kind: 'unsupported-method'; entry: string; method: number }
  | { kind: 'entry-too-large'; entry: string; size: number }
  | { kind: 'total-too-large'; entry: string; size: number }
  | { kind: 'ratio'; entry: string; size: number; compressed: number }
  | { kind: 'sizes-disagree'; entry: string }
  | { kind: 'inflates-larger'; entry: string; declared: number }
  | { kind: 'data-damaged'; entry: string };

export type ZipCheck = { ok: true; entries: ZipEntry[] } | { ok: false; problem: ZipProblem };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 0x10000);

/** The ZIP64 sizes (extra field 0x0001) where the 32-bit fields say 0xFFFFFFFF, as SheetJS reads them. */
function zip64Sizes(b: Uint8Array, from: number, to: number, usz: number, csz: number): { usz: number; csz: number } {
  let at = from;
  while (at + 4 <= to) {
    const id = u16(b, at);
    const size = u16(b, at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const end = at + 4 + size;
      // SheetJS reads usz then csz whenever the field is long enough, whatever the 32-bit fields say.
      if (p + 8 <= end) { usz = u32(b, p) + u32(b, p + 4) * 0x100000000; p += 8; }
      if (p + 8 <= end) csz = u32(b, p) + u32(b, p + 4) * 0x100000000;
      return { usz, csz };
    }
    at += 4 + size;
  }
  return { usz, csz };
}

/** Text of an entry name: UTF-8 when valid (flag bit 11 or not), else byte by byte as SheetJS does. */
function nameOf(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return String.fromCharCode(...b);
  }
}

/** Checks the container; never throws, never inflates into memory. */
export function checkZip(bytes: Uint8Array): ZipCheck {
  // SheetJS takes the last end-of-central-directory signature in the file, so we do too.
  let eocd = -1;
  for (let i = bytes.length - 4; i >= 0; i--) {
    if (u32(bytes, i) === EOCD) { eocd = i; break; }
  }
  // Found too near the end to hold its 22 bytes: cut off, or a decoy in the comment.
  if (eocd < 0 || eocd > bytes.length - 22) return { ok: false, problem: { kind: 'truncated' } };
  // SheetJS walks as many entries as the "entries on this disk" field says (offset 8); a file
  // whose total (offset 10) says otherwise is not one zip program wrote.
  const count = u16(bytes, eocd + 8);
  if (u16(bytes, eocd + 10) !== count) return { ok: false, problem: { kind: 'directory-damaged' } };
  const cdStart = u32(bytes, eocd + 16);
  if (count > ZIP_LIMITS.maxEntries) return { ok: false, problem: { kind: 'too-many-entries', count } };
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = cdStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== CENTRAL) return { ok: false, problem: { kind: 'directory-damaged' } };
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const offset = u32(bytes, at + 42);
    if (at + 46 + nameLength + extraLength > bytes.length) return { ok: false, problem: { kind: 'directory-damaged' } };
    const name = nameOf(bytes.subarray(at + 46, at + 46 + nameLength));
    const central = zip64Sizes(bytes, at + 46 + nameLength, at + 46 + nameLength + extraLength, u32(bytes, at + 24), u32(bytes, at + 20));
    at += 46 + nameLength + extraLength + commentLength;

    if (offset + 30 > bytes.length || u32(bytes, offset) !== LOCAL) return { ok: false, problem: { kind: 'directory-damaged' } };
    const flags = u16(bytes, offset + 6);
    const method = u16(bytes, offset + 8);
    const localNameLength = u16(bytes, offset + 26);
    const localExtraLength = u16(bytes, offset + 28);
    const dataStart = offset + 30 + localNameLength + localExtraLength;
    if (dataStart > bytes.length) return { ok: false, problem: { kind: 'truncated' } };
    if ((flags & 0x2041) !== 0) return { ok: false, problem: { kind: 'encrypted', entry: name } };
    if (method !== 0 && method !== 8) return { ok: false, problem: { kind: 'unsupported-method', entry: name, method } };
    const local = zip64Sizes(bytes, offset + 30 + localNameLength, dataStart, u32(bytes, offset + 22), u32(bytes, offset + 18));
    // With a data descriptor (flag 3) the local header may say 0: the directory's sizes stand.
    const deferred = (flags & 0x08) !== 0;
    if (!deferred && (local.usz !== central.usz || local.csz !== central.csz)) return { ok: false, problem: { kind: 'sizes-disagree', entry: name } };
    const declared = Math.max(central.usz, deferred ? 0 : local.usz);
    const compressed = central.csz;

    if (declared > ZIP_LIMITS.maxEntryBytes) return { ok: false, problem: { kind: 'entry-too-large', entry: name, size: declared } };
    total += declared;
    if (total > ZIP_LIMITS.maxTotalBytes) return { ok: false, problem: { kind: 'total-too-large', entry: name, size: total } };
    if (declared > ZIP_LIMITS.ratioFloorBytes && declared > compressed * ZIP_LIMITS.maxRatio) {
      return { ok: false, problem: { kind: 'ratio', entry: name, size: declared, compressed } };
    }
    if (method === 0) {
      if (central.usz !== compressed || dataStart + compressed > bytes.length) return { ok: false, problem: { kind: 'data-damaged', entry: name } };
    } else {
      // SheetJS inflates from the local data start to the stream's end, whatever csz says.
      const measured = inflatedSize(bytes, dataStart, Math.min(bytes.length, dataStart + compressed), declared);
      if (measured === 'over') return { ok: false, problem: { kind: 'inflates-larger', entry: name, declared } };
      if (measured === 'damaged' || measured !== declared) return { ok: false, problem: { kind: 'data-damaged', entry: name } };
    }
    entries.push({ name, method, compressedSize: compressed, uncompressedSize: declared });
  }
  return { ok: true, entries };
}

/** The Chinese sentence for a refused container, naming the file and the entry. */
export function zipProblemMessage(problem: ZipProblem, file: string): string {
  const limit = `解压后单个部件不超过 ${formatMegabytes(ZIP_LIMITS.maxEntryBytes)}、合计不超过 ${formatMegabytes(ZIP_LIMITS.maxTotalBytes)}、压缩比不超过 ${ZIP_LIMITS.maxRatio} 倍`;
  switch (problem.kind) {
    case 'truncated':
      return `文件“${file}”不完整（压缩包的目录缺失，文件可能只下载或复制了一部分），无法读取。请重新获取完整的文件后再导入。`;
    case 'directory-damaged':
      return `文件“${file}”已损坏：压缩包的目录与其中的内容对不上，无法读取。请在 Excel 或 WPS 中打开并另存后再导入。`;
    case 'too-many-entries':
      return `文件“${file}”的压缩包中有 ${problem.count} 个部件，超过上限 ${ZIP_LIMITS.maxEntries} 个，已拒绝导入（正常的表格文件不会有这么多部件）。`;
    case 'encrypted':
      return `文件“${file}”中的部件“${problem.entry}”已加密，无法读取。请在 Excel 或 WPS 中取消密码后另存，再导入。`;
    case 'unsupported-method':
      return `文件“${file}”中的部件“${problem.entry}”使用了不支持的压缩方式（编号 ${problem.method}），无法读取。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。`;
    case 'entry-too-large':
      return `文件“${file}”中的部件“${problem.entry}”解压后有 ${formatMegabytes(problem.size)}，超过上限（${limit}），已拒绝导入。`;
    case 'total-too-large':
      return `文件“${file}”解压后合计超过 ${formatMegabytes(ZIP_LIMITS.maxTotalBytes)}（读到部件“${problem.entry}”时已达 ${formatMegabytes(problem.size)}），超过上限（${limit}），已拒绝导入。`;
    case 'ratio':
      return `文件“${file}”中的部件“${problem.entry}”压缩前 ${formatMegabytes(problem.compressed)}、解压后 ${formatMegabytes(problem.size)}，压缩比超过 ${ZIP_LIMITS.maxRatio} 倍，疑似“压缩炸弹”，已拒绝导入。`;
    case 'sizes-disagree':
      return `文件“${file}”已损坏：部件“${problem.entry}”在压缩包目录和文件头中记录的大小不一致，无法读取。`;
    case 'inflates-larger':
      return `文件“${file}”中的部件“${problem.entry}”解压后超过其记录的大小（${formatMegabytes(problem.declared)}），文件已损坏或被篡改（疑似“压缩炸弹”），已拒绝导入。`;
    case 'data-damaged':
      return `文件“${file}”已损坏：部件“${problem.entry}”的压缩数据不完整或有错，无法读取。`;
  }
}

// ---- A deflate decoder that counts the output instead of writing it (RFC 1951, after zlib's puff.c).

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const FAST_BITS = 10;
const FAST_MASK = (1 << FAST_BITS) - 1;

class Damaged extends Error {}

interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
  /** Codes up to FAST_BITS long, by their bits as they arrive: symbol << 4 | length (0 = longer). */
  fast: Int32Array;
}

/** A canonical code from its lengths; the number of codes left unused (0 = complete), or -1 when over-subscribed. */
function huffman(lengths: ArrayLike<number>, n: number): { code: Huffman; left: number } {
  const count = new Uint16Array(16);
  for (let s = 0; s < n; s++) count[lengths[s] ?? 0]!++;
  const code: Huffman = { count, symbol: new Uint16Array(n), fast: new Int32Array(1 << FAST_BITS) };
  if (count[0] === n) return { code, left: 0 };
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = left * 2 - count[len]!;
    if (left < 0) return { code, left: -1 };
  }
  const offs = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len]! + count[len]!;
  for (let s = 0; s < n; s++) {
    const len = lengths[s] ?? 0;
    if (len !== 0) code.symbol[offs[len]!++] = s;
  }
  let c = 0;
  let index = 0;
  for (let len = 1; len <= 15; len++) {
    for (let k = 0; k < count[len]!; k++, c++) {
      const s = code.symbol[index++]!;
      if (len > FAST_BITS) continue;
      let reversed = 0;
      for (let b = 0; b < len; b++) reversed |= ((c >> b) & 1) << (len - 1 - b);
      for (let j = reversed; j < 1 << FAST_BITS; j += 1 << len) code.fast[j] = (s << 4) | len;
    }
    c <<= 1;
  }
  return { code, left };
}

let fixed: { lit: Huffman; dist: Huffman } | null = null;
function fixedCodes(): { lit: Huffman; dist: Huffman } {
  if (!fixed) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144); l.fill(9, 144, 256); l.fill(7, 256, 280); l.fill(8, 280, 288);
    fixed = { lit: huffman(l, 288).code, dist: huffman(new Uint8Array(30).fill(5), 30).code };
  }
  return fixed;
}

class Bits {
  buf = 0;
  cnt = 0;
  constructor(private readonly data: Uint8Array, public pos: number, private readonly end: number) {}

  need(n: number): void {
    while (this.cnt < n) {
      if (this.pos >= this.end) throw new Damaged();
      this.buf |= this.data[this.pos++]! << this.cnt;
      this.cnt += 8;
    }
  }

  bits(n: number): number {
    if (n === 0) return 0;
    this.need(n);
    const v = this.buf & ((1 << n) - 1);
    this.buf >>>= n;
    this.cnt -= n;
    return v;
  }

  decode(h: Huffman): number {
    // Fill what the input has without failing: a short final code may not need FAST_BITS.
    while (this.cnt < FAST_BITS && this.pos < this.end) {
      this.buf |= this.data[this.pos++]! << this.cnt;
      this.cnt += 8;
    }
    const entry = h.fast[this.buf & FAST_MASK]!;
    const len = entry & 15;
    if (entry !== 0 && len <= this.cnt) {
      this.buf >>>= len;
      this.cnt -= len;
      return entry >> 4;
    }
    let code = 0;
    let first = 0;
    let index = 0;
    for (let l = 1; l <= 15; l++) {
      code |= this.bits(1);
      const count = h.count[l]!;
      if (code - count < first) return h.symbol[index + (code - first)]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new Damaged();
  }

  /** To the next byte boundary, handing back whole bytes read ahead. */
  align(): void {
    this.pos -= this.cnt >> 3;
    this.buf = 0;
    this.cnt = 0;
  }
}

function dynamicCodes(s: Bits): { lit: Huffman; dist: Huffman } {
  const nlen = s.bits(5) + 257;
  const ndist = s.bits(5) + 1;
  const ncode = s.bits(4) + 4;
  if (nlen > 286 || ndist > 30) throw new Damaged();
  const lengths = new Uint8Array(320);
  for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]!] = s.bits(3);
  const lencode = huffman(lengths, 19);
  if (lencode.left !== 0) throw new Damaged();
  lengths.fill(0);
  let index = 0;
  while (index < nlen + ndist) {
    const sym = s.decode(lencode.code);
    if (sym < 16) {
      lengths[index++] = sym;
      continue;
    }
    let len = 0;
    let repeat: number;
    if (sym === 16) {
      if (index === 0) throw new Damaged();
      len = lengths[index - 1]!;
      repeat = 3 + s.bits(2);
    } else if (sym === 17) repeat = 3 + s.bits(3);
    else repeat = 11 + s.bits(7);
    if (index + repeat > nlen + ndist) throw new Damaged();
    while (repeat-- > 0) lengths[index++] = len;
  }
  if (lengths[256] === 0) throw new Damaged();
  const lit = huffman(lengths.subarray(0, nlen), nlen);
  // An incomplete code is allowed only as a single code of length 1 (RFC 1951, as puff.c).
  if (lit.left < 0 || (lit.left > 0 && nlen - lit.code.count[0]! !== 1)) throw new Damaged();
  const dist = huffman(lengths.subarray(nlen, nlen + ndist), ndist);
  if (dist.left < 0 || (dist.left > 0 && ndist - dist.code.count[0]! !== 1)) throw new Damaged();
  return { lit: lit.code, dist: dist.code };
}

/**
 * How many bytes the raw deflate stream at data[start, end) inflates to: the size, 'over' as soon
 * as it passes `cap`, or 'damaged'. Memory stays constant: only lengths are added up.
 */
export function inflatedSize(data: Uint8Array, start: number, end: number, cap: number): number | 'over' | 'damaged' {
  const s = new Bits(data, start, end);
  let out = 0;
  try {
    let last = 0;
    do {
      last = s.bits(1);
      const type = s.bits(2);
      if (type === 0) {
        s.align();
        if (s.pos + 4 > end) throw new Damaged();
        const len = u16(data, s.pos);
        if ((len ^ 0xffff) !== u16(data, s.pos + 2)) throw new Damaged();
        s.pos += 4 + len;
        if (s.pos > end) throw new Damaged();
        out += len;
        if (out > cap) return 'over';
        continue;
      }
      if (type === 3) throw new Damaged();
      const { lit, dist } = type === 1 ? fixedCodes() : dynamicCodes(s);
      for (;;) {
        const sym = s.decode(lit);
        if (sym < 256) {
          if (++out > cap) return 'over';
          continue;
        }
        if (sym === 256) break;
        const l = sym - 257;
        if (l >= 29) throw new Damaged();
        const length = LENGTH_BASE[l]! + s.bits(LENGTH_EXTRA[l]!);
        const d = s.decode(dist);
        if (d >= 30) throw new Damaged();
        const distance = DIST_BASE[d]! + s.bits(DIST_EXTRA[d]!);
        if (distance > out) throw new Damaged();
        out += length;
        if (out > cap) return 'over';
      }
    } while (!last);
  } catch (err) {
    if (err instanceof Damaged) return 'damaged';
    throw err;
  }
  return out;
}
