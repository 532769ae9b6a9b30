import { z } from 'zod';
import { factNameSchema } from '../conditions/fact-name-schema.js';
import { isKnownFact } from '../conditions/facts.js';

const labelSchema = z
  .string()
  .check((ctx) => {
    const label = ctx.value;
    let message: string | undefined;
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(label))
      message = `as '${label}' must be a plain name of letters, digits, _ and -, like account`;
    // A label that is a fact name would make a value from another fact read as that fact.
    else if (isKnownFact(label))
      message = `as '${label}' is a fact name, so a value from another fact would read as that fact; pick a name of your own, like account`;
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: label, continue: true });
  })
  .meta({
    pattern: '^[A-Za-z][A-Za-z0-9_-]*$',
    description:
      'One name for the value, whichever fact supplied it: values of different facts then merge (alice as a sign-in name and as an object id are one group). Without it the value is named after the fact that supplied it.',
  });

/** `{ firstOf: [facts], as? }`: the first present value of the facts, in order. */
export const firstOfSchema = z
  .strictObject({
    firstOf: z
      .array(factNameSchema)
      .min(1, {
        error: 'firstOf lists the facts to try in order, like [target.id, details.LocalAccountUsername]; it is empty',
      })
      .superRefine((facts, ctx) => {
        facts.forEach((fact, i) => {
          if (facts.indexOf(fact) !== i)
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: `'${fact}' is already listed in firstOf; list it once`,
            });
        });
      })
      .meta({ description: 'Facts tried in order: the first one present (neither missing nor empty) is used.' }),
    as: labelSchema.optional(),
  })
  .meta({
    id: 'FirstOf',
    title: 'fallback list',
    description:
      'The first present value of several facts, e.g. { firstOf: [target.id, details.LocalAccountUsername] }. The group key and the alert name the fact that supplied it, unless `as` names them all.',
  });

const entryForm = 'an entry is a fact (target.id, details.PolicyId) or fallbacks { firstOf: [fact, fact] }';
// `[[a, b]]` reads like fallbacks but would be a key of both: say which is which.
const nestedList = `${entryForm}; a list here is not a fallback: write { firstOf: [a, b] } for the first present of a and b (groupBy: [a, b] is a key made of both)`;

/** One entry of a groupBy, a throttle key or a distinct field: a fact, or fallbacks. */
export const factChoiceSchema = z.union([factNameSchema, firstOfSchema], {
  error: (issue) => (Array.isArray(issue.input) ? nestedList : entryForm),
});

/** One entry, or a list of entries whose values together make the key. */
export const factChoicesSchema = z
  .union([factChoiceSchema, z.array(factChoiceSchema)])
  .meta({ description: 'One fact, fallbacks { firstOf: [...] }, or a list of them.' });
