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
  | 'damaged'
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

/**
 * A SheetJS exception as a Chinese sentence: its English ("Cannot find file xl/workbook.xml in
 * zip", "Major Version: Expected 3 or 4 saw 32812") says what broke inside the parser, not what
 * the user can do, and never reaches the message. A part it names is kept: it says where.
 */
export function sheetjsFailure(why: string, file: string, format: string): { code: ImportMessageCode; message: string } {
  const resave = '请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。';
  if (/password|encrypt/i.test(why)) {
    return { code: 'encrypted', message: `文件“${file}”设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中取消密码后另存，再导入。` };
  }
  const missing = /Cannot find file (\S{1,200}) in zip/.exec(why);
  const kind = format === 'ods' ? ' .ods 表格文件' : ' Excel 工作簿';
  if (missing) return { code: 'damaged', message: `文件“${file}”不是完整的${kind}：压缩包中缺少“${missing[1] ?? ''}”，无法读取。${resave}` };
  if (/NUMBERS/i.test(why)) return { code: 'not-spreadsheet', message: `文件“${file}”是 Apple Numbers 文稿，无法直接读取。请在 Numbers 中导出为 .xlsx 后再导入。` };
  if (/Could not find workbook|Unsupported file|Unrecognized/i.test(why)) {
    return { code: 'not-spreadsheet', message: `文件“${file}”是压缩包，但其中没有 Excel 工作簿（可能是 Word、PowerPoint 等文件改了扩展名）。${resave}` };
  }
  if (/Bad (un)?compressed size|ZIP|inflate|deflate|end of central/i.test(why)) {
    return { code: 'damaged', message: `文件“${file}”已损坏：压缩包的内容不完整或有错，无法读取。${resave}` };
  }
  if (format === 'xls') return { code: 'damaged', message: `文件“${file}”看起来是旧版 Excel（.xls）文件，但文件结构已损坏，无法读取。${resave}` };
  return { code: 'unreadable', message: `文件“${file}”无法读取：文件已损坏，或不是受支持的表格格式（支持 .xlsx、.xls、.csv、.ods）。${resave}` };
}

/**
 * An exception of our own code while reading a file, in Chinese: the error's English is for a
 * developer (the worker logs it), the user learns that nothing was imported and nothing lost.
 */
export function internalFailure(file: string, err: unknown): ImportMessage {
  const why = err instanceof RangeError ? '文件内容过大或结构异常，超出了可处理的范围' : '程序内部错误';
  return importError('unreadable', `读取文件“${file}”时出错（${why}），未导入任何内容，已保存的数据不受影响。可在 Excel 或 WPS 中另存为 .xlsx 后重试。`, { file });
}
