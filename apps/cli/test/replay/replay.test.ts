import { rm } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { generateTraffic, incidents, Prng } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { tempDirWith } from '../helpers/write-files.js';

const hour = 3_600_000;
const t0 = Date.parse('2026-03-02T00:00:00Z');
const gap = { from: t0 + 3 * hour, to: t0 + 4 * hour };

const rule = (id: string, body: string) =>
  `id: ${id}\ntitle: ${id} fired\nseverity: high\ndescription: replay test rule.\n${body}`;
const ruleFiles = {
  'keys.rule.yaml': rule(
    't.keys.deleted',
    'match: { all: [{ fact: activity, operator: equal, value: Delete policy key }] }\nthrottle: { key: [actor.name], for: 1h }\n',
  ),
  'burst.rule.yaml': rule(
    't.policies.burst',
    'match: { all: [{ fact: activity, operator: equal, value: Update custom policy }] }\naggregate: { kind: count, groupBy: actor.name, window: 10m, threshold: 5 }\n',
  ),
  'spray.rule.yaml': rule(
    't.auth.spray',
    [
      'match:',
      '  all:',
      '    - { fact: activity, operator: equal, value: Validate local account credentials }',
      '    - { fact: result, operator: equal, value: failure }',
      'aggregate: { kind: distinct, groupBy: ip, field: details.LocalAccountUsername, window: 10m, threshold: 10 }',
      '',
    ].join('\n'),
  ),
  'silent.rule.yaml': rule(
    't.watchdog.sign-ins',
    'match: { all: [{ fact: activity, operator: equal, value: Validate local account credentials }] }\naggregate: { kind: absence, window: 30m }\n',
  ),
};

/** Six hours of generated traffic with a one-hour silence, plus planted incidents, in time order. */
function events(): DirectoryAudit[] {
  const traffic = [...generateTraffic({ seed: 3, start: t0, end: t0 + 6 * hour, eventsPerHour: 1500 })].filter((e) => {
    const time = Date.parse(e.activityDateTime);
    return time < gap.from || time >= gap.to;
  });
  const hostile = {
    ...incidents.policyKeyDeleted(t0 + 90 * 60_000, { actorUpn: 'eve\u001b[31m@evil.example\u202e' })[1]!,
    id: 'hostile-1',
  };
  // One more policy update by the burst's actor 3.5 h after it (below the threshold): read newest first,
  // count would take the burst as more than its lateness behind this one and drop it.
  const laterUpdate = incidents.customPolicyBurst(t0 + 5.5 * hour, { count: 1 });
  const planted = [
    ...incidents.policyKeyDeleted(t0 + hour),
    hostile,
    ...incidents.customPolicyBurst(t0 + 2 * hour),
    ...incidents.passwordSpray(t0 + 5 * hour),
    ...laterUpdate,
  ];
  return [...traffic, ...planted].sort((a, b) =>
    a.activityDateTime < b.activityDateTime ? -1 : a.activityDateTime > b.activityDateTime ? 1 : 0,
  );
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The events, each moved by up to `spreadMs` of event time: a deterministic shuffle within that much. */
function shuffledWithin(items: DirectoryAudit[], spreadMs: number): DirectoryAudit[] {
  const prng = new Prng(7);
  return items
    .map((audit) => ({ audit, key: Date.parse(audit.activityDateTime) + prng.next() * spreadMs }))
    .sort((a, b) => a.key - b.key)
    .map(({ audit }) => audit);
}

const jsonl = (items: DirectoryAudit[]) => items.map((a) => `${JSON.stringify(a)}\n`).join('');

/** `2026-03-02T01:00:00.1234567Z` as an Event Hub export writes it: `…+00:00`. */
const withOffset = (time: string) => time.replace(/Z$/, '+00:00');

function eventHubRecord(audit: DirectoryAudit) {
  const time = withOffset(audit.activityDateTime);
  return {
    time,
    resourceId: '/tenants/11111111-2222-3333-4444-555555555555/providers/Microsoft.aadiam',
    operationName: audit.activityDisplayName,
    operationVersion: '1.0',
    category: 'AuditLogs',
    tenantId: '11111111-2222-3333-4444-555555555555',
    resultSignature: 'None',
    durationMs: 0,
    correlationId: audit.correlationId,
    Level: 4,
    properties: { ...audit, activityDateTime: time },
  };
}

describe('b2c-alerts replay', () => {
  let dir: string;
  let audits: DirectoryAudit[];

  beforeAll(async () => {
    audits = events();
    const pages = chunks(audits, 250);
    const files: Record<string, string | Buffer> = {
      ...Object.fromEntries(Object.entries(ruleFiles).map(([p, c]) => [`rules/${p}`, c])),
    };
    pages.forEach((value, i) => {
      files[`pages/page-${String(i + 1).padStart(4, '0')}.json`] = JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits',
        value,
        ...(i < pages.length - 1
          ? { '@odata.nextLink': `https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$skiptoken=${i + 1}` }
          : {}),
      });
    });
    files['events.jsonl.gz'] = gzipSync(audits.map((a) => `${JSON.stringify(a)}\n`).join(''));
    files['eventhub.json'] = chunks(audits, 100)
      .map((part) => `${JSON.stringify({ records: part.map(eventHubRecord) })}\n`)
      .join('');
    files['newest-first.jsonl'] = jsonl([...audits].reverse());
    files['shuffled.jsonl'] = jsonl(shuffledWithin(audits, 20 * 60_000));
    files['broken.jsonl'] =
      `${JSON.stringify(audits[0])}\n{"id": "half", "activityDateTime": \n${JSON.stringify(audits[1])}\n`;
    dir = await tempDirWith(files, 'cli-replay-');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const replay = (...args: string[]) => runCliCapture(['replay', ...args, '--rules', `${dir}/rules`]);

  it('gives the same alerts from a Graph page directory, a gzip JSONL file and an Event Hub export with +00:00 offsets', async () => {
    const pages = await replay(`${dir}/pages`, '--format', 'jsonl');
    const gzip = await replay(`${dir}/events.jsonl.gz`, '--format', 'jsonl');
    const eventHub = await replay(`${dir}/eventhub.json`, '--format', 'jsonl');
    for (const run of [pages, gzip, eventHub]) expect(run.code, run.stderr).toBe(0);
    expect(gzip.stdout).toBe(pages.stdout);
    expect(eventHub.stdout).toBe(pages.stdout);

    const alerts = pages.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(alerts.map((a) => `${a['ruleId'] as string} ${a['status'] as string}`)).toEqual([
      't.keys.deleted firing',
      't.keys.deleted firing',
      't.policies.burst firing',
      't.watchdog.sign-ins firing',
      't.watchdog.sign-ins resolved',
      't.auth.spray firing',
    ]);
    for (const alert of alerts) {
      expect(Object.keys(alert)).toEqual(
        expect.arrayContaining([
          'ruleId',
          'severity',
          'title',
          'groupKey',
          'count',
          'firstTime',
          'lastTime',
          'eventIds',
          'status',
          'suppressed',
        ]),
      );
    }
    expect(alerts[2]).toMatchObject({ count: 5, groupValues: { 'actor.name': expect.any(String) } });
    expect(alerts[5]).toMatchObject({ count: 10, groupValues: { ip: '198.51.100.77' } });
    // The silence fires on the first minute tick at least 30 minutes after the last sign-in before the gap.
    const lastBefore = Math.max(
      ...audits
        .filter(
          (a) =>
            a.activityDisplayName === 'Validate local account credentials' && Date.parse(a.activityDateTime) < gap.from,
        )
        .map((a) => Date.parse(a.activityDateTime)),
    );
    const fired = Date.parse(alerts[3]!['lastTime'] as string);
    expect(Date.parse(alerts[3]!['firstTime'] as string)).toBe(lastBefore);
    expect(fired % 60_000).toBe(0);
    expect(fired - lastBefore).toBeGreaterThanOrEqual(30 * 60_000);
    expect(fired - lastBefore).toBeLessThan(31 * 60_000);
    expect(Date.parse(alerts[4]!['lastTime'] as string)).toBeGreaterThanOrEqual(gap.to);

    expect(pages.stderr).toContain(
      `replay: ${audits.length} events read, ${audits.length} evaluated, 0 input problems\n`,
    );
    expect(pages.stderr).toMatch(/^rule\s+matches\s+skipped\s+alerts$/m);
    expect(pages.stderr).toMatch(/^t\.keys\.deleted\s+2\s+0\s+2$/m);
    expect(pages.stderr).toMatch(/^t\.watchdog\.sign-ins\s+\d+\s+0\s+2$/m);
    expect(pages.stderr).toMatch(/^total\s+\d+\s+0\s+6$/m);
  });

  it('prints each alert once when inputs overlap (the same events read twice)', async () => {
    const once = await replay(`${dir}/events.jsonl.gz`, '--format', 'jsonl');
    const twice = await replay(`${dir}/events.jsonl.gz`, `${dir}/pages`, '--format', 'jsonl');
    expect(once.stdout.trim().length).toBeGreaterThan(0);
    expect(twice.stdout).toBe(once.stdout);
  });

  it('gives the same alerts whatever the input order: in order, shuffled within 20 minutes, newest first', async () => {
    const inOrder = await replay(`${dir}/events.jsonl.gz`, '--format', 'jsonl');
    const shuffled = await replay(`${dir}/shuffled.jsonl`, '--format', 'jsonl');
    const newestFirst = await replay(`${dir}/newest-first.jsonl`, '--format', 'jsonl');
    for (const run of [inOrder, shuffled, newestFirst]) expect(run.code, run.stderr).toBe(0);
    const ruleIds = inOrder.stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { ruleId: string }).ruleId);
    expect(ruleIds).toHaveLength(6);
    expect(ruleIds).toContain('t.policies.burst');
    expect(shuffled.stdout).toBe(inOrder.stdout);
    expect(newestFirst.stdout).toBe(inOrder.stdout);

    // Within the reorder window the input streams; beyond it, replay says it read everything into memory.
    for (const run of [inOrder, shuffled]) expect(run.stderr).not.toContain('not in time order');
    const notice =
      /^replay: input is not in time order \(an event of (\S+) came after (\S+)\); read again and sorted ([\d,]+) events in memory$/m.exec(
        newestFirst.stderr,
      );
    expect(notice, newestFirst.stderr).not.toBeNull();
    const newest = Math.max(...audits.map((a) => Date.parse(a.activityDateTime)));
    expect(notice![2]).toBe(new Date(newest).toISOString());
    expect(newest - Date.parse(notice![1]!)).toBeGreaterThan(hour);
    expect(notice![3]).toBe(audits.length.toLocaleString('en-US'));
    // The summary counts the input once, not once per read.
    expect(newestFirst.stderr).toContain(
      `replay: ${audits.length} events read, ${audits.length} evaluated, 0 input problems\n`,
    );
  });

  it('reports an input problem once when the input is read again to sort it', async () => {
    const run = await replay(`${dir}/broken.jsonl`, `${dir}/newest-first.jsonl`, '--format', 'jsonl');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not in time order');
    expect(run.stderr.match(/broken\.jsonl:2: invalid JSON line/g)).toHaveLength(1);
    expect(run.stderr).toContain(
      `replay: ${audits.length + 2} events read, ${audits.length + 2} evaluated, 1 input problem\n`,
    );
  });

  it('prints one readable line per alert, escaping control characters from events', async () => {
    const run = await replay(`${dir}/events.jsonl.gz`);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(
      /^2026-03-02T01:3\d:\d\d\.\d{3}Z HIGH {5}t\.keys\.deleted firing count=1 actor\.name="eve\\u001b\[31m@evil\.example\\u202E" "t\.keys\.deleted fired" events=hostile-1$/,
    );
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\u202e');
  });

  it('keeps to --since and --until, and checks absence up to --until', async () => {
    const iso = (ms: number) => new Date(ms).toISOString();
    const late = await replay(
      `${dir}/events.jsonl.gz`,
      '--format',
      'jsonl',
      '--since',
      iso(t0 + 4 * hour),
      '--until',
      iso(t0 + 7 * hour),
    );
    expect(late.code, late.stderr).toBe(0);
    const alerts = late.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { ruleId: string; status: string; lastTime: string });
    // Sign-ins stop at the end of the data (6 h); with --until 7 h, the ticks go on and show that silence.
    expect(alerts.map((a) => `${a.ruleId} ${a.status}`)).toEqual(['t.auth.spray firing', 't.watchdog.sign-ins firing']);
    const lastSignIn = Math.max(
      ...audits
        .filter((a) => a.activityDisplayName === 'Validate local account credentials')
        .map((a) => Date.parse(a.activityDateTime)),
    );
    expect(lastSignIn).toBeLessThan(t0 + 6 * hour + 1);
    expect(alerts[1]!.lastTime).toBe(iso(Math.ceil((lastSignIn + 30 * 60_000) / 60_000) * 60_000));
    expect(late.stderr).toMatch(/replay: \d+ events read, \d+ evaluated \(\d+ outside --since\/--until\)/);

    const reversed = await replay(`${dir}/events.jsonl.gz`, '--since', iso(t0 + 2 * hour), '--until', iso(t0));
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/--until .* is before --since/);
  });

  it('reports unreadable input with file and line on stderr, replays the rest and exits 1', async () => {
    const run = await replay(`${dir}/broken.jsonl`, `${dir}/missing.json`, '--format', 'jsonl');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${dir}/missing.json: cannot read`);
    expect(run.stderr).toMatch(new RegExp(`${dir}/broken\\.jsonl:2: invalid JSON line`));
    expect(run.stderr).toContain('replay: 2 events read, 2 evaluated, 2 input problems');
    expect(run.stderr).toMatch(
      /b2c-alerts: 2 problems in the input \(above\) were skipped; the alerts cover only what could be read\.\n$/,
    );
  });

  it('refuses an invalid rule set with its problems, exit 2', async () => {
    const bad = await tempDirWith({ 'x.rule.yaml': 'id: x\n' });
    try {
      const run = await runCliCapture(['replay', `${dir}/events.jsonl.gz`, '--rules', bad]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${bad}/x.rule.yaml:1:1: missing required field 'title'`);
      expect(run.stdout).toBe('');
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});
