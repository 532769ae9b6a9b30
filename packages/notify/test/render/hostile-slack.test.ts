import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/render/render-email.js';
import { renderSlackMessage } from '../../src/render/render-slack.js';
import { sanitizeText } from '../../src/escape/sanitize-text.js';
import { buildAlert } from '@b2c-alerts/notify';
import { candidate, event, hugeHostileAlert, rule, smallHostileAlert } from '../helpers/hostile-alert.js';
import { allStrings } from '../helpers/payload-walk.js';

/** Every mrkdwn text object of a message, wherever Block Kit allows one. */
function mrkdwnObjects(blocks: KnownBlock[]): Array<{ type: string; text: string; verbatim?: boolean }> {
  const found: Array<{ type: string; text: string; verbatim?: boolean }> = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const o = value as Record<string, unknown>;
    if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') found.push(o as { type: string; text: string });
    Object.values(o).forEach(visit);
  };
  visit(blocks);
  return found;
}

/**
 * Invisible characters that make two strings look the same: format characters (category Cf: zero-width
 * space, non-joiner and joiner, word joiner, BOM, soft hyphen, invisible operators, interlinear
 * annotations, Mongolian vowel separator), the tag block U+E0000–U+E007F, and other default-ignorable
 * code points (Hangul fillers, combining grapheme joiner, variation selectors).
 */
const invisibles = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\uFEFF',
  '\u2060',
  '\u00AD',
  '\u2061',
  '\u2064',
  '\u180E',
  '\uFFF9',
  '\uFFFB',
  '\u{E0000}',
  '\u{E0001}',
  '\u{E0041}',
  '\u{E007F}',
  '\u3164',
  '\u034F',
  '\uFE00',
  '\u{E0100}',
];
const spoofed = `ad${invisibles.join('')}min\u200B@contoso.com`;

function spoofedAlert() {
  return buildAlert(
    candidate(event({ actor: spoofed, activity: `Add${invisibles.join('')} member`, target: spoofed, note: spoofed })),
    rule,
    { ruleSetVersion: 'abc1234' },
  );
}

/** The invisible characters left in `s`, one code point at a time (a character class would join them). */
function invisiblesIn(s: string): string[] {
  return [...s].filter((ch) => invisibles.includes(ch));
}

describe('Slack rendering of hostile event text', () => {
  it('marks every mrkdwn object verbatim, so Slack links no URL or channel name in it', () => {
    for (const alert of [smallHostileAlert(), hugeHostileAlert(), spoofedAlert()]) {
      const objects = mrkdwnObjects(renderSlackMessage(alert).blocks);
      expect(objects.length).toBeGreaterThanOrEqual(3);
      for (const o of objects) expect(o).toMatchObject({ type: 'mrkdwn', verbatim: true });
    }
  });

  it('strips format and tag characters, so a look-alike admin reads as itself', () => {
    const { text, blocks } = renderSlackMessage(spoofedAlert());
    for (const s of [text, ...allStrings(blocks)]) {
      // The only invisible character left is the word joiner escapeSlack puts into a bare @channel.
      expect(invisiblesIn(s.replace(/@\u2060(channel|here|everyone)/gi, ''))).toEqual([]);
    }
    expect(text).toContain('*Who:* admin@contoso.com');
    expect(text).toContain('*Did:* Add member');
  });
});

describe('email rendering of hostile event text', () => {
  it('strips format and tag characters from the subject, the text and the HTML', () => {
    const { subject, text, html } = renderEmail(spoofedAlert());
    for (const s of [subject, text, html]) expect(invisiblesIn(s)).toEqual([]);
    expect(text).toContain('Who: admin@contoso.com');
    expect(html).toContain('admin@contoso.com');
  });
});

describe('the shared sanitizer', () => {
  it('keeps visible text, line breaks and tabs, and drops only what is invisible', () => {
    const visible = 'José Müller 山田 Ελένη عمر ❤ 👍 a\tb\nc';
    expect(sanitizeText(visible, { maxLength: 200 })).toBe(visible);
    expect(sanitizeText(`admin\u200B@contoso.com\u{E0041}\u00AD`, { maxLength: 200 })).toBe('admin@contoso.com');
  });
});
