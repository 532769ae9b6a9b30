// The public API of @b2c-alerts/audit-client. Anything not exported here is internal.
export type { DirectoryAudit, DirectoryAuditPage } from './events/directory-audit.js';
export type {
  AuditEvent,
  AuditActor,
  AuditCategory,
  AuditTarget,
  AuditTargetSummary,
  ModifiedProperty,
  AuditRole,
  AuditPrincipal,
  AuditApp,
  AuditCredential,
  AuditConsent,
  AuditRedirectUris,
} from './events/audit-event.js';
export { AuditClientError, isAuditClientError, type AuditClientErrorCode } from './errors/audit-client-error.js';
export { silentLogger, type Logger } from './support/logger.js';
export { systemClock, VirtualClock, type Clock } from './support/clock.js';
export { normalize } from './events/normalize.js';
export { canonicalCategory, categorySpellings } from './events/canonical-category.js';
export { toUtcDateTime } from './events/utc-date-time.js';
export { readExports } from './export-readers/read-exports.js';
export type { ExportProblem } from './export-readers/export-problem.js';
export type { ReadLimits } from './export-readers/read-limits.js';
export type { ExportRecord } from './export-readers/export-record.js';
export { ExportReadError } from './errors/export-read-error.js';
export { ArchiveWriter, archiveTenantFileName, type ArchiveWriterOptions } from './archive/archive-writer.js';
export { ArchiveSeenStore, type ArchiveSeenStoreOptions } from './archive/archive-seen-store.js';
export {
  ArchiveCheckpointStore,
  archiveStateFileName,
  type ArchiveCheckpointStoreOptions,
} from './archive/archive-checkpoint-store.js';
export { listArchiveParts } from './archive/archive-layout.js';
export {
  ArchiveLock,
  archiveLockFileName,
  type ArchiveLockOptions,
  type ArchiveLockOwner,
} from './archive/archive-lock.js';
export {
  ArchiveQuarantine,
  quarantineDirectoryName,
  type ArchiveQuarantineOptions,
  type QuarantineLine,
} from './archive/archive-quarantine.js';
export type { QuarantineItem } from './graph/quarantine-item.js';
export { readArchivePart } from './archive/read-archive-part.js';
export { clouds, type CloudName } from './auth/clouds.js';
export { connectionOptionsSchema, type ConnectionOptions } from './auth/connection-options.js';
export { resolveEndpoints, type ResolvedEndpoints } from './auth/resolve-endpoints.js';
export { isLoopbackHost } from './support/is-loopback-host.js';
export { createTokenProvider, type TokenProvider } from './auth/token-provider.js';
export type { AuditWindow } from './graph/audit-window.js';
export {
  GraphAuditReader,
  type AuditPage,
  type ReaderStats,
  type ReadPagesOptions,
} from './graph/graph-audit-reader.js';
export { eqAnyClause, targetIdClause, type ODataClause } from './graph/odata-clause.js';
export { defaultAuditServices, maxAuditServices, type AuditReaderOptions } from './graph/audit-reader-options.js';
export type { RateLimit } from './graph/rate-limiter.js';
export {
  planWindow,
  defaultPollWindowOptions,
  retentionSafetyMarginMs,
  pollWindowOptionsSchema,
  type PollWindowOptions,
} from './polling/poll-window.js';
export type { CheckpointStore } from './polling/checkpoint-store.js';
export type { SeenStore } from './polling/seen-store.js';
export { pollWindow, type PollResult, type PollWindowRunOptions } from './polling/poll-window-runner.js';
export {
  DirectoryNameResolver,
  type NameLookup,
  type NameLookupOutcome,
  type NameResolverStats,
  type ResolveOptions,
} from './directory/directory-name-resolver.js';
export type { NameResolverOptions } from './directory/name-resolver-options.js';
export type { DirectoryObjectKind, DirectoryObjectRef } from './directory/directory-object-ref.js';
export { directoryObjectRefs, type DirectoryIdFact } from './directory/directory-id-facts.js';
