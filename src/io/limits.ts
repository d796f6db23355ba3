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
  /** The worker parsing a file is stopped after this long (ms). */
  timeoutMs: 60_000,
} as const;

export const formatMegabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
