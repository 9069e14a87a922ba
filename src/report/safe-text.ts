/**
 * User text made safe for the files people open: CSV cells that a spreadsheet would run as a
 * formula (OWASP CSV injection: a leading =, +, -, @, tab or carriage return) get a leading
 * apostrophe, numbers staying numbers; Markdown cells and lines carry no raw HTML and no
 * unescaped pipe or backtick. HTML has its own escaper (escape-html.ts).
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** One CSV cell: neutralised if a spreadsheet would read it as a formula, quoted where needed. */
export function csvCell(value: string | number | undefined | null): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvRow = (cells: ReadonlyArray<string | number | undefined | null>) => cells.map(csvCell).join(',');

/** Text for a Markdown table cell or line: &, <, > as entities; | and ` escaped; newlines as spaces. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/[\r\n]+/g, ' ');
}
