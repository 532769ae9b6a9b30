import { Evaluator, RedisStateStore } from '@b2c-alerts/rule-engine';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/redis-keys.js';
import type { RulesBundle } from '../rules/rules-state.js';

/**
 * One Evaluator per (bundle, tenant), so rules compile once per reload and not once per job; a new
 * bundle gets new evaluators, and the old ones are collected with it. State is per tenant in Redis
 * (`<prefix>:state:<tenant>`) and survives reloads: a rule keeps its counts while its id stays.
 * `maxGroups` (MAX_GROUPS_PER_RULE) caps each rule's groups unless the rule sets its own.
 */
export class EvaluatorCache {
  readonly #evaluators = new WeakMap<RulesBundle, Map<string, Evaluator>>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly options: { maxGroups: number },
  ) {}

  evaluator(bundle: RulesBundle, tenant: string): Evaluator {
    let byTenant = this.#evaluators.get(bundle);
    if (!byTenant) this.#evaluators.set(bundle, (byTenant = new Map()));
    let evaluator = byTenant.get(tenant);
    if (!evaluator) {
      evaluator = new Evaluator({
        ruleSet: bundle.ruleSet,
        store: new RedisStateStore({ redis: this.redis, prefix: this.keys.statePrefix(tenant) }),
        maxGroups: this.options.maxGroups,
      });
      byTenant.set(tenant, evaluator);
    }
    return evaluator;
  }
}
