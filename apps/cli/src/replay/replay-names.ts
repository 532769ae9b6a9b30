import {
  DirectoryNameResolver,
  createTokenProvider,
  directoryObjectRefs,
  resolveEndpoints,
  type DirectoryObjectRef,
  type NameLookup,
  type NameLookupOutcome,
} from '@b2c-alerts/audit-client';
import type { AlertCandidate } from '@b2c-alerts/rule-engine';
import type { CommandContext } from '../command-context.js';
import { loadConfig } from '../env.js';
import { CliError } from '../errors/cli-error.js';

/** A display name an alert's event led to, for replay's output. */
export interface ReplayName {
  id: string;
  name: string;
}

export interface ReplayNames {
  /** The names of the ids each alert's event carries, in the event's order; alerts without any are absent. */
  byAlert: Map<AlertCandidate, ReplayName[]>;
  /** Distinct ids looked up, by outcome. */
  outcomes: Partial<Record<NameLookupOutcome, number>>;
  /** The first reason a lookup failed, for the summary. */
  failure?: string;
}

/** Ids looked up at once: the resolver's rate limit paces them; its in-flight bound stays far off. */
const batchSize = 16;

/**
 * A name resolver for the tenant of the AZURE_* variables, as `export` reads them. Replay is usually
 * offline, so this runs only for --resolve-names, before any input is read: without credentials it
 * fails at once (CLI_ERR_CONFIG) saying so.
 */
export async function replayNameResolver(context: CommandContext): Promise<DirectoryNameResolver> {
  let config: Awaited<ReturnType<typeof loadConfig>>;
  try {
    config = await loadConfig(context.env);
  } catch (error) {
    if (!(error instanceof CliError) || error.code !== 'CLI_ERR_CONFIG') throw error;
    throw new CliError(
      'CLI_ERR_CONFIG',
      `--resolve-names looks application and service-principal names up in Microsoft Graph, so it needs the tenant's ` +
        `credentials, as export does. ${error.message}\nOr run replay without --resolve-names: the alerts then show ids only.`,
      { cause: error, problems: error.problems },
    );
  }
  return new DirectoryNameResolver({
    tokenProvider: createTokenProvider(config.connection, { logger: context.logger }),
    graphBaseUrl: resolveEndpoints(config.connection).graphBaseUrl,
    clock: context.clock,
    logger: context.logger,
    signal: context.signal,
  });
}

/**
 * Looks up every distinct application and service-principal id the alerts' events carry (directoryIdFacts),
 * each once. A lookup that fails leaves that id unnamed; the alert is printed all the same.
 */
export async function resolveReplayNames(
  alerts: readonly AlertCandidate[],
  resolver: DirectoryNameResolver,
): Promise<ReplayNames> {
  const refsOf = new Map<AlertCandidate, DirectoryObjectRef[]>();
  const distinct = new Map<string, DirectoryObjectRef>();
  const keyOf = (ref: DirectoryObjectRef) => `${ref.kind}:${ref.id.toLowerCase()}`;
  for (const alert of alerts) {
    if (alert.event === undefined) continue;
    const refs = directoryObjectRefs(alert.event);
    if (refs.length === 0) continue;
    refsOf.set(alert, refs);
    for (const ref of refs) distinct.set(keyOf(ref), ref);
  }
  const lookups = new Map<string, NameLookup>();
  const all = [...distinct.values()];
  for (let i = 0; i < all.length; i += batchSize) {
    for (const lookup of await resolver.resolve(all.slice(i, i + batchSize))) lookups.set(keyOf(lookup.ref), lookup);
  }
  const names: ReplayNames = { byAlert: new Map(), outcomes: {} };
  for (const lookup of lookups.values()) {
    names.outcomes[lookup.outcome] = (names.outcomes[lookup.outcome] ?? 0) + 1;
    if (lookup.outcome === 'failed' && names.failure === undefined && lookup.reason !== undefined)
      names.failure = lookup.reason;
  }
  for (const [alert, refs] of refsOf) {
    const found = refs.flatMap((ref) => {
      const name = lookups.get(keyOf(ref))?.name;
      return name === undefined ? [] : [{ id: ref.id, name }];
    });
    const unique = found.filter((n, i) => found.findIndex((m) => m.id.toLowerCase() === n.id.toLowerCase()) === i);
    if (unique.length > 0) names.byAlert.set(alert, unique);
  }
  return names;
}

/** One stderr line: how the lookups went, and what to do when some failed. */
export function formatNamesSummary(names: ReplayNames): string {
  const n = (outcome: NameLookupOutcome) => names.outcomes[outcome] ?? 0;
  const looked = Object.values(names.outcomes).reduce((a, b) => a + (b ?? 0), 0);
  const line =
    `replay: ${looked} application and service-principal id${looked === 1 ? '' : 's'} looked up in Graph: ` +
    `${n('found') + n('cached')} named, ${n('not-found')} not found, ${n('failed')} failed`;
  const failed = n('failed') > 0 ? `; the failed ones show as ids (first failure: ${names.failure ?? 'unknown'})` : '';
  return `${line}${failed}\n`;
}
