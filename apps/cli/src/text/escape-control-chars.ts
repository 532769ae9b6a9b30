// C0 and C1 controls, DEL, line and paragraph separators, and the bidi marks, embeddings, overrides and
// isolates that make a terminal show text in another order than it is stored ("Trojan Source").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** Untrusted text made safe for one line of terminal output: every control character shown as `\uXXXX`. */
export function escapeControlChars(text: string): string {
  return text.replace(unsafe, (ch) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
