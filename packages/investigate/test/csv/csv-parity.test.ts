import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvFields, csvProjection, csvRecord, type DuckDbEngine, EventSearch, maxCellChars } from '../../src/index.js';
import { dayMs, type GeneratedArchive } from '@b2c-alerts/testkit';
import { indexedArchive, rawRows } from '../helpers/indexed-archive.js';

// Indexed days render CSV from a JSON array of their own (csv-index-record.ts), raw days with csvFields:
// the two must give the same bytes, on hostile text in every kind of column most of all.
const start = Date.parse('2026-04-01T00:00:00Z');
const now = start + 2 * dayMs + 60_000; // both days closed
const day = '2026-04-02';

const starts = ['=', '+', '-', '@', '\t', '\r'];
let seed = 7;
/** Letters that do not compress much: the archive's reader refuses a part that inflates too far. */
const noise = (n: number) =>
  Array.from({ length: n }, () =>
    String.fromCharCode(97 + ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % 26)),
  ).join('');
/** Values a spreadsheet or a CSV reader may trip on. */
const hostile = [
  'say "hi", then\r\nleave',
  'a,b',
  '"',
  'line1\nline2',
  'cr\ronly',
  ...starts.map((s) => `${s}1+1`),
  ' =not a formula',
  "'quoted already",
  'ünïcödé – “quotes” ✓ 日本',
  'emoji 😀 and 𝄞 pairs',
  // Lone surrogates: U+FFFD on both paths (rows/well-formed.ts); DuckDB reads their part from a well-formed copy.
  'lone \uD83D high, \uDE00 low, \uDE00\uD83D reversed',
  '\u202eRTL\u001b[31m',
  'tab\tinside; semi',
  '',
  // Longer than a cell: cut by code points, so a surrogate pair at the cut is kept whole or left out whole.
  `${noise(maxCellChars - 1)}😀tail`,
  `=${noise(maxCellChars - 1)}😀😀`,
  `😀${noise(maxCellChars + 2)}`,
  noise(maxCellChars),
  `"${noise(maxCellChars + 10)}`,
];

function hostileEvent(n: number, value: string): DirectoryAudit {
  const v = (k: string) => `${value}${k}`;
  const hhmm = `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
  return {
    id: `Directory_hostile-${n}_${value.slice(0, 40)}`,
    activityDateTime: `${day}T${hhmm}:07.${String(n).padStart(7, '0')}Z`,
    activityDisplayName: v('activity'),
    category: n % 2 === 0 ? 'ApplicationManagement' : v('Category'),
    correlationId: `hostile-${n}`,
    result: n % 3 === 0 ? 'failure' : v('result'),
    resultReason: value,
    loggedByService: v('svc'),
    operationType: v('op'),
    initiatedBy:
      n % 2 === 0
        ? { user: { id: v('uid'), displayName: value, userPrincipalName: v('upn'), ipAddress: v('ip') }, app: null }
        : {
            user: null,
            app: { appId: v('app'), displayName: value, servicePrincipalId: v('spid'), servicePrincipalName: v('spn') },
          },
    targetResources: Array.from({ length: (n % 5) + 1 }, (_, t) => ({
      id: v(`t${t}`),
      displayName: value,
      type: t === 0 ? 'Application' : v('type'),
      userPrincipalName: t === 1 ? null : v('tupn'),
      modifiedProperties: Array.from({ length: (n + t) % 7 }, (_, m) => ({
        displayName: m === 0 ? value : v(`p${m}`),
        oldValue: m === 1 ? null : value,
        newValue: v(`new${m}`),
      })),
    })),
    additionalDetails: [
      { key: 'TenantId', value: n % 4 === 0 ? '' : value },
      { key: 'Unknown "key", one', value },
      { key: 'PolicyId', value: v('policy') },
      { key: 'TenantId', value: 'second tenant, dropped' },
      { key: 'User-Agent', value },
      { key: value.slice(0, 50) || 'EmptyValueKey', value: v('other') },
      { key: 'Client', value: v('client') },
    ],
  };
}

let archive: GeneratedArchive;
let engine: DuckDbEngine;

beforeAll(async () => {
  ({ archive, engine } = await indexedArchive(
    { start, days: 2, eventsPerHour: 20, extra: hostile.map((value, n) => hostileEvent(n, value)) },
    now,
  ));
});

afterAll(async () => {
  engine?.close();
  await archive?.remove();
});

describe('CSV of indexed days', () => {
  it('is byte for byte the CSV of the raw records, hostile values included', async () => {
    const search = new EventSearch({ archiveDir: archive.dir, filter: {}, limit: 100_000, engine, now });
    let got = '';
    for await (const batch of search.project(csvProjection)) got += batch.join('');
    expect(search.sources.rawDays).toEqual([]);
    expect(search.sources.indexDays.length).toBe(2);
    const rows = rawRows(archive.events);
    const records = rows.map((row) => csvRecord(csvFields(row)));
    let at = 0;
    for (let i = 0; i < records.length; i++) {
      const line = got.slice(at, at + records[i]!.length);
      if (line !== records[i]) expect([i, line]).toEqual([i, records[i]]);
      at += line.length;
    }
    expect(at).toBe(got.length);
    // Every hostile value reached the export, and the cut and the neutralisation happened.
    expect(got).toContain(`…[3 more characters]`);
    for (const s of starts) expect(got).toContain(`'${s}1+1activity`);
  });

  it('is the CSV of the same day read from its raw parts', async () => {
    const fromIndex = new EventSearch({ archiveDir: archive.dir, filter: {}, limit: 100_000, engine, now });
    let indexed = '';
    for await (const batch of fromIndex.project(csvProjection)) indexed += batch.join('');
    // `now` on the hostile day: that day is open, so it is read from its raw parts.
    const openNow = Date.parse(`${day}T23:00:00Z`);
    const fromRaw = new EventSearch({ archiveDir: archive.dir, filter: {}, limit: 100_000, engine, now: openNow });
    let raw = '';
    for await (const batch of fromRaw.project(csvProjection)) raw += batch.join('');
    expect(fromRaw.sources.rawDays.map((d) => d.day)).toEqual([day]);
    expect(raw).toBe(indexed);
  });
});
