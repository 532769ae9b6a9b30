import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveWriter } from '@b2c-alerts/audit-client';
import { investigationEvents } from '@b2c-alerts/testkit';
import { afterEach, expect, it } from 'vitest';
import { checkArchiveTenant } from '../../src/index.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

it('refuses a worker archive (no export state) for another tenant than the one its writer recorded', async () => {
  dir = await mkdtemp(join(tmpdir(), 'worker-archive-'));
  const archive = join(dir, 'contoso');
  // As the worker writes ARCHIVE_DIR/<tenant name>: an ArchiveWriter that knows the tenant id.
  await new ArchiveWriter({ dir: archive, tenant: 'tenant-a' }).write(investigationEvents('2026-05-01'));
  await expect(checkArchiveTenant(archive, 'TENANT-A')).resolves.toBe('tenant-a');
  await expect(checkArchiveTenant(archive, 'tenant-b')).rejects.toMatchObject({ code: 'IV_ERR_TENANT_MISMATCH' });
  // A later writer of another tenant does not relabel the archive.
  await new ArchiveWriter({ dir: archive, tenant: 'tenant-b' }).write(investigationEvents('2026-05-02'));
  await expect(checkArchiveTenant(archive)).resolves.toBe('tenant-a');
});
