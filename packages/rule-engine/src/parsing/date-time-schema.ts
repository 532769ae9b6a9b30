import { z } from 'zod';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** True for an ISO-8601 date-time with an offset (`2026-01-05T10:00:00Z`) that names a real instant. */
export function isDateTime(text: string): boolean {
  return isoDateTime.test(text) && !Number.isNaN(Date.parse(text));
}

/** An ISO-8601 date-time with an offset, as rule tests write instants. */
export const dateTimeSchema = z
  .string()
  .check((ctx) => {
    if (!isDateTime(ctx.value)) {
      ctx.issues.push({
        code: 'custom',
        message: `expected an ISO-8601 date-time with an offset, like 2026-01-05T10:00:00Z, got '${ctx.value}'`,
        input: ctx.value,
      });
    }
  })
  .meta({
    id: 'DateTime',
    description: 'ISO-8601 date-time with an offset, like 2026-01-05T10:00:00Z.',
    pattern: isoDateTime.source,
  });
