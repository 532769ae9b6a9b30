import { afterAll, beforeAll, expect, it } from 'vitest';
import { DuckDbEngine } from '../../src/index.js';
import { compareIds } from '../../src/rows/compare-ids.js';

let engine: DuckDbEngine;

beforeAll(async () => {
  engine = await DuckDbEngine.open();
});

afterAll(() => engine?.close());

it('orders ids as the engine does, characters past U+FFFF included', async () => {
  const ids = ['a', 'ab', 'a\uFF46', 'a\u{1F600}', 'a\uE000', 'a\uD7FF', 'aé', 'A', 'a\u{10000}b', 'a\u{10000}', ''];
  const rows = await engine.rows(`SELECT to_json(list_sort($1))::VARCHAR AS j`, [{ type: 'VARCHAR[]', value: ids }]);
  expect([...ids].sort(compareIds)).toEqual(JSON.parse(String(rows[0]!.j)));
});
