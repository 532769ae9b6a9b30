import { z } from 'zod';
import { isKnownFact, knownFacts } from './facts.js';
import { didYouMean } from '../parsing/nearest-name.js';

/** A fact an AuditEvent has (see facts.ts); `details.<Key>` is always allowed. */
export const factNameSchema = z
  .string()
  .check((ctx) => {
    if (!isKnownFact(ctx.value))
      ctx.issues.push({ code: 'custom', message: unknownFact(ctx.value), input: ctx.value, continue: true });
  })
  .meta({
    id: 'Fact',
    description: 'A fact of the normalized audit event, e.g. activity, actor.upn, target.id, details.PolicyId.',
    anyOf: [{ enum: [...knownFacts] }, { pattern: '^details\\.[A-Za-z0-9_]+$' }],
  });

function unknownFact(name: string): string {
  // `detail.PolicyId` is more likely a typo of `details.PolicyId` than of any fixed fact.
  const dot = name.indexOf('.');
  const candidates = dot > 0 ? [...knownFacts, `details.${name.slice(dot + 1)}`] : knownFacts;
  const near = didYouMean(name, candidates);
  return `unknown fact '${name}'${near || '; facts are the AuditEvent fields (activity, actor.upn, target.id, ...) or details.<Key>'}`;
}
