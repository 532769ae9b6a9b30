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
} from '../../src/index.js';

function audit(id: string, activityDateTime: string): DirectoryAudit {
  return { id, activityDateTime, activityDisplayName: 'Update policy', loggedByService: 'B2C' };
}

const tenant = 'contosob2c.onmicrosoft.com';
const overlapMs = 30 * 60_000;

/** The steps pollWindow takes for one window, in its order: filter, write, mark, then save the watermark. */
async function deliver(
  seen: ArchiveSeenStore,
  writer: ArchiveWriter,
  events: DirectoryAudit[],
): Promise<DirectoryAudit[]> {
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
    const reread = [
      audit('e2', '2026-11-27T00:10:00Z'),
      ...window2,
      audit('e5', '2026-11-27T01:00:00Z'),
      audit('e5', '2026-11-27T01:00:00Z'),
    ];
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
    await writer.write([
      audit('old', '2026-11-20T12:00:00Z'),
      audit('d25', '2026-11-25T00:00:00Z'),
      audit('d26', '2026-11-26T09:00:00Z'),
    ]);
    await writeFile(join(dir, '2026-11-26', 'part-20261126T100000Z-0123abcd.jsonl.gz.tmp'), 'half a file');

    const seen = await ArchiveSeenStore.open({ dir, sinceMs: Date.parse('2026-11-25T18:00:00Z') });
    expect(seen.size).toBe(2);
    const events = [
      audit('old', '2026-11-20T12:00:00Z'),
      audit('d25', '2026-11-25T00:00:00Z'),
      audit('d26', '2026-11-26T09:00:00Z'),
    ];
    expect((await seen.filterUnseen(events)).map((e) => e.id)).toEqual(['old']);
  });

  it('forgets ids older than the next window, so memory follows the window while overlap re-reads stay deduplicated', async () => {
    const minute = 60_000;
    const t0 = Date.parse('2026-11-27T00:00:00Z');
    const at = (m: number) => new Date(t0 + m * minute).toISOString();
    const writer = new ArchiveWriter({ dir });
    const seen = await ArchiveSeenStore.open({ dir, sinceMs: t0 });
    const sizes: number[] = [];
    const dropped: number[] = [];
    const windowMinutes = 60;
    const overlapMinutes = 30;
    // Ten 1-hour windows, one event a minute; each window re-reads the previous 30 minutes.
    for (let w = 0; w < 10; w++) {
      const from = w === 0 ? 0 : w * windowMinutes - overlapMinutes;
      const to = (w + 1) * windowMinutes;
      const events = Array.from({ length: to - from }, (_, i) => audit(`m${from + i}`, at(from + i)));
      const written = await deliver(seen, writer, events);
      expect(written.map((e) => e.id)).toEqual(
        events.filter((e) => Number(e.id.slice(1)) >= w * windowMinutes).map((e) => e.id),
      );
      dropped.push(seen.forget(t0 + (to - overlapMinutes) * minute));
      sizes.push(seen.size);
    }
    expect(dropped).toEqual([30, ...Array<number>(9).fill(60)]);
    expect(Math.max(...sizes)).toBe(overlapMinutes); // not the 600 events of the whole run
    expect(await archivedIds(dir)).toHaveLength(600);

    // A crash-restart reads the truth from the files again, whatever was forgotten.
    const reopened = await ArchiveSeenStore.open({ dir, sinceMs: t0 + 540 * minute });
    expect(
      await reopened.filterUnseen([audit('m100', at(100)), audit('m599', at(599)), audit('m600', at(600))]),
    ).toEqual([audit('m600', at(600))]);
  });

  it('keeps an id whose time it cannot read when forgetting', async () => {
    const seen = await ArchiveSeenStore.open({ dir, sinceMs: 0 });
    await seen.markSeen([audit('old', '2026-11-27T00:00:00Z'), audit('odd', 'not a time')]);
    expect(seen.forget(Date.parse('2026-11-28T00:00:00Z'))).toBe(1);
    expect(await seen.filterUnseen([audit('old', '2026-11-27T00:00:00Z'), audit('odd', 'not a time')])).toEqual([
      audit('old', '2026-11-27T00:00:00Z'),
    ]);
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
