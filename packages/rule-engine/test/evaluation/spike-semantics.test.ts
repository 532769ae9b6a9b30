import type { AuditEvent } from '@b2c-alerts/audit-client';
import { Prng } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { Evaluator, MemoryStateStore, type AlertCandidate } from '../../src/index.js';
import { compareCodePoints } from '../../src/evaluation/code-point-order.js';
import { auditEvent, minute, t0 } from '../helpers/audit-events.js';
import { iso } from '../helpers/alert-summary.js';
import { rule, ruleSet } from '../helpers/rules.js';
import { chunks } from '../helpers/scenario.js';

// The reference model of aggregations/spike.ts, written the slow and obvious way from its definition,
// checked on random streams whose groups change rate every 20 minutes.
const windowMs = 30 * minute;
const stepMs = windowMs / 12;
const ratio = 3;
const dropPercent = 60;
const minCurrent = 8;
const minPrevious = 10;
const spike = rule({
  id: 'spike',
  aggregate: {
    kind: 'spike',
    groupBy: ['target.id'],
    windowMs,
    direction: 'both',
    ratio,
    dropPercent,
    minCurrent,
    minPrevious,
  },
});
const hours = 6;
const end = t0 + hours * 60 * minute;

function randomEvents(seed: number): AuditEvent[] {
  const random = new Prng(seed);
  const rates = [0, 0.1, 0.3, 0.6, 1, 2, 4];
  const events: AuditEvent[] = [];
  for (const target of ['u0', 'u1', 'u2', 'u3']) {
    for (let from = t0; from < end; from += 20 * minute) {
      const n = Math.round(rates[random.int(rates.length)]! * 20 * (0.8 + 0.4 * random.next()));
      for (let i = 0; i < n; i++) {
        // Whole seconds: ties between events and step boundaries happen.
        const time = from + random.int(20 * 60) * 1000;
        events.push(auditEvent({ id: `${target}-${events.length}`, time, target }));
      }
    }
  }
  return events.sort((a, b) => a.timestamp - b.timestamp || compareCodePoints(a.id, b.id));
}

interface Expected {
  group: string;
  direction: 'up' | 'down';
  count: number;
  previous: number;
  firstTime: string;
  lastTime: string;
  eventIds: string[];
}

function spikes(direction: 'up' | 'down', current: number, previous: number): boolean {
  return direction === 'up'
    ? current >= Math.max(minCurrent, 1) && previous >= minPrevious && current >= ratio * previous
    : previous >= Math.max(minPrevious, 1) && current >= minCurrent && current * 100 <= previous * (100 - dropPercent);
}

/**
 * Every window of every group in order of its end, each judged on the final counts; rises early. The
 * watch starts at the first event or tick.
 */
function reference(events: AuditEvent[], lastTick: number, start = events[0]!.timestamp): Expected[] {
  const first = Math.ceil((start + 2 * windowMs) / stepMs) * stepMs;
  const alerts: Expected[] = [];
  for (const group of ['u0', 'u1', 'u2', 'u3']) {
    const list = events.filter((e) => e.target!.id === group);
    const within = (from: number, to: number) => list.filter((e) => e.timestamp >= from && e.timestamp < to);
    const alerted = { up: [] as number[], down: [] as number[] };
    for (let e = first; e <= lastTick; e += stepMs) {
      const current = within(e - windowMs, e).length;
      const previous = within(e - 2 * windowMs, e - windowMs).length;
      for (const direction of ['up', 'down'] as const) {
        if (!spikes(direction, current, previous)) continue;
        if (alerted[direction].some((other) => Math.abs(e - other) < windowMs)) continue;
        alerted[direction].push(e);
        const base = { group, direction, previous, firstTime: iso(e - windowMs) };
        // A rise is found by the first event of the window's last step that makes it rise, counting the
        // events before it in (time, id) order.
        const upTo = (f: AuditEvent) => list.slice(0, list.indexOf(f) + 1).filter((g) => g.timestamp >= e - windowMs);
        const lastStep = direction === 'up' ? within(e - stepMs, e) : [];
        const crossing = lastStep.find((f) => spikes('up', upTo(f).length, previous));
        if (crossing !== undefined) {
          alerts.push({ ...base, count: upTo(crossing).length, lastTime: crossing.time, eventIds: [crossing.id] });
        } else {
          alerts.push({ ...base, count: current, lastTime: iso(e), eventIds: [] });
        }
      }
    }
  }
  return alerts;
}

function shape(alerts: AlertCandidate[]): Expected[] {
  return alerts.map((a) => ({
    group: String(a.groupValues['target.id']),
    direction: a.count > a.previous!.count ? 'up' : 'down',
    count: a.count,
    previous: a.previous!.count,
    firstTime: a.firstTime,
    lastTime: a.lastTime,
    eventIds: a.eventIds,
  }));
}

const order = (list: Expected[]) =>
  [...list].sort(
    (a, b) =>
      a.firstTime.localeCompare(b.firstTime) ||
      a.group.localeCompare(b.group) ||
      a.direction.localeCompare(b.direction),
  );

/** Events delivered in order, `tickEveryMs` apart (ticks at its multiples), each tick's events in batches of `size`. */
async function run(events: AuditEvent[], tickEveryMs: number, size: number): Promise<AlertCandidate[]> {
  const evaluator = new Evaluator({ ruleSet: ruleSet(spike), store: new MemoryStateStore() });
  const alerts: AlertCandidate[] = [];
  let next = 0;
  for (let tick = Math.ceil(events[0]!.timestamp / tickEveryMs) * tickEveryMs; tick <= end; tick += tickEveryMs) {
    const due: AuditEvent[] = [];
    while (next < events.length && events[next]!.timestamp < tick) due.push(events[next++]!);
    for (const batch of chunks(due, size)) alerts.push(...(await evaluator.evaluate(batch)));
    alerts.push(...(await evaluator.tick(tick)));
  }
  return alerts;
}

describe.each([1, 2, 3, 4, 5])('spike on random stream %i', (seed) => {
  const events = randomEvents(seed);
  const lastTick = Math.floor(end / stepMs) * stepMs;

  it('equals the reference on input in order, ticking every step or every minute, in any batch sizes', async () => {
    const expected = order(reference(events, lastTick));
    expect(expected.filter((a) => a.direction === 'up' && a.eventIds.length > 0).length).toBeGreaterThan(0);
    expect(expected.filter((a) => a.direction === 'down').length).toBeGreaterThan(0);
    for (const [tickEvery, size] of [
      [stepMs, 1],
      [minute, 7],
      [minute, 10_000],
    ] as const) {
      expect(
        order(shape(await run(events, tickEvery, size))),
        `tick every ${tickEvery} ms, batches of ${size}`,
      ).toEqual(expected);
    }
  });

  it('out of order, with ticks behind the arrivals: the same drops; every rise covered, rises a window apart', async () => {
    const delayMs = 10 * minute;
    // The first tick, at t0 - 10 minutes, starts the watch.
    const expected = reference(events, lastTick, t0 - delayMs);
    const random = new Prng(seed);
    const arrivals = events.map((e) => ({ e, at: e.timestamp + random.next() * delayMs })).sort((a, b) => a.at - b.at);
    const evaluator = new Evaluator({ ruleSet: ruleSet(spike), store: new MemoryStateStore() });
    const alerts: AlertCandidate[] = [];
    let next = 0;
    for (let now = t0; now <= end + delayMs; now += minute) {
      const batch: AuditEvent[] = [];
      while (next < arrivals.length && arrivals[next]!.at < now) batch.push(arrivals[next++]!.e);
      alerts.push(...(await evaluator.evaluate(batch)), ...(await evaluator.tick(now - delayMs)));
    }
    const actual = shape(alerts);
    expect(order(actual.filter((a) => a.direction === 'down'))).toEqual(
      order(expected.filter((a) => a.direction === 'down')),
    );
    for (const group of ['u0', 'u1', 'u2', 'u3']) {
      const rises = actual
        .filter((a) => a.group === group && a.direction === 'up')
        .map((a) => Date.parse(a.firstTime))
        .sort((a, b) => a - b);
      for (let i = 1; i < rises.length; i++) expect(rises[i]! - rises[i - 1]!).toBeGreaterThanOrEqual(windowMs);
      for (const rise of expected.filter((a) => a.group === group && a.direction === 'up'))
        expect(
          rises.some((t) => Math.abs(t - Date.parse(rise.firstTime)) < windowMs),
          `${group} ${rise.firstTime}`,
        ).toBe(true);
    }
  });
});
