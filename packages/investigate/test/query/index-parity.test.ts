import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  csvFields,
  csvProjection,
  csvRecord,
  type DuckDbEngine,
  EventSearch,
  ipKey,
  matchesRow,
  queryEvents,
  resolveFilter,
  type EventFilterInput,
  type EventRow,
} from '../../src/index.js';
import { dayMs, investigationEvents, type GeneratedArchive } from '@b2c-alerts/testkit';
import { indexedArchive, rawRows } from '../helpers/indexed-archive.js';

const start = Date.parse('2026-03-01T00:00:00Z');
const now = start + 3 * dayMs + 60_000; // the three days are closed
let archive: GeneratedArchive;
let engine: DuckDbEngine;
let all: EventRow[];

/**
 * Events whose text folds differently in JavaScript's toLowerCase() and SQL's lower() (`İ`, a final
 * `Σ`), and ids at one time that UTF-16 and UTF-8 order differently (U+FF46 against U+1F600).
 */
function nonAsciiEvents(): DirectoryAudit[] {
  const [plant] = investigationEvents('2026-03-03');
  const event = (id: string, extra: Partial<DirectoryAudit>): DirectoryAudit => ({
    ...plant!,
    id,
    activityDateTime: '2026-03-03T09:00:00Z',
    correlationId: null,
    ...extra,
  });
  return [
    event('Directory_ÿ_NONASCII_\uFF46', {
      category: 'DİRECTORY',
      initiatedBy: {
        user: { id: null, displayName: 'İlker ΟΔΟΣ', userPrincipalName: null, ipAddress: null },
        app: null,
      },
      additionalDetails: [{ key: 'Street', value: 'ΟΔΟΣ ΑΘΗΝΩΝ 1' }],
    }),
    event('Directory_ÿ_NONASCII_\u{1F600}', { activityDisplayName: 'Update ΟΔΟΣ' }),
    event('Directory_ÿ_NONASCII_\uE000', { activityDisplayName: 'Update οδος' }),
  ];
}

/** The plain scan: every raw record, derived in TypeScript, filtered by the predicate. */
function rawScan(filter: EventFilterInput): string[] {
  const resolved = resolveFilter(filter, { now });
  return all.filter((row) => matchesRow(resolved, row)).map((r) => r.id);
}

async function indexAnswer(filter: EventFilterInput): Promise<{ ids: string[]; rawDays: unknown[] }> {
  const page = await queryEvents({
    archiveDir: archive.dir,
    filter: resolveFilter(filter, { now }),
    limit: 100_000,
    engine,
    now,
  });
  return { ids: page.rows.map((r) => r.id), rawDays: page.sources.rawDays };
}

beforeAll(async () => {
  ({ archive, engine } = await indexedArchive(
    {
      start,
      days: 3,
      eventsPerHour: 150,
      extra: [...investigationEvents('2026-03-02'), ...nonAsciiEvents()],
    },
    now,
  ));
  all = rawRows(archive.events);
});

afterAll(async () => {
  engine?.close();
  await archive?.remove();
});

describe('the index answers as a plain scan of the raw parts', () => {
  it('derives every column of every event as the TypeScript reader does', async () => {
    const page = await queryEvents({ archiveDir: archive.dir, filter: {}, limit: 100_000, engine, now });
    expect(page.sources.rawDays).toEqual([]);
    expect(page.rows.length).toBe(all.length);
    const strip = (r: EventRow) => ({ ...r, part: '' });
    for (let i = 0; i < all.length; i++) {
      const got = strip(page.rows[i]!);
      for (const key of Object.keys(all[i]!) as Array<keyof EventRow>) {
        if (JSON.stringify(got[key]) !== JSON.stringify(all[i]![key]))
          expect([i, key, got[key]]).toEqual([i, key, all[i]![key]]);
      }
    }
    expect(page.rows.map(strip)).toEqual(all);
  });

  const cases: Array<[string, () => EventFilterInput]> = [
    ['no filter', () => ({})],
    ['a time range', () => ({ since: '2026-03-01T18:00:00Z', until: '2026-03-02T06:00:00Z' })],
    ['a relative time', () => ({ since: '30h' })],
    ['a B2C resource type', () => ({ category: 'Key' })],
    ['canonical and portal categories', () => ({ category: ['Authentication', 'Directory'] })],
    ['an exact activity in another case', () => ({ activity: 'validate LOCAL account credentials' })],
    ['an activity substring', () => ({ activityLike: 'token' })],
    ['failures', () => ({ result: 'failure' })],
    ['an actor by UPN', () => ({ actor: 'MALLORY@contoso.example' })],
    ['an actor by object id', () => ({ actor: 'a1b2c3d4-0000-4000-8000-000000000001' })],
    ['an actor by display name', () => ({ actor: 'evil <script>' })],
    ['a target by display name', () => ({ target: 'payments api' })],
    ['a target by id', () => ({ target: 'B2C_1A_TokenSigningKeyContainer' })],
    ['a target type', () => ({ targetType: 'keyset' })],
    ['an IPv4 address', () => ({ ip: all.find((r) => r.ip?.includes('.'))!.ip! })],
    ['an IPv4 CIDR', () => ({ ip: '82.0.0.0/8' })],
    ['an IPv6 CIDR', () => ({ ip: '2001:db8::/32' })],
    ['an IPv6 address in another spelling', () => ({ ip: '2001:0db8:0000:0000:0000:0000:0000:ABCD' })],
    ['an IPv4-mapped client by its IPv4 block', () => ({ ip: '198.51.100.0/24' })],
    ['a policy', () => ({ policy: 'b2c_1a_signup_signin' })],
    ['an application id', () => ({ app: 'c1c2c3c4-0000-4000-8000-000000000003' })],
    ['an app by SPN', () => ({ app: 'd1d2d3d4-0000-4000-8000-000000000004' })],
    ['a correlation id', () => ({ correlationId: all[17]!.correlationId! })],
    ['an additional detail', () => ({ details: [{ key: 'grantType', value: 'AUTHORIZATION_CODE' }] })],
    [
      'two additional details',
      () => ({
        details: [
          { key: 'PolicyId', value: 'B2C_1A_signup_signin' },
          { key: 'TenantId', value: 'contosob2c.onmicrosoft.com' },
        ],
      }),
    ],
    ['free text in a modified property', () => ({ text: 'keytype=password' })],
    ['free text in a detail value', () => ({ text: 'line1' })],
    ['free text in an id', () => ({ text: 'plant_3' })],
    ['event ids', () => ({ ids: [all[3]!.id, all[40]!.id, 'no-such-id'] })],
    ['an actor with a dotted capital I and a final sigma', () => ({ actor: 'İlker ΟΔΟΣ' })],
    ['the same actor typed in lower case', () => ({ actor: 'ilker οδος' })],
    ['free text that ends in a final sigma', () => ({ text: 'οδοσ' })],
    ['free text in capitals with a final sigma', () => ({ text: 'ΟΔΟΣ ΑΘΗΝΩΝ' })],
    ['an exact non-ASCII activity', () => ({ activity: 'update οδοσ' })],
    ['a non-ASCII detail', () => ({ details: [{ key: 'street', value: 'οδος αθηνων 1' }] })],
    ['ids past U+FFFF', () => ({ text: '_nonascii_' })],
    [
      'a combination',
      () => ({
        since: '2026-03-01T12:00:00Z',
        category: 'Authentication',
        result: 'success',
        activityLike: 'issue',
        policy: 'B2C_1A_signup_signin',
      }),
    ],
  ];

  it.each(cases)('%s', async (_name, filterOf) => {
    const filter = filterOf();
    const expected = rawScan(filter);
    const answer = await indexAnswer(filter);
    expect(answer.rawDays).toEqual([]);
    expect(answer.ids).toEqual(expected);
  });

  it('resumes after an id past U+FFFF as the predicate does (ids in code point order on both paths)', async () => {
    const same = all.filter((r) => r.id.includes('_NONASCII_'));
    expect(same.length).toBe(3);
    for (const cursor of same) {
      const before = { timeUs: cursor.timeUs, id: cursor.id };
      const expected = all.filter((row) => matchesRow({ before }, row)).map((r) => r.id);
      const page = await queryEvents({ archiveDir: archive.dir, filter: { before }, limit: 100_000, engine, now });
      expect(page.rows.map((r) => r.id)).toEqual(expected);
    }
  });

  it('found something for every case but the empty ones', () => {
    const empty = cases.filter(([, f]) => rawScan(f()).length === 0).map(([name]) => name);
    expect(empty).toEqual([]);
  });
});

describe('CSV', () => {
  it('of indexed days is the CSV of the raw records', async () => {
    const search = new EventSearch({ archiveDir: archive.dir, filter: {}, limit: 100_000, engine, now });
    const lines: string[] = [];
    for await (const batch of search.project(csvProjection)) lines.push(...batch);
    expect(search.sources.rawDays).toEqual([]);
    const expected = all.map((row) => csvRecord(csvFields(row)));
    expect(lines.length).toBe(expected.length);
    for (let i = 0; i < lines.length; i++)
      if (lines[i] !== expected[i]) expect([i, lines[i]]).toEqual([i, expected[i]]);
  });
});

describe('ip keys', () => {
  const inputs = [
    '192.0.2.1',
    '255.255.255.255',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3',
    '::',
    '::1',
    '1::',
    '2001:db8::1',
    '2001:DB8:0:0:0:0:0:1',
    '2001:db8::1::2',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7::',
    '::ffff:192.0.2.1',
    '::ffff:192.0.2.300',
    '64:ff9b::1.2.3.4',
    'fe80::1%eth0',
    'a:::b',
    '12345::1',
    'g::1',
    '',
    ' 1.2.3.4',
    '1.2.3.4 ',
    'x'.repeat(70),
  ];
  it('are the same in SQL as in TypeScript', async () => {
    const rows = await engine.rows(`SELECT s, iv_ip_key(s) AS k FROM unnest($1) AS t(s)`, [
      { type: 'VARCHAR[]', value: inputs },
    ]);
    const sql = new Map(rows.map((r) => [r.s, r.k ?? undefined]));
    for (const s of inputs) expect([s, sql.get(s)]).toEqual([s, ipKey(s)]);
  });
});
