import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/escape/escape-html.js';
import { escapeSlack } from '../../src/escape/escape-slack.js';
import { safeUrl } from '../../src/escape/safe-url.js';
import { sanitizeText, stripControlChars } from '../../src/escape/sanitize-text.js';

const wj = '\u2060';

describe('escapeSlack', () => {
  it('makes mentions, links and entities inert', () => {
    expect(escapeSlack('<!channel> <!here> <@U123ABC> <https://evil.example|click> &amp;')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U123ABC&gt; &lt;https://evil.example|click&gt; &amp;amp;',
    );
  });

  it('neutralises bare @channel, @here and @everyone in any case', () => {
    expect(escapeSlack('@channel @Here x@everyone @chan')).toBe(`@${wj}channel @${wj}Here x@${wj}everyone @chan`);
  });

  it('neutralises a mention that a control character tried to split', () => {
    expect(escapeSlack('@\u0000channel')).toBe(`@${wj}channel`);
  });

  it('leaves formatting characters as they are', () => {
    expect(escapeSlack('*bold* _it_ ~s~ `c`')).toBe('*bold* _it_ ~s~ `c`');
  });

  it('strips C0, C1 and bidi controls but keeps newlines and tabs unless single-line', () => {
    const input = 'a\u0000b\u0007c\u001bd\u007fe\u0085f\u202Eg\u2066h\u2069i\u200Fj\r\nk\tl';
    expect(escapeSlack(input)).toBe('abcdefghij\nk\tl');
    expect(escapeSlack(input, { singleLine: true })).toBe('abcdefghij k l');
  });

  it('bounds the escaped result, never cutting an entity, and marks the cut', () => {
    expect(escapeSlack('a'.repeat(400))).toBe(`${'a'.repeat(299)}…`);
    expect(escapeSlack('<'.repeat(10), { maxLength: 10 })).toBe('&lt;&lt;…');
    const huge = escapeSlack('<!channel>'.repeat(10_000));
    expect(huge.length).toBeLessThanOrEqual(300);
    expect(huge.endsWith('…')).toBe(true);
    expect(huge.slice(0, -1)).not.toMatch(/&[a-z]{0,3}$/);
  });

  it('does not split a surrogate pair', () => {
    expect(escapeSlack('😀😀😀', { maxLength: 4 })).toBe('😀…');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'q'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;',
    );
  });

  it('strips controls and bounds the result', () => {
    expect(escapeHtml('a\u0000\u202Eb')).toBe('ab');
    expect(escapeHtml('&'.repeat(100), { maxLength: 12 })).toBe('&amp;&amp;…');
  });
});

describe('sanitizeText and stripControlChars', () => {
  it('makes one clean line for headers', () => {
    expect(sanitizeText('Key deleted\r\nBcc: x@evil\u2028y', { singleLine: true, maxLength: 100 })).toBe(
      'Key deleted Bcc: x@evil y',
    );
  });

  it('turns Unicode line separators into newlines in multi-line text', () => {
    expect(stripControlChars('a\u2028b\u2029c')).toBe('a\nb\nc');
  });
});

describe('safeUrl', () => {
  it('accepts http(s) URLs and encodes the Slack label separator', () => {
    expect(safeUrl('https://runbooks.example/a|b?x=1&y=2')).toBe('https://runbooks.example/a%7Cb?x=1&y=2');
    expect(safeUrl('http://intranet.example/')).toBe('http://intranet.example/');
  });

  it('refuses other schemes, credentials and garbage', () => {
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      '/relative',
      'not a url',
      'https://u:p@host.example/',
      `https://x.example/${'a'.repeat(2100)}`,
    ]) {
      expect(safeUrl(bad)).toBeUndefined();
    }
    expect(safeUrl(undefined)).toBeUndefined();
  });
});
