import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveLock, archiveLockFileName, isAuditClientError, type Logger } from '../../src/index.js';

/** The id of a process that has exited (and been reaped), so `kill(pid, 0)` gives ESRCH. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

function recordingLogger(): Logger & { warnings: Array<{ fields: object; message: string }> } {
  const warnings: Array<{ fields: object; message: string }> = [];
  return {
    warnings,
    debug() {},
    info() {},
    error() {},
    warn: (fields, message) => void warnings.push({ fields, message }),
  };
}

const now = () => Date.parse('2026-11-27T12:00:00Z');

describe('ArchiveLock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'archive-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates DIR/.export.lock with pid, hostname and start, refuses a second holder, and is gone after release', async () => {
    const archive = join(dir, 'new', 'archive');
    const lock = await ArchiveLock.acquire({ dir: archive, now });
    const path = join(archive, archiveLockFileName);
    expect(lock.path).toBe(path);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      pid: process.pid,
      hostname: hostname(),
      startedAt: '2026-11-27T12:00:00.000Z',
    });

    const refusal = await ArchiveLock.acquire({ dir: archive, now }).catch((error: unknown) => error);
    expect(isAuditClientError(refusal) && refusal.code).toBe('AC_ERR_ARCHIVE_LOCKED');
    expect((refusal as Error).message).toBe(
      `Another export (pid ${process.pid} on ${hostname()}, started at 2026-11-27T12:00:00.000Z) is writing to ${archive}. ` +
        `Wait for it to finish, or remove ${path} if that process is gone.`,
    );

    await lock.release();
    await lock.release(); // idempotent
    expect(await readdir(archive)).toEqual([]);
    const again = await ArchiveLock.acquire({ dir: archive, now });
    await again.release();
  });

  it('takes over the lock of a process on this host that is gone, with a warning', async () => {
    const pid = deadPid();
    const stale = { pid, hostname: hostname(), startedAt: '2026-11-26T08:00:00.000Z' };
    await writeFile(join(dir, archiveLockFileName), JSON.stringify(stale));
    const logger = recordingLogger();

    const lock = await ArchiveLock.acquire({ dir, now, logger });

    expect(lock.owner.pid).toBe(process.pid);
    expect(JSON.parse(await readFile(join(dir, archiveLockFileName), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(logger.warnings).toEqual([
      {
        fields: {
          lock: join(dir, archiveLockFileName),
          stalePid: pid,
          staleHostname: hostname(),
          staleStartedAt: stale.startedAt,
        },
        message: 'took over the archive lock of a process that is no longer running',
      },
    ]);
    expect(await readdir(dir)).toEqual([archiveLockFileName]); // nothing left aside
    await lock.release();
  });

  it('never takes over a lock from another host, one of a live process, or one it cannot read', async () => {
    const cases = [
      { pid: deadPid(), hostname: `not-${hostname()}`, startedAt: '2026-11-26T08:00:00.000Z' },
      { pid: process.ppid, hostname: hostname(), startedAt: '2026-11-26T08:00:00.000Z' },
    ];
    for (const holder of cases) {
      await writeFile(join(dir, archiveLockFileName), JSON.stringify(holder));
      const error = await ArchiveLock.acquire({ dir, now }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'AC_ERR_ARCHIVE_LOCKED',
        message: expect.stringContaining(`pid ${holder.pid} on ${holder.hostname}`) as string,
      });
      expect(JSON.parse(await readFile(join(dir, archiveLockFileName), 'utf8'))).toEqual(holder);
    }
    await writeFile(join(dir, archiveLockFileName), '');
    const unreadable = await ArchiveLock.acquire({ dir, now }).catch((e: unknown) => e);
    expect(unreadable).toMatchObject({
      code: 'AC_ERR_ARCHIVE_LOCKED',
      message: expect.stringContaining('its lock file cannot be read') as string,
    });
    expect(await readFile(join(dir, archiveLockFileName), 'utf8')).toBe('');
  });

  it('release leaves alone a lock that is no longer its own', async () => {
    const lock = await ArchiveLock.acquire({ dir, now });
    const other = JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: '2026-11-28T00:00:00.000Z' });
    await writeFile(join(dir, archiveLockFileName), other);
    await lock.release();
    expect(await readFile(join(dir, archiveLockFileName), 'utf8')).toBe(other);
  });

  it('lets exactly one of many concurrent acquirers in', async () => {
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => ArchiveLock.acquire({ dir, now })));
    const held = results.filter((r): r is PromiseFulfilledResult<ArchiveLock> => r.status === 'fulfilled');
    expect(held).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .map((r) => (r as PromiseRejectedResult).reason as { code: string })
        .every((e) => e.code === 'AC_ERR_ARCHIVE_LOCKED'),
    ).toBe(true);
    await held[0]!.value.release();
  });
});
