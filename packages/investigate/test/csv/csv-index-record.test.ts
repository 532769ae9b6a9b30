import { describe, expect, it } from 'vitest';
import { csvIndexRecord } from '../../src/csv/csv-index-record.js';
import { isoMicros } from '../../src/index.js';

/** A row of csvRowsSql with only its id and time set. */
const rowAt = (timeUs: number) => JSON.stringify(['e1', timeUs, 'Directory', ...Array<null>(13).fill(null), [], []]);

describe('csvIndexRecord', () => {
  it('writes the time as isoMicros does, across days, in any order, and outside 1970–9999', () => {
    const dayUs = 86_400_000_000;
    const times = [
      0,
      1,
      999_999,
      dayUs - 1,
      dayUs,
      1_790_000_000_123_456,
      1_790_000_000_000_000,
      Date.parse('2028-02-29T23:59:59.999Z') * 1000 + 999,
      Number.MAX_SAFE_INTEGER, // 2255, where microseconds stop being exact in a number
      -1_000_000,
    ];
    let seed = 3;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      times.push(Math.floor((seed / 2 ** 31) * 4_102_444_800_000_000)); // up to 2100
    }
    for (const t of times) expect([t, csvIndexRecord(rowAt(t)).item.split(',')[0]]).toEqual([t, isoMicros(t)]);
  });

  it('gives the order keys a search resumes from', () => {
    expect(csvIndexRecord(rowAt(1_790_000_000_123_456))).toMatchObject({ timeUs: 1_790_000_000_123_456, id: 'e1' });
  });
});
