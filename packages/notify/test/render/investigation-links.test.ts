import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/alert/alert.js';
import { renderEmail } from '../../src/render/render-email.js';
import { renderSlackMessage } from '../../src/render/render-slack.js';
import { smallHostileAlert } from '../helpers/hostile-alert.js';

const consoleUrl = 'https://alerts.contoso.test/console';

function alertWith(over: Partial<Alert> = {}): Alert {
  return { ...smallHostileAlert(), id: '0123456789abcdef', eventIds: ['Directory_1', 'Directory_2'], ...over };
}

/** The `<url|label>` links of the Slack message's last context block. */
function slackLinks(blocks: KnownBlock[]): string[] {
  const text = JSON.stringify(blocks);
  return [...text.matchAll(/<(https?:[^|>]*)\|([^>]*)>/g)].map((m) => `${m[2]} ${m[1]}`);
}

/** The href and text of every <a> of the email's HTML. */
function htmlLinks(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`);
}

describe('investigation links (CONSOLE_URL)', () => {
  it('links Slack and email alerts to the alert and its events when a console is set', () => {
    const alert = alertWith();
    const slack = renderSlackMessage(alert, { consoleUrl });
    expect(slackLinks(slack.blocks)).toEqual(
      expect.arrayContaining([
        `Investigate ${consoleUrl}/#/alerts/0123456789abcdef`,
        `Events ${consoleUrl}/#/events?ids=Directory_1,Directory_2`,
      ]),
    );
    const email = renderEmail(alert, { consoleUrl });
    expect(htmlLinks(email.html)).toEqual(
      expect.arrayContaining([
        `Investigate ${consoleUrl}/#/alerts/0123456789abcdef`,
        `Events ${consoleUrl}/#/events?ids=Directory_1,Directory_2`,
      ]),
    );
    expect(email.text).toContain(`Investigate: ${consoleUrl}/#/alerts/0123456789abcdef\n`);
  });

  it('has no console link when none is set', () => {
    const alert = alertWith();
    for (const rendered of [
      JSON.stringify(renderSlackMessage(alert).blocks),
      renderEmail(alert).html,
      renderEmail(alert).text,
      JSON.stringify(renderSlackMessage(alert, {}).blocks),
    ]) {
      expect(rendered).not.toContain('Investigate');
      expect(rendered).not.toContain('#/alerts/');
      expect(rendered).not.toContain('#/events');
    }
  });

  it('links a merged notification to its newest alert', () => {
    const alert = alertWith({ id: 'merged0000000000', alertIds: ['a1', 'a2'] });
    expect(slackLinks(renderSlackMessage(alert, { consoleUrl }).blocks)).toContain(
      `Investigate ${consoleUrl}/#/alerts/a2`,
    );
  });

  it('keeps a hostile alert id or event id inside its URL and out of the markup', () => {
    const hostileId = 'x>|<!channel> "onmouseover=alert(1) #/../evil?y=1&z=<script>';
    const alert = alertWith({ id: hostileId, eventIds: [hostileId, 'a,b', 'ok'] });
    const encoded = encodeURIComponent(hostileId);

    const slack = renderSlackMessage(alert, { consoleUrl });
    const links = slackLinks(slack.blocks);
    expect(links).toContain(`Investigate ${consoleUrl}/#/alerts/${encoded.replace(/&/g, '&amp;')}`);
    expect(links).toContain(`Events ${consoleUrl}/#/events?ids=${encoded.replace(/&/g, '&amp;')},a%2Cb,ok`);
    const blocksText = JSON.stringify(slack.blocks);
    expect(blocksText).not.toContain('<!channel>');
    expect(blocksText).not.toContain('<script>');

    const email = renderEmail(alert, { consoleUrl });
    expect(htmlLinks(email.html)).toContain(`Investigate ${consoleUrl}/#/alerts/${encoded.replace(/&/g, '&amp;')}`);
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('"onmouseover');
    // Every href holds only URL characters: nothing breaks out of the attribute.
    for (const [, href] of email.html.matchAll(/href="([^"]*)"/g))
      expect(href).toMatch(/^[A-Za-z0-9:/?#&;=%.,_~!*'()-]+$/);
  });

  it('leaves out event ids that would make the events link too long', () => {
    const eventIds = Array.from({ length: 100 }, (_, i) => `Directory_${'0'.repeat(30)}${i}`);
    const slack = renderSlackMessage(alertWith({ eventIds }), { consoleUrl });
    const events = slackLinks(slack.blocks).find((l) => l.startsWith('Events '));
    expect(events).toBeDefined();
    expect(events!.length).toBeLessThanOrEqual(1810);
    expect(events).toContain(`ids=${eventIds[0]},`);
  });
});
