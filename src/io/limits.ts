/**
 * What import accepts. Stated in docs/io.md and in the messages, so a user who hits a limit
 * knows it is one. 20 MB / 50,000 rows must import; the limits leave headroom above that.
 */
export const IMPORT_LIMITS = {
  /** File size in bytes (30 MB). */
  maxBytes: 30 * 1024 * 1024,
  /** Rows in any one sheet. */
  maxRows: 100_000,
  /** How far down a sheet the header row of the first table is looked for. */
  headerSearchRows: 30,
  /**
   * A 评分标准 text longer than this (characters) is not searched for a rule: it stays manual.
   * The longest real ones (five-band tables with conditions) are a few hundred characters.
   */
  criteriaChars: 2_000,
  /** The worker parsing a file is stopped after this long (ms). */
  timeoutMs: 60_000,
} as const;

/**
 * What the zip container of an .xlsx/.ods may inflate to, checked before SheetJS inflates it
 * (zip-guard.ts). A 100,000-row sheet of text written by Excel is ~50–150 MB of XML; the file
 * limit of 30 MB at the usual 5–15× compression stays under the totals. Deflate cannot exceed
 * 1032×; real workbooks stay far below 100× (XML with cell references that all differ), zip
 * bombs sit near 1000×.
 */
export const ZIP_LIMITS = {
  /** Uncompressed bytes of any one part (a sheet's XML, the shared strings): 256 MiB. */
  maxEntryBytes: 256 * 1024 * 1024,
  /** Uncompressed bytes of all parts together: 256 MiB. */
  maxTotalBytes: 256 * 1024 * 1024,
  /** Uncompressed / compressed size of one part, for parts over ratioFloorBytes. */
  maxRatio: 200,
  /** Parts smaller than this (1 MiB) are not held to the ratio: tiny parts compress oddly. */
  ratioFloorBytes: 1024 * 1024,
  /** Parts in the container (a 200-sheet workbook has ~420). */
  maxEntries: 10_000,
} as const;

export const formatMegabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
