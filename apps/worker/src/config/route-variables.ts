import { routeVariablesByPrefix, type RouteVariables } from '@b2c-alerts/rule-engine';
import { optionalText } from './env-fields.js';
import { secretVariables } from './secret-variables.js';

/** Names that say the value is a secret, besides the known secretVariables. */
const secretName = /SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|API_?KEY|_KEY$/i;

export const defaultRouteVariablesPrefix = 'ALERT_';
const prefixPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * ROUTE_VARIABLES_PREFIX: routes.yaml may use `${NAME}` only for variables whose names start with it
 * (ALERT_ when unset). A fragment of the worker's env schema that the CLI's `rules validate` reads too.
 */
export const routeVariablesEnv = {
  ROUTE_VARIABLES_PREFIX: optionalText
    .refine((v) => v === undefined || prefixPattern.test(v), {
      message: `must be the start of variable names: letters, digits and _, such as ${defaultRouteVariablesPrefix}`,
    })
    .transform((v) => v ?? defaultRouteVariablesPrefix),
};

/**
 * The variables routes.yaml may use, by the same rule in the worker and the CLI: names starting with
 * `prefix`, never a secret (a known secret variable, one whose name says so, or one of `moreSecrets`,
 * such as those TENANTS_FILE refers to).
 */
export function routeVariablesOf(
  env: Readonly<Record<string, string | undefined>>,
  prefix: string,
  moreSecrets: readonly string[] = [],
): RouteVariables {
  const secrets = new Set<string>([...secretVariables, ...moreSecrets]);
  return routeVariablesByPrefix(env, {
    prefix,
    setting: 'ROUTE_VARIABLES_PREFIX',
    isSecret: (name) => secrets.has(name) || secretName.test(name),
  });
}
