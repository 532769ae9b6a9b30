/**
 * The variables routes.yaml may use as `${NAME}`: an explicit set, so a mistyped or hostile reference
 * never reads the rest of the environment (a client secret, a database URL) into a channel or into a
 * problem message.
 */
export interface RouteVariables {
  /** Whether `${name}` may be filled. A refused name is a problem whatever its value; its value is never read. */
  allows(name: string): boolean;
  /** The value of an allowed name (undefined or blank: unset). */
  valueOf(name: string): string | undefined;
  /** How to allow a refused name, said after "`${NAME}` is not a route variable; ". */
  howToAllow(name: string): string;
}

export interface RouteVariablesByPrefixOptions {
  /** Names routes.yaml may use start with this (e.g. `ALERT_`). */
  prefix: string;
  /** The setting that changes `prefix`, named in problems (e.g. `ROUTE_VARIABLES_PREFIX`). */
  setting: string;
  /** Names refused even with the prefix: those that hold secrets. */
  isSecret?: (name: string) => boolean;
}

/** No variable at all: every `${NAME}` is refused. */
export const noRouteVariables: RouteVariables = {
  allows: () => false,
  valueOf: () => undefined,
  howToAllow: () => 'routes.yaml takes no variables here; write the channel itself',
};

/**
 * The variables of `env` whose names start with `prefix`, less the secrets. Only their values are
 * copied, so the set never holds anything routes.yaml may not use.
 */
export function routeVariablesByPrefix(
  env: Readonly<Record<string, string | undefined>>,
  { prefix, setting, isSecret = () => false }: RouteVariablesByPrefixOptions,
): RouteVariables {
  const allows = (name: string) => name.startsWith(prefix) && !isSecret(name);
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) if (value !== undefined && allows(name)) values.set(name, value);
  return {
    allows,
    valueOf: (name) => values.get(name),
    howToAllow: (name) =>
      isSecret(name)
        ? `its name says it holds a secret, and secrets never go into routes; put the channel in another variable whose name starts with ${prefix}`
        : `routes.yaml may use only variables whose names start with ${prefix}; put the channel in such a variable, or set ${setting} to a prefix of this name`,
  };
}
