import type { Alert } from './alert.js';
import { namer } from './directory-names.js';
import { investigationLinks, type RenderOptions } from './investigation-links.js';

export interface SummaryLine {
  label: string;
  /** Raw, untrusted text: each renderer escapes it for its format. */
  value: string;
}

/**
 * The content of an alert, in the order every channel shows it, before any format is applied. Slack
 * and email render the same summary so both channels say the same thing.
 */
export interface AlertSummary {
  /** `[CRITICAL] Policy key deleted`, or `[RESOLVED] [CRITICAL] …`. */
  headline: string;
  /** "Who did what to which target, when, from where." */
  event: SummaryLine[];
  /** Severity, count, the previous window (spikes), suppressed and top values (aggregates), a sequence's steps, then the rule's fields. */
  facts: SummaryLine[];
  /** Where the alert comes from: tenant, rule, rule set version, alert id. */
  context: SummaryLine[];
  /** Validated http(s) URLs only (see safeUrl). */
  links: Array<{ label: string; url: string }>;
}

const maxTopValues = 5;

function when(alert: Alert): string {
  return alert.firstTime === alert.lastTime ? alert.firstTime : `${alert.firstTime} to ${alert.lastTime}`;
}

/** A spike's change against its previous window, in whole percent: `+400%`, `-62%`, or from none. */
function change(previous: number, current: number): string {
  if (previous === 0) return `from none to ${current}`;
  const percent = Math.round(((current - previous) / previous) * 100);
  return `${percent > 0 ? '+' : ''}${percent}%`;
}

/** The renderer-independent content of an alert. */
export function summarizeAlert(alert: Alert, o: RenderOptions = {}): AlertSummary {
  const severity = `[${alert.severity.toUpperCase()}]`;
  const headline = `${alert.status === 'resolved' ? '[RESOLVED] ' : ''}${severity} ${alert.title}`;

  // Application and service-principal ids read "Display Name (id)" wherever they show.
  const named = namer(alert);
  const event: SummaryLine[] = [];
  if (alert.actor !== undefined) event.push({ label: 'Who', value: named(alert.actor) });
  if (alert.activity !== undefined) event.push({ label: 'Did', value: alert.activity });
  if (alert.target !== undefined) event.push({ label: 'Target', value: named(alert.target) });
  event.push({ label: 'When', value: when(alert) });
  if (alert.ip !== undefined) event.push({ label: 'IP', value: alert.ip });

  const facts: SummaryLine[] = [{ label: 'Severity', value: alert.severity }];
  if (alert.count !== 1 || alert.previous !== undefined) facts.push({ label: 'Count', value: String(alert.count) });
  if (alert.previous !== undefined) {
    const { count, firstTime, lastTime } = alert.previous;
    facts.push({ label: 'Previous window', value: `${count} (${firstTime} to ${lastTime})` });
    facts.push({ label: 'Change', value: change(count, alert.count) });
  }
  if (alert.suppressed > 0) facts.push({ label: 'Suppressed', value: String(alert.suppressed) });
  for (const top of (alert.topValues ?? []).slice(0, maxTopValues)) {
    facts.push({ label: 'Top value', value: `${named(top.value)} (${top.count})` });
  }
  for (const step of alert.steps ?? []) {
    const span = step.firstTime === step.lastTime ? step.firstTime : `${step.firstTime} to ${step.lastTime}`;
    facts.push({
      label: `Step ${step.name}`,
      value: `${step.count} ${step.count === 1 ? 'event' : 'events'}, ${span}`,
    });
  }
  for (const field of alert.fields) facts.push({ label: field.name, value: named(field.value) });

  const context: SummaryLine[] = [];
  if (alert.tenant !== undefined) context.push({ label: 'Tenant', value: alert.tenant });
  context.push({ label: 'Rule', value: alert.ruleId });
  context.push({ label: 'Rule set', value: alert.ruleSetVersion });
  context.push({ label: 'Alert', value: alert.id });

  const links: AlertSummary['links'] = [];
  if (alert.runbook !== undefined) links.push({ label: 'Runbook', url: alert.runbook });
  if (alert.auditLogUrl !== undefined) links.push({ label: 'Audit log (Entra admin center)', url: alert.auditLogUrl });
  links.unshift(...investigationLinks(alert, o));

  return { headline, event, facts, context, links };
}
