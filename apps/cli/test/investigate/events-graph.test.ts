import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic, investigationEvents } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { Capture } from '../helpers/capture.js';

const hour = 3_600_000;
const day = 24 * hour;
const t0 = Date.parse('2026-11-27T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A B2C sign-in whose actor GUID is only in servicePrincipalName (appId N/A), as B2C writes it (§5.4). */
const spnApp = '5e7a0c1d-0000-4000-8000-00000000abcd';
const hostileActivity = "O'Brien's ' or loggedByService eq 'B2C";
const planted: DirectoryAudit[] = [
  ...investigationEvents('2026-11-26'),
  {
    id: 'B2C_PLANT_SPN',
    activityDateTime: iso(t0 - 30 * hour),
    activityDisplayName: 'Issue an id_token to the application',
    category: 'Authentication',
    correlationId: 'c0ffee00-0000-4000-8000-0000000000aa',
    result: 'success',
    loggedByService: 'B2C',
    initiatedBy: { app: { appId: 'N/A', displayName: null, servicePrincipalName: spnApp } },
    targetResources: [],
    additionalDetails: [],
  },
  {
    id: 'B2C_PLANT_QUOTE',
    activityDateTime: iso(t0 - 20 * hour),
    activityDisplayName: hostileActivity,
    category: 'Authorization',
    correlationId: 'c0ffee00-0000-4000-8000-0000000000bb',
    result: 'failure',
    loggedByService: 'B2C',
    targetResources: [],
    additionalDetails: [],
  },
];

describe('b2c-alerts events --graph', { timeout: 120_000 }, () => {
  const clock = new VirtualClock(t0);
  const emulator = emulatorFixture({ now: () => clock.now(), rateLimit: false });
  const traffic = [...generateTraffic({ seed: 9, start: t0 - 3 * day, end: t0 - hour, eventsPerHour: 40 }), ...planted];
  let root: string;
  let archive: string;

  /** `events` at t0 against the emulator; the clock is reset first, so durations mean the same for every run. */
  async function events(args: string[]) {
    clock.set(t0);
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['events', ...args], {
      env: { LOG_LEVEL: 'silent', ...emulator.env },
      stdout,
      stderr,
      clock,
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  /** The `$filter` of each first-page request since `from` (continuations carry a skiptoken). */
  const filtersSince = (from: number) =>
    emulator.graph.requests
      .slice(from)
      .map((r) => new URLSearchParams(r.query))
      .filter((q) => q.get('$skiptoken') === null)
      .map((q) => q.get('$filter') ?? '');

  /** The flags the stderr notice says Graph filtered by. */
  const notice = (stderr: string) => /Graph filtered by ([^\n]*), the other filters/.exec(stderr)?.[1] ?? '';

  beforeAll(emulator.start);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cli-events-graph-'));
    archive = join(root, 'archive');
    emulator.graph.addEvents(traffic);
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '4d', '--out', archive, '--rate-limit', 'off'], {
      env: { LOG_LEVEL: 'silent', ...emulator.env },
      stdout,
      stderr,
      clock,
    });
    expect(stderr.text).toBe('');
    expect(code).toBe(0);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const activityOf = (service: string) => traffic.find((e) => e.loggedByService === service)!.activityDisplayName!;

  it.each([
    ['no filter', () => [], () => []],
    ['one activity', () => ['--activity', activityOf('B2C')], () => [`activityDisplayName eq '${activityOf('B2C')}'`]],
    [
      'two activities, as Graph writes them',
      () => ['--activity', activityOf('B2C'), '--activity', activityOf('Core Directory')],
      () => [
        `(activityDisplayName eq '${activityOf('B2C')}' or activityDisplayName eq '${activityOf('Core Directory')}')`,
      ],
    ],
    // Graph's eq may compare case-sensitively: an activity not spelled exactly as catalogued is matched locally only.
    ['an activity typed in another case', () => ['--activity', activityOf('B2C').toUpperCase()], () => []],
    [
      'two activities, one typed in another case',
      () => ['--activity', activityOf('B2C').toUpperCase(), '--activity', activityOf('Core Directory')],
      () => [],
    ],
    [
      'a correlation id GUID, sent lower-case as Graph writes it',
      () => ['--correlation-id', 'C0FFEE00-0000-4000-8000-0000000000AA'],
      () => ["correlationId eq 'c0ffee00-0000-4000-8000-0000000000aa'"],
    ],
    ['a correlation id that is not a GUID, matched locally only', () => ['--correlation-id', 'not-a-guid'], () => []],
    [
      'a target GUID',
      () => ['--target', 'b1b2b3b4-0000-4000-8000-000000000002'],
      () => ["targetResources/any(t: t/id eq 'b1b2b3b4-0000-4000-8000-000000000002')"],
    ],
    [
      'since and until',
      () => ['--since', '2d', '--until', '1d'],
      () => [`activityDateTime ge ${iso(t0 - 2 * day)} and activityDateTime le ${iso(t0 - day)}`],
    ],
    // Not a catalogued name, so matched locally only: its quotes never reach the $filter.
    ['a hostile activity', () => ['--activity', hostileActivity], () => []],
    [
      'filters applied locally only: an actor GUID in servicePrincipalName, category, result, text',
      () => ['--actor', spnApp, '--category', 'Authentication', '--result', 'SUCCESS', '--text', 'id_token'],
      () => [],
    ],
  ])('with %s gives the rows an archive query gives, and sends the filter to Graph', async (_name, args, clauses) => {
    const fromArchive = await events(['--archive', archive, '--format', 'jsonl', '--limit', '10000', ...args()]);
    expect(fromArchive.code, fromArchive.stderr).toBe(0);
    const before = emulator.graph.requests.length;
    const fromGraph = await events(['--graph', '--format', 'jsonl', '--limit', '10000', ...args()]);
    expect(fromGraph.code, fromGraph.stderr).toBe(0);
    if (!args().includes('not-a-guid')) expect(fromGraph.stdout.length).toBeGreaterThan(0);
    expect(fromGraph.stdout).toBe(fromArchive.stdout);
    // B2C names the app by servicePrincipalName: a pushed-down initiatedBy/app/appId would have lost it.
    if (args().includes('--actor')) expect(fromGraph.stdout).toContain('"id":"B2C_PLANT_SPN"');
    const filters = filtersSince(before);
    expect(filters.length).toBe(5); // one request sequence per default service
    for (const filter of filters) {
      expect(filter).toMatch(/^loggedByService eq '[^']+' and activityDateTime ge \S+ and activityDateTime le \S+/);
      for (const clause of clauses()) expect(filter).toContain(clause);
      if (clauses().length === 0 && !args().includes('--since')) expect(filter).toMatch(/activityDateTime le \S+$/);
    }
    expect(fromGraph.stderr).toContain('notice: answered by Microsoft Graph for ');
    for (const flag of ['--activity', '--correlation-id'])
      if (args().includes(flag)) expect(notice(fromGraph.stderr).includes(flag)).toBe(clauses().length > 0);
  });

  it('prints the newest events first as a table and CSV, stopping at --limit after the first pages', async () => {
    const archived = await events(['--archive', archive, '--format', 'csv', '--limit', '7']);
    const before = emulator.graph.requests.length;
    const csv = await events(['--graph', '--format', 'csv', '--limit', '7']);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(archived.stdout);
    expect(emulator.graph.requests.length - before).toBe(5);
    const table = await events(['--graph', '--limit', '3']);
    expect(table.code).toBe(0);
    expect(table.stdout.trimEnd().split('\n')).toHaveLength(4);
    expect(table.stderr).toContain('3 events, newest first; more match');
  });

  it('waits out a 429 for its Retry-After, then answers', async () => {
    emulator.graph.injectFaults({ kind: '429', retryAfterSeconds: 7 });
    const before = emulator.graph.requests.length;
    const out = await events(['--graph', '--format', 'jsonl', '--activity', activityOf('B2C'), '--limit', '5']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.trimEnd().split('\n')).toHaveLength(5);
    expect(emulator.graph.requests.slice(before).map((r) => r.status)).toContain(429);
    expect(clock.sleeps).toContain(7000);
  });

  it('clamps --since to the seven days Graph keeps, and says so on stderr', async () => {
    const before = emulator.graph.requests.length;
    const out = await events(['--graph', '--since', '10d', '--limit', '1']);
    expect(out.code, out.stderr).toBe(0);
    const floor = iso(t0 - 7 * day + 60_000);
    expect(out.stderr).toContain(
      `notice: Microsoft Graph keeps audit events for 7 days; --since ${iso(t0 - 10 * day)} was moved to ${floor}`,
    );
    for (const filter of filtersSince(before)) expect(filter).toContain(`activityDateTime ge ${floor}`);
  });

  it('refuses --graph with --archive or --count-by, and names --graph when neither source is given', async () => {
    const both = await events(['--graph', '--archive', archive]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--graph and --archive exclude each other');
    const count = await events(['--graph', '--count-by', 'activity']);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('--count-by needs an archive');
    const neither = await events([]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--graph');
  });
});

describe('b2c-alerts events show --graph', { timeout: 60_000 }, () => {
  const clock = new VirtualClock(t0);
  const emulator = emulatorFixture({ now: () => clock.now(), rateLimit: false });
  beforeAll(emulator.start);

  async function show(args: string[]) {
    clock.set(t0);
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['events', 'show', ...args], {
      env: { LOG_LEVEL: 'silent', ...emulator.env },
      stdout,
      stderr,
      clock,
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it("prints one event's panel, asking Graph for its id, and fails naming the 7 days when Graph has no such event", async () => {
    emulator.graph.addEvents(planted);
    const before = emulator.graph.requests.length;
    const out = await show(['B2C_PLANT_QUOTE', '--graph']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toContain(hostileActivity);
    for (const request of emulator.graph.requests.slice(before))
      expect(new URLSearchParams(request.query).get('$filter')).toContain("id eq 'B2C_PLANT_QUOTE'");
    const missing = await show(['B2C_NOPE', '--graph']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("in Microsoft Graph's last 7 days");
  });
});
