import { escapeControlChars } from './escape-control-chars.js';

/** One column of a terminal table: its title, the cell of an item, and how narrow it may get. */
export interface TableColumn<T> {
  title: string;
  of: (item: T) => string;
  /** Never narrower than this (`Number.POSITIVE_INFINITY` keeps a column whole, e.g. an id to copy). */
  min: number;
}

/** Widest a cell is ever made, whatever the terminal: cells are event text, which can be 100 kB. */
const maxCell = 80;

function cell(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/**
 * The items as a table that fits `width` columns: each column as wide as its widest cell (at most 80),
 * then the widest narrowed until the line fits or every column is at its minimum. Every cell is one
 * line of untrusted text escaped (controls and bidi marks as \uXXXX) and cut with `…` to its width.
 */
export function fitTable<T>(columns: readonly TableColumn<T>[], items: readonly T[], width: number): string {
  const texts = items.map((item) => columns.map((c) => escapeControlChars(c.of(item).slice(0, maxCell * 8))));
  const widths = columns.map((c, i) => Math.min(maxCell, Math.max(c.title.length, ...texts.map((t) => t[i]!.length))));
  const total = () => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if (widths[i]! > columns[i]!.min && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = widths[widest]! - 1;
  }
  const line = (cells: string[]) =>
    cells
      .map((c, i) => cell(c, widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...texts.map(line)].join('\n') + '\n';
}
