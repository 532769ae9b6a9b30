import { normalize, type AuditEvent, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { generateTraffic, type Outage } from '@b2c-alerts/testkit';
import { compareReplayOrder } from '@b2c-alerts/rule-engine';
import type { ScheduledAttack } from './attack-schedule.js';

const hour = 3_600_000;

export interface PlantedTrafficOptions {
  seed: number;
  /** Epoch ms: the traffic runs from `start` (the warm-up's) to `end`. */
  start: number;
  end: number;
  tenant: string;
  scheduled: readonly ScheduledAttack[];
  /** The services a reader reads (loggedByService); null reads every one. Other records are never evaluated. */
  services: ReadonlySet<string> | null;
  signal?: AbortSignal;
}

/** An event an attack planted, or a benign one its outage removed; `attack` indexes the schedule. */
export interface AttackEvent {
  attack: number;
  event: AuditEvent;
}

/**
 * Benign traffic from `start` to `end` (generateTraffic, directory churn included) with the scheduled
 * attacks planted in it, normalized and handed to `onHour` an hour of event time at a time, in replay
 * order (compareReplayOrder): the generator streams, so memory holds an hour of records, not the run.
 * Outages remove the benign records they take out while they last; records of services outside
 * `services` are left out, as the reader would never read them.
 */
export class PlantedTraffic {
  /** The planted events that are read, in replay order. */
  readonly planted: AttackEvent[] = [];
  /** The benign events the outages removed, in time order (filled by run). */
  readonly removed: AttackEvent[] = [];
  /** Per scheduled attack: the services of its records a reader of `services` never reads. */
  readonly unreadServices: string[][];
  private readonly plantedIds = new Set<string>();
  private readonly outages: Array<{ attack: number; at: number; end: number; outage: Outage }>;

  constructor(private readonly o: PlantedTrafficOptions) {
    const context = { tenant: o.tenant };
    this.unreadServices = o.scheduled.map(({ records }) => [
      ...new Set(records.filter((record) => !this.reads(record)).map((record) => record.loggedByService ?? '')),
    ]);
    o.scheduled.forEach(({ records }, attack) => {
      for (const record of records) {
        this.plantedIds.add(record.id);
        if (this.reads(record)) this.planted.push({ attack, event: normalize(record, context) });
      }
    });
    this.planted.sort((a, b) => compareReplayOrder(a.event, b.event));
    this.outages = o.scheduled.flatMap(({ attack: { outage }, at, end }, attack) =>
      outage ? [{ attack, at, end, outage }] : [],
    );
  }

  async run(onHour: (events: AuditEvent[], hourEnd: number) => Promise<void>): Promise<void> {
    const { o } = this;
    const context = { tenant: o.tenant };
    let hourEnd = o.start + hour;
    let bucket: AuditEvent[] = [];
    let next = 0; // the next planted event
    const flush = async () => {
      while (next < this.planted.length && this.planted[next]!.event.timestamp < hourEnd)
        bucket.push(this.planted[next++]!.event);
      bucket.sort(compareReplayOrder);
      const events = bucket;
      bucket = [];
      await onHour(events, hourEnd);
      hourEnd += hour;
    };
    for (const record of generateTraffic({ seed: o.seed, start: o.start, end: o.end, tenant: o.tenant })) {
      if (!this.reads(record)) continue;
      const event = normalize(record, context);
      if (event.timestamp >= o.end) break;
      while (event.timestamp >= hourEnd) {
        o.signal?.throwIfAborted();
        await flush();
      }
      if (this.removedByOutage(record, event)) continue;
      // Attribution goes by id: a benign record with a planted id would count as the attack's.
      if (this.plantedIds.has(event.id)) throw new Error(`benign record ${event.id} has the id of a planted one`);
      bucket.push(event);
    }
    while (hourEnd <= o.end) await flush();
  }

  private reads(record: DirectoryAudit): boolean {
    return this.o.services === null || this.o.services.has(record.loggedByService ?? '');
  }

  private removedByOutage(record: DirectoryAudit, event: AuditEvent): boolean {
    for (const { attack, at, end, outage } of this.outages) {
      if (event.timestamp < at || event.timestamp >= end || !outage.removes(record)) continue;
      this.removed.push({ attack, event });
      return true;
    }
    return false;
  }
}
