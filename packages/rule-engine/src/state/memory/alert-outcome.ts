import type { EventRecord, RecordOutcome, WindowSummary } from '../state-store.js';
import { rememberOutcome, replayOutcome, type Claim } from './claim.js';
import type { MemoryKeyspace } from './memory-keyspace.js';

interface AlertData {
  suppressed: number;
  summary?: WindowSummary;
}

/** An 'alert' outcome, recorded so a later step of the same event replays it. */
export function alertOutcome(
  keys: MemoryKeyspace,
  r: EventRecord,
  suppressed: number,
  summary?: WindowSummary,
): RecordOutcome {
  const data: AlertData = summary === undefined ? { suppressed } : { suppressed, summary };
  rememberOutcome(keys, r, data);
  return { status: 'alert', ...data };
}

/**
 * What a step whose claim was not 'new' returns at once: the alert the event recorded ('replayed'),
 * else 'duplicate' for a duplicate; undefined for a stale event without one (the kind decides).
 */
export function replayedAlert(keys: MemoryKeyspace, r: EventRecord, claim: Claim): RecordOutcome | undefined {
  if (claim === 'new') return undefined;
  const data = replayOutcome<AlertData>(keys, r);
  if (data !== undefined) return { status: 'replayed', ...data };
  return claim === 'duplicate' ? { status: 'duplicate' } : undefined;
}
