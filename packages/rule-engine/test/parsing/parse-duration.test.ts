import { describe, expect, it } from 'vitest';
import { DurationError } from '../../src/errors/duration-error.js';
import { durationPattern, parseDuration } from '../../src/parsing/parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['90m', 5_400_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['1d2h3m4s', 93_784_000],
    ['1h0.5m', 3_630_000],
    ['0.25s', 250],
    ['250ms', 250],
    ['1s500ms', 1500],
    ['1.1h', 3_960_000],
    [' 5m ', 300_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['15', "'15' has no unit: write 15s"],
    ['60', "'60' has no unit: write 60s"],
    ['1.5', "'1.5' has no unit: write 1.5s"],
    ['0', "'0' has no unit, and must be longer than zero: write for example 10m"],
    ['0s', "'0s' must be longer than zero"],
    ['0h0m', "'0h0m' must be longer than zero"],
    ['-5m', "'-5m' cannot be negative"],
    ['10x', "'10x' has an unknown unit: use ms, s, m, h, d or w"],
    ['5min', "'5min' has an unknown unit"],
    ['1,5h', "'1,5h' is not a duration: write one or more <number><unit> terms such as 90m, 1h30m or 1.5h"],
    ['30m1h', "'30m1h' repeats a unit or has them out of order: write each unit once, largest first, such as 1h30m"],
    ['1h1h', 'largest first'],
    ['', "'' is empty"],
    ['h', "'h' is not a duration"],
    ['1h 30m', "'1h 30m' is not a duration"],
    ['0.0001s', 'shorter than a millisecond'],
    ['99999999999999w', 'too long'],
  ])('rejects %j: %s', (text, message) => {
    expect(() => parseDuration(text)).toThrow(
      expect.objectContaining({
        name: 'DurationError',
        code: 'RE_ERR_DURATION_INVALID',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('says the same of a bare number wherever it is used, and keeps the reason apart from the text', () => {
    let error: unknown;
    try {
      parseDuration('60');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DurationError);
    expect(error).toMatchObject({
      text: '60',
      reason: 'has no unit: write 60s',
      message: "'60' has no unit: write 60s",
    });
  });

  it('takes zero where the caller allows it, and still refuses a bare 0', () => {
    expect(parseDuration('0s', { allowZero: true })).toBe(0);
    expect(parseDuration('0m0.0s', { allowZero: true })).toBe(0);
    expect(() => parseDuration('0', { allowZero: true })).toThrow("'0' has no unit: write 0s");
  });

  it('has a JSON-schema pattern that accepts what it reads and refuses a bare number', () => {
    const pattern = new RegExp(durationPattern);
    for (const text of ['90m', '1h30m', '1.5h', '7d', '250ms', '1d2h3m4s', '1s500ms'])
      expect(pattern.test(text), text).toBe(true);
    for (const text of ['60', '30m1h', '1.5', '5min', '-5m']) expect(pattern.test(text), text).toBe(false);
  });
});
