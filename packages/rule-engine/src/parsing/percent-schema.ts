import { z } from 'zod';

const percentPattern = /^(\d+(?:\.\d+)?)\s?%$/;

/** The number of a percentage like `60%` or `62.5%`, or undefined when `text` is not one. */
export function parsePercent(text: string): number | undefined {
  const match = percentPattern.exec(text.trim());
  return match === null ? undefined : Number(match[1]);
}

/**
 * A percentage written with its sign, more than 0% and at most 100%: `60%`. A bare number is refused,
 * because nobody can tell whether `drop: 0.6` means 0.6% or 60%.
 */
export const percentSchema = z
  .string({
    error: (issue) =>
      typeof issue.input === 'number'
        ? `write a percentage with its sign, like 60%: ${issue.input} alone could mean ${issue.input}% or ${issue.input * 100}%`
        : undefined,
  })
  .check((ctx) => {
    const percent = parsePercent(ctx.value);
    if (percent === undefined || percent <= 0 || percent > 100)
      ctx.issues.push({
        code: 'custom',
        message: `expected a percentage above 0% and at most 100%, like 60%, got '${ctx.value}'`,
        input: ctx.value,
      });
  })
  .meta({
    id: 'Percent',
    description: 'A percentage with its sign, above 0% and at most 100%: 60%, 62.5%.',
    pattern: '^\\d+(?:\\.\\d+)?\\s?%$',
    examples: ['60%', '25%'],
  });
