import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { AdminSessions } from './admin-sessions.js';
import { B2cEventBuilder } from './b2c-event-builder.js';
import { DirectoryChurn } from './directory-churn.js';
import { formatActivityDateTime } from '../date-time/format-activity-date-time.js';
import { knownAdmins } from './known-admins.js';
import { Prng } from '../random/prng.js';
import { TICKS_PER_MS, type SessionSink } from './session-sink.js';
import { TickHeap } from './tick-heap.js';
import { createPopulation } from './traffic-population.js';
import { averageUserSessionEvents, UserSessions } from './user-sessions.js';

export interface TrafficOptions {
  /** Same seed, same records (ids included). Default 1. */
  seed?: number;
  /** Epoch ms; records fall within [start, end]. */
  start: number;
  end: number;
  /** Average consumer records per hour (a daily cycle varies the rate around it). Default 2000. */
  eventsPerHour?: number;
  /** The B2C tenant domain written to TenantId. Default 'contosob2c.onmicrosoft.com'. */
  tenant?: string;
  /** Inserted into every id (`B2C_<idPrefix>_<correlationId>_…`) so several streams never share ids. */
  idPrefix?: string;
  /**
   * Core Directory churn alongside (default true): sign-up users created, user administration, the
   * pipeline's daily secret rotation, occasional role changes by the role managers. The B2C records of
   * a seed are the same either way.
   */
  directory?: boolean;
}

const HOUR_TICKS = 3_600_000 * TICKS_PER_MS;
/** Daily swing of the consumer rate: busiest mid-afternoon UTC, quietest at night. */
const DIURNAL_AMPLITUDE = 0.45;
const ADMIN_READ_MEAN_GAP = 4 * HOUR_TICKS;
const ADMIN_WRITE_MIN_GAP = 3 * HOUR_TICKS;
const ADMIN_WRITE_MEAN_EXTRA_GAP = 8 * HOUR_TICKS;

/**
 * Realistic, benign B2C audit traffic, streamed in ascending activityDateTime: consumer sign-ins,
 * token exchanges, federation, MFA and email verification through the B2C apps, rare reads and
 * single updates by the known admins, and the Core Directory churn around them (see DirectoryChurn).
 * Deterministic for a given seed. Plant incidents with `incidents`.
 */
export function* generateTraffic(options: TrafficOptions): Generator<DirectoryAudit> {
  const { start, end } = options;
  const eventsPerHour = options.eventsPerHour ?? 2000;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start)
    throw new RangeError('`start` and `end` must be epoch ms with end >= start');
  if (!(eventsPerHour > 0 && Number.isFinite(eventsPerHour)))
    throw new RangeError('`eventsPerHour` must be a positive number');
  const prng = new Prng(options.seed ?? 1);
  const tenant = options.tenant ?? 'contosob2c.onmicrosoft.com';
  const build = new B2cEventBuilder(prng, tenant, options.idPrefix);
  const origin = Math.floor(start);
  const endTicks = (Math.floor(end) - origin) * TICKS_PER_MS;
  const heap = new TickHeap<DirectoryAudit>();
  const sink: SessionSink = {
    timeAt: (ticks) => formatActivityDateTime(origin + Math.floor(ticks / TICKS_PER_MS), ticks % TICKS_PER_MS),
    emit: (ticks, event) => {
      if (ticks <= endTicks) heap.push(ticks, event);
    },
  };
  const population = createPopulation(prng);
  const directory =
    options.directory === false
      ? undefined
      : new DirectoryChurn(options.seed ?? 1, tenant, origin, population, sink, options.idPrefix);
  const users = new UserSessions(prng, build, population, sink, directory && ((t, id) => directory.signUp(t, id)));
  const admins = new AdminSessions(prng, build, knownAdmins(tenant), sink);

  // The local rate is factor(t) / meanUserGap and the factor averages 1 over a day, so the mean rate holds.
  const meanUserGap = HOUR_TICKS / (eventsPerHour / averageUserSessionEvents);
  const userGap = (t: number) => {
    const hour = ((origin + t / TICKS_PER_MS) / 3_600_000) % 24;
    return prng.exponential(meanUserGap) / (1 + DIURNAL_AMPLITUDE * Math.sin((2 * Math.PI * (hour - 9)) / 24));
  };
  let nextUser = Math.floor(userGap(0));
  let nextRead = Math.floor(prng.exponential(ADMIN_READ_MEAN_GAP));
  let nextWrite = Math.floor(prng.exponential(ADMIN_WRITE_MEAN_EXTRA_GAP));

  for (;;) {
    const nextDirectory = directory?.nextAt() ?? Number.POSITIVE_INFINITY;
    const next = Math.min(nextUser, nextRead, nextWrite, nextDirectory);
    while (heap.peekKey() <= next) yield heap.pop()!;
    if (next > endTicks) break;
    if (next === nextDirectory && directory) {
      directory.run(next);
    } else if (next === nextUser) {
      users.run(next);
      nextUser = next + Math.max(1, Math.floor(userGap(next)));
    } else if (next === nextRead) {
      admins.read(next);
      nextRead = next + Math.max(1, Math.floor(prng.exponential(ADMIN_READ_MEAN_GAP)));
    } else {
      admins.write(next);
      nextWrite = next + ADMIN_WRITE_MIN_GAP + Math.floor(prng.exponential(ADMIN_WRITE_MEAN_EXTRA_GAP));
    }
  }
  while (heap.size > 0) yield heap.pop()!;
}
