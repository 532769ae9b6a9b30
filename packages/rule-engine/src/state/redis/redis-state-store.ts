import type { Redis } from 'ioredis';
import { StateStoreError } from '../../errors/state-store-error.js';
import { aliveLua, checkAbsenceLua } from './absence-lua.js';
import { countLua } from './count-lua.js';
import { distinctLua } from './distinct-lua.js';
import { firstSeenLua } from './first-seen-lua.js';
import { matchLua } from './match-lua.js';
import { stateKeys } from '../state-keys.js';
import type {
  AbsenceCheck, AliveOutcome, AliveRecord, CountRecord, DistinctRecord, EventRecord, FirstSeenRecord, MatchRecord,
  RecordOutcome, Silence, StateStore, WindowSummary,
} from '../state-store.js';

export interface RedisStateStoreOptions {
  /** A connected ioredis client; the store never closes it. */
  redis: Redis;
  /** Every key is `<prefix>:<family>:<rule or group>`; use one prefix per deployment (and per tenant). */
  prefix: string;
}

const scripts = {
  match: { lua: matchLua, keys: 4 },
  count: { lua: countLua, keys: 7 },
  distinct: { lua: distinctLua, keys: 6 },
  firstSeen: { lua: firstSeenLua, keys: 6 },
  alive: { lua: aliveLua, keys: 3 },
  checkAbsence: { lua: checkAbsenceLua, keys: 2 },
} as const;
type ScriptName = keyof typeof scripts;
type ScriptCall = (...args: string[]) => Promise<unknown>;
type Reply = Array<string | Reply | null>;

/**
 * A StateStore in Redis, shared by every worker of a deployment. Each operation is one Lua script
 * (claim, update, throttle and the record of the outcome for replay in one atomic step), so workers
 * processing overlapping batches count each event once and raise each alert once (a duplicate of the
 * event that raised it replays it: see StateStore). Every key has a TTL derived from the rule (window + lateness, throttle period, first-seen
 * forget time), renewed on write, and every structure is also trimmed in event time, so memory stays
 * bounded. Commands of one call sequence are sent in order on the client's connection.
 */
export class RedisStateStore implements StateStore {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisStateStoreOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    for (const [name, script] of Object.entries(scripts)) {
      this.redis.defineCommand(commandName(name as ScriptName), { lua: script.lua, numberOfKeys: script.keys });
    }
  }

  async recordMatch(r: MatchRecord): Promise<RecordOutcome> {
    const reply = await this.call('match', [this.key(stateKeys.claims(r.ruleId)), ...this.throttleKeys(r), this.outcomeKey(r)],
      [r.eventId, int(r.time), int(r.claimRetentionMs), ...throttleArgs(r)]);
    return outcome(reply);
  }

  async recordCount(r: CountRecord): Promise<RecordOutcome> {
    const reply = await this.call('count', [
      this.key(stateKeys.claims(r.ruleId)), this.key(stateKeys.countEvents(r.groupKey)),
      this.key(stateKeys.countValues(r.groupKey)), this.key(stateKeys.countFired(r.groupKey)), ...this.throttleKeys(r),
      this.outcomeKey(r),
    ], [
      r.eventId, int(r.time), int(r.claimRetentionMs), int(r.ttlMs), int(r.windowMs), int(r.threshold),
      int(r.latenessMs), r.value === undefined ? '0' : '1', r.value ?? '', int(r.maxEventIds), ...throttleArgs(r),
    ]);
    return outcome(reply);
  }

  async recordDistinct(r: DistinctRecord): Promise<RecordOutcome> {
    const reply = await this.call('distinct', [
      this.key(stateKeys.claims(r.ruleId)), this.key(stateKeys.distinctValues(r.groupKey)),
      this.key(stateKeys.distinctInfo(r.groupKey)), ...this.throttleKeys(r), this.outcomeKey(r),
    ], [
      r.eventId, int(r.time), int(r.claimRetentionMs), int(r.ttlMs), int(r.windowMs), int(r.threshold),
      r.value === undefined ? '0' : '1', r.value ?? '', int(r.maxEventIds), ...throttleArgs(r),
    ]);
    return outcome(reply);
  }

  async recordFirstSeen(r: FirstSeenRecord): Promise<RecordOutcome> {
    const reply = await this.call('firstSeen', [
      this.key(stateKeys.claims(r.ruleId)), this.key(stateKeys.firstSeenBaseline(r.ruleId)),
      this.key(stateKeys.firstSeenValues(r.ruleId)), ...this.throttleKeys(r), this.outcomeKey(r),
    ], [
      r.eventId, int(r.time), int(r.claimRetentionMs), int(r.ttlMs), r.groupKey, int(r.learningMs),
      int(r.forgetAfterMs), ...throttleArgs(r),
    ]);
    return outcome(reply);
  }

  async recordAlive(r: AliveRecord): Promise<AliveOutcome> {
    const reply = await this.call('alive', [
      this.key(stateKeys.claims(r.ruleId)), this.key(stateKeys.absenceGroups(r.ruleId)), this.outcomeKey(r),
    ], [
      r.eventId, int(r.time), int(r.claimRetentionMs), int(r.ttlMs), r.groupKey, JSON.stringify(r.groupValues),
      int(r.windowMs),
    ]);
    const [status, silenceStart, firedAt] = reply;
    if (status === 'resolved' || status === 'replayed') return { status, silenceStart: Number(silenceStart), firedAt: Number(firedAt) };
    return { status: status === 'duplicate' ? 'duplicate' : 'quiet' };
  }

  async checkAbsence(c: AbsenceCheck): Promise<Silence[]> {
    const reply = await this.call('checkAbsence', [this.key(stateKeys.absenceGroups(c.ruleId)), this.key(stateKeys.absenceStart(c.ruleId))], [
      int(c.now), int(c.windowMs), int(c.forgetAfterMs), int(c.ttlMs), c.ungrouped === undefined ? '0' : '1',
      c.ungrouped?.groupKey ?? '', JSON.stringify(c.ungrouped?.groupValues ?? {}),
    ]);
    const silences: Silence[] = [];
    for (let i = 0; i + 3 < reply.length; i += 4) {
      const silence: Silence = {
        groupKey: String(reply[i]),
        groupValues: JSON.parse(String(reply[i + 1])) as Record<string, string>,
        silenceStart: Number(reply[i + 2]),
        firedAt: c.now,
      };
      if (reply[i + 3] === '1') silence.replayed = true;
      silences.push(silence);
    }
    return silences;
  }

  private key(name: string): string {
    return `${this.prefix}:${name}`;
  }

  private outcomeKey(r: EventRecord): string {
    return this.key(stateKeys.outcome(r.ruleId, r.eventId));
  }

  private throttleKeys(r: EventRecord): [string, string] {
    if (r.throttle === undefined) return [this.key('unused'), this.key('unused')];
    return [this.key(stateKeys.throttleTimes(r.throttle.key)), this.key(stateKeys.throttleSuppressed(r.throttle.key))];
  }

  private async call(name: ScriptName, keys: string[], args: string[]): Promise<Reply> {
    const run = (this.redis as unknown as Record<string, ScriptCall>)[commandName(name)]!;
    try {
      return (await run.call(this.redis, ...keys, ...args)) as Reply;
    } catch (error) {
      throw new StateStoreError(`the ${name} script`, { cause: error });
    }
  }
}

function commandName(name: ScriptName): string {
  return `b2cAlertsState_${name}`;
}

function int(n: number): string {
  return String(Math.trunc(n));
}

function throttleArgs(r: EventRecord): [string, string, string] {
  if (r.throttle === undefined) return ['0', '0', '0'];
  return [int(r.throttle.forMs), int(r.throttle.latenessMs), int(r.throttle.ttlMs)];
}

function outcome(reply: Reply): RecordOutcome {
  const status = reply[0];
  if (status === 'duplicate' || status === 'late' || status === 'quiet' || status === 'suppressed') return { status };
  const fired = status === 'replayed' ? 'replayed' : 'alert';
  const suppressed = Number(reply[1]);
  if (reply.length <= 2) return { status: fired, suppressed };
  const top = (reply[6] ?? []) as string[];
  const summary: WindowSummary = {
    count: Number(reply[2]),
    firstTime: Number(reply[3]),
    lastTime: Number(reply[4]),
    eventIds: ((reply[5] ?? []) as Array<string | null>).map((id) => id ?? ''),
  };
  // An empty list means the rule keeps no values (a count rule without `fields`).
  if (top.length > 0) summary.topValues = [];
  for (let i = 0; i + 1 < top.length; i += 2) summary.topValues!.push({ value: top[i]!, count: Number(top[i + 1]) });
  return { status: fired, suppressed, summary };
}
