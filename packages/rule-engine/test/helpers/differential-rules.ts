import type { RuleContext, RuleDefinition } from '../../src/index.js';
import { rule } from './rules.js';

/** Lists and shared conditions of the differential rule set. */
export const differentialContext: RuleContext = {
  lists: {
    'key-admins': [
      'Alex.Wilber@contosob2c.onmicrosoft.com',
      'megan.bowen@contosob2c.onmicrosoft.com',
      'lee.gu@contosob2c.onmicrosoft.com',
    ],
    'odd-values': ['A', 'member', 'GUEST'],
    'first-party-apps': ['a03bbb51-cc9e-4a1d-9006-f06c03bd562a'],
  },
  conditions: {
    adminWrite: {
      any: [
        {
          fact: 'category',
          operator: 'in',
          value: ['KeyManagement', 'ResourceManagement', 'Authorization', 'ApplicationManagement'],
        },
        { fact: 'actor.type', operator: 'equal', value: 'user' },
      ],
    },
    untrustedNetwork: {
      not: { fact: 'ip', operator: 'cidr', value: ['203.0.113.0/24', '198.51.100.0/24', '10.0.0.0/8'] },
    },
    outsider: {
      all: [{ fact: 'actor.upn', operator: 'notInList', value: 'key-admins' }, { condition: 'untrustedNetwork' }],
    },
  },
};

const key = [
  'Delete policy key',
  'Restore policy key',
  'Create policy key',
  'Upload key to policy key',
  'Get policy keys',
];
const customPolicy = ['Create custom policy', 'Update custom policy', 'Delete custom policy'];

/**
 * ≥ 20 rules over every operator and decorator, condition references, nesting, `not`, fact-valued values,
 * paths, priorities, a disabled rule and the json-rules-engine quirks (empty any, `in` on a string).
 * Every rule avoids conditions on which json-rules-engine itself throws (see compileCondition).
 */
export const differentialRules: RuleDefinition[] = [
  rule({
    id: 'key-change-by-outsider',
    match: { all: [{ fact: 'activity', operator: 'in', value: key }, { condition: 'outsider' }] },
  }),
  rule({
    id: 'custom-policy-write',
    match: {
      all: [
        { fact: 'activity', operator: 'in', value: customPolicy },
        { not: { fact: 'actor.upn', operator: 'inList', value: 'key-admins' } },
      ],
    },
  }),
  rule({
    id: 'local-credential-failure',
    match: {
      all: [
        { fact: 'activity', operator: 'equal', value: 'Validate local account credentials' },
        { fact: 'result', operator: 'notEqual', value: 'success' },
      ],
    },
  }),
  rule({
    id: 'documentation-network',
    match: {
      any: [
        { fact: 'ip', operator: 'cidr', value: ['192.0.2.0/24', '2001:db8::/32'] },
        { fact: 'actor.ip', operator: 'cidr', value: '10.0.0.0/8' },
      ],
    },
  }),
  rule({
    id: 'token-outside-known-ranges',
    match: {
      all: [
        { fact: 'activity', operator: 'startsWith', value: 'Issue an' },
        { not: { fact: 'ip', operator: 'cidr', value: ['45.0.0.0/8', '185.0.0.0/8', '::ffff:0:0/96'] } },
      ],
    },
  }),
  rule({
    id: 'password-reset-from-okhttp',
    match: {
      all: [
        { fact: 'details.PolicyId', operator: 'regex', value: '(?i)^b2c_1a_password' },
        { fact: 'details.Client', operator: 'regex', value: 'okhttp|curl|python' },
      ],
    },
  }),
  rule({
    id: 'mobile-safari-exchange',
    match: {
      all: [
        { fact: 'details.Client', operator: 'endsWith', value: 'Safari/604.1' },
        { fact: 'activity', operator: 'equal', value: 'Exchange token' },
      ],
    },
  }),
  rule({
    id: 'display-name-changed',
    match: { all: [{ fact: 'targets', operator: 'changed', value: 'DisplayName' }] },
  }),
  rule({
    id: 'first-target-address-changed',
    match: {
      all: [{ fact: 'targets', path: '$[0].modified', operator: 'changed', value: ['AppAddress', 'IsEnabled'] }],
    },
  }),
  rule({
    id: 'count-window',
    match: {
      all: [
        { fact: 'details.Count', operator: 'greaterThan', value: 5 },
        { fact: 'details.Count', operator: 'lessThanInclusive', value: 42 },
      ],
    },
  }),
  rule({
    id: 'sms-in-time-window',
    match: {
      all: [
        { fact: 'activity', operator: 'equal', value: 'Send SMS to verify phone number' },
        { fact: 'timestamp', operator: 'greaterThanInclusive', value: Date.UTC(2026, 0, 5, 6) },
        { fact: 'timestamp', operator: 'lessThan', value: Date.UTC(2026, 0, 5, 18) },
      ],
    },
  }),
  rule({
    id: 'new-value-contains',
    match: {
      any: [
        { fact: 'targets', path: '$[0].modified[0].new', operator: 'contains', value: 'a' },
        {
          all: [
            { fact: 'targets', path: '$[0].modified[0].old', operator: 'doesNotContain', value: 'b' },
            { fact: 'result', operator: 'equal', value: 'failure' },
          ],
        },
      ],
    },
  }),
  rule({
    id: 'new-values-decorated',
    match: {
      any: [
        { fact: 'targets', path: '$[0].modified[0].new', operator: 'someFact:equal', value: 'b' },
        { fact: 'targets', path: '$[1].modified[0].new', operator: 'everyFact:startsWith', value: 'a' },
      ],
    },
  }),
  rule({
    id: 'policy-families',
    match: {
      all: [
        { fact: 'details.PolicyId', operator: 'someValue:startsWith', value: ['B2C_1A_signup', 'B2C_1_'] },
        { fact: 'result', operator: 'notIn', value: ['success'] },
      ],
    },
  }),
  rule({
    id: 'not-the-common-activities',
    match: {
      all: [
        {
          fact: 'activity',
          operator: 'everyValue:notEqual',
          value: [
            'Exchange token',
            'Validate local account credentials',
            'Issue an authorization code to the application',
          ],
        },
        { fact: 'result', operator: 'equal', value: 'success' },
        { fact: 'details.TenantId', operator: 'endsWith', value: 'contosob2c.onmicrosoft.com', priority: 10 },
      ],
    },
  }),
  rule({
    id: 'phone-activity',
    match: {
      all: [
        { fact: 'activity', operator: 'swap:in', value: 'phone' },
        { fact: 'result', operator: 'not:equal', value: 'success' },
      ],
    },
  }),
  rule({
    id: 'admin-write-from-untrusted',
    match: {
      all: [
        { condition: 'adminWrite' },
        { condition: 'untrustedNetwork' },
        { fact: 'category', operator: 'notIn', value: ['Authentication'] },
      ],
    },
  }),
  rule({
    id: 'app-acts-as-itself',
    match: {
      all: [
        { fact: 'actor.name', operator: 'equal', value: { fact: 'actor.spn' } },
        { fact: 'details.ApplicationId', operator: 'notEqual', value: { fact: 'actor.spn' } },
      ],
    },
  }),
  rule({
    id: 'nested-logic',
    match: {
      any: [
        {
          all: [
            { fact: 'actor.type', operator: 'equal', value: 'user' },
            {
              not: {
                any: [
                  { fact: 'result', operator: 'equal', value: 'success' },
                  { fact: 'operationType', operator: 'in', value: ['Add', 'Update'] },
                ],
              },
            },
          ],
        },
        {
          not: {
            all: [
              { fact: 'targets', path: '$[0].type', operator: 'equal', value: 'User' },
              {
                any: [
                  { fact: 'details.GrantType', operator: 'in', value: ['refresh_token', 'authorization_code'] },
                  { fact: 'category', operator: 'equal', value: 'Authentication' },
                ],
              },
            ],
          },
        },
      ],
    },
  }),
  rule({
    id: 'empty-any-is-true',
    match: { all: [{ any: [] }, { fact: 'activity', operator: 'equal', value: 'Register TOTP secret' }] },
  }),
  rule({
    id: 'every-new-value-known',
    match: {
      all: [
        { fact: 'targets', path: '$[0].modified[0].new', operator: 'everyFact:someValue:equal', value: ['a', 'b'] },
      ],
    },
  }),
  rule({
    id: 'odd-value-listed',
    match: {
      any: [
        { fact: 'targets', path: '$[0].modified[0].new', operator: 'inList', value: 'odd-values' },
        { fact: 'targets', path: '$[0].modified[1].old', operator: 'someFact:inList', value: 'odd-values' },
      ],
    },
  }),
  rule({
    id: 'unknown-app',
    match: {
      all: [
        { fact: 'actor.type', operator: 'equal', value: 'app' },
        { fact: 'details.ApplicationId', operator: 'notInList', value: 'first-party-apps' },
        { fact: 'actor.spn', operator: 'not:someFact:equal', value: 'x' },
      ],
    },
  }),
  rule({
    id: 'count-is-small',
    match: {
      all: [
        { fact: 'details.Count', operator: 'lessThan', value: '10' },
        { fact: 'details.Count', operator: 'swap:greaterThan', value: 0 },
      ],
    },
  }),
  rule({
    id: 'count-below-five',
    match: {
      any: [
        { fact: 'details.Count', operator: 'lessThan', value: 5 },
        { fact: 'details.Missing', operator: 'lessThanInclusive', value: 0 },
      ],
    },
  }),
  rule({
    id: 'activity-substring-quirk',
    match: { all: [{ fact: 'activity', operator: 'in', value: 'Send SMS to verify phone number' }] },
  }),
  rule({
    id: 'disabled',
    match: { all: [{ fact: 'activity', operator: 'equal', value: 'Exchange token' }] },
    enabled: false,
  }),
  rule({
    id: 'path-into-strings',
    match: {
      all: [
        { fact: 'target.displayName', path: '$[0]', operator: 'equal', value: 'B' },
        { fact: 'actor.upn', path: '$.length', operator: 'greaterThanInclusive', value: 10 },
      ],
    },
  }),
  rule({
    id: 'details-missing',
    match: {
      all: [
        { fact: 'details.LocalAccountUsername', operator: 'equal', value: { fact: 'details.Missing' } },
        { fact: 'details.EmailAddress', operator: 'notEqual', value: 'x' },
        { fact: 'activity', operator: 'regex', value: '^Verify' },
      ],
    },
  }),
  rule({
    id: 'whole-target-and-tenant',
    match: {
      any: [
        { fact: 'target', operator: 'equal', value: null },
        { fact: 'tenant', operator: 'notIn', value: ['contosob2c.onmicrosoft.com'] },
      ],
    },
  }),
  rule({ id: 'top-reference', match: { condition: 'outsider' } }),
];
