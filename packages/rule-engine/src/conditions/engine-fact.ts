/** A fact as json-rules-engine addresses it: a top-level event field plus an optional path. */
export interface EngineFact {
  fact: string;
  path?: string;
}

/**
 * Our dotted fact in json-rules-engine's terms: `actor.upn` is fact `actor` at path `$.upn`, and a
 * condition's own path continues from there (`targets` + `$[0].id` stays as is; `target.displayName`
 * + `$[0]` becomes `target` + `$.displayName[0]`). The compiler reads facts through this same
 * translation, so both engines agree even where a path meets a string.
 */
export function toEngineFact(fact: string, path?: string): EngineFact {
  const dot = fact.indexOf('.');
  if (dot < 0) return path ? { fact, path } : { fact };
  const base = `$.${fact.slice(dot + 1)}`;
  return { fact: fact.slice(0, dot), path: path ? base + path.slice(1) : base };
}
