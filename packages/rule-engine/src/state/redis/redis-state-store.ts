import type { Redis } from 'ioredis';
import { StateStoreError } from '../../errors/state-store-error.js';
import { aliveLua, checkAbsenceLua } from './absence-lua.js';
import { countLua } from './count-lua.js';
import { defineScripts, type ScriptCalls, type Strings } from './define-scripts.js';
import { distinctLua } from './distinct-lua.js';
import { firstSeenLua } from './first-seen-lua.js';
import type { StateReply } from './lua-prelude.js';
import { matchLua } from './match-lua.js';
import { checkSpikeLua, spikeLua } from './spike-lua.js';
import { checkSequencesLua, sequenceLua } from './sequence-lua.js';
import { stateKeys } from '../state-keys.js';
import type {
  AbsenceCheck,
  AliveOutcome,
  AliveRecord,
  CountRecord,
  DistinctRecord,
  EventRecord,
  FirstSeenRecord,
  MatchRecord,
  RecordOutcome,
  Silence,
  SpikeAlert,
  SpikeCheck,
  SpikeOutcome,
  SpikeParams,
  SpikeRecord,
  SpikeWindow,
  StateStore,
  WindowSummary,
  SequenceCheck,
  SequenceFired,
  SequenceFiring,
  SequenceOutcome,
  SequenceRecord,
  StepWindow,
} from '../state-store.js';
import { maxSequenceSteps } from '../state-store.js';

export interface RedisStateStoreOptions {
  /** A connected ioredis client; the store never closes it. */
  redis: Redis;
  /** Every key is `<prefix>:<family>:<rule or group>`; use one prefix per deployment (and per tenant). */
  prefix: string;
}

const scripts = {
  match: matchLua,
  count: countLua,
  distinct: distinctLua,
  firstSeen: firstSeenLua,
  alive: aliveLua,
  checkAbsence: checkAbsenceLua,
  spike: spikeLua,
  checkSpike: checkSpikeLua,
  sequence: sequenceLua,
  checkSequences: checkSequencesLua,
};

/**
 * A StateStore in Redis, shared by every worker of a deployment. Each operation is one Lua script
 * (claim, update, throttle and the record of the outcome for replay in one atomic step), so workers
 * processing overlapping batches count each event once and raise each alert once (a duplicate of the
 * event that raised it replays it: see StateStore). Every key has a TTL derived from the rule (window + lateness, throttle period, first-seen
 * forget time), renewed on write, and every structure is also trimmed in event time, so memory stays
 * bounded. Commands of one call sequence are sent in order on the client's connection.
 */
export class RedisStateStore implements StateStore {
  private readonly prefix: string;
  private readonly scripts: ScriptCalls<typeof scripts>;

  constructor(options: RedisStateStoreOptions) {
    this.prefix = options.prefix;
    this.scripts = defineScripts(options.redis, scripts);
  }

  async recordMatch(r: MatchRecord): Promise<RecordOutcome> {
    const { keys, args } = this.throttledHead(r, r.throttle?.key ?? '');
    const reply = await this.scripts
      .match(keys, [...args, this.key(stateKeys.throttleTimes('')), this.key(stateKeys.throttleSuppressed(''))])
      .catch(failed('match'));
    return outcome(reply);
  }

  async recordCount(r: CountRecord): Promise<RecordOutcome> {
    const { keys, args } = this.throttledHead(r, r.groupKey);
    const reply = await this.scripts
      .count(
        [
          ...keys,
          this.key(stateKeys.countEvents(r.groupKey)),
          this.key(stateKeys.countValues(r.groupKey)),
          this.key(stateKeys.countFired(r.groupKey)),
        ],
        [
          ...args,
          int(r.windowMs),
          int(r.threshold),
          int(r.latenessMs),
          r.value === undefined ? '0' : '1',
          r.value ?? '',
          int(r.maxEventIds),
          this.key(stateKeys.countEvents('')),
          this.key(stateKeys.countValues('')),
          this.key(stateKeys.countFired('')),
        ],
      )
      .catch(failed('count'));
    return outcome(reply);
  }

  async recordDistinct(r: DistinctRecord): Promise<RecordOutcome> {
    const { keys, args } = this.throttledHead(r, r.groupKey);
    const reply = await this.scripts
      .distinct(
        [...keys, this.key(stateKeys.distinctValues(r.groupKey)), this.key(stateKeys.distinctInfo(r.groupKey))],
        [
          ...args,
          int(r.windowMs),
          int(r.threshold),
          r.value === undefined ? '0' : '1',
          r.value ?? '',
          int(r.maxEventIds),
          this.key(stateKeys.distinctValues('')),
          this.key(stateKeys.distinctInfo('')),
        ],
      )
      .catch(failed('distinct'));
    return outcome(reply);
  }

  async recordFirstSeen(r: FirstSeenRecord): Promise<RecordOutcome> {
    const { keys, args } = this.throttledHead(r, r.groupKey);
    const reply = await this.scripts
      .firstSeen(
        [...keys, this.key(stateKeys.firstSeenBaseline(r.ruleId)), this.key(stateKeys.firstSeenValues(r.ruleId))],
        [...args, int(r.learningMs), int(r.forgetAfterMs)],
      )
      .catch(failed('firstSeen'));
    return outcome(reply);
  }

  async recordAlive(r: AliveRecord): Promise<AliveOutcome> {
    const { keys, args } = this.head(r, r.groupKey);
    const reply = await this.scripts
      .alive(
        [...keys, this.key(stateKeys.absenceGroups(r.ruleId))],
        [...args, JSON.stringify(r.groupValues), int(r.windowMs)],
      )
      .catch(failed('alive'));
    const [[status, silenceStart, firedAt], evicted] = unwrap(reply);
    const counted = evictions(evicted);
    if (status === 'resolved' || status === 'replayed')
      return { status, silenceStart: Number(silenceStart), firedAt: Number(firedAt), ...counted };
    return { status: status === 'duplicate' ? 'duplicate' : 'quiet', ...counted };
  }

  async checkAbsence(c: AbsenceCheck): Promise<Silence[]> {
    const reply = await this.scripts
      .checkAbsence(
        [
          this.key(stateKeys.absenceGroups(c.ruleId)),
          this.key(stateKeys.absenceStart(c.ruleId)),
          this.key(stateKeys.groupIndex(c.ruleId)),
        ],
        [
          int(c.now),
          int(c.windowMs),
          int(c.forgetAfterMs),
          int(c.ttlMs),
          c.ungrouped === undefined ? '0' : '1',
          c.ungrouped?.groupKey ?? '',
          JSON.stringify(c.ungrouped?.groupValues ?? {}),
        ],
      )
      .catch(failed('checkAbsence'));
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

  async recordSpike(r: SpikeRecord): Promise<SpikeOutcome> {
    const { keys, args } = this.head(r, r.groupKey);
    const reply = await this.scripts
      .spike(
        [...keys, this.key(stateKeys.spikeGroups(r.ruleId))],
        [
          ...args,
          JSON.stringify(r.groupValues),
          int(r.spike.windowMs),
          int(r.spike.stepMs),
          r.spike.up === undefined ? '' : String(r.spike.up.ratio),
          int(r.spike.minCurrent),
          int(r.spike.minPrevious),
          int(r.latenessMs),
        ],
      )
      .catch(failed('spike'));
    const [[status, direction, end, current, previous, lastTime], evicted] = unwrap(reply);
    const counted = evictions(evicted);
    if (status === 'alert' || status === 'replayed') {
      return { status, window: spikeWindow([direction, end, current, previous, lastTime]), ...counted };
    }
    return { status: status === 'duplicate' || status === 'late' ? status : 'quiet', ...counted };
  }

  async checkSpike(c: SpikeCheck): Promise<SpikeAlert[]> {
    const reply = await this.scripts
      .checkSpike(
        [this.key(stateKeys.spikeGroups(c.ruleId)), this.key(stateKeys.groupIndex(c.ruleId))],
        [
          int(c.now),
          int(c.spike.windowMs),
          int(c.spike.stepMs),
          ...spikeThresholds(c.spike),
          int(c.ttlMs),
          int(c.replayMs),
        ],
      )
      .catch(failed('checkSpike'));
    const alerts: SpikeAlert[] = [];
    for (let i = 0; i + 7 < reply.length; i += 8) {
      const alert: SpikeAlert = {
        groupKey: String(reply[i]),
        groupValues: JSON.parse(String(reply[i + 1])) as Record<string, string>,
        ...spikeWindow(reply.slice(i + 2, i + 7)),
      };
      if (reply[i + 7] === '1') alert.replayed = true;
      alerts.push(alert);
    }
    return alerts;
  }

  async recordSequence(r: SequenceRecord): Promise<SequenceOutcome> {
    const steps = Array.from({ length: maxSequenceSteps }, (_, i) =>
      i < r.steps.length ? this.key(stateKeys.sequenceStep(i + 1, r.groupKey)) : this.key(stateKeys.unused()),
    );
    const { keys, args } = this.throttledHead(r, r.groupKey);
    const reply = await this.scripts
      .sequence(
        [
          ...keys,
          this.key(stateKeys.sequenceInfo(r.groupKey)),
          steps[0]!,
          steps[1]!,
          steps[2]!,
          steps[3]!,
          steps[4]!,
          this.key(stateKeys.sequenceAbsent(r.groupKey)),
          this.key(stateKeys.sequenceWaits(r.ruleId)),
          this.key(stateKeys.sequenceDue(r.ruleId)),
          this.key(stateKeys.sequenceFired(r.ruleId)),
        ],
        [
          ...args,
          int(r.windowMs),
          int(r.latenessMs),
          JSON.stringify(r.steps.map((step) => [step.threshold, Math.trunc(step.windowMs), step.distinct ? 1 : 0])),
          r.matches.map((m) => (m ? '1' : '0')).join(''),
          JSON.stringify(r.values),
          r.absentWindowMs === undefined ? '0' : '1',
          int(r.absentWindowMs ?? 0),
          r.absent ? '1' : '0',
          int(r.waitsTtlMs),
          int(r.maxEventIds),
          JSON.stringify(r.groupValues),
          this.key(stateKeys.sequenceStep(1, '')),
          this.key(stateKeys.sequenceStep(2, '')),
          this.key(stateKeys.sequenceStep(3, '')),
          this.key(stateKeys.sequenceStep(4, '')),
          this.key(stateKeys.sequenceStep(5, '')),
          this.key(stateKeys.sequenceAbsent('')),
          this.key(stateKeys.sequenceInfo('')),
        ],
      )
      .catch(failed('sequence'));
    const [[status, fired], evicted] = unwrap(reply);
    const counted = evictions(evicted);
    if (status === 'alert' || status === 'replayed') return { status, fired: firedOf(String(fired)), ...counted };
    if (status === 'duplicate' || status === 'late' || status === 'suppressed') return { status, ...counted };
    return { status: 'quiet', ...counted };
  }

  async checkSequences(c: SequenceCheck): Promise<SequenceFiring[]> {
    const reply = await this.scripts
      .checkSequences(
        [
          this.key(stateKeys.sequenceWaits(c.ruleId)),
          this.key(stateKeys.sequenceDue(c.ruleId)),
          this.key(stateKeys.sequenceFired(c.ruleId)),
        ],
        [int(c.now), int(c.latenessMs), int(c.ttlMs)],
      )
      .catch(failed('checkSequences'));
    const firings: SequenceFiring[] = [];
    for (let i = 0; i + 4 < reply.length; i += 5) {
      const firing: SequenceFiring = {
        groupKey: String(reply[i]),
        groupValues: JSON.parse(String(reply[i + 1])) as Record<string, string>,
        steps: stepWindows(JSON.parse(String(reply[i + 2]))),
        close: Number(reply[i + 3]),
      };
      if (reply[i + 4] === '1') firing.replayed = true;
      firings.push(firing);
    }
    return firings;
  }

  private key(name: string): string {
    return `${this.prefix}:${name}`;
  }

  /**
   * The KEYS and ARGV every record script starts with, in the order recordPrelude (record-prelude.ts)
   * reads them: `group` is the record's group key (for a rule without an aggregate, its throttle key).
   */
  private head(r: EventRecord, group: string): { keys: Strings<3>; args: Strings<7> } {
    return {
      keys: [
        this.key(stateKeys.claims(r.ruleId)),
        this.key(stateKeys.outcome(r.ruleId, r.eventId)),
        this.key(stateKeys.groupIndex(r.ruleId)),
      ],
      args: [r.eventId, int(r.time), int(r.claimRetentionMs), int(r.ttlMs), int(r.maxClaims), int(r.maxGroups), group],
    };
  }

  /** The head, then the throttle's keys and ARGV: what a script that throttles starts with. */
  private throttledHead(r: EventRecord, group: string): { keys: Strings<5>; args: Strings<10> } {
    const { keys, args } = this.head(r, group);
    return { keys: [...keys, ...this.throttleKeys(r)], args: [...args, ...throttleArgs(r)] };
  }

  private throttleKeys(r: EventRecord): [string, string] {
    if (r.throttle === undefined) return [this.key(stateKeys.unused()), this.key(stateKeys.unused())];
    return [this.key(stateKeys.throttleTimes(r.throttle.key)), this.key(stateKeys.throttleSuppressed(r.throttle.key))];
  }
}

/** Rejects with a StateStoreError: Redis unreachable, or a script error. */
function failed(script: keyof typeof scripts): (error: unknown) => never {
  return (error) => {
    throw new StateStoreError(`the ${script} script`, { cause: error });
  };
}

function int(n: number): string {
  return String(Math.trunc(n));
}

function throttleArgs(r: EventRecord): [string, string, string] {
  if (r.throttle === undefined) return ['0', '0', '0'];
  return [int(r.throttle.forMs), int(r.throttle.latenessMs), int(r.throttle.ttlMs)];
}

/** ratio, drop percent ('' for a direction not watched), min current, min previous. */
function spikeThresholds(p: SpikeParams): [string, string, string, string] {
  return [
    p.up === undefined ? '' : String(p.up.ratio),
    p.down === undefined ? '' : String(p.down.dropPercent),
    int(p.minCurrent),
    int(p.minPrevious),
  ];
}

/** direction, end, current, previous, lastTime as a spike script replies them. */
function spikeWindow([direction, end, current, previous, lastTime]: ReadonlyArray<
  StateReply[number] | undefined
>): SpikeWindow {
  return {
    direction: direction === 'down' ? 'down' : 'up',
    end: Number(end),
    current: Number(current),
    previous: Number(previous),
    lastTime: Number(lastTime),
  };
}

/** A record script's reply: the reply proper and the number of groups the call evicted. */
function unwrap(reply: StateReply): [StateReply, string] {
  return [reply[0] as StateReply, String(reply[1])];
}

function evictions(evicted: string): { evicted?: number } {
  const n = Number(evicted);
  return n > 0 ? { evicted: n } : {};
}

/** The JSON a sequence script records for a completed sequence (times as decimal text). */
function firedOf(json: string): SequenceFired {
  const fired = JSON.parse(json) as { state: 'firing' | 'resolved'; suppressed: number | string; steps: unknown };
  return { state: fired.state, suppressed: Number(fired.suppressed), steps: stepWindows(fired.steps) };
}

function stepWindows(json: unknown): StepWindow[] {
  const steps = json as Array<{ count: number | string; firstTime: string; lastTime: string; eventIds: unknown }>;
  return steps.map((step) => ({
    count: Number(step.count),
    firstTime: Number(step.firstTime),
    lastTime: Number(step.lastTime),
    // cjson writes an empty list as {}; a step always has an event, but read defensively.
    eventIds: Array.isArray(step.eventIds) ? step.eventIds.map(String) : [],
  }));
}

function outcome(wrapped: StateReply): RecordOutcome {
  const [reply, evicted] = unwrap(wrapped);
  return { ...statusOf(reply), ...evictions(evicted) };
}

function statusOf(reply: StateReply): RecordOutcome {
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
