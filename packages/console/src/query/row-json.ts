import { isoMicros, type EventRow } from '@b2c-alerts/investigate';

/** An event row as the API gives it: investigate's EventRow with `time`, ISO UTC to the microsecond. */
export type EventRowJson = EventRow & { time: string };

export function rowJson(row: EventRow): EventRowJson {
  return { ...row, time: isoMicros(row.timeUs) };
}
