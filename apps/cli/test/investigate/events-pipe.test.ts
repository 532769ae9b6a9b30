import { generatedArchive, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/spawn-cli.js';

const start = Date.parse('2026-04-01T00:00:00Z');
let archive: GeneratedArchive;

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 2, eventsPerHour: 1000 });
});

afterAll(async () => {
  await archive?.remove();
});

describe('b2c-alerts events in a pipeline', { timeout: 60_000 }, () => {
  it('stops quietly with 0 when the reader goes away, as `events … | head -1` does', async () => {
    // Far more rows than a pipe buffers, so the CLI is still writing when its reader closes.
    const args = ['events', '--archive', archive.dir, '--since', '2026-03-01T00:00:00Z', '--limit', '40000'];
    const run = await spawnCli([...args, '--format', 'jsonl'], {}, undefined, (stdout, child) => {
      if (stdout.includes('\n')) child.stdout?.destroy();
    });
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).not.toContain('Unhandled');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^\{"id":/);
  });
});
