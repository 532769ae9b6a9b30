import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveWriter, listArchiveParts, readArchivePart, type DirectoryAudit } from '../../src/index.js';

function audit(id: string, activityDateTime: string): DirectoryAudit {
  return {
    id,
    activityDateTime,
    activityDisplayName: 'Issue an id_token to the application',
    loggedByService: 'B2C',
    category: 'B2C',
  };
}

async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function readAll(file: string): Promise<DirectoryAudit[]> {
  const events: DirectoryAudit[] = [];
  for await (const event of readArchivePart(file)) events.push(event);
  return events;
}

describe('ArchiveWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'archive-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one gzip JSONL part per UTC day, named after the earliest event, with no .tmp left', async () => {
    const events = [
      audit('a1', '2026-11-25T23:59:59.9999999Z'),
      audit('b2', '2026-11-26T10:15:30.0618117Z'),
      audit('b1', '2026-11-26T00:00:00.0000000Z'), // earliest of its day, though not first in the batch
      audit('c1', '2026-11-27T01:30:00+00:00'), // Azure Monitor style offset: filed by its UTC day
      audit('b3', '2026-11-26T23:00:00.5Z'),
    ];
    const writer = new ArchiveWriter({ dir: join(dir, 'archive') }); // root created on demand
    const { files } = await writer.write(events);

    expect(files).toHaveLength(3);
    expect(files.map((f) => basename(dirname(f)))).toEqual(['2026-11-25', '2026-11-26', '2026-11-27']);
    expect(basename(files[0]!)).toMatch(/^part-20261125T235959Z-[0-9a-f]{8}\.jsonl\.gz$/);
    expect(basename(files[1]!)).toMatch(/^part-20261126T000000Z-[0-9a-f]{8}\.jsonl\.gz$/);
    expect(basename(files[2]!)).toMatch(/^part-20261127T013000Z-[0-9a-f]{8}\.jsonl\.gz$/);

    const onDisk = await allFiles(join(dir, 'archive'));
    expect(onDisk.some((f) => f.endsWith('.tmp'))).toBe(false);
    expect(onDisk).toEqual(files.map((f) => relative(join(dir, 'archive'), f)).sort());

    // Plain gzip + one JSON object per line, verbatim (order within the day kept).
    const lines = gunzipSync(await readFile(files[1]!))
      .toString('utf8')
      .trimEnd()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l) as DirectoryAudit)).toEqual([events[1], events[2], events[4]]);
    expect(await readAll(files[2]!)).toEqual([events[3]]);
  });

  it('adds a new part for every write and never rewrites an earlier one', async () => {
    const writer = new ArchiveWriter({ dir });
    const first = await writer.write([audit('x1', '2026-11-26T08:00:00Z')]);
    const before = await readFile(first.files[0]!);
    const second = await writer.write([audit('x2', '2026-11-26T08:00:00Z')]);

    expect(second.files).toHaveLength(1);
    expect(second.files[0]).not.toBe(first.files[0]);
    expect(await readFile(first.files[0]!)).toEqual(before);
    expect(await listArchiveParts(dir)).toEqual([...first.files, ...second.files].sort());
    expect(await listArchiveParts(dir, { fromDay: '2026-11-27' })).toEqual([]);
  });

  it('writes nothing for an empty batch', async () => {
    const writer = new ArchiveWriter({ dir });
    expect(await writer.write([])).toEqual({ files: [] });
    expect(await allFiles(dir)).toEqual([]);
  });

  it('refuses an event without an ISO activityDateTime before writing any part', async () => {
    const writer = new ArchiveWriter({ dir });
    await expect(writer.write([audit('ok', '2026-11-26T08:00:00Z'), audit('bad', 'yesterday')])).rejects.toThrow(
      RangeError,
    );
    expect(await allFiles(dir)).toEqual([]);
  });

  it('refuses an empty dir', () => {
    expect(() => new ArchiveWriter({ dir: '' })).toThrow(/`dir`/);
  });
});
