/** The environment as the worker sees it: variable name to value. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The only read of `process.env` in this app (CONTRIBUTING.md, rule 4): a frozen copy, so later changes to the
 * process environment never leak into a running worker. main.ts passes it to parseWorkerConfig.
 */
export function readProcessEnvironment(): Environment {
  return Object.freeze({ ...process.env });
}
