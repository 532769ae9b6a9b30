import { describe, expect, it } from 'vitest';
import { isCliError } from '../../src/index.js';
import { parseTime } from '../../src/text/parse-time.js';

const now = Date.parse('2026-11-27T12:00:00Z');

describe('parseTime', () => {
  it('reads durations back from now', () => {
    expect(parseTime('3d', now, '--since')).toBe(Date.parse('2026-11-24T12:00:00Z'));
    expect(parseTime('12h', now, '--since')).toBe(Date.parse('2026-11-27T00:00:00Z'));
    expect(parseTime('90m', now, '--since')).toBe(Date.parse('2026-11-27T10:30:00Z'));
    expect(parseTime('1w', now, '--since')).toBe(Date.parse('2026-11-20T12:00:00Z'));
    expect(parseTime('45s', now, '--since')).toBe(now - 45_000);
    expect(parseTime('1.5h', now, '--since')).toBe(Date.parse('2026-11-27T10:30:00Z'));
    expect(parseTime('1h30m', now, '--since')).toBe(Date.parse('2026-11-27T10:30:00Z'));
    expect(parseTime('2d12h', now, '--until')).toBe(Date.parse('2026-11-25T00:00:00Z'));
  });

  it('reads durations forward from now for flags that schedule', () => {
    expect(parseTime('2h', now, '--until', 'future')).toBe(Date.parse('2026-11-27T14:00:00Z'));
    expect(parseTime('1h30m', now, '--until', 'future')).toBe(Date.parse('2026-11-27T13:30:00Z'));
    expect(parseTime('2026-11-20', now, '--until', 'future')).toBe(Date.parse('2026-11-20T00:00:00Z'));
  });

  it('gives the message of parseDuration after the option for what reads as a duration, a bare number included', () => {
    const usage = (value: string, option: string) => {
      try {
        parseTime(value, now, option);
      } catch (error) {
        expect(isCliError(error) && error.code).toBe('CLI_ERR_USAGE');
        return (error as Error).message;
      }
      throw new Error(`${value} was accepted`);
    };
    expect(usage('60', '--since')).toBe("--since: '60' has no unit: write 60s");
    expect(usage('3x', '--until')).toBe("--until: '3x' has an unknown unit: use ms, s, m, h, d or w");
    expect(usage('30m1h', '--since')).toMatch(/^--since: '30m1h' repeats a unit/);
  });

  it('reads ISO dates and date-times, taking a time without offset as UTC like Graph', () => {
    expect(parseTime('2026-11-20', now, '--since')).toBe(Date.parse('2026-11-20T00:00:00Z'));
    expect(parseTime('2026-11-20T08:30', now, '--since')).toBe(Date.parse('2026-11-20T08:30:00Z'));
    expect(parseTime('2026-11-20T08:30:15.250Z', now, '--since')).toBe(Date.parse('2026-11-20T08:30:15.250Z'));
    expect(parseTime('2026-11-20T09:30:00+01:00', now, '--since')).toBe(Date.parse('2026-11-20T08:30:00Z'));
  });

  it('refuses anything else with a usage error that names the option and the accepted forms', () => {
    for (const bad of ['yesterday', '', '2026-13-45', '-3d']) {
      let error: unknown;
      try {
        parseTime(bad, now, '--until');
      } catch (caught) {
        error = caught;
      }
      expect(isCliError(error) && error.code).toBe('CLI_ERR_USAGE');
      expect((error as Error).message).toMatch(
        /^--until .* is neither a duration \(like 90m, 1h30m, 1\.5h, 3d\) nor an ISO date-time/,
      );
    }
  });
});
