import type { PlantedIncident } from './live-tenant.js';

export interface DemoSummary {
  /** Epoch ms when the demo stopped: incidents due later had not happened yet. */
  endedAt: number;
  minutes: number;
  eventsServed: number;
  graphRequests: number;
  /** Poll jobs the worker finished (or failed). */
  polls: number;
  alertsPerRule: Array<{ rule: string; count: number }>;
  slackTopLevel: number;
  slackInThreads: number;
  emails: number;
  /** Alerts the web console's Alerts page listed at the end (GET /api/alerts). */
  consoleAlerts: number;
  incidents: PlantedIncident[];
  alerted: PlantedIncident[];
}

const n = (value: number) => value.toLocaleString('en-US');

/** The demo's closing lines: what the tenant served, what the worker did, what reached Slack and email. */
export function formatDemoSummary(s: DemoSummary): string {
  const lines = [
    '',
    `Summary (${n(Math.round(s.minutes * 60))} s)`,
    `  Graph emulator   ${n(s.eventsServed)} events served in ${n(s.graphRequests)} requests; ${n(s.polls)} polls`,
    `  alerts per rule  ${s.alertsPerRule.length === 0 ? 'none' : ''}`.trimEnd(),
    ...s.alertsPerRule.map((r) => `    ${r.rule.padEnd(52)} ${n(r.count)}`),
    `  Slack            ${n(s.slackTopLevel + s.slackInThreads)} messages (${n(s.slackTopLevel)} top-level, ${n(s.slackInThreads)} in threads)`,
    `  email            ${n(s.emails)} messages`,
    `  console          ${n(s.consoleAlerts)} alerts under Alerts (GET /api/alerts)`,
    ...s.incidents.map(
      (incident) =>
        `  ${(s.alerted.includes(incident) ? 'alerted' : incident.at > s.endedAt ? 'not yet planted' : 'not alerted').padEnd(17)}${incident.what}`,
    ),
    `  expected ${s.incidents.length} incidents → ${s.alerted.length} alerted`,
  ];
  return `${lines.join('\n')}\n`;
}
