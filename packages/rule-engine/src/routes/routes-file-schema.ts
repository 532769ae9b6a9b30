import { z } from 'zod';
import { durationTextSchema } from '../parsing/duration-text-schema.js';
import { durationPattern, parseDuration } from '../parsing/parse-duration.js';
import { severities, type Severity } from '../rule-set/rule-definition.js';

/** Route names go into Redis keys and job ids, where `:` separates parts: keep them plain. */
export const routeNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Milliseconds of a route timer: a duration as parseDuration reads it, zero (`0s`) for none. */
export function parseTimer(text: string): number {
  return parseDuration(text, { allowZero: true });
}

const timerSchema = durationTextSchema(parseTimer, {
  description: 'A duration like 30s, 5m, 4h, 1h30m or 1.5h; 0s for none.',
  pattern: durationPattern,
});

const addressesSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
    error: 'email.to must be an address or a list of addresses',
  })
  .meta({ description: 'One address, a list, or a comma-separated string (e.g. from ${ALERT_EMAIL_TO}).' });

/** One route as written; `${VAR}` is allowed in slack.channel and email.to. */
export const routeFileEntrySchema = z
  .strictObject({
    description: z.string().optional(),
    slack: z
      .strictObject({
        channel: z.string().min(1).meta({ description: 'Channel id (C0123ABCD) or name (#security-alerts).' }),
      })
      .meta({ title: 'slack channel' })
      .optional(),
    email: z.strictObject({ to: addressesSchema }).meta({ title: 'email channel' }).optional(),
    severities: z
      .array(z.enum(severities as [Severity, ...Severity[]]))
      .min(1)
      .optional()
      .meta({ description: 'Severities this route takes (info, low, medium, high, critical); all when left out.' }),
    group_wait: timerSchema
      .optional()
      .meta({ description: 'Wait before the first notification of a group, collecting more of it (default 30s).' }),
    group_interval: timerSchema
      .optional()
      .meta({ description: 'Least time between notifications of one group (default 5m).' }),
    repeat_interval: timerSchema
      .optional()
      .meta({ description: 'A group quiet this long starts over with a new message (default 4h).' }),
  })
  .meta({ title: 'route' });

/** rules/routes.yaml: route names to their channels and timers. */
export const routesFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    routes: z.record(z.string(), routeFileEntrySchema, {
      error: 'routes must be a mapping of route names to their channels',
    }),
  })
  .meta({ title: 'routes file' });

export type RouteFileEntry = z.output<typeof routeFileEntrySchema>;
