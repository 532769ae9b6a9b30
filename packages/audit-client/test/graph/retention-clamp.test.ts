import { describe, expect, it } from 'vitest';
import { isRetentionError, parseRetentionFloor } from '../../src/graph/retention-clamp.js';

const body = (date: string) =>
  `UnknownError: Specified argument was out of the range of valid values. (Parameter 'Minimum allowed time for activityDateTime is ${date}')`;

describe('parseRetentionFloor', () => {
  it.each([
    ['2/5/2023 12:00:00 AM', '2023-02-05T00:00:00Z'],
    ['4/5/2026 12:00:00 AM', '2026-04-05T00:00:00Z'],
    ['12/31/2025 12:00:00 PM', '2025-12-31T12:00:00Z'],
    ['1/9/2026 1:02:03 PM', '2026-01-09T13:02:03Z'],
    ['1/9/2026 11:59:59 AM', '2026-01-09T11:59:59Z'],
    ['2/29/2024 3:04:05 AM', '2024-02-29T03:04:05Z'],
    ['7/4/2026', '2026-07-04T00:00:00Z'],
    ['7/4/2026 17:30:00', '2026-07-04T17:30:00Z'],
  ])('reads %s as %s UTC', (date, iso) => {
    expect(parseRetentionFloor(body(date))).toBe(Date.parse(iso));
    expect(isRetentionError(body(date))).toBe(true);
  });

  it('rejects impossible dates and other messages', () => {
    expect(parseRetentionFloor(body('2/30/2023 12:00:00 AM'))).toBeUndefined();
    expect(parseRetentionFloor(body('2/5/2023 13:00:00 PM'))).toBeUndefined();
    expect(parseRetentionFloor(body('2/5/2023 0:00:00 AM'))).toBeUndefined();
    expect(
      parseRetentionFloor("Invalid filter clause: Could not find a property named 'createdDateTime'"),
    ).toBeUndefined();
    expect(parseRetentionFloor(undefined)).toBeUndefined();
    expect(isRetentionError('Invalid filter clause')).toBe(false);
  });
});
