import { z } from 'zod';
import type { ConfigProblem } from './config-problem.js';

export interface EnvRead<T> {
  /** Each variable that read, so checks across variables still run while others have problems. */
  values: Partial<T>;
  /** Each variable's problems, in the schema's order, the variable named and its value never quoted. */
  problems: ConfigProblem[];
  /** Every value, when no variable had a problem. */
  complete: T | undefined;
}

/** Reads `env` with an env schema (an object of variable fields), one variable at a time, so every problem is found at once. */
export function readEnv<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: Readonly<Record<string, string | undefined>>,
): EnvRead<z.output<z.ZodObject<Shape>>> {
  const values: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const [variable, field] of Object.entries(schema.shape)) {
    const read = z.safeParse(field, env[variable]);
    if (read.success) values[variable] = read.data;
    else for (const issue of read.error.issues) problems.push({ variable, message: issue.message });
  }
  const whole = schema.safeParse(env);
  return {
    values: values as Partial<z.output<z.ZodObject<Shape>>>,
    problems,
    complete: whole.success ? whole.data : undefined,
  };
}
