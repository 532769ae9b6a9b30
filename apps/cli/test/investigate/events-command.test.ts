import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generatedArchive, investigationEvents, dayMs, type GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAt } from '../helpers/run-cli-at.js';

const start = Date.parse('2026-04-01T00:00:00Z');
// Three closed days and the open fourth one.
const now = start + 3 * dayMs + 12 * 3_600_000;
let archive: GeneratedArchive;
const events = (...args: string[]) => runAt(now, ['events', '--archive', archive.dir, ...args]);

beforeAll(async () => {
  archive = await generatedArchive({ start, days: 4, eventsPerHour: 100, extra: investigationEvents('2026-04-02') });
  await writeFile(join(archive.dir, '.export-state.json'), '{"version":1,"tenant":"contosob2c.onmicrosoft.com"}\n');
  const indexed = await runAt(now, ['archive', 'index', '--archive', archive.dir]);
  expect(indexed.stderr).toBe('');
  expect(indexed.stdout).toMatch(/^Indexed 3 days .* 2026-04-04 is open and read from its parts\.\n$/);
  expect(indexed.code).toBe(0);
});

afterAll(async () => {
  await archive?.remove();
});

describe('b2c-alerts events', () => {
  it('lists the newest events first in a table that fits the terminal, and says the open day came from its parts', async () => {
    const out = await runAt(now, ['events', '--archive', archive.dir, '--limit', '5'], { columns: 160 });
    expect(out.code).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^TIME \(UTC\)\s+CATEGORY\s+ACTIVITY/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(160);
    const times = lines.slice(1).map((l) => l.slice(0, 27));
    expect([...times].sort().reverse()).toEqual(times);
    expect(times[0]! > '2026-04-04').toBe(true);
    expect(out.stderr).toContain('5 events, newest first; more match');
    expect(out.stderr).toContain('notice: 2026-04-04 answered from its raw parts (the open day, not indexed yet).');
    expect(out.stderr).not.toContain('archive index');
  });

  it('keeps hostile event text inert in the table', async () => {
    const out = await events('--text', 'plant_3', '--until', '2026-04-03');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Delete policy key\\u202E\\u001B[31m');
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(out.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    expect(out.stderr).toBe('1 event, newest first.\n');
    expect(Math.max(...out.stdout.split('\n').map((l) => l.length))).toBeLessThan(600);
  });

  it('prints the raw Graph records as JSONL', async () => {
    const out = await events('--format', 'jsonl', '--correlation-id', 'C0FFEE00-0000-4000-8000-000000000001');
    expect(out.code).toBe(0);
    const planted = investigationEvents('2026-04-02')[0]!;
    expect(
      out.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([planted]);
  });

  it('writes the portal columns as CSV, quoted by RFC 4180 and neutralised against formulas', async () => {
    const out = await events('--format', 'csv', '--text', 'plant_');
    expect(out.code).toBe(0);
    const [header, ...records] = out.stdout.replace(/^\uFEFF/, '').split('\r\n');
    expect(
      header!.startsWith('Date (UTC),CorrelationId,Service,Category,Activity,Result,ResultReason,User Agent,ActorType'),
    ).toBe(true);
    expect(header).toContain(',Target3ModifiedProperty5NewValue,Id,ActorAppId,TenantId,PolicyId,');
    expect(records.at(-1)).toBe('');
    expect(records).toHaveLength(5);
    const hostile = records.find((r) => r.includes('PLANT_3'))!;
    expect(hostile).toContain(`,"'=HYPERLINK(""http://x"")",`);
    expect(hostile).toContain('"[[""Weird,Key \\""q\\"""",""line1\\nline2, \\""quoted\\""""]');
    expect(hostile.includes('x'.repeat(31_000))).toBe(true);
    expect(hostile.endsWith(' more characters]"')).toBe(true);
    expect(hostile.length).toBeLessThan(40_000);
  });

  it('answers every filter flag, CIDR blocks of both families included', async () => {
    const ids = async (...args: string[]) => {
      const out = await events('--format', 'jsonl', '--limit', '100000', ...args);
      expect(out.code).toBe(0);
      return out.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { id: string }).id);
    };
    const count = async (...args: string[]) => (await ids(...args)).length;
    expect(await count('--ip', '2001:db8::/32')).toBe(2);
    expect(await ids('--ip', '198.51.100.7/32')).toContain('Directory_c0ffee00-0000-4000-8000-000000000002_PLANT_2');
    expect(await count('--category', 'Key', '--policy', 'b2c_1a_signup_signin')).toBe(1);
    expect(await count('--actor', 'mallory@contoso.example', '--target-type', 'application')).toBe(2);
    expect(
      await count(
        '--detail',
        'AppId=c1c2c3c4-0000-4000-8000-000000000003',
        '--app',
        'c1c2c3c4-0000-4000-8000-000000000003',
      ),
    ).toBe(1);
    expect(
      await count('--activity', 'Update application – Certificates and secrets management ', '--result', 'failure'),
    ).toBe(1);
    expect(
      await count(
        '--activity-like',
        'secrets management',
        '--target',
        'payments api',
        '--since',
        '2026-04-02',
        '--until',
        '2026-04-02T23:59:59Z',
      ),
    ).toBe(2);
  });

  it('counts by a field', async () => {
    const out = await events('--count-by', 'category', '--text', 'plant_');
    expect(out.stdout).toBe('    2  ApplicationManagement\n    1  DirectoryManagement\n    1  KeyManagement\n');
    expect(out.stderr).toContain('4 events in 3 groups.\n');
  });

  it('shows one event in the details panel, modified properties as old → new', async () => {
    const out = await runAt(now, [
      'events',
      'show',
      'Directory_c0ffee00-0000-4000-8000-000000000001_PLANT_1',
      '--archive',
      archive.dir,
    ]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Activity\n {2}Date \(UTC\)\s+2026-04-02T10:00:00.123456Z\n/);
    expect(out.stdout).toMatch(/\nInitiated by \(actor\)\n {2}Type +user\n {2}Object id +a1b2c3d4-/);
    expect(out.stdout).toContain(
      'KeyDescription: [] → ["[KeyIdentifier=k1,KeyType=Password,KeyUsage=Verify,DisplayName=ci]"]',
    );
    expect(out.stdout).toContain(
      'Additional details\n  User-Agent  Mozilla/5.0\n  AppId       c1c2c3c4-0000-4000-8000-000000000003\n',
    );
  });

  it.each([
    [
      ['--category', 'Keys'],
      /^b2c-alerts: --category: "Keys" is not a category; use one of B2C's Authorization, Directory/,
    ],
    [['--since', 'yesterday'], /^b2c-alerts: --since: "yesterday" is neither a duration back from now/],
    [['--until', '2026-13-45'], /^b2c-alerts: --until: "2026-13-45" is neither/],
    [['--ip', '10.0.0.0/33'], /^b2c-alerts: --ip: "10.0.0.0\/33" is not an IP address or CIDR block; write one like/],
    [['--ip', '2001:db8::/129'], /^b2c-alerts: --ip: "2001:db8::\/129" is not an IP address or CIDR block/],
    [['--detail', 'PolicyId'], /^b2c-alerts: --detail "PolicyId" is not KEY=VALUE; write it like --detail PolicyId=/],
    [['--detail', '=x'], /^b2c-alerts: --detail "=x" is not KEY=VALUE/],
    [['--text', 'a\u0007b'], /^b2c-alerts: --text: holds control characters/],
    [['--limit', '0'], /^b2c-alerts: --limit "0" is not a whole number from 1 to 1,000,000\./],
    [['--since', '1d', '--until', '2d'], /^b2c-alerts: --until: is before since/],
    [
      ['--limit', '1000000'],
      /^b2c-alerts: --limit 1000000: a table shows at most 10,000 events \(it holds them to fit the columns\); use --format csv or jsonl for more, which stream\./,
    ],
  ])('refuses %j with a message naming the flag', async (args, message) => {
    const out = await events(...args);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
  });

  it('refuses an archive recorded for another tenant', async () => {
    const out = await runAt(now, ['events', '--archive', archive.dir], {
      env: { AZURE_TENANT_ID: 'fabrikamb2c.onmicrosoft.com' },
    });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('belongs to tenant contosob2c.onmicrosoft.com, not fabrikamb2c.onmicrosoft.com');
    const same = await runAt(now, [
      'events',
      '--archive',
      archive.dir,
      '--tenant',
      'CONTOSOB2C.onmicrosoft.com',
      '--limit',
      '1',
    ]);
    expect(same.code).toBe(0);
  });

  it('needs an archive', async () => {
    const out = await runAt(now, ['events']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('give the archive with --archive DIR');
    const missing = await runAt(now, ['events', '--archive', join(archive.dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a directory');
  });

  it('lists the index files beside the parts, one per closed day', async () => {
    const names = (await readdir(join(archive.dir, '.index'))).sort();
    expect(names.filter((n) => n.endsWith('.json'))).toEqual(['2026-04-01.json', '2026-04-02.json', '2026-04-03.json']);
    expect(names.filter((n) => n.endsWith('.parquet'))).toHaveLength(3);
  });
});
