import type { AuditEvent } from '@b2c-alerts/audit-client';
import { Prng } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { Evaluator, MemoryStateStore, type AlertCandidate, type RuleDefinition } from '../../src/index.js';
import { compareCodePoints } from '../../src/evaluation/code-point-order.js';
import { auditEvent, hour, minute, t0 } from '../helpers/audit-events.js';
import { iso } from '../helpers/alert-summary.js';
import { rule, ruleSet } from '../helpers/rules.js';
import { chunks } from '../helpers/scenario.js';

// Reference models of aggregations/*.ts, written the slow and obvious way, checked on random streams.
const windowMs = 10 * minute;
const threshold = 3;
const count = rule({ id: 'count', aggregate: { kind: 'count', groupBy: ['target.id'], windowMs, threshold } });
const distinct = rule({
  id: 'distinct',
  aggregate: { kind: 'distinct', groupBy: ['ip'], field: 'target.id', windowMs, threshold },
});
const firstSeen = rule({
  id: 'first-seen',
  aggregate: { kind: 'first-seen', groupBy: ['target.id'], learningMs: hour },
});

function randomEvents(seed: number, n = 400): AuditEvent[] {
  const random = new Prng(seed);
  const events: AuditEvent[] = [];
  for (let i = 0; i < n; i++) {
    // Coarse times give ties; small pools give busy groups.
    const time = t0 + random.int(180) * 30_000;
    // Targets u6..u11 appear only after the first hour: first-seen's learning period.
    const pool = time < t0 + hour ? 6 : 12;
    events.push(auditEvent({ id: `e${i}`, time, target: `u${random.int(pool)}`, ip: `ip${random.int(3)}` }));
  }
  return events.sort(byTime);
}

function byTime(a: AuditEvent, b: AuditEvent): number {
  return a.timestamp - b.timestamp || compareCodePoints(a.id, b.id);
}

function groupsOf(events: AuditEvent[], fact: (e: AuditEvent) => string): Map<string, AuditEvent[]> {
  const groups = new Map<string, AuditEvent[]>();
  for (const e of events) groups.set(fact(e), [...(groups.get(fact(e)) ?? []), e]);
  return groups;
}

function referenceCount(events: AuditEvent[]) {
  const alerts: Array<{ group: string; count: number; firstTime: string; lastTime: string; eventIds: string[] }> = [];
  for (const [group, list] of groupsOf(events, (e) => e.target!.id!)) {
    let lastAlert: number | undefined;
    list.forEach((e, i) => {
      const window = list.slice(0, i + 1).filter((f) => f.timestamp > e.timestamp - windowMs);
      if (window.length < threshold || (lastAlert !== undefined && e.timestamp < lastAlert + windowMs)) return;
      lastAlert = e.timestamp;
      alerts.push({
        group,
        count: window.length,
        firstTime: window[0]!.time,
        lastTime: e.time,
        eventIds: window.map((f) => f.id),
      });
    });
  }
  return alerts;
}

function referenceDistinct(events: AuditEvent[]) {
  const alerts: Array<{ group: string; count: number; lastTime: string }> = [];
  for (const [group, list] of groupsOf(events, (e) => e.ip!)) {
    let lastAlert: number | undefined;
    list.forEach((e, i) => {
      const values = new Set(
        list
          .slice(0, i + 1)
          .filter((f) => f.timestamp > e.timestamp - windowMs)
          .map((f) => f.target!.id),
      );
      if (values.size < threshold || (lastAlert !== undefined && e.timestamp < lastAlert + windowMs)) return;
      lastAlert = e.timestamp;
      alerts.push({ group, count: values.size, lastTime: e.time });
    });
  }
  return alerts;
}

function referenceFirstSeen(events: AuditEvent[]) {
  const baseline = events[0]!.timestamp;
  const seen = new Set<string>();
  const alerts: string[] = [];
  for (const e of events) {
    const value = e.target!.id!;
    if (!seen.has(value) && e.timestamp >= baseline + hour) alerts.push(e.id);
    seen.add(value);
  }
  return alerts;
}

async function run(rules: RuleDefinition[], batches: AuditEvent[][]): Promise<AlertCandidate[]> {
  const evaluator = new Evaluator({ ruleSet: ruleSet(...rules), store: new MemoryStateStore(), maxEventIds: 1000 });
  const alerts: AlertCandidate[] = [];
  for (const batch of batches) alerts.push(...(await evaluator.evaluate(batch)));
  return alerts;
}

/** Delivers every event in random batches, each event up to `maxDelay` late. */
function shuffledBatches(events: AuditEvent[], seed: number, maxDelayMs: number): AuditEvent[][] {
  const random = new Prng(seed);
  const arrivals = events.map((e) => ({ e, at: e.timestamp + random.next() * maxDelayMs })).sort((a, b) => a.at - b.at);
  return chunks(
    arrivals.map((a) => a.e),
    7,
  );
}

describe.each([1, 2, 3, 4, 5])('aggregations on random stream %i', (seed) => {
  const events = randomEvents(seed);

  it('count equals the reference on input in order, in any batch sizes', async () => {
    const expected = referenceCount(events);
    expect(expected.length).toBeGreaterThan(5);
    for (const size of [1, 13, events.length]) {
      const alerts = await run([count], chunks(events, size));
      const sort = <T extends { group: string; lastTime: string }>(list: T[]) =>
        [...list].sort((a, b) => a.group.localeCompare(b.group) || a.lastTime.localeCompare(b.lastTime));
      expect(
        sort(
          alerts.map((a) => ({
            group: String(a.groupValues['target.id']),
            count: a.count,
            firstTime: a.firstTime,
            lastTime: a.lastTime,
            eventIds: a.eventIds,
          })),
        ),
      ).toEqual(sort(expected));
    }
  });

  it('count out of order: every window that reaches the threshold is covered, alerts stay a window apart', async () => {
    const alerts = await run([count], shuffledBatches(events, seed, 30 * minute));
    for (const [group, list] of groupsOf(events, (e) => e.target!.id!)) {
      const fired = alerts
        .filter((a) => a.groupValues['target.id'] === group)
        .map((a) => Date.parse(a.lastTime))
        .sort((a, b) => a - b);
      for (let i = 1; i < fired.length; i++) expect(fired[i]! - fired[i - 1]!).toBeGreaterThanOrEqual(windowMs);
      list.forEach((e, i) => {
        const n = list.slice(0, i + 1).filter((f) => f.timestamp > e.timestamp - windowMs).length;
        if (n >= threshold)
          expect(
            fired.some((t) => Math.abs(t - e.timestamp) < windowMs),
            `${group} at ${iso(e.timestamp)}`,
          ).toBe(true);
      });
    }
  });

  it('distinct equals the reference on input in order', async () => {
    const expected = referenceDistinct(events);
    expect(expected.length).toBeGreaterThan(3);
    const alerts = await run([distinct], chunks(events, 11));
    const sort = <T extends { group: string; lastTime: string }>(list: T[]) =>
      [...list].sort((a, b) => a.group.localeCompare(b.group) || a.lastTime.localeCompare(b.lastTime));
    expect(
      sort(alerts.map((a) => ({ group: String(a.groupValues.ip), count: a.count, lastTime: a.lastTime }))),
    ).toEqual(sort(expected));
  });

  it('first-seen equals the reference on input in order, and fires once per value out of order', async () => {
    const expected = referenceFirstSeen(events);
    expect(expected.length).toBeGreaterThan(0);
    expect((await run([firstSeen], chunks(events, 9))).map((a) => a.eventIds[0])).toEqual(expected);
    const shuffled = await run([firstSeen], shuffledBatches(events, seed, 5 * minute));
    const values = shuffled.map((a) => a.groupKey);
    expect(new Set(values).size).toBe(values.length);
  });
});
