import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRoutes } from '../../src/routes/load-routes.js';
import { routeVariablesByPrefix } from '../../src/routes/route-variables.js';
import { formatProblem, type RuleProblem } from '../../src/parsing/rule-problem.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

// routes.yaml is trusted, but a mistyped or copied `${VAR}` must not read the rest of the environment:
// before, `${AZURE_CLIENT_SECRET}` in email.to put the secret into `rules validate` and into the
// self.rules-rejected alert, and a database URL passed as a Slack channel.

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

const clientSecret = 'Sup3r~Secret-Value_123';
const dbPassword = 'hunter2-db-pw';
const env = {
  AZURE_CLIENT_SECRET: clientSecret,
  DATABASE_URL: `postgres://app:${dbPassword}@db.internal:5432/app`,
  ALERT_API_TOKEN: clientSecret,
  ALERT_SLACK_CHANNEL: '#sec',
  ALERT_EMAIL_TO: 'soc@contoso.com',
  ALERT_LEAKY_CHANNEL: `postgres://app:${dbPassword}@db.internal:5432/app`,
  ALERT_NESTED: '${AZURE_CLIENT_SECRET}',
};
const variables = routeVariablesByPrefix(env, {
  prefix: 'ALERT_',
  setting: 'ROUTE_VARIABLES_PREFIX',
  isSecret: (name) => /SECRET|TOKEN|PASSWORD/i.test(name),
});

async function load(...lines: string[]) {
  const { dir, remove } = await makeRuleDir({ 'routes.yaml': ['routes:', ...lines, ''].join('\n') });
  cleanups.push(remove);
  const result = await loadRoutes(join(dir, 'routes.yaml'), variables);
  const rel = (p: RuleProblem) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) });
  const problemLines = result.problems.map(rel);
  const all = [...problemLines, ...result.warnings.map(rel)].join('\n');
  for (const value of [clientSecret, dbPassword, 'postgres:']) expect(all).not.toContain(value);
  return { ...result, problemLines };
}

describe('${VAR} in routes.yaml reads only the allowed variables', () => {
  it('refuses a variable outside the set by name, never reading its value', async () => {
    const { routes, problemLines } = await load(
      '  s:',
      "    slack: { channel: '#${AZURE_CLIENT_SECRET}' }",
      "    email: { to: ['${AZURE_CLIENT_SECRET}', '${ALERT_EMAIL_TO}, ${DATABASE_URL}'] }",
    );
    expect(routes).toBeUndefined();
    const outside =
      'is not a route variable; routes.yaml may use only variables whose names start with ALERT_; put the channel in such a variable, or set ROUTE_VARIABLES_PREFIX to a prefix of this name';
    const secretName =
      'is not a route variable; its name says it holds a secret, and secrets never go into routes; put the channel in another variable whose name starts with ALERT_';
    expect(problemLines).toEqual([
      `routes.yaml:3:23: route 's': \${AZURE_CLIENT_SECRET} ${secretName}`,
      `routes.yaml:4:19: route 's': \${AZURE_CLIENT_SECRET} ${secretName}`,
      `routes.yaml:4:45: route 's': \${DATABASE_URL} ${outside}`,
    ]);
  });

  it('refuses a secret even when its name has the prefix', async () => {
    const { problemLines } = await load('  s:', "    slack: { channel: '${ALERT_API_TOKEN}' }");
    expect(problemLines).toEqual([
      "routes.yaml:3:23: route 's': ${ALERT_API_TOKEN} is not a route variable; its name says it holds a secret, and secrets never go into routes; put the channel in another variable whose name starts with ALERT_",
    ]);
  });

  it('fills a value once: a value that holds ${NAME} is not filled again', async () => {
    const { routes, problemLines } = await load('  s:', "    slack: { channel: '${ALERT_NESTED}' }");
    expect(routes).toBeUndefined();
    expect(problemLines).toEqual([
      "routes.yaml:3:23: route 's': the value of ${ALERT_NESTED} is not a Slack channel; set it to a channel id (C0123ABCD) or #name (lowercase letters, digits, - and _)",
    ]);
  });
});

describe('channels are checked strictly, and a value from a variable is never quoted', () => {
  it('refuses a URL with a password as a Slack channel or an address', async () => {
    const { routes, problemLines } = await load(
      '  s:',
      "    slack: { channel: '${ALERT_LEAKY_CHANNEL}' }",
      "    email: { to: '${ALERT_LEAKY_CHANNEL}' }",
    );
    expect(routes).toBeUndefined();
    expect(problemLines).toEqual([
      "routes.yaml:3:23: route 's': the value of ${ALERT_LEAKY_CHANNEL} is not a Slack channel; set it to a channel id (C0123ABCD) or #name (lowercase letters, digits, - and _)",
      "routes.yaml:4:18: route 's': the value of ${ALERT_LEAKY_CHANNEL} is not a list of email addresses; set it to addresses only (soc@example.com), comma-separated",
    ]);
  });

  it('takes channel ids, #names in Slack’s characters and plain addresses only', async () => {
    const good = await load(
      '  a: { slack: { channel: C0123ABCD }, email: { to: "soc+alerts@contoso.com, ciso@mail.contoso.co.uk" } }',
      '  b: { slack: { channel: G01234ABCDE } }',
      "  c: { slack: { channel: '#sec-alerts_2' } }",
      "  d: { slack: { channel: '${ALERT_SLACK_CHANNEL}' }, email: { to: '${ALERT_EMAIL_TO}' } }",
    );
    expect(good.problemLines).toEqual([]);
    expect(good.routes?.routes['a']?.email?.to).toEqual(['soc+alerts@contoso.com', 'ciso@mail.contoso.co.uk']);
    expect(good.routes?.routes['d']).toMatchObject({ slack: { channel: '#sec' }, email: { to: ['soc@contoso.com'] } });

    const bad = await load(
      '  a: { slack: { channel: security } }',
      "  b: { slack: { channel: '#Security Alerts' } }",
      '  c: { slack: { channel: C1 } }',
      "  d: { slack: { channel: '#a>b' } }",
      "  e: { email: { to: 'SOC <soc@contoso.com>' } }",
      '  f: { email: { to: soc@localhost } }',
      "  g: { email: { to: 'a@b.com\"@evil.example' } }",
    );
    expect(bad.routes).toBeUndefined();
    expect(bad.problemLines.map((line) => line.replace(/; (set it to|use) .*$/, ''))).toEqual([
      "routes.yaml:2:26: route 'a': 'security' is not a Slack channel",
      "routes.yaml:3:26: route 'b': '#Security Alerts' is not a Slack channel",
      "routes.yaml:4:26: route 'c': 'C1' is not a Slack channel",
      "routes.yaml:5:26: route 'd': '#a>b' is not a Slack channel",
      "routes.yaml:6:21: route 'e': 'SOC <soc@contoso.com>' is not an email address",
      "routes.yaml:7:21: route 'f': 'soc@localhost' is not an email address",
      "routes.yaml:8:21: route 'g': 'a@b.com\"@evil.example' is not an email address",
    ]);
  });
});
