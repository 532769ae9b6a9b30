import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ArchiveQuarantine,
  VirtualClock,
  listArchiveParts,
  quarantineDirectoryName,
  readExports,
  type ExportProblem,
  type QuarantineItem,
} from '../../src/index.js';

const t0 = Date.parse('2026-11-27T23:59:59.500Z');
const window = { from: Date.parse('2026-11-27T06:00:00Z'), to: Date.parse('2026-11-27T12:00:00Z') };
const badRecord: QuarantineItem = {
  reason: 'record "a" has activityDateTime "Tuesday", which is not an ISO-8601 date-time',
  record: { id: 'a', activityDateTime: 'Tuesday', activityDisplayName: 'Delete policy key' },
  window,
  page: 3,
};

describe('ArchiveQuarantine', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'archive-quarantine-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each item as one JSON line in quarantine/<UTC day of writing>/, durably, never as an archive part', async () => {
    const clock = new VirtualClock(t0);
    const quarantine = await ArchiveQuarantine.open({ dir, sinceMs: window.from, now: () => clock.now() });
    const file = await quarantine.add(badRecord);
    expect(file).toMatch(
      new RegExp(`/${quarantineDirectoryName}/2026-11-27/quarantine-20261127T235959Z-[0-9a-f]{8}\\.jsonl$`),
    );
    const lines = (await readFile(file!, 'utf8')).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual({
      quarantinedAt: '2026-11-27T23:59:59.500Z',
      reason: badRecord.reason,
      window: { from: '2026-11-27T06:00:00.000Z', to: '2026-11-27T12:00:00.000Z' },
      page: 3,
      record: badRecord.record,
    });

    clock.advance(1000); // next UTC day
    const body = await quarantine.add({ reason: 'Gave up reading…', record: '<html>', window, page: 0 });
    expect(body).toContain(`/${quarantineDirectoryName}/2026-11-28/`);
    expect((await readdir(join(dir, quarantineDirectoryName))).sort()).toEqual(['2026-11-27', '2026-11-28']);
    expect(await listArchiveParts(dir)).toEqual([]);
    const names = await readdir(join(dir, quarantineDirectoryName), { recursive: true });
    expect(names.filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('is left out when the archive is read back: its items are not audit records', async () => {
    const good = {
      id: 'g1',
      activityDateTime: '2026-11-27T07:00:00Z',
      activityDisplayName: 'Delete policy key',
      loggedByService: 'B2C',
    };
    await writeFile(join(dir, 'part.jsonl'), `${JSON.stringify(good)}\n`);
    const quarantine = await ArchiveQuarantine.open({ dir, sinceMs: window.from, now: () => t0 });
    expect(await quarantine.add(badRecord)).toBeDefined();
    const problems: ExportProblem[] = [];
    const ids: string[] = [];
    for await (const record of readExports([dir], { onProblem: (p) => problems.push(p) })) ids.push(record.audit.id);
    expect(problems).toEqual([]);
    expect(ids).toEqual(['g1']);
  });

  it('does not write the same item twice, in one run or the next, but does write a new reason or record', async () => {
    const clock = new VirtualClock(t0);
    const first = await ArchiveQuarantine.open({ dir, sinceMs: window.from, now: () => clock.now() });
    expect(await first.add(badRecord)).toBeDefined();
    expect(
      await first.add({ ...badRecord, window: { from: window.from + 1, to: window.to + 1 }, page: 0 }),
    ).toBeUndefined();

    clock.advance(3_600_000);
    const second = await ArchiveQuarantine.open({ dir, sinceMs: window.to - 1_800_000, now: () => clock.now() });
    expect(await second.add(badRecord)).toBeUndefined();
    expect(await second.add({ ...badRecord, record: { ...(badRecord.record as object), id: 'b' } })).toBeDefined();
    expect(await second.add({ ...badRecord, reason: 'the record has no id' })).toBeDefined();

    const files = (await readdir(join(dir, quarantineDirectoryName), { recursive: true })).filter((n) =>
      n.endsWith('.jsonl'),
    );
    expect(files).toHaveLength(3);
  });
});
