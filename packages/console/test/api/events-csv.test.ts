import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../../src/index.js';
import { archiveNow, consoleArchive } from '../helpers/console-archive.js';

let archive: GeneratedArchive;
let server: RunningConsole;

beforeAll(async () => {
  archive = await consoleArchive();
  // One engine: an export that kept it after its client left would make the next request wait forever.
  server = await startConsole({ archiveDir: archive.dir, engines: 1, rowCap: 2000, clock: { now: () => archiveNow } });
});

afterAll(async () => {
  await server?.close();
  await archive?.remove();
});

describe('GET /api/events.csv', () => {
  it('gives its engine back when the client goes away mid-download', async () => {
    const controller = new AbortController();
    const res = await fetch(new URL('/api/events.csv', server.url), { signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    await reader.cancel().catch(() => undefined);
    const next = await fetch(new URL('/api/events?limit=1', server.url));
    expect(next.status).toBe(200);
    expect(((await next.json()) as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it('holds at most the row cap, and a smaller limit when asked', async () => {
    const lines = async (qs: string) => {
      const text = await (await fetch(new URL(`/api/events.csv${qs}`, server.url))).text();
      return text.split('\r\n').filter((l) => l !== '').length - 1;
    };
    expect(await lines('')).toBe(2000);
    expect(await lines('?limit=25')).toBe(25);
    const over = await fetch(new URL('/api/events.csv?limit=2001', server.url));
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: { field: string } }).error.field).toBe('limit');
  });
});
