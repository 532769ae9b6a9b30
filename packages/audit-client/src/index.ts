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
