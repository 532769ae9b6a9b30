import { categorySpellings, type AuditCategory } from '@b2c-alerts/audit-client';

/** B2C's portal names its activity resource types so; each maps onto a canonical category. */
export const b2cResourceTypes = ['Authorization', 'Directory', 'Application', 'Key', 'Resource', 'Authentication'];

const bySpelling = new Map(categorySpellings);

/** The canonical categories, for messages. */
export const canonicalCategories: readonly AuditCategory[] = [...new Set(categorySpellings.map(([, c]) => c))];

/**
 * The canonical category a filter names, in any spelling the normalizer maps (case, spaces,
 * underscores and hyphens ignored), or undefined for a name it does not know. Unlike the normalizer,
 * an unknown name is not `Other`: a typo must not silently select the wrong events.
 */
export function categoryOfFilter(name: string): AuditCategory | undefined {
  return bySpelling.get(name.toLowerCase().replace(/[\s_-]+/g, ''));
}
