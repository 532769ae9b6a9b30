import type { AuditWindow, DirectoryAudit, GraphAuditReader, ODataClause } from '@b2c-alerts/audit-client';
import { compareIds, matchesRow, toEventRow, type EventRow, type ResolvedFilter } from '@b2c-alerts/investigate';

/** One matching event read from Graph: its row (for table and CSV) and its raw record (for JSONL). */
export interface GraphEvent {
  row: EventRow;
  raw: DirectoryAudit;
}

export interface GraphEventsOptions {
  reader: GraphAuditReader;
  window: AuditWindow;
  clauses: readonly ODataClause[];
  filter: ResolvedFilter;
  signal: AbortSignal;
  /** Called after each page Graph answered (for a progress line). */
  onPage?: () => void;
}

/** The part name rows read from Graph carry (they come from no archive part). */
export const graphPart = 'graph';

/** Newest first, as an archive query orders: time, then id (in code point order, as the index compares), descending. */
function newer(a: EventRow, b: EventRow): boolean {
  return a.timeUs > b.timeUs || (a.timeUs === b.timeUs && compareIds(a.id, b.id) > 0);
}

/**
 * The events of every service the reader reads that match `filter`, newest first: one request sequence
 * per service (its own `loggedByService eq`, newest first, with `clauses`), merged as they arrive, so
 * the caller stops reading (and Graph is asked for no more pages) once it has enough. Each record is
 * matched by investigate's predicate over its row, the code a raw scan of the archive runs; a record
 * Graph repeats across pages is given once.
 */
export async function* graphEvents(options: GraphEventsOptions): AsyncGenerator<GraphEvent> {
  const { reader, window, clauses, filter, signal, onPage } = options;
  const streams = reader.services.map((service) =>
    matching(reader.readPages(window, { service, clauses, descending: true, signal }), filter, onPage),
  );
  const heads: Array<GraphEvent | undefined> = [];
  try {
    for (const stream of streams) heads.push((await stream.next()).value ?? undefined);
    const seen = new Set<string>();
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i];
        if (head && (best < 0 || newer(head.row, heads[best]!.row))) best = i;
      }
      if (best < 0) return;
      const event = heads[best]!;
      heads[best] = (await streams[best]!.next()).value ?? undefined;
      if (seen.has(event.row.id)) continue;
      seen.add(event.row.id);
      yield event;
    }
  } finally {
    await Promise.all(streams.map((s) => s.return(undefined)));
  }
}

async function* matching(
  pages: AsyncGenerator<{ events: DirectoryAudit[] }>,
  filter: ResolvedFilter,
  onPage: (() => void) | undefined,
): AsyncGenerator<GraphEvent, undefined> {
  for await (const page of pages) {
    onPage?.();
    for (const raw of page.events) {
      const row = toEventRow(raw, { part: graphPart });
      if (row && matchesRow(filter, row)) yield { row, raw };
    }
  }
  return undefined;
}
