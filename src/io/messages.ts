/**
 * Import problems as values, never thrown: each names the file, sheet, row and column it can,
 * in the words the user sees (简体中文).
 */
export type ImportMessageCode =
  | 'not-spreadsheet'
  | 'encrypted'
  | 'empty'
  | 'too-large'
  | 'too-many-rows'
  | 'no-header'
  | 'bad-number'
  | 'unreadable'
  | 'no-table-chosen'
  | 'restore-failed'
  | 'warning';

export interface ImportMessage {
  code: ImportMessageCode;
  severity: 'error' | 'warning';
  /** The full sentence shown to the user. */
  message: string;
  file?: string;
  sheet?: string;
  /** 1-based row as the spreadsheet program shows it. */
  row?: number;
  /** Column letter as the spreadsheet program shows it ("H"). */
  column?: string;
}

export type Outcome<T> =
  | { ok: true; value: T; warnings: ImportMessage[] }
  | { ok: false; errors: ImportMessage[] };

/** 0 → "A", 26 → "AA". */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** "文件“a.xlsx”工作表“自评1”第 13 行 H 列（得分）" — the place, as precisely as known. */
export function describePlace(place: { file?: string; sheet?: string; row?: number; column?: string; header?: string }): string {
  const parts: string[] = [];
  if (place.file) parts.push(`文件“${place.file}”`);
  if (place.sheet !== undefined) parts.push(`工作表“${place.sheet}”`);
  if (place.row !== undefined) parts.push(`第 ${place.row} 行`);
  if (place.column !== undefined) parts.push(`${place.column} 列${place.header ? `（${place.header}）` : ''}`);
  return parts.join('');
}

export function importError(code: ImportMessageCode, message: string, place: Omit<ImportMessage, 'code' | 'severity' | 'message'> = {}): ImportMessage {
  return { code, severity: 'error', message, ...place };
}

export function importWarning(message: string, place: Omit<ImportMessage, 'code' | 'severity' | 'message'> = {}): ImportMessage {
  return { code: 'warning', severity: 'warning', message, ...place };
}
