import { clipEscaped, stripControlChars, type CleanTextOptions } from './sanitize-text.js';

/** Longest escaped value, ellipsis included, unless a caller asks for another bound. */
export const defaultSlackValueLength = 300;

/**
 * Slack parses `<…>` as links and mentions (`<!channel>`, `<!here>`, `<@U123>`, `<url|label>`) and
 * `&…;` as entities; escaping these three characters is what Slack documents to show them literally.
 */
function escapeSlackChar(ch: string): string {
  if (ch === '&') return '&amp;';
  if (ch === '<') return '&lt;';
  if (ch === '>') return '&gt;';
  return ch;
}

/** U+2060 WORD JOINER: invisible, and it stops Slack from reading `@channel` as a mention. */
const wordJoiner = '\u2060';
const bareMentions = /@(channel|here|everyone)/gi;

export interface EscapeSlackOptions extends CleanTextOptions {
  /** Longest result in UTF-16 units after escaping, ellipsis included. Default 300. */
  maxLength?: number;
}

/**
 * Makes untrusted text inert in Slack mrkdwn: no mentions, links or entities, no control or bidi
 * characters, bounded length. Formatting characters (`*`, `_`, `~`, `` ` ``) are left alone: Slack has
 * no escape for them and they cannot notify anyone or hide a link.
 */
export function escapeSlack(text: string, o: EscapeSlackOptions = {}): string {
  const clean = stripControlChars(text, o).replace(bareMentions, `@${wordJoiner}$1`);
  return clipEscaped(clean, o.maxLength ?? defaultSlackValueLength, escapeSlackChar);
}
