import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../src/index.js';
import { foldCase } from '../../src/filters/fold-case.js';

let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await DuckDbEngine.open();
});

afterAll(() => engine?.close());

/** Folds `values` in the engine, in order. */
async function sqlFold(values: string[]): Promise<string[]> {
  const rows = await engine.rows(`SELECT to_json(list_transform($1, x -> iv_fold(x)))::VARCHAR AS j`, [
    { type: 'VARCHAR[]', value: values },
  ]);
  return JSON.parse(String(rows[0]!.j)) as string[];
}

describe('case folding', () => {
  it('is the same in SQL and in TypeScript for every code point', async () => {
    // Each behind an `a`: the driver drops a byte-order mark that starts a value.
    const values: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) values.push(`a${String.fromCodePoint(cp)}`);
    const folded = await sqlFold(values);
    const differ = values
      .filter((v, i) => folded[i] !== foldCase(v))
      .map((v) => `U+${v.codePointAt(1)!.toString(16).toUpperCase()}`);
    expect(differ).toEqual([]);
  });

  it.each([
    ['İlker ΟΔΟΣ', 'ilker οδοσ'],
    ['ΟΔΟΣ ΑΘΗΝΩΝ', 'οδοσ αθηνων'],
    ['οδος', 'οδοσ'],
    ['Σ', 'σ'],
    ['DİRECTORY', 'directory'],
    ['Straße', 'straße'],
    ['\u{10D50}x', '\u{10D50}x'],
  ])('folds %s as the engine does', async (value, expected) => {
    expect(foldCase(value)).toBe(expected);
    expect(await sqlFold([value])).toEqual([expected]);
  });
});
