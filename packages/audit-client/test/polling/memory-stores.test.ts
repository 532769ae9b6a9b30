import { describe, expect, it } from 'vitest';
import type { DirectoryAudit } from '../../src/index.js';
import { MemoryCheckpointStore } from '../../src/polling/memory-checkpoint-store.js';
import { MemorySeenStore } from '../../src/polling/memory-seen-store.js';

const at = (id: string, iso: string): DirectoryAudit => ({ id, activityDateTime: iso });

describe('MemorySeenStore', () => {
  it('filters seen ids and repeats within one batch, keeping order', async () => {
    const store = new MemorySeenStore();
    const a = at('a', '2026-01-01T00:00:00Z');
    const b = at('b', '2026-01-01T00:00:01Z');
    expect(await store.filterUnseen([a, b, a])).toEqual([a, b]);
    await store.markSeen([a]);
    expect(await store.filterUnseen([a, b])).toEqual([b]);
  });

  it('forgets ids older than the horizon behind the newest event, so memory stays bounded', async () => {
    const store = new MemorySeenStore({ horizonMs: 60_000 });
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 20_000; i++) await store.markSeen([at(`e${i}`, new Date(start + i * 1000).toISOString())]);
    store.prune();
    expect(store.size).toBeLessThanOrEqual(61);
    // Recent ids are still known; old ones are forgotten.
    expect(await store.filterUnseen([at('e19999', '2026-01-01T05:33:19Z')])).toEqual([]);
    expect(await store.filterUnseen([at('e0', '2026-01-01T00:00:00Z')])).toHaveLength(1);
  });

  it('keeps every id inside the horizon', async () => {
    const store = new MemorySeenStore({ horizonMs: 3_600_000 });
    const start = Date.parse('2026-01-01T00:00:00Z');
    const events = Array.from({ length: 3000 }, (_, i) => at(`e${i}`, new Date(start + i * 1000).toISOString()));
    await store.markSeen(events);
    store.prune();
    expect(store.size).toBe(3000);
  });
});

describe('MemoryCheckpointStore', () => {
  it('keeps the watermark', async () => {
    const store = new MemoryCheckpointStore();
    expect(await store.getWatermark()).toBeUndefined();
    await store.setWatermark(42);
    expect(await store.getWatermark()).toBe(42);
    expect(await new MemoryCheckpointStore(7).getWatermark()).toBe(7);
  });
});
