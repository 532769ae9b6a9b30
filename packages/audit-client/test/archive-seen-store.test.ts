import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ArchiveCheckpointStore,
  ArchiveSeenStore,
  ArchiveWriter,
  listArchiveParts,
  readArchivePart,
  type DirectoryAudit,
} from '../src/index.js';

function audit(id: string, activityDateTime: string): DirectoryAudit {
  return { id, activityDateTime, activityDisplayName: 'Update policy', loggedByService: 'B2C' };
}

const tenant = 'contosob2c.onmicrosoft.com';
const overlapMs = 30 * 60_000;

/** The steps pollWindow takes for one window, in its order: filter, write, mark, then save the watermark. */
async function deliver(seen: ArchiveSeenStore, writer: ArchiveWriter, events: DirectoryAudit[]): Promise<DirectoryAudit[]> {
  const unseen = await seen.filterUnseen(events);
  await writer.write(unseen);
  await seen.markSeen(unseen);
  return unseen;
}

async function archivedIds(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const file of await listArchiveParts(dir)) for await (const event of readArchivePart(file)) ids.push(event.id);
  return ids.sort();
}

describe('ArchiveSeenStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'archive-seen-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rebuilds from the part files after a crash between writing parts and saving the watermark', async () => {
    const window1 = [audit('e1', '2026-11-26T23:50:00Z'), audit('e2', '2026-11-27T00:10:00Z')];
    const window2 = [audit('e3', '2026-11-27T00:40:00Z'), audit('e4', '2026-11-27T00:55:00Z')];

    // Run 1: window 1 complete (watermark saved), window 2 written but the process dies before saving.
    {
      const checkpoint = new ArchiveCheckpointStore({ dir, tenant });
      const seen = await ArchiveSeenStore.open({ dir, sinceMs: Date.parse('2026-11-26T23:30:00Z') });
      const writer = new ArchiveWriter({ dir });
      await deliver(seen, writer, window1);
      await checkpoint.setWatermark(Date.parse('2026-11-27T00:30:00Z'));
      await deliver(seen, writer, window2);
      // crash: no setWatermark for window 2
    }

    // Run 2: resumes from the saved watermark; Graph returns window 2 again plus what is new.
    const checkpoint = new ArchiveCheckpointStore({ dir, tenant });
    const watermark = await checkpoint.getWatermark();
    expect(watermark).toBe(Date.parse('2026-11-27T00:30:00Z'));
    const seen = await ArchiveSeenStore.open({ dir, sinceMs: watermark! - overlapMs });
    const reread = [audit('e2', '2026-11-27T00:10:00Z'), ...window2, audit('e5', '2026-11-27T01:00:00Z'), audit('e5', '2026-11-27T01:00:00Z')];
    const written = await deliver(seen, new ArchiveWriter({ dir }), reread);

    expect(written.map((e) => e.id)).toEqual(['e5']);
    expect(await archivedIds(dir)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
  });

  it('filters repeats within one batch and ids marked seen', async () => {
    const seen = await ArchiveSeenStore.open({ dir, sinceMs: 0 });
    const a = audit('a', '2026-11-27T00:00:00Z');
    const b = audit('b', '2026-11-27T00:00:01Z');
    expect(await seen.filterUnseen([a, b, a])).toEqual([a, b]);
    expect(seen.size).toBe(0); // filtering does not mark
    await seen.markSeen([a]);
    expect(await seen.filterUnseen([a, b])).toEqual([b]);
  });

  it('loads only the days from the UTC day of sinceMs, and ignores unfinished .tmp files', async () => {
    const writer = new ArchiveWriter({ dir });
    await writer.write([audit('old', '2026-11-20T12:00:00Z'), audit('d25', '2026-11-25T00:00:00Z'), audit('d26', '2026-11-26T09:00:00Z')]);
    await writeFile(join(dir, '2026-11-26', 'part-20261126T100000Z-0123abcd.jsonl.gz.tmp'), 'half a file');

    const seen = await ArchiveSeenStore.open({ dir, sinceMs: Date.parse('2026-11-25T18:00:00Z') });
    expect(seen.size).toBe(2);
    const events = [audit('old', '2026-11-20T12:00:00Z'), audit('d25', '2026-11-25T00:00:00Z'), audit('d26', '2026-11-26T09:00:00Z')];
    expect((await seen.filterUnseen(events)).map((e) => e.id)).toEqual(['old']);
  });

  it('opens an archive that does not exist yet as empty', async () => {
    const seen = await ArchiveSeenStore.open({ dir: join(dir, 'missing'), sinceMs: Date.now() });
    expect(seen.size).toBe(0);
  });

  it('refuses to open over a damaged part instead of forgetting its ids', async () => {
    await new ArchiveWriter({ dir }).write([audit('a', '2026-11-26T09:00:00Z')]);
    const [day] = (await readdir(dir)).filter((n) => n.startsWith('2026'));
    await writeFile(join(dir, day!, 'part-20261126T100000Z-deadbeef.jsonl.gz'), 'not gzip');
    await expect(ArchiveSeenStore.open({ dir, sinceMs: 0 })).rejects.toMatchObject({
      code: 'AC_ERR_ARCHIVE_CORRUPT',
      message: expect.stringContaining('part-20261126T100000Z-deadbeef.jsonl.gz'),
    });
  });
});
