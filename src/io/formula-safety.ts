/**
 * Text that a spreadsheet program would take for a formula when it starts with = + - @ or a
 * control character (tab, line breaks, and the rest of C0 and DEL, which some programs strip
 * before looking for a formula): CSV/formula injection. In .xlsx such text is written as a string cell,
 * which no program evaluates; in CSV, where every field is retyped on opening, it gets an
 * apostrophe in front, which Excel and WPS show as plain text and Jixiao's import removes.
 */
export const FORMULA_TRIGGER = /^[=+\-@\u0000-\u001f\u007f]/;

export const looksLikeFormula = (text: string): boolean => FORMULA_TRIGGER.test(text);

/**
 * The CSV form of a text: an apostrophe before formula-looking text, and before text that itself
 * begins with an apostrophe, so the import's removal of one leading apostrophe gives back exactly
 * what was written ("'=1+1" → "''=1+1" → "'=1+1").
 */
export const guardCsvText = (text: string): string => (looksLikeFormula(text) || text.startsWith("'") ? `'${text}` : text);

/** What guardCsvText wrote, back to the text: one leading apostrophe removed where it added one. */
export const unguardCsvText = (text: string): string => (text.startsWith("'") && (FORMULA_TRIGGER.test(text.slice(1)) || text.startsWith("''")) ? text.slice(1) : text);
