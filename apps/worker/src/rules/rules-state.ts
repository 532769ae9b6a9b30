import type { RuleProblem, RuleSet, Routes, SilenceEntry } from '@b2c-alerts/rule-engine';

/**
 * The rules the worker runs: rule set, routes and silences, loaded and validated together and swapped
 * atomically (a job reads `current` once and uses that bundle throughout).
 */
export interface RulesBundle {
  ruleSet: RuleSet;
  routes: Routes;
  silences: SilenceEntry[];
  /** Git commit of the rules directory when it is a clean checkout, else a content hash (12 hex). */
  version: string;
  loadedAt: number;
}

export type ReloadOutcome =
  | { outcome: 'loaded' | 'unchanged'; version: string; problems: RuleProblem[] }
  | { outcome: 'rejected'; version: string | undefined; problems: RuleProblem[] };

/** Holds the current bundle; the last good one stays when a new one is rejected. */
export class RulesState {
  #current: RulesBundle | undefined;

  get current(): RulesBundle | undefined {
    return this.#current;
  }

  /** The current bundle; throws if none was loaded (the app loads one before any worker runs). */
  get required(): RulesBundle {
    if (!this.#current) throw new Error('no rule set is loaded yet');
    return this.#current;
  }

  swap(bundle: RulesBundle): void {
    this.#current = bundle;
  }
}
