import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Prng } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GraphAuditReader,
  VirtualClock,
  isAuditClientError,
  readExports,
  type ExportProblem,
  type ExportRecord,
} from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';

// Seeded fuzzing of the two readers of untrusted audit input. A fixed number of cases per seed, so a
// failure replays exactly; the test timeout is the hang bound and RSS growth the memory bound.
const MB = 1024 * 1024;
const rssBound = 300 * MB;
const cases = 120;
const start = Date.parse('2026-03-10T12:00:00Z');

const good = b2cEvents('fuzz', Date.UTC(2025, 0, 10), 3, 60_000);
const goodLines = good.map((e) => JSON.stringify(e));

/** Bytes a hostile export might hold: broken JSON, wrong types, deep nesting, truncated gzip, noise. */
function hostileBody(prng: Prng): Buffer {
  const kind = prng.int(10);
  const line = prng.pick(goodLines);
  switch (kind) {
    case 0:
      return Buffer.from(Array.from({ length: prng.range(1, 4096) }, () => prng.int(256)));
    case 1:
      return Buffer.from(line.slice(0, prng.int(line.length)));
    case 2:
      return gzipSync(goodLines.join('\n')).subarray(0, prng.range(1, 60));
    case 3:
      return Buffer.from('['.repeat(prng.range(1000, 50_000)) + ']'.repeat(prng.int(3)));
    case 4:
      return Buffer.from(`{"value":${'{"a":'.repeat(prng.range(500, 20_000))}1}`);
    case 5: {
      const wrong = [null, 1, 'x', true, [], {}, { id: 5 }, { id: 'x', activityDateTime: 7 }];
      return Buffer.from(JSON.stringify({ value: [prng.pick(wrong), JSON.parse(line) as unknown, prng.pick(wrong)] }));
    }
    case 6:
      return Buffer.from(`${'"'.repeat(prng.range(1, 3))}${'a'.repeat(prng.range(64 * 1024, 300 * 1024))}\n${line}\n`);
    case 7: {
      const mutated = line.split('');
      for (let i = prng.range(1, 8); i > 0; i--) mutated[prng.int(mutated.length)] = prng.chars(1, '{}[]",:\\\u0000\n');
      return Buffer.from(`${mutated.join('')}\n${line}\n`);
    }
    case 8:
      return Buffer.concat([
        gzipSync(`${line}\n`),
        Buffer.from(Array.from({ length: prng.range(1, 64) }, () => prng.int(256))),
      ]);
    default:
      return Buffer.from(`\uFEFF${line}\n\r\n\u0000\n{"records":[${line},${prng.pick(['1', 'null', '"s"', '{'])}]}\n`);
  }
}

describe('readExports over generated hostile files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fuzz-readers-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(`reads ${cases} hostile files next to a valid one: typed problems with the file, valid records kept`, async () => {
    const prng = new Prng(1212);
    const base = process.memoryUsage().rss;
    let peak = base;
    for (let n = 0; n < cases; n++) {
      const hostile = join(dir, `case-${n}-a.json${prng.chance(0.3) ? '.gz' : ''}`);
      const valid = join(dir, `case-${n}-b.jsonl`);
      await writeFile(hostile, hostileBody(prng));
      await writeFile(valid, goodLines.join('\n') + '\n');

      const problems: ExportProblem[] = [];
      const records: ExportRecord[] = [];
      for await (const record of readExports([hostile, valid], {
        onProblem: (p) => problems.push(p),
        limits: { maxLineBytes: 128 * 1024, maxProblemsPerFile: 20 },
      })) {
        records.push(record);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      for (const p of problems) {
        expect([hostile, valid], `case ${n}: ${p.message}`).toContain(p.file);
        if (p.line !== undefined) expect(p.line).toBeGreaterThan(0);
      }
      expect(
        problems.filter((p) => p.file === valid),
        `case ${n}`,
      ).toEqual([]);
      expect(
        records.filter((r) => r.file === valid).map((r) => r.audit.id),
        `case ${n}`,
      ).toEqual(good.map((e) => e.id));

      // Without onProblem the only error is the package's typed one, after every record.
      let thrown: unknown;
      try {
        for await (const record of readExports([hostile], { limits: { maxLineBytes: 128 * 1024 } })) void record;
      } catch (error) {
        thrown = error;
      }
      if (thrown !== undefined) {
        expect(isAuditClientError(thrown), `case ${n}: ${String(thrown)}`).toBe(true);
        expect((thrown as Error).message).toContain(hostile);
      }
    }
    expect(peak - base).toBeLessThan(rssBound);
  });
});

describe('GraphAuditReader over generated hostile Graph pages', () => {
  let server: Server;
  let url: string;
  let prng: Prng;
  beforeAll(async () => {
    prng = new Prng(4242);
    server = createServer((_req, res) => {
      const kind = prng.int(9);
      const status = prng.pick([200, 200, 200, 400, 404, 500, 503, 429, 204, 301]);
      const page = JSON.stringify({ value: b2cEvents('graph', start - 60_000, 2, 1000) });
      const bodies = [
        () => page.slice(0, prng.int(page.length)),
        () => JSON.stringify({ value: [null, 1, 'x', { id: 3 }, { activityDateTime: [] }] }),
        () =>
          JSON.stringify({ value: 'not-a-list', '@odata.nextLink': prng.pick([7, 'javascript:x', '', 'http://[::1']) }),
        () => `{"value":${'['.repeat(prng.range(100, 20_000))}`,
        () => Buffer.from(Array.from({ length: prng.range(0, 2048) }, () => prng.int(256))).toString('latin1'),
        () => JSON.stringify({ error: { code: '\u0000<!channel>', message: 'x'.repeat(prng.range(0, 100_000)) } }),
        () =>
          JSON.stringify({
            value: [],
            '@odata.nextLink': `${url}/v1.0/auditLogs/directoryAudits?$skiptoken=${prng.guid()}`,
          }),
        () => page,
        () => 'null',
      ];
      const headers: Record<string, string> = { 'content-type': prng.pick(['application/json', 'text/html', 'x/y']) };
      if (status === 429 || status === 503) headers['retry-after'] = prng.pick(['0', '-1', 'soon', '99999999999']);
      if (status === 301) headers['location'] = prng.pick(['/x', 'http://example.invalid/', '\u0000']);
      try {
        res.writeHead(status, headers);
      } catch {
        res.writeHead(status);
      }
      res.end(status === 204 ? undefined : bodies[kind]!());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it(`reads ${cases} windows of hostile answers: pages or typed errors only`, async () => {
    const base = process.memoryUsage().rss;
    const codes = new Set<string>();
    for (let n = 0; n < cases; n++) {
      const jitter = new Prng(n);
      const reader = new GraphAuditReader({
        tokenProvider: { getToken: async () => 'fuzz-token' },
        graphBaseUrl: url,
        clock: new VirtualClock(start),
        random: () => jitter.next(),
        rateLimit: false,
        requestTimeoutMs: 5000,
        retry: { maxAttempts: 1 },
      });
      try {
        let pages = 0;
        for await (const page of reader.readPages({ from: start - 3_600_000, to: start })) {
          void page;
          if (++pages > 20) break; // nextLink loops are the server's choice; the reader's bound is elsewhere
        }
      } catch (error) {
        expect(isAuditClientError(error), `case ${n}: ${String(error)}`).toBe(true);
        codes.add((error as { code: string }).code);
      }
    }
    expect(codes.size).toBeGreaterThan(0);
    expect(process.memoryUsage().rss - base).toBeLessThan(rssBound);
  });
});
