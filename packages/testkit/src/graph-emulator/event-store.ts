import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { compareActivityTime, parseActivityTime, type ActivityTime } from '../date-time/activity-time.js';
import type { AuditFilter, Condition } from './odata-filter.js';

/** Position of the last served record: pages continue strictly after (or before, descending) it. */
export interface StoreCursor {
  ms: number;
  ticks: number;
  id: string;
}

export interface StorePageQuery {
  filter: AuditFilter;
  descending: boolean;
  top: number;
  /** Continue after this record (keyset pagination). */
  after?: StoreCursor;
  /** Start AT `after` instead of after it: the page repeats the previous page's last record. */
  repeatCursor?: boolean;
  /** Nothing older than this exists any more (retention). */
  floorMs?: number;
  /** Records whose visibleAt is later than this are not served yet. */
  now: number;
}

export interface StorePage {
  events: DirectoryAudit[];
  /** The last record served, or the query's own cursor when the page is empty. */
  last: StoreCursor | undefined;
  /** True when records in range remain beyond this page (visible or not yet). */
  more: boolean;
}

interface Entry extends StoreCursor {
  visibleAt: number;
  event: DirectoryAudit;
}

function compareEntries(a: StoreCursor, b: StoreCursor): number {
  return a.ms - b.ms || a.ticks - b.ticks || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Audit records kept sorted by (activityDateTime, id). Appending in ascending order is O(1); an
 * out-of-order batch is merged by one sort before the next query. Queries binary-search the time
 * bounds and the cursor, so a page costs O(log n + page size), however large the store.
 */
export class EventStore {
  private entries: Entry[] = [];
  private readonly ids = new Set<string>();
  private sorted = true;

  get size(): number {
    return this.entries.length;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Adds records; an id already stored is ignored (the first copy wins). Returns how many were added. */
  add(events: Iterable<DirectoryAudit>, visibleAt: number): number {
    let added = 0;
    for (const event of events) {
      if (this.ids.has(event.id)) continue;
      const time = parseActivityTime(event.activityDateTime);
      if (!time)
        throw new TypeError(`addEvents: event ${event.id} has an invalid activityDateTime '${event.activityDateTime}'`);
      const entry: Entry = { ms: time.ms, ticks: time.ticks, id: event.id, visibleAt, event };
      const last = this.entries[this.entries.length - 1];
      if (last && compareEntries(entry, last) < 0) this.sorted = false;
      this.entries.push(entry);
      this.ids.add(event.id);
      added++;
    }
    return added;
  }

  page(query: StorePageQuery): StorePage {
    if (!this.sorted) {
      this.entries.sort(compareEntries);
      this.sorted = true;
    }
    return query.descending ? this.pageDescending(query) : this.pageAscending(query);
  }

  private pageAscending(q: StorePageQuery): StorePage {
    const entries = this.entries;
    let start = 0;
    const from = q.filter.from;
    if (from) start = this.firstIndex((e) => atOrAfter(e, from.time, from.inclusive));
    if (q.floorMs !== undefined)
      start = Math.max(
        start,
        this.firstIndex((e) => e.ms >= q.floorMs!),
      );
    if (q.after) {
      const after = q.after;
      start = Math.max(
        start,
        this.firstIndex((e) => compareEntries(e, after) > (q.repeatCursor ? -1 : 0)),
      );
    }
    const to = q.filter.to;
    const inRange = to ? (e: Entry) => atOrBefore(e, to.time, to.inclusive) : () => true;
    const events: DirectoryAudit[] = [];
    let last: StoreCursor | undefined = q.after;
    let i = start;
    for (; i < entries.length && events.length < q.top; i++) {
      const e = entries[i]!;
      if (!inRange(e)) return { events, last, more: false };
      if (e.visibleAt > q.now || !matches(e.event, q.filter)) continue;
      events.push(e.event);
      last = e;
    }
    const next = entries[i];
    return { events, last, more: next !== undefined && inRange(next) };
  }

  private pageDescending(q: StorePageQuery): StorePage {
    const entries = this.entries;
    let end = entries.length - 1;
    const to = q.filter.to;
    if (to) end = this.firstIndex((e) => !atOrBefore(e, to.time, to.inclusive)) - 1;
    if (q.after) {
      const after = q.after;
      end = Math.min(end, this.firstIndex((e) => compareEntries(e, after) > (q.repeatCursor ? 0 : -1)) - 1);
    }
    const from = q.filter.from;
    const floorMs = q.floorMs;
    const inRange = (e: Entry) =>
      (!from || atOrAfter(e, from.time, from.inclusive)) && (floorMs === undefined || e.ms >= floorMs);
    const events: DirectoryAudit[] = [];
    let last: StoreCursor | undefined = q.after;
    let i = end;
    for (; i >= 0 && events.length < q.top; i--) {
      const e = entries[i]!;
      if (!inRange(e)) return { events, last, more: false };
      if (e.visibleAt > q.now || !matches(e.event, q.filter)) continue;
      events.push(e.event);
      last = e;
    }
    const next = entries[i];
    return { events, last, more: next !== undefined && inRange(next) };
  }

  /** First index whose entry satisfies `predicate` (which must be monotone false → true); size if none. */
  private firstIndex(predicate: (e: Entry) => boolean): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (predicate(this.entries[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function atOrAfter(e: Entry, time: ActivityTime, inclusive: boolean): boolean {
  const c = compareActivityTime(e, time);
  return inclusive ? c >= 0 : c > 0;
}

function atOrBefore(e: Entry, time: ActivityTime, inclusive: boolean): boolean {
  const c = compareActivityTime(e, time);
  return inclusive ? c <= 0 : c < 0;
}

function matches(event: DirectoryAudit, filter: AuditFilter): boolean {
  for (const { property, value } of filter.equals) {
    const actual = event[property];
    if (typeof actual !== 'string' || actual.toLowerCase() !== value.toLowerCase()) return false;
  }
  return filter.conditions.every((c) => holds(event, c));
}

function sameText(actual: unknown, value: string): boolean {
  return typeof actual === 'string' && actual.toLowerCase() === value.toLowerCase();
}

function holds(event: DirectoryAudit, c: Condition): boolean {
  switch (c.kind) {
    case 'and':
      return c.items.every((item) => holds(event, item));
    case 'or':
      return c.items.some((item) => holds(event, item));
    case 'any-target': {
      const targets: unknown = event.targetResources;
      return (
        Array.isArray(targets) &&
        targets.some(
          (t) => typeof t === 'object' && t !== null && sameText((t as Record<string, unknown>)[c.property], c.value),
        )
      );
    }
    case 'eq': {
      let at: unknown = event;
      for (const key of c.path)
        at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined;
      return sameText(at, c.value);
    }
  }
}
