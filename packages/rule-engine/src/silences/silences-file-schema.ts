import { z } from 'zod';
import { dateTimeSchema } from '../parsing/date-time-schema.js';
import { isKnownFact, knownFacts } from '../conditions/facts.js';
import { didYouMean } from '../parsing/nearest-name.js';

/** Silence ids are typed on the command line (`silences expire <id>`): keep them plain. */
export const silenceIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** What a matcher may name: the alert's rule id, or a fact of its event (or group). */
export const silenceMatcherNames = ['ruleId', ...knownFacts] as const;

const matcherNameSchema = z
  .string()
  .check((ctx) => {
    if (ctx.value === 'ruleId' || isKnownFact(ctx.value)) return;
    // `rule`, `ruleid`: the rule id, not the directory fact `role` one letter away.
    const ruleIdHint = /^rule(?:[-_. ]?id)?$/i.test(ctx.value) ? "; did you mean 'ruleId'?" : '';
    const hint =
      ruleIdHint ||
      didYouMean(ctx.value, silenceMatcherNames) ||
      '; use ruleId or a fact (activity, actor.upn, target.id, ip, details.<Key>, ...)';
    ctx.issues.push({
      code: 'custom',
      message: `unknown matcher name '${ctx.value}'${hint}`,
      input: ctx.value,
      continue: true,
    });
  })
  .meta({ description: 'ruleId, or a fact of the alert: activity, actor.upn, target.id, ip, details.<Key>, ...' });

export const silenceMatcherSchema = z
  .strictObject({
    name: matcherNameSchema,
    value: z.string({ error: 'a matcher value must be a string (quote numbers)' }),
    isRegex: z
      .boolean()
      .optional()
      .meta({ description: 'value is a regular expression matched against the whole value (default false).' }),
    isEqual: z
      .boolean()
      .optional()
      .meta({ description: 'false negates the matcher: it holds when the value does not match (default true).' }),
  })
  .meta({ title: 'matcher' });

export const silenceSchema = z
  .strictObject({
    id: z.string().regex(silenceIdPattern, {
      error: (issue) =>
        `a silence id must be letters, digits, dots, dashes or underscores, got '${String(issue.input)}'`,
    }),
    matchers: z.array(silenceMatcherSchema).min(1, {
      error: 'a silence needs at least one matcher (e.g. { name: ruleId, value: b2c.keys.policy-key-deleted })',
    }),
    startsAt: dateTimeSchema,
    endsAt: dateTimeSchema,
    reason: z.string().trim().min(1, { error: 'say why the alerts are silenced (a change ticket, a planned test)' }),
    author: z.string().trim().min(1, { error: 'say who added the silence' }),
  })
  .meta({ title: 'silence' });

/** rules/silences.yaml; `silences:` with nothing after it is an empty list. */
export const silencesFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    silences: z.array(silenceSchema).nullable().default([]),
  })
  .meta({ title: 'silences file' });

/** One silence: while `startsAt <= now < endsAt`, alerts that match every matcher are not delivered. */
export type SilenceEntry = z.output<typeof silenceSchema>;
export type SilenceMatcher = z.output<typeof silenceMatcherSchema>;
