import type { RuleSet } from '@b2c-alerts/rule-engine';
import { deploymentPipeline, knownAdmins, roleManagers } from '@b2c-alerts/testkit';

/**
 * The rules that ship disabled until the allow-list that exempts the tenant's own admins is filled,
 * with that list: enabled with the list empty, they would flag every admin's routine change.
 */
export const listGatedRules: Readonly<Record<string, string>> = Object.freeze({
  'b2c.policies.custom-policy-change-outside-pipeline': 'policy-deployers',
  'b2c.user-flows.user-flow-changed': 'user-flow-admins',
  'b2c.directory.privileged-role-assigned': 'role-managers',
  'b2c.directory.app-credential-added': 'credential-rotators',
});

/**
 * The pack as a tenant runs it once the allow-lists are filled as their comments say, for the traffic
 * generator's tenant: its admins change custom policies and user flows by hand, so they are the approved
 * deployers and flow admins; its role managers assign roles; its deployment pipeline rotates app secrets.
 * The generator's actors are added to whatever the lists already hold (a team's own entries stay), and
 * the list-gated rules are enabled.
 */
export function configuredPack(ruleSet: RuleSet): RuleSet {
  const admins = knownAdmins().map((admin) => admin.upn);
  const pipeline = deploymentPipeline();
  const benignActors: Record<string, string[]> = {
    'policy-deployers': admins,
    'user-flow-admins': admins,
    'role-managers': roleManagers().map((admin) => admin.upn),
    'credential-rotators': [pipeline.displayName, pipeline.servicePrincipalId],
  };
  const lists = { ...ruleSet.lists };
  for (const [name, actors] of Object.entries(benignActors))
    lists[name] = [...new Set([...(lists[name] ?? []), ...actors])];
  return {
    ...ruleSet,
    lists,
    rules: ruleSet.rules.map((rule) => (Object.hasOwn(listGatedRules, rule.id) ? { ...rule, enabled: true } : rule)),
  };
}
