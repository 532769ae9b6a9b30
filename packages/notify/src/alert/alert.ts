import { createHash } from 'node:crypto';
import type { AuditEvent } from '@b2c-alerts/audit-client';
import { getFact, type AlertCandidate, type RuleDefinition, type Severity } from '@b2c-alerts/rule-engine';
import { sanitizeText } from '../escape/sanitize-text.js';
import { safeUrl } from '../escape/safe-url.js';
import type { DirectoryName } from './directory-names.js';

export interface AlertField {
  name: string;
  value: string;
}

/**
 * What renderers and senders receive: one alert of one group. It travels in job data, so it holds no
 * secrets and every event-sourced string is already bounded (and stripped of control characters);
 * event text is still untrusted here and each renderer escapes it for its format.
 */
export interface Alert {
  /** Deterministic: the same group and first event time give the same id (for idempotent delivery). */
  id: string;
  /** A notification that merges a group window's alerts: their ids, oldest first (`id` is derived from them). */
  alertIds?: string[];
  ruleId: string;
  title: string;
  description: string;
  severity: Severity;
  runbook?: string;
  /** The tenant's configured name (BuildAlertOptions.tenantName), else its id. */
  tenant?: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  count: number;
  firstTime: string;
  lastTime: string;
  eventIds: string[];
  suppressed: number;
  topValues?: Array<{ value: string; count: number }>;
  /** A sequence's steps: how many events (distinct values) each held, and when (its event ids are in eventIds). */
  steps?: Array<{ name: string; count: number; firstTime: string; lastTime: string }>;
  /** spike: the window `count` (firstTime to lastTime) is compared with, just before it and as long. */
  previous?: { count: number; firstTime: string; lastTime: string };
  /**
   * The rule's `fields` facts read from the triggering event, in the rule's order; absent facts are
   * left out. A rule that lists none gets its candidate's group values instead (see groupValueFields).
   */
  fields: AlertField[];
  /** Who acted: the event's best actor name. */
  actor?: string;
  activity?: string;
  /** The first target's display name, else its upn, else its id. */
  target?: string;
  ip?: string;
  ruleSetVersion: string;
  /** Entra admin center audit-log view of the tenant, when a tenant is known. */
  auditLogUrl?: string;
  /**
   * Display names of the application and service-principal ids the alert shows, looked up in Graph
   * (withDirectoryNames); renderers show "Name (id)". Absent when none were looked up or found.
   */
  names?: DirectoryName[];
}

export interface BuildAlertOptions {
  ruleSetVersion: string;
  /** The tenant the events were read from (id or domain); wins over the event's TenantId detail. */
  tenant?: string;
  /**
   * The configured tenant name (TENANT_NAME) shown in alerts; the tenant (id) otherwise. Only
   * `tenant` and the event's TenantId make the audit log link: a name is no URL path of Entra's.
   */
  tenantName?: string;
}

/**
 * Longest event-sourced string kept in an alert. Renderers trim much shorter; this bound only keeps a
 * 100 kB hostile value out of job data.
 */
const storedValueLength = 2000;
const maxEventIds = 100;
const maxFields = 20;
/** A sequence has at most 5 steps (rule-engine's maxSequenceSteps); more is not a rule file's. */
const maxSteps = 5;

function bounded(value: string | undefined): string | undefined {
  return value === undefined ? undefined : sanitizeText(value, { maxLength: storedValueLength });
}

function factText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** sha256 over the group key, first event time and status, as 16 hex digits. */
/**
 * Identical for a replayed candidate (the store re-emits it after a crash), distinct for two alerts
 * of one group at the same millisecond: the first event id tells those apart.
 */
export function alertId(c: Pick<AlertCandidate, 'groupKey' | 'firstTime' | 'status' | 'eventIds'>): string {
  const first = c.eventIds[0] ?? '';
  return createHash('sha256')
    .update(`${c.groupKey}\u0000${c.firstTime}\u0000${c.status}\u0000${first}`)
    .digest('hex')
    .slice(0, 16);
}

/**
 * Best effort: the admin center has no documented deep link to one event, and its URL layout may
 * change; this opens the tenant's audit log list. Only tenant ids and domain names are linked.
 */
export function entraAuditLogUrl(tenant: string): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/.test(tenant)) return undefined;
  return `https://entra.microsoft.com/${tenant}/#view/Microsoft_AAD_IAM/AuditLogList.ReactView`;
}

function readFields(event: AuditEvent | undefined, names: readonly string[]): AlertField[] {
  if (!event) return [];
  const fields: AlertField[] = [];
  for (const name of names.slice(0, maxFields)) {
    const value = factText(getFact(event, name));
    if (value !== undefined) fields.push({ name, value: bounded(value) ?? '' });
  }
  return fields;
}

/**
 * The candidate's group values as fields, for a rule that lists no `fields` (the worker's self-alerts
 * put their details there: rejected rule problems, a dead letter's error, a poll failure's reason).
 * A multi-line value becomes one field per line, so renderers that show a field on one line keep every
 * problem readable. At most `maxFields` in all, each key keeping at least one; a value cut short ends
 * with a field saying how many lines were left out. Values stay untrusted: renderers escape them.
 */
function groupValueFields(values: Record<string, unknown>): AlertField[] {
  const entries = Object.entries(values).slice(0, maxFields);
  const fields: AlertField[] = [];
  entries.forEach(([key, raw], i) => {
    const text = factText(raw);
    if (text === undefined) return;
    const name = bounded(key) ?? '';
    const lines = text.split(/\r?\n|[\r\u2028\u2029]/).filter((l) => l.trim() !== '');
    if (lines.length === 0) return;
    const room = maxFields - fields.length - (entries.length - i - 1);
    const keep = lines.length <= room ? lines.length : Math.max(1, room - 1);
    for (const l of lines.slice(0, keep)) fields.push({ name, value: bounded(l) ?? '' });
    if (keep < lines.length && room > keep) fields.push({ name, value: `… and ${lines.length - keep} more` });
  });
  return fields;
}

/** Turns what the rule engine hands on into the alert the renderers see. */
export function buildAlert(candidate: AlertCandidate, rule: RuleDefinition, o: BuildAlertOptions): Alert {
  const event = candidate.event;
  const tenant = o.tenant ?? event?.tenant;
  const tenantName = o.tenantName ?? tenant;
  const target = event?.target;
  const alert: Alert = {
    id: alertId(candidate),
    ruleId: candidate.ruleId,
    title: candidate.title,
    description: rule.description,
    severity: candidate.severity,
    status: candidate.status,
    groupKey: candidate.groupKey,
    count: candidate.count,
    firstTime: bounded(candidate.firstTime) ?? '',
    lastTime: bounded(candidate.lastTime) ?? '',
    eventIds: candidate.eventIds.slice(0, maxEventIds),
    suppressed: candidate.suppressed,
    fields: rule.fields.length > 0 ? readFields(event, rule.fields) : groupValueFields(candidate.groupValues),
    ruleSetVersion: o.ruleSetVersion,
  };
  const runbook = safeUrl(rule.runbook);
  if (runbook) alert.runbook = runbook;
  if (tenantName) alert.tenant = bounded(tenantName);
  if (candidate.topValues) {
    alert.topValues = candidate.topValues.slice(0, 10).map((t) => ({ value: bounded(t.value) ?? '', count: t.count }));
  }
  if (candidate.steps) {
    alert.steps = candidate.steps.slice(0, maxSteps).map((step) => ({
      name: bounded(step.name) ?? '',
      count: step.count,
      firstTime: bounded(step.firstTime) ?? '',
      lastTime: bounded(step.lastTime) ?? '',
    }));
  }
  if (candidate.previous) {
    const { count, firstTime, lastTime } = candidate.previous;
    alert.previous = { count, firstTime: bounded(firstTime) ?? '', lastTime: bounded(lastTime) ?? '' };
  }
  const actor = bounded(event?.actor.name ?? event?.actor.upn ?? event?.actor.displayName);
  if (actor) alert.actor = actor;
  const activity = bounded(event?.activity);
  if (activity) alert.activity = activity;
  const targetName = bounded(target?.displayName ?? target?.upn ?? target?.id);
  if (targetName) alert.target = targetName;
  const ip = bounded(event?.ip);
  if (ip) alert.ip = ip;
  const auditLogUrl = tenant ? entraAuditLogUrl(tenant) : undefined;
  if (auditLogUrl) alert.auditLogUrl = auditLogUrl;
  return alert;
}
