import type { EventRecord, RecordOutcome, WindowSummary } from '../state-store.js';
import { recordedOutcome, rememberOutcome } from './claim.js';
import type { MemoryKeyspace } from './memory-keyspace.js';

interface AlertData {
  suppressed: number;
  summary?: WindowSummary;
}

/** An 'alert' outcome, recorded with the event's claim so a duplicate of the event replays it. */
export function alertOutcome(keys: MemoryKeyspace, r: EventRecord, suppressed: number, summary?: WindowSummary): RecordOutcome {
  const data: AlertData = summary === undefined ? { suppressed } : { suppressed, summary };
  rememberOutcome(keys, r, data);
  return { status: 'alert', ...data };
}

/** The outcome of an already-claimed event: its recorded alert again ('replayed'), or 'duplicate'. */
export function duplicateOutcome(keys: MemoryKeyspace, r: EventRecord): RecordOutcome {
  const data = recordedOutcome<AlertData>(keys, r);
  return data === undefined ? { status: 'duplicate' } : { status: 'replayed', ...data };
}
