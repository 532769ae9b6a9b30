import { request } from 'node:http';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { generatedArchive, investigationEvents, dayMs, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { Capture } from '../helpers/capture.js';
import { runAt } from '../helpers/run-cli-at.js';

const start = Date.parse('2026-04-01T00:00:00Z');
const now = start + 3 * dayMs + 12 * 3_600_000;
let archive: GeneratedArchive;

/** `b2c-alerts console …` running until `stop()`; resolves once it printed its URL. */
async function startCommand(args: string[], env: Record<string, string> = {}) {
  const controller = new AbortController();
  let printed: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (printed = resolve));
  const stdout = new (class extends Capture {
    override write(chunk: string): boolean {
      super.write(chunk);
      const match = /^Console: (\S+)\n/m.exec(this.text);
      if (match) printed(match[1]!);
      return true;
    }
  })();
  const stderr = new Capture();
  const done = runCli(['console', '--archive', archive.dir, '--port', '0', ...args], {
    env: { LOG_LEVEL: 'silent', ...env },
    stdout,
    stderr,
    clock: new VirtualClock(now),
    signal: controller.signal,
  });
  const first = await Promise.race([url, done.then((code) => ({ code }))]);
  if (typeof first !== 'string') return { failed: first.code, stderr: stderr.text };
  return { url: first, stop: async () => (controller.abort(), done), stderr };
}

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 4, eventsPerHour: 60, extra: investigationEvents('2026-04-02') });
  const indexed = await runAt(now, ['archive', 'index', '--archive', archive.dir]);
  expect(indexed.code).toBe(0);
});

afterAll(async () => {
  await archive?.remove();
});

describe('b2c-alerts console', () => {
  it('prints its URL, answers as `events` does (CSV bytes, JSONL records) and stops on the signal', async () => {
    const running = await startCommand([]);
    if (!('url' in running)) throw new Error(running.stderr);
    const url = running.url!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    try {
      const filter = ['--since', '2026-04-02', '--until', '2026-04-03T06:00:00Z', '--result', 'failure'];
      const qs = 'since=2026-04-02&until=2026-04-03T06:00:00Z&result=failure';
      const cli = await runAt(now, [
        'events',
        '--archive',
        archive.dir,
        '--format',
        'csv',
        '--limit',
        '100000',
        ...filter,
      ]);
      expect(cli.code).toBe(0);
      const csv = await fetch(new URL(`/api/events.csv?${qs}`, url));
      expect(Buffer.from(await csv.arrayBuffer()).toString('utf8')).toBe(cli.stdout);

      const jsonl = await runAt(now, [
        'events',
        '--archive',
        archive.dir,
        '--format',
        'jsonl',
        '--limit',
        '100000',
        ...filter,
      ]);
      const records = jsonl.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string });
      const page = (await (await fetch(new URL(`/api/events?${qs}&limit=1000`, url))).json()) as {
        rows: Array<{ id: string }>;
        nextCursor: string | null;
      };
      expect(page.nextCursor).toBeNull();
      expect(page.rows.map((r) => r.id)).toEqual(records.map((r) => r.id));
      const one = (await (await fetch(new URL(`/api/events/${encodeURIComponent(records[0]!.id)}`, url))).json()) as {
        record: unknown;
      };
      expect(one.record).toEqual(records[0]);
    } finally {
      expect(await running.stop!()).toBe(0);
    }
    await expect(fetch(new URL('/api/session', url))).rejects.toThrow();
  });

  it('refuses another host without CONSOLE_TOKEN, naming it', async () => {
    const running = await startCommand(['--host', '0.0.0.0']);
    expect(running.failed).toBe(2);
    expect(running.stderr).toContain('CONSOLE_TOKEN');
  });

  it('refuses a short CONSOLE_TOKEN, naming it', async () => {
    const running = await startCommand([], { CONSOLE_TOKEN: 'short' });
    expect(running.failed).toBe(2);
    expect(running.stderr).toContain('CONSOLE_TOKEN is shorter than 16 characters');
    expect(running.stderr).not.toContain('short;');
  });

  it('takes the token from CONSOLE_TOKEN', async () => {
    const token = 'token-from-the-environment-0123456789';
    const running = await startCommand([], { CONSOLE_TOKEN: token });
    if (!('url' in running)) throw new Error(running.stderr);
    try {
      expect((await fetch(new URL('/api/events?limit=1', running.url))).status).toBe(401);
      const ok = await fetch(new URL('/api/events?limit=1', running.url), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
    } finally {
      await running.stop!();
    }
  });

  it('answers only its own Host names, and those --allowed-host adds', async () => {
    const token = 'token-from-the-environment-0123456789';
    const running = await startCommand(['--allowed-host', 'console.example', '--allowed-host', 'other.example:8443'], {
      CONSOLE_TOKEN: token,
    });
    if (!('url' in running)) throw new Error(running.stderr);
    const status = async (host: string) =>
      await new Promise<number>((resolve, reject) => {
        const url = new URL('/api/session', running.url);
        request({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    try {
      expect(await status('evil.example')).toBe(421);
      expect(await status('console.example')).toBe(200);
      expect(await status('other.example:8443')).toBe(200);
      expect(await status('other.example:8444')).toBe(421);
    } finally {
      await running.stop!();
    }
  });

  it('marks the session cookie Secure with --secure-cookie', async () => {
    const token = 'token-from-the-environment-0123456789';
    const running = await startCommand(['--secure-cookie'], { CONSOLE_TOKEN: token });
    if (!('url' in running)) throw new Error(running.stderr);
    try {
      const login = await fetch(new URL('/api/login', running.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      expect(login.status).toBe(204);
      expect(login.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await running.stop!();
    }
  });

  it('refuses an archive of another tenant like `events`', async () => {
    const { writeFile, rm } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const state = join(archive.dir, '.export-state.json');
    await writeFile(state, '{"version":1,"tenant":"fabrikamb2c.onmicrosoft.com"}\n');
    try {
      const running = await startCommand([], { AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com' });
      expect(running.failed).toBe(2);
      expect(running.stderr).toContain('belongs to tenant fabrikamb2c.onmicrosoft.com');
    } finally {
      await rm(state);
    }
  });
});
