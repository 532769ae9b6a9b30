import { access } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { ParsedFile } from '../parsing/parsed-file.js';
import type { RuleProblem } from '../parsing/rule-problem.js';

const routesFileShape = z.looseObject({
  routes: z.record(z.string(), z.unknown(), { error: 'routes must be a mapping of route names to their channels' }),
});

/**
 * The route names of a routes file (the keys of its top-level `routes:` mapping), for checking rules'
 * `notify`. `routes` is undefined when the file does not exist (then routes are not checked) or has
 * problems. Reads only the names: the full format is loadRoutes's business.
 */
export async function readRouteNames(file: string): Promise<{ routes?: string[]; problems: RuleProblem[] }> {
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) return { problems: [] };
  const parsed = await ParsedFile.read(dirname(file), basename(file));
  if (!parsed.readable) return { problems: parsed.problems };
  if (parsed.value === null || parsed.value === undefined) {
    parsed.report({
      path: [],
      message: 'the file is empty; define routes: a mapping of route names (security: ...) to their channels',
    });
    return { problems: parsed.problems };
  }
  const value = parsed.validate(routesFileShape);
  return value ? { routes: Object.keys(value.routes), problems: [] } : { problems: parsed.problems };
}
