import type { AuditCategory } from '@b2c-alerts/audit-client';

/**
 * A filter checked and made ready to run: times as epoch microseconds, categories canonical, the IP
 * as a key range, every string to compare already case-folded (filters/fold-case.ts). Built only by resolveFilter.
 */
export interface ResolvedFilter {
  sinceUs?: number;
  untilUs?: number;
  categories?: AuditCategory[];
  activities?: string[];
  activityLike?: string;
  results?: string[];
  actor?: string;
  target?: string;
  targetType?: string;
  ip?: { low: string; high: string };
  policy?: string;
  app?: string;
  correlationId?: string;
  /** Exact, case kept: ids are opaque. */
  ids?: string[];
  details?: Array<{ key: string; value: string }>;
  text?: string;
  /** Only rows after this one in newest-first order (time, then id, descending): the next page. */
  before?: { timeUs: number; id: string };
}
