/**
 * The text hygiene shared by every renderer: untrusted event text loses its control characters and is
 * bounded before it is escaped for a target format. Renderers add only their own escaping.
 */

/**
 * C0 controls except tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate
 * characters (U+202A–U+202E, U+2066–U+2069) plus the implicit marks (U+200E, U+200F, U+061C), which
 * can make a reader see text in a different order than it is stored ("Trojan Source").
 *
 * Also every invisible character that makes two strings look alike (`admin\u200B@contoso.com` for the
 * real admin): the format characters (category Cf: zero-width space, non-joiner and joiner, word
 * joiner, BOM, soft hyphen, invisible operators, interlinear annotations, the tag block
 * U+E0000–U+E007F), and the other default-ignorable code points (Hangul fillers, the combining
 * grapheme joiner, variation selectors). The cost is that emoji built with a joiner, a tag or a
 * presentation selector show as their parts; event text has no business carrying them.
 */
const controlChars =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\p{Cf}\p{Default_Ignorable_Code_Point}\u{E0000}-\u{E007F}]/gu;
/** Line breaks, including the Unicode line and paragraph separators, for single-line values. */
const lineBreaks = /[\n\u2028\u2029]+/g;

export const ellipsis = '…';

export interface CleanTextOptions {
  /** Collapse line breaks and tabs into one space: for headers, subjects and one-line fields. */
  singleLine?: boolean;
}

/** Removes control and bidi characters; with `singleLine`, also line breaks and tabs. */
export function stripControlChars(text: string, o: CleanTextOptions = {}): string {
  const stripped = text.replace(controlChars, '');
  if (!o.singleLine) return stripped.replace(/[\u2028\u2029]/g, '\n');
  return stripped.replace(lineBreaks, ' ').replace(/\t/g, ' ');
}

/**
 * Escapes `text` one code point at a time with `escapeChar` and stops so that the result, including a
 * trailing ellipsis when something was cut, is at most `maxLength` UTF-16 units long. Bounding the
 * escaped output (not the input) keeps entities whole and makes format limits (Slack's 3000-character
 * sections) hold whatever the input contains.
 */
export function clipEscaped(text: string, maxLength: number, escapeChar: (ch: string) => string = (ch) => ch): string {
  let out = '';
  let cutAt = -1;
  for (const ch of text) {
    const piece = escapeChar(ch);
    if (cutAt < 0 && out.length + piece.length > maxLength - ellipsis.length) cutAt = out.length;
    if (out.length + piece.length > maxLength) return out.slice(0, cutAt) + ellipsis;
    out += piece;
  }
  return out;
}

export interface SanitizeTextOptions extends CleanTextOptions {
  /** Longest result in UTF-16 units, ellipsis included. */
  maxLength: number;
}

/** Plain-text hygiene (no escaping): for email text parts, subjects and Slack plain_text objects. */
export function sanitizeText(text: string, o: SanitizeTextOptions): string {
  return clipEscaped(stripControlChars(text, o), o.maxLength);
}
