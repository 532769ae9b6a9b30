import { isAuditClientError } from '@b2c-alerts/audit-client';
import type { Severity } from '@b2c-alerts/rule-engine';

/** Why a poll failed, in the words of the self-alert and the `reason` label of the failure metric. */
export interface PollFailure {
  /** Metric label and self-alert throttle key. */
  reason:
    | 'credentials'
    | 'permission'
    | 'throttled'
    | 'graph-unavailable'
    | 'graph-error'
    | 'token-endpoint'
    | 'archive'
    | 'config'
    | 'internal';
  /** For people: "credentials expired", "permission missing", ... */
  text: string;
  /**
   * Needs a person (new secret, admin consent): alert at the first failure, and never retry fast,
   * since each attempt is another failed sign-in in the tenant's logs.
   */
  permanent: boolean;
  severity: Extract<Severity, 'high' | 'critical'>;
}

/** The one place poll errors are classified. Messages of audit-client errors say what to do and hold no secret. */
export function classifyPollFailure(error: unknown): PollFailure {
  if (!isAuditClientError(error)) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return {
      reason: 'internal',
      text: `internal error${code ? ` (${code})` : ''}`,
      permanent: false,
      severity: 'high',
    };
  }
  const message = error.message;
  switch (error.code) {
    case 'AC_ERR_TOKEN':
      if (/has expired/i.test(message))
        return { reason: 'credentials', text: 'credentials expired', permanent: true, severity: 'critical' };
      if (/throttling or unavailable|Could not reach|did not answer|network/i.test(message)) {
        return { reason: 'token-endpoint', text: 'token endpoint unreachable', permanent: false, severity: 'high' };
      }
      return { reason: 'credentials', text: 'credentials rejected', permanent: true, severity: 'critical' };
    case 'AC_ERR_GRAPH_PERMISSION':
      return { reason: 'permission', text: 'permission missing', permanent: true, severity: 'critical' };
    case 'AC_ERR_GRAPH_RETRIES_EXHAUSTED':
      return /\b429\b|throttl/i.test(message)
        ? { reason: 'throttled', text: 'throttled by Graph', permanent: false, severity: 'high' }
        : {
            reason: 'graph-unavailable',
            text: 'Graph unavailable or returning bad pages',
            permanent: false,
            severity: 'high',
          };
    case 'AC_ERR_GRAPH_HTTP':
    case 'AC_ERR_GRAPH_BAD_PAGE':
    case 'AC_ERR_GRAPH_REDIRECT':
      return { reason: 'graph-error', text: 'Graph refused the request', permanent: false, severity: 'high' };
    case 'AC_ERR_ARCHIVE_IO':
    case 'AC_ERR_ARCHIVE_CORRUPT':
      return { reason: 'archive', text: 'archive not writable', permanent: false, severity: 'high' };
    case 'AC_ERR_OPTIONS_INVALID':
    case 'AC_ERR_URL_INSECURE':
      return { reason: 'config', text: 'configuration invalid', permanent: true, severity: 'critical' };
    default:
      return { reason: 'internal', text: 'internal error', permanent: false, severity: 'high' };
  }
}
