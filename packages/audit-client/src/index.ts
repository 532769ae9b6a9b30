// The public API of @b2c-alerts/audit-client. Anything not exported here is internal.
export type { DirectoryAudit, DirectoryAuditPage } from './directory-audit.js';
export type {
  AuditEvent,
  AuditActor,
  AuditCategory,
  AuditTarget,
  AuditTargetSummary,
  ModifiedProperty,
} from './audit-event.js';
export { AuditClientError, isAuditClientError, type AuditClientErrorCode } from './errors/audit-client-error.js';
export { silentLogger, type Logger } from './logger.js';
export { systemClock, VirtualClock, type Clock } from './clock.js';
export { normalize } from './normalize.js';
export { canonicalCategory } from './canonical-category.js';
export { readExports } from './export-readers/read-exports.js';
export type { ExportProblem } from './export-readers/export-problem.js';
export type { ExportRecord } from './export-readers/export-record.js';
export { ExportReadError } from './errors/export-read-error.js';
export { ArchiveWriter, type ArchiveWriterOptions } from './archive/archive-writer.js';
export { ArchiveSeenStore, type ArchiveSeenStoreOptions } from './archive/archive-seen-store.js';
export { ArchiveCheckpointStore, archiveStateFileName, type ArchiveCheckpointStoreOptions } from './archive/archive-checkpoint-store.js';
export { listArchiveParts } from './archive/archive-layout.js';
export { ArchiveLock, archiveLockFileName, type ArchiveLockOptions, type ArchiveLockOwner } from './archive/archive-lock.js';
export { ArchiveQuarantine, quarantineDirectoryName, type ArchiveQuarantineOptions, type QuarantineLine } from './archive/archive-quarantine.js';
export type { QuarantineItem } from './quarantine-item.js';
export { readArchivePart } from './archive/read-archive-part.js';
export { clouds, type CloudName } from './clouds.js';
export { connectionOptionsSchema, parseConnectionOptions, type ConnectionOptions } from './connection-options.js';
export { resolveEndpoints, type ResolvedEndpoints } from './resolve-endpoints.js';
export { isLoopbackHost } from './is-loopback-host.js';
export { createTokenProvider, type TokenProvider } from './token-provider.js';
export { translateMsalError, type MsalErrorContext } from './msal-error.js';
export type { AuditWindow } from './audit-window.js';
export { GraphAuditReader, type AuditPage, type ReaderStats, type ReadPagesOptions } from './graph-audit-reader.js';
export type { AuditReaderOptions } from './audit-reader-options.js';
export { directoryAuditsUrl } from './directory-audits-url.js';
export { RateLimiter, type RateLimit } from './rate-limiter.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { parseRetryAfter } from './retry-after.js';
export { parseRetentionFloor, isRetentionError, retentionClampMarginMs } from './retention-clamp.js';
export {
  planWindow,
  defaultPollWindowOptions,
  pollWindowOptionsSchema,
  retentionSafetyMarginMs,
  type PollWindowOptions,
} from './poll-window.js';
export type { CheckpointStore } from './checkpoint-store.js';
export type { SeenStore } from './seen-store.js';
export { MemoryCheckpointStore } from './memory-checkpoint-store.js';
export { MemorySeenStore, type MemorySeenStoreOptions } from './memory-seen-store.js';
export { pollWindow, type PollResult, type PollWindowRunOptions } from './poll-window-runner.js';
