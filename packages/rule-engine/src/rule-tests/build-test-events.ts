import { normalize, type AuditEvent, type AuditTarget, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { parseDuration } from '../parsing/parse-duration.js';
import { parseOffset } from './parse-offset.js';
import type { TestEvent } from './tests-file-schema.js';

/** Where a case's timeline starts when it names no `start`. */
export const defaultTestStart = Date.parse('2026-01-05T10:00:00Z');

export interface BuildTestEventsOptions {
  /** Index of the case in its file, for default ids `test-<case>-<event>`. Default 0. */
  caseIndex?: number;
  /** Epoch ms of the first event unless it says otherwise. Default defaultTestStart. */
  start?: number;
}

const defaultGapMs = 1000;

/**
 * The AuditEvents of a case's timed sequence, in the order listed (times may go backwards with a
 * negative `at` or an earlier `time`). The first event is at `start` (+ its `at`); each later one is
 * `at` (default +1s) after the previous, or at its `time`. A repeated item yields `repeat` events
 * `every` (default 1s) apart, `vary` applied to each. Ids default to `test-<case>-<n>`, n counting the
 * expanded events from 0.
 *
 * Compact facts get the defaults a real event would have: category Other, targets [target] (or target
 * from targets[0]), actor.name (and member, owner and app names), ip and tenant derived as normalize()
 * derives them. A raw record keeps
 * its id and is turned into facts by normalize(), its activityDateTime replaced by the timeline's.
 */
export function buildTestEvents(items: readonly TestEvent[], options: BuildTestEventsOptions = {}): AuditEvent[] {
  const caseIndex = options.caseIndex ?? 0;
  const start = options.start ?? defaultTestStart;
  const events: AuditEvent[] = [];
  let previous: number | undefined;
  for (const item of items) {
    const first =
      item.time !== undefined
        ? Date.parse(item.time)
        : (previous ?? start) +
          (item.at !== undefined ? parseOffset(item.at) : previous === undefined ? 0 : defaultGapMs);
    const every = item.every !== undefined ? parseDuration(item.every) : defaultGapMs;
    for (let i = 1; i <= item.repeat; i++) {
      const time = first + (i - 1) * every;
      const defaultId = `test-${caseIndex}-${events.length}`;
      events.push(item.raw !== undefined ? rawEvent(item, i, time, defaultId) : compactEvent(item, i, time, defaultId));
      previous = time;
    }
  }
  return events;
}

function varied(value: unknown, i: number): unknown {
  if (Array.isArray(value)) return value[(i - 1) % value.length];
  return typeof value === 'string' ? value.replaceAll('{i}', String(i)) : value;
}

/** Sets a dotted path in a plain object tree, creating objects on the way (numeric segments index lists). */
function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  let node: Record<string, unknown> = root;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (next === null || typeof next !== 'object') node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]!] = value;
}

function idFor(given: unknown, item: TestEvent, i: number, defaultId: string): string {
  if (typeof given !== 'string' || given === '') return defaultId;
  return item.repeat > 1 && item.vary?.['id'] === undefined ? `${given}-${i}` : given;
}

function rawEvent(item: TestEvent, i: number, time: number, defaultId: string): AuditEvent {
  const raw = structuredClone(item.raw) as Record<string, unknown>;
  const givenId = raw['id'];
  for (const [path, value] of Object.entries(item.vary ?? {})) setPath(raw, path, varied(value, i));
  const id = item.vary?.['id'] !== undefined ? String(raw['id']) : idFor(givenId, item, i, defaultId);
  return normalize({ ...raw, id, activityDateTime: new Date(time).toISOString() } as DirectoryAudit);
}

function compactEvent(item: TestEvent, i: number, time: number, defaultId: string): AuditEvent {
  const facts = structuredClone(item) as TestEvent & Record<string, unknown>;
  for (const [fact, value] of Object.entries(item.vary ?? {})) {
    const text = varied(value, i);
    setPath(facts, fact, fact.startsWith('details.') ? String(text) : text);
  }
  const iso = new Date(time).toISOString();
  const actor = { ...facts.actor };
  const name = actor.name ?? actor.upn ?? actor.displayName ?? actor.spn ?? actor.appId ?? actor.id;
  if (name !== undefined) actor.name = name;
  const details = { ...facts.details };
  const targets: AuditTarget[] =
    facts.targets ?? (facts.target !== undefined ? [{ ...facts.target, modified: [] }] : []);
  const event: AuditEvent = {
    id: item.vary?.['id'] !== undefined ? String(facts.id) : idFor(item.id, item, i, defaultId),
    time: iso,
    timestamp: time,
    activity: facts.activity ?? '',
    category: facts.category ?? 'Other',
    actor,
    targets,
    details,
  };
  for (const key of [
    'categoryRaw',
    'result',
    'resultReason',
    'service',
    'operationType',
    'correlationId',
    'userAgent',
  ] as const) {
    const value = facts[key];
    if (value !== undefined) event[key] = String(value);
  }
  for (const key of ['role', 'credential', 'consent', 'redirectUris'] as const) {
    const value = facts[key];
    if (value !== undefined) (event as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of ['member', 'owner'] as const) {
    const value = facts[key];
    if (value === undefined) continue;
    const name = value.name ?? value.upn ?? value.displayName ?? value.id;
    event[key] = name === undefined ? value : { ...value, name };
  }
  if (facts.app !== undefined) {
    const name = facts.app.name ?? facts.app.displayName ?? facts.app.appId ?? facts.app.id;
    event.app = name === undefined ? facts.app : { ...facts.app, name };
  }
  const first = targets[0];
  const target = facts.target ?? (first === undefined ? undefined : summaryOf(first));
  if (target !== undefined) event.target = target;
  const ip = facts.ip ?? details['ClientIpAddress'] ?? actor.ip;
  if (ip !== undefined) event.ip = String(ip);
  const tenant = facts.tenant ?? details['TenantId'];
  if (tenant !== undefined) event.tenant = String(tenant);
  return event;
}

function summaryOf(target: AuditTarget): NonNullable<AuditEvent['target']> {
  const summary: NonNullable<AuditEvent['target']> = {};
  for (const key of ['id', 'type', 'displayName', 'upn'] as const) {
    if (target[key] !== undefined) summary[key] = target[key];
  }
  return summary;
}
