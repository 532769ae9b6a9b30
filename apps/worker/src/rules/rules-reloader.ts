import type { Clock } from '@b2c-alerts/audit-client';
import { formatProblem, type RouteVariables, type RuleProblem } from '@b2c-alerts/rule-engine';
import type { Logger } from 'pino';
import { RulesInvalidError } from '../errors/rules-invalid-error.js';
import { WorkerConfigError } from '../errors/worker-config-error.js';
import type { WorkerMetrics } from '../http/metrics.js';
import { loadRulesBundle } from './load-rules-bundle.js';
import { isRouteChannelProblem, type RouteChannelCheck } from './route-channel-problems.js';
import type { ReloadOutcome, RulesState } from './rules-state.js';

export interface RulesReloaderDeps {
  dir: string;
  variables: RouteVariables;
  /** A set whose routes name a channel this process has no sender for (or no channel at all) is rejected. */
  channels?: RouteChannelCheck;
  state: RulesState;
  clock: Clock;
  logger: Logger;
  metrics: WorkerMetrics;
  /** Told when a set is rejected while a good one runs (the app raises `self.rules-rejected`). */
  onRejected: (problems: RuleProblem[]) => Promise<void>;
  /** Told when a new set runs (the app records its version for the console's Health page); a failure is logged. */
  onLoaded?: (version: string) => Promise<void>;
}

/**
 * Loads the rules directory into RulesState. A set with any problem is rejected whole and the last good
 * set keeps running. Reloads run one at a time; requests during a reload are coalesced into one more.
 */
export class RulesReloader {
  readonly #o: RulesReloaderDeps;
  #running: Promise<ReloadOutcome> | undefined;
  #again: Promise<ReloadOutcome> | undefined;

  constructor(deps: RulesReloaderDeps) {
    this.#o = deps;
  }

  reload(): Promise<ReloadOutcome> {
    if (!this.#running) {
      this.#running = this.#load().finally(() => {
        this.#running = undefined;
      });
      return this.#running;
    }
    // A change landed while loading: read the directory once more after this load.
    this.#again ??= this.#running.then(
      () => this.#afterRunning(),
      () => this.#afterRunning(),
    );
    return this.#again;
  }

  /**
   * The load at start, when there is no last good set to keep: a rejected set throws WK_ERR_RULES_INVALID
   * listing the problems, or WK_ERR_CONFIG when all it lacks are variables for its routes' channels.
   */
  async loadRequired(): Promise<void> {
    const loaded = await this.reload();
    if (loaded.outcome !== 'rejected') return;
    const channelProblems = loaded.problems.filter(isRouteChannelProblem);
    if (channelProblems.length > 0 && channelProblems.length === loaded.problems.length) {
      throw new WorkerConfigError(
        channelProblems.map((p) => ({ variable: p.variable, message: `${p.text} (${p.file}:${p.line}:${p.column})` })),
      );
    }
    throw new RulesInvalidError(this.#o.dir, loaded.problems);
  }

  #afterRunning(): Promise<ReloadOutcome> {
    this.#again = undefined;
    return this.reload();
  }

  async #load(): Promise<ReloadOutcome> {
    const { state, logger, metrics } = this.#o;
    const previous = state.current;
    let problems: RuleProblem[];
    let bundle;
    try {
      let warnings: RuleProblem[];
      ({ bundle, problems, warnings } = await loadRulesBundle({
        dir: this.#o.dir,
        variables: this.#o.variables,
        now: this.#o.clock.now(),
        ...(this.#o.channels ? { channels: this.#o.channels } : {}),
      }));
      // Constant message; the file positions and texts are ours, not event data.
      for (const warning of warnings) logger.warn({ warning: formatProblem(warning) }, 'rules directory warning');
    } catch (error) {
      problems = [{ file: this.#o.dir, line: 1, column: 1, message: (error as Error).message }];
    }
    if (!bundle) {
      metrics.rulesReloads.inc({ outcome: 'rejected' });
      logger.error(
        { problems: problems.length, keptVersion: previous?.version },
        'rule set rejected; the last good set keeps running',
      );
      if (previous) {
        try {
          await this.#o.onRejected(problems);
        } catch (error) {
          logger.error({ err: error }, 'self-alert for the rejected rule set failed');
        }
      }
      return { outcome: 'rejected', version: previous?.version, problems };
    }
    if (previous && previous.version === bundle.version) {
      metrics.rulesReloads.inc({ outcome: 'unchanged' });
      logger.debug({ version: bundle.version }, 'rule set unchanged');
      return { outcome: 'unchanged', version: bundle.version, problems: [] };
    }
    state.swap(bundle);
    await this.#o
      .onLoaded?.(bundle.version)
      .catch((error: unknown) => logger.warn({ err: error }, 'rule set version could not be recorded'));
    metrics.rulesReloads.inc({ outcome: 'loaded' });
    logger.info(
      { version: bundle.version, rules: bundle.ruleSet.rules.length, routes: Object.keys(bundle.routes.routes).length },
      'rule set loaded',
    );
    return { outcome: 'loaded', version: bundle.version, problems: [] };
  }
}
