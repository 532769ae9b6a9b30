import type { AuditCategory } from '@b2c-alerts/audit-client';
import { z } from 'zod';
import { dateTimeSchema } from '../parsing/date-time-schema.js';
import { durationSchema } from '../parsing/duration-schema.js';
import { isKnownFact, knownFacts } from '../conditions/facts.js';
import { didYouMean } from '../parsing/nearest-name.js';
import { offsetSchema, tickSchema } from './offset-schema.js';
import { severities, type Severity } from '../rule-set/rule-definition.js';

const categories = [
  'Authentication',
  'Authorization',
  'KeyManagement',
  'ResourceManagement',
  'ApplicationManagement',
  'DirectoryManagement',
  'UserManagement',
  'RoleManagement',
  'GroupManagement',
  'IdentityProtection',
  'PolicyManagement',
  'Other',
] as const satisfies readonly AuditCategory[];
// Fails to compile when AuditCategory gains a value this list lacks.
const everyCategory: Exclude<AuditCategory, (typeof categories)[number]> extends never ? true : never = true;
void everyCategory;

const text = z.string();
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const actorSchema = z
  .strictObject({
    type: z.enum(['user', 'app']).optional(),
    id: text.optional(),
    upn: text.optional(),
    displayName: text.optional(),
    ip: text.optional(),
    appId: text.optional(),
    spn: text.optional(),
    name: text
      .optional()
      .meta({ description: 'Default: upn, then displayName, spn, appId, id (as normalize() does).' }),
  })
  .meta({ title: 'actor' });

const targetFields = { id: text.optional(), type: text.optional(), displayName: text.optional(), upn: text.optional() };
const targetSummarySchema = z.strictObject(targetFields).meta({ title: 'target' });
const modifiedSchema = z
  .strictObject({ name: text, old: z.unknown().optional(), new: z.unknown().optional() })
  .meta({ title: 'modified property' });
const targetSchema = z
  .strictObject({ ...targetFields, modified: z.array(modifiedSchema).default([]) })
  .meta({ title: 'target' });

const principalFields = {
  id: text.optional(),
  type: text.optional(),
  upn: text.optional(),
  displayName: text.optional(),
  name: text.optional().meta({ description: 'Default: upn, then displayName, id (as normalize() does).' }),
};
const directoryFactsShape = {
  role: z
    .strictObject({
      id: text.optional(),
      name: text.optional(),
      templateId: text.optional(),
      wellKnownName: text.optional(),
    })
    .optional()
    .meta({ title: 'role', description: 'The directory role of a role-membership event.' }),
  member: z.strictObject(principalFields).optional().meta({ title: 'member', description: 'Who joined or left role.' }),
  app: z
    .strictObject({
      id: text.optional(),
      appId: text.optional(),
      displayName: text.optional(),
      type: text.optional(),
      name: text.optional().meta({ description: 'Default: displayName, then appId, id (as normalize() does).' }),
    })
    .optional()
    .meta({ title: 'app', description: 'The application or service principal the event is about.' }),
  owner: z
    .strictObject(principalFields)
    .optional()
    .meta({ title: 'owner', description: 'The owner added or removed.' }),
  credential: z
    .strictObject({
      type: text.optional(),
      keyType: text.optional(),
      keyId: text.optional(),
      usage: text.optional(),
      displayName: text.optional(),
      added: z.number().int().min(0).default(1).meta({ description: 'Default 1: a credential was added.' }),
      removed: z.number().int().min(0).default(0),
      first: z.boolean().optional(),
    })
    .optional()
    .meta({ title: 'credential', description: 'A secret or certificate added or removed.' }),
  consent: z
    .strictObject({
      permissions: z.array(text).default([]),
      admin: z.boolean().optional(),
      tenantWide: z.boolean().optional(),
      kind: z.enum(['delegated', 'application']).optional(),
      resource: text.optional(),
    })
    .optional()
    .meta({ title: 'consent', description: 'Permissions granted to an application.' }),
  redirectUris: z
    .strictObject({ added: z.array(text).default([]), removed: z.array(text).default([]) })
    .optional()
    .meta({ title: 'redirect URIs', description: 'Redirect URIs added and removed.' }),
};

/** The AuditEvent fields a compact test event may give; everything else gets a default. */
const factsShape = {
  id: text
    .min(1)
    .optional()
    .meta({ description: 'Default test-<case index>-<event index>; on a repeated item, -<i> is appended.' }),
  activity: text.optional().meta({ description: 'The activity display name, exactly as Graph writes it.' }),
  category: z.enum(categories).optional().meta({ description: 'Canonical category; default Other.' }),
  categoryRaw: text.optional(),
  result: text.optional(),
  resultReason: text.optional(),
  service: text.optional(),
  operationType: text.optional(),
  correlationId: text.optional(),
  userAgent: text.optional(),
  actor: actorSchema.optional(),
  target: targetSummarySchema.optional().meta({ description: 'The first target; default the first of targets.' }),
  targets: z.array(targetSchema).optional().meta({ description: 'Default: [target].' }),
  details: z.record(z.string(), scalar.transform(String)).optional().meta({ description: 'additionalDetails by key.' }),
  ip: text.optional().meta({ description: 'Default details.ClientIpAddress, else actor.ip.' }),
  tenant: text.optional().meta({ description: 'Default details.TenantId.' }),
  ...directoryFactsShape,
};
const factKeys = Object.keys(factsShape);

/** Facts `vary` may set on a compact event: the scalar ones. */
const containers = new Set([
  'time',
  'timestamp',
  'actor',
  'target',
  'targets',
  'details',
  ...Object.keys(directoryFactsShape),
  // Lists: vary gives one scalar per repetition.
  'consent.permissions',
  'redirectUris.added',
  'redirectUris.removed',
]);
const varyFacts = knownFacts.filter((fact) => !containers.has(fact));

const varyValue = z.union([scalar, z.array(scalar).min(1)]);

/**
 * One item of a case's timed sequence: compact facts (any AuditEvent fields) or `raw` (a directoryAudit
 * exactly as Graph returns it), with its place in time and how often it repeats.
 */
export const testEventSchema = z
  .strictObject({
    at: offsetSchema
      .optional()
      .meta({ description: 'Offset from the previous event (default +1s; the first event: from start, default +0s).' }),
    time: dateTimeSchema.optional().meta({ description: 'Absolute time of the event, instead of at.' }),
    repeat: z.number().int().min(1).max(100_000).default(1).meta({ description: 'This item this many times.' }),
    every: durationSchema.optional().meta({ description: 'Gap between repetitions (default 1s).' }),
    vary: z.record(z.string(), varyValue).optional().meta({
      description:
        'Per repetition i = 1..n: a fact (or, with raw, a dotted path in the record) set to the value with {i} replaced by i, or to the i-th item of a list (cycling).',
    }),
    raw: z.looseObject({}).optional().meta({
      description:
        'A directoryAudit exactly as Graph returns it, turned into facts by normalize(); its id is kept, its activityDateTime is replaced by the timeline.',
    }),
    ...factsShape,
  })
  .superRefine((item, ctx) => {
    if (item.raw !== undefined) {
      for (const key of factKeys) {
        if ((item as Record<string, unknown>)[key] === undefined) continue;
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `'${key}' cannot be given with raw: an event is either compact facts or a raw record; put the field inside raw (as Graph names it) or drop raw`,
        });
      }
    }
    if (item.at !== undefined && item.time !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['time'],
        message: 'give at (an offset) or time (an absolute time), not both',
      });
    }
    if (item.every !== undefined && item.repeat === 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['every'],
        message: 'every has no effect without repeat; add repeat: <n> or drop every',
      });
    }
    for (const key of Object.keys(item.vary ?? {})) {
      if (item.raw !== undefined) {
        if (!/^[^.\s]+(?:\.[^.\s]+)*$/.test(key))
          ctx.addIssue({
            code: 'custom',
            path: ['vary', key],
            message: `vary key '${key}' is not a dotted path in the raw record, like initiatedBy.user.userPrincipalName`,
          });
      } else if (!(varyFacts.includes(key) || (isKnownFact(key) && key.startsWith('details.')))) {
        const hint = didYouMean(key, varyFacts) || `; vary sets one of ${varyFacts.join(', ')} or details.<Key>`;
        ctx.addIssue({ code: 'custom', path: ['vary', key], message: `vary cannot set '${key}'${hint}` });
      }
    }
  })
  .meta({
    title: 'test event',
    description: 'Compact facts (any AuditEvent fields) or raw, with timing: at or time, repeat, every, vary.',
  });

/** An alert a case expects: any AlertCandidate fields, compared partially (only the keys given). */
export const expectedAlertSchema = z
  .strictObject({
    ruleId: text,
    severity: z.enum(severities as [Severity, ...Severity[]]),
    title: text,
    groupKey: text,
    groupValues: z.record(z.string(), scalar),
    count: z.number().int().min(0),
    firstTime: dateTimeSchema,
    lastTime: dateTimeSchema,
    eventIds: z.array(text),
    event: z.record(z.string(), z.unknown()).meta({ description: 'Fields of the event that made the rule fire.' }),
    suppressed: z.number().int().min(0),
    topValues: z.array(z.strictObject({ value: text, count: z.number().int().min(0) }).partial()),
    status: z.enum(['firing', 'resolved']),
    steps: z
      .array(
        z
          .strictObject({
            name: text,
            count: z.number().int().min(0),
            firstTime: dateTimeSchema,
            lastTime: dateTimeSchema,
            eventIds: z.array(text),
          })
          .partial(),
      )
      .meta({ description: 'sequence: the events of each step, in step order.' }),
    previous: z
      .strictObject({ count: z.number().int().min(0), firstTime: dateTimeSchema, lastTime: dateTimeSchema })
      .partial()
      .meta({ description: 'spike: the window the current one (firstTime..lastTime, count) was compared with.' }),
  })
  .partial()
  .meta({
    title: 'expected alert',
    description:
      'Any AlertCandidate fields; only the keys given are compared, lists item by item (times as instants; null: the field is absent).',
  });

const skippedCount = z.number().int().min(0);
/** The matching events a case expects its rule to skip, by reason (see evaluation/skip-reason.ts). */
const skippedSchema = z
  .strictObject({ groupBy: skippedCount, field: skippedCount, 'throttle.key': skippedCount })
  .partial()
  .meta({
    title: 'skipped events',
    description:
      'Matching events the rule is expected to skip, by reason: groupBy, field, throttle.key (a reason left out expects 0). Checked exactly; a case without it warns when its rule skips an event.',
  });

export const testCaseSchema = z
  .strictObject({
    name: text
      .min(1)
      .meta({ description: 'What the case shows, e.g. "fires when someone outside key-admins deletes a key".' }),
    start: dateTimeSchema.optional().meta({ description: 'Time of the first event; default 2026-01-05T10:00:00Z.' }),
    events: z
      .array(testEventSchema)
      .default([])
      .meta({ description: 'A timed sequence, delivered to the evaluator one event at a time, in this order.' }),
    ticks: z.array(tickSchema).default([]).meta({
      description:
        'Evaluator ticks (absence and spike rules): offsets from the newest event (+2h), or ISO times; a tick runs before the first event later than it, so an ISO time between events ticks between them.',
    }),
    tickEvery: durationSchema.optional().meta({
      description:
        'Also tick at every multiple of this duration (UTC) from the first event to the last, as the worker and replay tick every minute: tickEvery: 1m. Spike rules judge their windows on ticks.',
    }),
    expect: z.array(expectedAlertSchema).meta({
      description: '[] when the rule must not fire; otherwise the alerts it raises, in order (as many as listed).',
    }),
    skipped: skippedSchema.optional(),
  })
  .meta({ title: 'test case' });

/** `<stem>.tests.yaml` beside `<stem>.rule.yaml`: named cases of one rule. */
export const testsFileSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .meta({ description: 'Path of tests.schema.json, so editors validate JSON tests files.' }),
    rule: text.min(1).optional().meta({ description: 'The id of the rule beside this file (checked; optional).' }),
    cases: z
      .array(testCaseSchema)
      .min(1, { error: 'cases must not be empty: add a case that fires and one that must not' }),
  })
  .meta({
    title: 'rule tests',
    description: 'Cases for the rule in the sibling <stem>.rule.yaml: events, ticks and the alerts expected.',
  });

export type TestEvent = z.output<typeof testEventSchema>;
export type ExpectedAlert = z.output<typeof expectedAlertSchema>;
export type TestCase = z.output<typeof testCaseSchema>;
export type TestsFile = z.output<typeof testsFileSchema>;
