/** A small valid rule set for the rule commands: one list, one rule with a throttle, and its tests. */
export const keyDeletedRule = `# yaml-language-server: $schema=../rule.schema.json
id: b2c.keys.policy-key-deleted
title: Policy key deleted
severity: critical
description: A policy key was deleted by someone outside key-admins.
match:
  all:
    - { fact: activity, operator: in, value: [Delete policy key, Restore policy key] }
    - { fact: actor.upn, operator: notInList, value: key-admins }
throttle: { key: [actor.name], for: 1h }
notify: [security]
`;

export const keyDeletedTests = `cases:
  - name: fires when someone outside key-admins deletes a policy key
    events:
      - { activity: Delete policy key, actor: { upn: mallory@contoso.onmicrosoft.com }, target: { id: B2C_1A_TokenSigningKeyContainer } }
    expect:
      - { count: 1, status: firing, groupValues: { actor.name: mallory@contoso.onmicrosoft.com } }
  - name: stays silent for a key admin
    events:
      - { activity: Delete policy key, actor: { upn: alice@contoso.onmicrosoft.com } }
    expect: []
`;

export const sampleRuleFiles: Record<string, string> = {
  'lists/key-admins.yaml': '# Key administrators: one UPN per line.\n- alice@contoso.onmicrosoft.com\n',
  'routes.yaml': 'routes:\n  security: { slack: { channel: "#sec" } }\n',
  'keys/policy-key-deleted.rule.yaml': keyDeletedRule,
  'keys/policy-key-deleted.tests.yaml': keyDeletedTests,
};
