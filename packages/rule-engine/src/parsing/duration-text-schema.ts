import { z } from 'zod';

/** The message `parse` throws for `text`, or undefined when it reads. */
export function parseIssue(parse: (text: string) => unknown, text: string): string | undefined {
  try {
    parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * A zod string schema for text in a duration grammar (`parse`: parseDuration with its options,
 * parseOffset): parse's own message is the issue, and a YAML number (`window: 60`) gets the same
 * no-unit message as the same text in quotes would. Each use names its grammar in `meta`.
 */
export function durationTextSchema(parse: (text: string) => unknown, meta: z.GlobalMeta) {
  return z
    .string({
      error: (issue) => (typeof issue.input === 'number' ? parseIssue(parse, String(issue.input)) : undefined),
    })
    .check((ctx) => {
      const message = parseIssue(parse, ctx.value);
      if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value, continue: true });
    })
    .meta(meta);
}
