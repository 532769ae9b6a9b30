import type { DirectoryAudit } from '@b2c-alerts/audit-client';

/** 100 ns ticks per millisecond: scenario time is counted in ticks from the scenario's start. */
export const TICKS_PER_MS = 10_000;

/** Where sessions put the records they make; the generator orders them by time. */
export interface SessionSink {
  /** Formats a scenario tick as an activityDateTime. */
  timeAt(ticks: number): string;
  /** Accepts a record at `ticks`; records past the scenario's end are dropped. */
  emit(ticks: number, event: DirectoryAudit): void;
}
