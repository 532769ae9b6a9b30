import { describe, expect, it } from 'vitest';
import { formatActivityDateTime, retentionErrorBody } from '../../src/index.js';
import { formatUsDateTime } from '../../src/date-time/format-us-date-time.js';
import { retentionFloor } from '../../src/graph-emulator/retention.js';

describe('formatActivityDateTime', () => {
  it('writes UTC with 7 fractional digits and Z', () => {
    expect(formatActivityDateTime(Date.parse('2019-09-14T18:13:17.061Z'), 8117)).toBe('2019-09-14T18:13:17.0618117Z');
    expect(formatActivityDateTime(Date.parse('2026-01-01T00:00:00Z'))).toBe('2026-01-01T00:00:00.0000000Z');
    expect(formatActivityDateTime(Date.parse('2026-01-01T00:00:00Z') + 0.9, 42)).toBe('2026-01-01T00:00:00.0000042Z');
  });
});

describe('formatUsDateTime', () => {
  it('prints US culture M/D/YYYY h:mm:ss AM|PM in UTC', () => {
    expect(formatUsDateTime(Date.parse('2023-02-05T00:00:00Z'))).toBe('2/5/2023 12:00:00 AM');
    expect(formatUsDateTime(Date.parse('2026-04-05T12:00:00Z'))).toBe('4/5/2026 12:00:00 PM');
    expect(formatUsDateTime(Date.parse('2026-12-31T23:05:09Z'))).toBe('12/31/2026 11:05:09 PM');
    expect(formatUsDateTime(Date.parse('2026-07-04T09:30:00Z'))).toBe('7/4/2026 9:30:00 AM');
  });
});

describe('retention', () => {
  it('floors to the start of the UTC day of now - retentionDays', () => {
    expect(retentionFloor(Date.parse('2026-01-10T12:00:00Z'), 7)).toBe(Date.parse('2026-01-03T00:00:00Z'));
    expect(retentionFloor(Date.parse('2026-01-10T00:00:00Z'), 7)).toBe(Date.parse('2026-01-03T00:00:00Z'));
    expect(retentionFloor(Date.parse('2026-03-01T23:59:59Z'), 30)).toBe(Date.parse('2026-01-30T00:00:00Z'));
  });

  it('renders the exact body Graph sends', () => {
    expect(retentionErrorBody(Date.parse('2023-02-05T00:00:00Z'))).toBe(
      `{"error":{"code":"UnknownError","message":"Specified argument was out of the range of valid values. (Parameter 'Minimum allowed time for activityDateTime is 2/5/2023 12:00:00 AM')"}}`,
    );
  });
});
