import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/parsing/parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1h30m', 5_400_000],
    ['1d2h3m4s', 93_784_000],
    [' 5m ', 300_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['0', 'no unit'],
    ['15', 'no unit'],
    ['0s', 'longer than zero'],
    ['0h0m', 'longer than zero'],
    ['-5m', 'cannot be negative'],
    ['10x', "unknown unit 'x'"],
    ['5min', "unknown unit 'min'"],
    ['1.5h', 'whole numbers'],
    ['30m1h', 'largest first'],
    ['1h1h', 'largest first'],
    ['', 'empty'],
    ['h', "cannot read 'h'"],
    ['99999999999999w', 'too long'],
  ])('rejects %j (%s)', (text, fragment) => {
    expect(() => parseDuration(text)).toThrow(expect.objectContaining({ code: 'RE_ERR_DURATION_INVALID', message: expect.stringContaining(fragment) }));
    expect(() => parseDuration(text)).toThrow(`invalid duration '${text}'`);
  });
});
