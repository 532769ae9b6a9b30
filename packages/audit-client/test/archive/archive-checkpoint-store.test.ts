import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveCheckpointStore, archiveStateFileName, isAuditClientError } from '../../src/index.js';

describe('ArchiveCheckpointStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'archive-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts without a watermark, then keeps it in .export-state.json across instances', async () => {
    const store = new ArchiveCheckpointStore({ dir: join(dir, 'new'), tenant: 'contosob2c.onmicrosoft.com' });
    expect(await store.getWatermark()).toBeUndefined();

    const at = Date.parse('2026-11-27T10:15:30.123Z');
    await store.setWatermark(at);
    expect(await store.getWatermark()).toBe(at);

    const state = JSON.parse(await readFile(join(dir, 'new', archiveStateFileName), 'utf8')) as unknown;
    expect(state).toEqual({ version: 1, tenant: 'contosob2c.onmicrosoft.com', watermark: '2026-11-27T10:15:30.123Z' });
    expect((await readdir(join(dir, 'new'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const reopened = new ArchiveCheckpointStore({ dir: join(dir, 'new'), tenant: 'CONTOSOB2C.onmicrosoft.com' });
    expect(await reopened.getWatermark()).toBe(at);
  });

  it('refuses a directory that belongs to another tenant, on read and on write, and leaves it unchanged', async () => {
    await new ArchiveCheckpointStore({ dir, tenant: 'contosob2c.onmicrosoft.com' }).setWatermark(
      Date.parse('2026-11-27T00:00:00Z'),
    );
    const before = await readFile(join(dir, archiveStateFileName), 'utf8');

    const other = new ArchiveCheckpointStore({ dir, tenant: 'fabrikamb2c.onmicrosoft.com' });
    const refusal = await other.getWatermark().catch((error: unknown) => error);
    expect(isAuditClientError(refusal) && refusal.code).toBe('AC_ERR_OPTIONS_INVALID');
    expect((refusal as Error).message).toMatch(
      /belongs to tenant contosob2c\.onmicrosoft\.com, not fabrikamb2c\.onmicrosoft\.com/,
    );
    expect((refusal as Error).message).toMatch(/separate archive directory/);

    const writer = new ArchiveCheckpointStore({ dir, tenant: 'fabrikamb2c.onmicrosoft.com' });
    await expect(writer.setWatermark(Date.parse('2026-11-28T00:00:00Z'))).rejects.toMatchObject({
      code: 'AC_ERR_OPTIONS_INVALID',
    });
    expect(await readFile(join(dir, archiveStateFileName), 'utf8')).toBe(before);
  });

  it('claim writes the tenant (and no watermark) before any window, so another tenant is refused even if that run stops there', async () => {
    const store = new ArchiveCheckpointStore({ dir: join(dir, 'claimed'), tenant: 'contosob2c.onmicrosoft.com' });
    expect(await store.claim()).toBeUndefined();
    const file = join(dir, 'claimed', archiveStateFileName);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 1, tenant: 'contosob2c.onmicrosoft.com' });

    const other = new ArchiveCheckpointStore({ dir: join(dir, 'claimed'), tenant: 'fabrikamb2c.onmicrosoft.com' });
    await expect(other.claim()).rejects.toMatchObject({
      code: 'AC_ERR_OPTIONS_INVALID',
      message: expect.stringMatching(/belongs to tenant contosob2c/) as string,
    });

    // The same tenant resumes: no watermark yet, then one.
    const again = new ArchiveCheckpointStore({ dir: join(dir, 'claimed'), tenant: 'contosob2c.onmicrosoft.com' });
    expect(await again.claim()).toBeUndefined();
    await again.setWatermark(Date.parse('2026-11-27T10:00:00Z'));
    const resumed = new ArchiveCheckpointStore({ dir: join(dir, 'claimed'), tenant: 'contosob2c.onmicrosoft.com' });
    expect(await resumed.claim()).toBe(Date.parse('2026-11-27T10:00:00Z'));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 1,
      tenant: 'contosob2c.onmicrosoft.com',
      watermark: '2026-11-27T10:00:00.000Z',
    });
  });

  it('reports an unreadable state file as AC_ERR_ARCHIVE_CORRUPT naming the file', async () => {
    await writeFile(join(dir, archiveStateFileName), '{"version":1,"tenant":');
    const store = new ArchiveCheckpointStore({ dir, tenant: 't' });
    await expect(store.getWatermark()).rejects.toMatchObject({
      code: 'AC_ERR_ARCHIVE_CORRUPT',
      message: expect.stringContaining(archiveStateFileName),
    });

    await writeFile(join(dir, archiveStateFileName), '{"version":2,"tenant":"t","watermark":"2026-11-27T00:00:00Z"}');
    await expect(new ArchiveCheckpointStore({ dir, tenant: 't' }).getWatermark()).rejects.toMatchObject({
      code: 'AC_ERR_ARCHIVE_CORRUPT',
    });
  });
});
