import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AuditClientError } from '../errors/audit-client-error.js';
import { silentLogger, type Logger } from '../support/logger.js';
import { toArchiveIoError } from './archive-io-error.js';

/** `DIR/.export.lock`: present while a process writes the archive. */
export const archiveLockFileName = '.export.lock';

/** Who holds an archive lock, as written in the lock file. */
export interface ArchiveLockOwner {
  pid: number;
  hostname: string;
  /** ISO date-time. */
  startedAt: string;
}

export interface ArchiveLockOptions {
  /** The archive root; created if missing. */
  dir: string;
  /** For `startedAt`; default Date.now. */
  now?: () => number;
  /** Warned when the lock of a process that is gone is taken over. */
  logger?: Logger;
}

const ownerSchema = z.object({ pid: z.number().int().positive(), hostname: z.string().min(1), startedAt: z.string() });

/** Whether a process with this id runs on this host; EPERM means it runs as another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The holder's text and, when it parses, who it is; undefined when the lock is gone. */
async function readHolder(path: string): Promise<{ text: string; owner: ArchiveLockOwner | undefined } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw toArchiveIoError('read', path, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { text, owner: undefined };
  }
  const parsed = ownerSchema.safeParse(json);
  return { text, owner: parsed.success ? parsed.data : undefined };
}

/**
 * One writer per archive directory: two exports (or an export and the worker's archive) writing the
 * same directory at once would write events twice and spend the tenant's request budget twice.
 * `acquire` creates `DIR/.export.lock` exclusively (`open(…, 'wx')`) holding `{ pid, hostname,
 * startedAt }`, or throws AC_ERR_ARCHIVE_LOCKED naming the holder. A lock left by a process that is
 * gone (same host, no such pid) is taken over with a warning; a lock from another host, or one that
 * cannot be read, is never guessed about. Release it on every exit path.
 */
export class ArchiveLock {
  readonly path: string;
  readonly owner: ArchiveLockOwner;
  readonly #text: string;
  #released = false;

  private constructor(path: string, owner: ArchiveLockOwner, text: string) {
    this.path = path;
    this.owner = owner;
    this.#text = text;
  }

  static async acquire(options: ArchiveLockOptions): Promise<ArchiveLock> {
    if (typeof options?.dir !== 'string' || options.dir.trim() === '') {
      throw new TypeError('ArchiveLock.acquire: `dir` must be a non-empty directory path.');
    }
    const dir = resolve(options.dir);
    const path = join(dir, archiveLockFileName);
    const logger = options.logger ?? silentLogger;
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw toArchiveIoError('create', dir, error);
    }
    const owner: ArchiveLockOwner = {
      pid: process.pid,
      hostname: osHostname(),
      startedAt: new Date((options.now ?? Date.now)()).toISOString(),
    };
    const text = `${JSON.stringify(owner)}\n`;
    let holder: ArchiveLockOwner | undefined;
    // A few rounds: each one that fails either found the lock gone or moved a stale one aside.
    for (let round = 0; round < 3; round++) {
      if (await createExclusive(path, text)) return new ArchiveLock(path, owner, text);
      const found = await readHolder(path);
      if (found === undefined) continue; // released in between
      holder = found.owner;
      if (!holder || holder.hostname !== owner.hostname || holder.pid === process.pid || isAlive(holder.pid)) break;
      if (await setAside(path, found.text)) {
        logger.warn(
          { lock: path, stalePid: holder.pid, staleHostname: holder.hostname, staleStartedAt: holder.startedAt },
          'took over the archive lock of a process that is no longer running',
        );
      }
    }
    throw lockedError(dir, path, holder);
  }

  /** Removes the lock if it is still this one. Idempotent; never throws for a lock already gone. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    const found = await readHolder(this.path).catch(() => undefined);
    if (found?.text !== this.#text) return; // taken over by someone who judged this process gone
    await rm(this.path, { force: true }).catch(() => undefined);
  }
}

/** Creates `path` with `text` only if it does not exist; false when it does. The content is durable before it counts. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw toArchiveIoError('create', path, error);
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true }).catch(() => undefined);
    throw toArchiveIoError('write', path, error);
  }
  await handle.close();
  return true;
}

/**
 * Moves a stale lock out of the way, if it is still the one judged stale: rename is atomic, so of
 * two processes taking over at once only one moves it. When what was moved is not the stale lock
 * (another process took over first), it is put back.
 */
async function setAside(path: string, staleText: string): Promise<boolean> {
  const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw toArchiveIoError('write', path, error);
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== staleText) await link(aside, path).catch(() => undefined); // a live lock: restore it unless replaced
  await rm(aside, { force: true }).catch(() => undefined);
  return moved === staleText;
}

function lockedError(dir: string, path: string, holder: ArchiveLockOwner | undefined): AuditClientError {
  const who = holder
    ? `pid ${holder.pid} on ${holder.hostname}, started at ${holder.startedAt}`
    : `its lock file cannot be read`;
  return new AuditClientError(
    'AC_ERR_ARCHIVE_LOCKED',
    `Another export (${who}) is writing to ${dir}. Wait for it to finish, or remove ${path} if that process is gone.`,
  );
}
