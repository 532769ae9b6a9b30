import type { ContextBlock, HeaderBlock, KnownBlock, MrkdwnElement, SectionBlock } from '@slack/web-api';
import type { Alert } from '../alert/alert.js';
import { summarizeAlert, type SummaryLine } from '../alert/alert-summary.js';
import type { RenderOptions } from '../alert/investigation-links.js';
import { escapeSlack } from '../escape/escape-slack.js';
import { safeUrl } from '../escape/safe-url.js';
import { sanitizeText } from '../escape/sanitize-text.js';
import type { Severity } from '@b2c-alerts/rule-engine';

export interface SlackMessage {
  /** Notification and fallback text; Slack parses it as mrkdwn, so it is escaped like the blocks. */
  text: string;
  blocks: KnownBlock[];
}

const severityEmoji: Record<Severity, string> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_yellow_circle:',
  info: ':information_source:',
};
const resolvedEmoji = ':white_check_mark:';

/**
 * Slack limits: header text 150, section text 3000, a field 2000, 10 fields per section, 50 blocks.
 * Values are bounded so the largest possible message stays inside them: the main section holds the
 * description (1000) and at most 5 event lines of label + 300.
 */
const headerLength = 150;
const descriptionLength = 1000;
const valueLength = 300;
const labelLength = 100;
const fieldsPerSection = 10;
const maxFactSections = 3;

function line(l: SummaryLine): string {
  return `*${escapeSlack(l.label, { singleLine: true, maxLength: labelLength })}:* ${escapeSlack(l.value, { singleLine: true, maxLength: valueLength })}`;
}

/**
 * A mrkdwn text object with `verbatim: true`: Slack then turns no bare URL, channel name or mention in
 * it into a link (escaping already stops the `<…>` forms); the `<url|label>` links we build still work.
 */
function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}

function field(l: SummaryLine): MrkdwnElement {
  const label = escapeSlack(l.label, { singleLine: true, maxLength: labelLength });
  return mrkdwn(`*${label}*\n${escapeSlack(l.value, { singleLine: true, maxLength: valueLength })}`);
}

/** `<url|label>` with a validated URL; `&`, `<`, `>` escaped as Slack expects inside links. */
function link(url: string, label: string): string | undefined {
  const safe = safeUrl(url);
  if (!safe) return undefined;
  return `<${safe.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}|${escapeSlack(label, { singleLine: true })}>`;
}

/** Block Kit message for one alert; every event-sourced string is escaped and bounded. */
export function renderSlackMessage(alert: Alert, o: RenderOptions = {}): SlackMessage {
  const summary = summarizeAlert(alert, o);
  const resolved = alert.status === 'resolved';
  const emoji = resolved ? resolvedEmoji : severityEmoji[alert.severity];

  const header: HeaderBlock = {
    type: 'header',
    text: {
      type: 'plain_text',
      emoji: true,
      text: sanitizeText(`${emoji} ${resolved ? 'Resolved: ' : ''}${alert.title}`, {
        singleLine: true,
        maxLength: headerLength,
      }),
    },
  };

  const description = escapeSlack(alert.description, { maxLength: descriptionLength });
  const main: SectionBlock = {
    type: 'section',
    text: mrkdwn([description, '', ...summary.event.map(line)].join('\n')),
  };

  const factSections: SectionBlock[] = [];
  const facts = summary.facts.slice(0, fieldsPerSection * maxFactSections);
  for (let i = 0; i < facts.length; i += fieldsPerSection) {
    factSections.push({ type: 'section', fields: facts.slice(i, i + fieldsPerSection).map(field) });
  }

  const context: ContextBlock = {
    type: 'context',
    elements: [mrkdwn(summary.context.map(line).join('  ·  '))],
  };

  const blocks: KnownBlock[] = [header, main, ...factSections, context];
  const links = summary.links.map((l) => link(l.url, l.label)).filter((l) => l !== undefined);
  if (links.length > 0) blocks.push({ type: 'context', elements: [mrkdwn(links.join('  ·  '))] });

  const who = summary.event.filter((l) => l.label !== 'When').map(line);
  const headline = escapeSlack(summary.headline, { singleLine: true });
  const text = `${emoji} ${headline}${who.length > 0 ? ` — ${who.join(', ')}` : ''}`;
  return { text, blocks };
}
