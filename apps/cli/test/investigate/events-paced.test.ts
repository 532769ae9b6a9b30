import { EventEmitter } from 'node:events';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { dayMs, generatedArchive, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { Capture } from '../helpers/capture.js';

const start = Date.parse('2026-04-01T00:00:00Z');
const now = start + 2 * dayMs + 12 * 3_600_000;
let archive: GeneratedArchive;

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 3, eventsPerHour: 100 });
  const code = await runCli(['archive', 'index', '--archive', archive.dir], {
    env: { LOG_LEVEL: 'silent' },
    stdout: new Capture(),
    stderr: new Capture(),
    clock: new VirtualClock(now),
  });
  expect(code).toBe(0);
});

afterAll(async () => {
  await archive?.remove();
});

/** A stdout whose buffer is always full: it drains only once someone waits for it, as a slow reader would. */
class FullStream extends EventEmitter {
  readonly chunks: string[] = [];
  /** Writes made while an earlier write's "full" had not drained yet. */
  writesWhileFull = 0;
  #full = false;

  constructor() {
    super();
    this.on('newListener', (event: string) => {
      if (event === 'drain') process.nextTick(() => this.#drain());
    });
  }

  write(chunk: string): boolean {
    if (this.#full) this.writesWhileFull++;
    this.chunks.push(chunk);
    this.#full = true;
    return false;
  }

  #drain(): void {
    this.#full = false;
    this.emit('drain');
  }
}

describe('b2c-alerts events --format csv to a slow reader', () => {
  it('waits for stdout to drain before each next batch, and writes the same bytes', async () => {
    const stdout = new FullStream();
    const stderr = new Capture();
    const args = [
      'events',
      '--archive',
      archive.dir,
      '--format',
      'csv',
      '--since',
      '2026-03-01T00:00:00Z',
      '--limit',
      '100000',
    ];
    const code = await runCli(args, { env: { LOG_LEVEL: 'silent' }, stdout, stderr, clock: new VirtualClock(now) });
    expect(stderr.text).toBe('notice: 2026-04-03 answered from its raw parts (the open day, not indexed yet).\n');
    expect(code).toBe(0);
    const batches = stdout.chunks.length - 1; // the header, then one write per batch
    expect(batches).toBeGreaterThan(2);
    expect(stdout.writesWhileFull).toBe(0);

    const capture = new Capture();
    expect(
      await runCli(args, {
        env: { LOG_LEVEL: 'silent' },
        stdout: capture,
        stderr: new Capture(),
        clock: new VirtualClock(now),
      }),
    ).toBe(0);
    expect(stdout.chunks.join('')).toBe(capture.text);
  });
});
