import type { ReceivedMail, SlackEmulator, SlackPostedMessage, SmtpSink } from '@b2c-alerts/testkit';
import { escapeControlChars } from '../text/escape-control-chars.js';
import type { PlantedIncident } from './live-tenant.js';

export type DemoChannel = 'slack' | 'email';

/** `+47s` from the demo's start. */
export function sinceStart(start: number, at: number): string {
  return `+${Math.max(0, Math.round((at - start) / 1000))}s`.padStart(6);
}

/** Slack's mrkdwn escapes undone, for reading in a terminal (control characters stay escaped). */
function plain(text: string): string {
  return escapeControlChars(text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

/**
 * Watches what the Slack emulator and the SMTP sink receive: one line each as it arrives, and which
 * planted incidents reached which channel (an alert mentions the incident's marker).
 */
/** The console link the Slack renderer adds (`<console>/#/alerts/<id>`); ours, on loopback. */
const investigateLink = /http:\/\/127\.0\.0\.1:\d+\/#\/alerts\/[A-Za-z0-9%._-]+/;

export class DemoObserver {
  readonly slackMessages: SlackPostedMessage[] = [];
  readonly mails: ReceivedMail[] = [];
  readonly #reached = new Map<PlantedIncident, Set<DemoChannel>>();
  readonly #unsubscribe: Array<() => void> = [];
  readonly #listeners: Array<() => void> = [];

  constructor(
    private readonly o: {
      slack: SlackEmulator;
      smtp: SmtpSink;
      incidents: PlantedIncident[];
      start: number;
      now: () => number;
      say: (line: string) => void;
    },
  ) {
    for (const incident of o.incidents) this.#reached.set(incident, new Set());
    this.#unsubscribe.push(
      o.slack.onMessage((message) => this.#onSlack(message)),
      o.smtp.onMail((mail) => this.#onMail(mail)),
    );
  }

  /** Incidents that reached at least one channel. */
  alerted(): PlantedIncident[] {
    return [...this.#reached].filter(([, channels]) => channels.size > 0).map(([incident]) => incident);
  }

  reached(channel: DemoChannel): number {
    return [...this.#reached.values()].filter((channels) => channels.has(channel)).length;
  }

  /** True once every incident reached both Slack and email. */
  everyIncidentEverywhere(): boolean {
    return [...this.#reached.values()].every((channels) => channels.size === 2);
  }

  /** Calls `listener` after each message or mail. */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  close(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#listeners.length = 0;
  }

  #onSlack(message: SlackPostedMessage): void {
    this.slackMessages.push(message);
    const where = message.thread_ts === undefined ? 'top-level' : `in thread ${message.thread_ts}`;
    const firstLine = message.text.split('\n')[0] ?? '';
    this.o.say(
      `${sinceStart(this.o.start, this.o.now())}  slack  ${plain(message.channel)} ${where}: ${plain(firstLine)}`,
    );
    const content = `${message.text}\n${JSON.stringify(message.blocks ?? [])}`;
    // The worker's CONSOLE_URL link: the alert and its events in the demo's web console.
    const link = investigateLink.exec(content)?.[0];
    if (link !== undefined) this.o.say(`        investigate  ${plain(link)}`);
    this.#mark('slack', content);
  }

  #onMail(mail: ReceivedMail): void {
    this.mails.push(mail);
    this.o.say(
      `${sinceStart(this.o.start, this.o.now())}  email  "${plain(mail.subject)}" to ${plain(mail.to.join(', '))}`,
    );
    this.#mark('email', `${mail.subject}\n${mail.text}`);
  }

  #mark(channel: DemoChannel, content: string): void {
    for (const [incident, channels] of this.#reached) if (content.includes(incident.marker)) channels.add(channel);
    for (const listener of this.#listeners) listener();
  }
}
