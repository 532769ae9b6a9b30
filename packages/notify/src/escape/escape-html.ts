import { clipEscaped, stripControlChars, type CleanTextOptions } from './sanitize-text.js';

/** Longest escaped value, ellipsis included, unless a caller asks for another bound. */
export const defaultHtmlValueLength = 300;

function escapeHtmlChar(ch: string): string {
  switch (ch) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case "'":
      return '&#39;';
    default:
      return ch;
  }
}

export interface EscapeHtmlOptions extends CleanTextOptions {
  /** Longest result in UTF-16 units after escaping, ellipsis included. Default 300. */
  maxLength?: number;
}

/** Makes untrusted text safe in HTML element content and quoted attribute values. */
export function escapeHtml(text: string, o: EscapeHtmlOptions = {}): string {
  return clipEscaped(stripControlChars(text, o), o.maxLength ?? defaultHtmlValueLength, escapeHtmlChar);
}
