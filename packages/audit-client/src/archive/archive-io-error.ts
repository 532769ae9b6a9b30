import { AuditClientError } from '../errors/audit-client-error.js';

/** The one place where file-system errors of the archive become AuditClientError AC_ERR_ARCHIVE_IO. */
export function toArchiveIoError(
  action: 'list' | 'read' | 'write' | 'create' | 'sync',
  path: string,
  cause: unknown,
): AuditClientError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error';
  const hint =
    code === 'ENOSPC'
      ? 'free some disk space'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'make the archive directory writable by this user'
        : 'check that the archive directory is a writable local directory';
  return new AuditClientError('AC_ERR_ARCHIVE_IO', `Could not ${action} ${path} (${code}); ${hint}, then run again.`, {
    cause,
  });
}
