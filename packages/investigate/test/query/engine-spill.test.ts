import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../src/index.js';

let parent: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'investigate-spill-'));
});

afterAll(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('the engine spill directory', () => {
  it('is a private directory of its own inside the one given, removed on close', async () => {
    const engines = [await DuckDbEngine.open({ tempDir: parent }), await DuckDbEngine.open({ tempDir: parent })];
    const dirs = await readdir(parent);
    // Two engines of one process never share a name another user could have made first.
    expect(dirs).toHaveLength(2);
    for (const dir of dirs) {
      expect(dir).toMatch(/^b2c-alerts-duckdb-/);
      expect((await stat(join(parent, dir))).mode & 0o777).toBe(0o700);
    }
    for (const engine of engines) engine.close();
    expect(await readdir(parent)).toEqual([]);
  });
});
