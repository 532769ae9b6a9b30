import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { interpolateVariables } from '../../src/routes/interpolate-variables.js';
import { loadRoutes } from '../../src/routes/load-routes.js';
import { routeVariablesByPrefix } from '../../src/routes/route-variables.js';
import { formatProblem, type RuleProblem } from '../../src/parsing/rule-problem.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const cleanups: Array<() => Promise<void>> = [];
const alertVariables = (env: Record<string, string | undefined>) =>
  routeVariablesByPrefix(env, { prefix: 'ALERT_', setting: 'ROUTE_VARIABLES_PREFIX' });
/** Every name allowed, for the syntax of interpolation alone. */
const anyVariables = (env: Record<string, string | undefined>) =>
  routeVariablesByPrefix(env, { prefix: '', setting: 'ROUTE_VARIABLES_PREFIX' });
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function load(text: string, variables: Record<string, string | undefined> = {}) {
  const { dir, remove } = await makeRuleDir({ 'routes.yaml': text });
  cleanups.push(remove);
  const result = await loadRoutes(join(dir, 'routes.yaml'), alertVariables(variables));
  const rel = (p: RuleProblem) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) });
  return { ...result, problemLines: result.problems.map(rel), warningLines: result.warnings.map(rel) };
}

const shipped = [
  '# Where alerts go.',
  'routes:',
  '  security:',
  '    description: The security team.',
  "    slack: { channel: '${ALERT_SLACK_CHANNEL}' }",
  "    email: { to: '${ALERT_EMAIL_TO}' }",
  '',
].join('\n');

describe('loadRoutes', () => {
  it('fills ${VAR}s, splits comma-separated recipients and applies Alertmanager default timers', async () => {
    const { routes, problems, warnings } = await load(shipped, {
      ALERT_SLACK_CHANNEL: '#sec-alerts',
      ALERT_EMAIL_TO: 'soc@contoso.com, ciso@contoso.com',
    });
    expect(problems).toEqual([]);
    expect(warnings).toEqual([]);
    expect(routes?.routes['security']).toEqual({
      name: 'security',
      description: 'The security team.',
      slack: { channel: '#sec-alerts' },
      email: { to: ['soc@contoso.com', 'ciso@contoso.com'] },
      groupWaitMs: 30_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 14_400_000,
    });
  });

  it('reads severities and timers, zero allowed', async () => {
    const { routes, problems } = await load(
      [
        'routes:',
        '  pager:',
        '    slack: { channel: C0123ABCD }',
        '    severities: [high, critical, high]',
        '    group_wait: 0s',
        '    group_interval: 1m',
        '    repeat_interval: 1h30m',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(routes?.routes['pager']).toMatchObject({
      severities: ['high', 'critical'],
      groupWaitMs: 0,
      groupIntervalMs: 60_000,
      repeatIntervalMs: 5_400_000,
    });
  });

  it('reads timers in the one duration grammar (90m, 1h30m, 1.5h alike) and refuses a bare number, even 0', async () => {
    const { routes, problems } = await load(
      [
        'routes:',
        '  pager:',
        '    slack: { channel: C0123ABCD }',
        '    group_wait: 1.5m',
        '    group_interval: 90m',
        '    repeat_interval: 1.5h',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(routes?.routes['pager']).toMatchObject({
      groupWaitMs: 90_000,
      groupIntervalMs: 5_400_000,
      repeatIntervalMs: 5_400_000,
    });

    const bare = await load(
      ['routes:', '  pager:', '    slack: { channel: C0123ABCD }', "    group_wait: '0'"].join('\n'),
    );
    expect(bare.problemLines).toEqual(["routes.yaml:4:17: '0' has no unit: write 0s"]);
  });

  it('leaves out a channel whose variable is unset or empty, with a warning at its place', async () => {
    const { routes, problems, warningLines } = await load(shipped, { ALERT_SLACK_CHANNEL: '#sec', ALERT_EMAIL_TO: '' });
    expect(problems).toEqual([]);
    expect(routes?.routes['security']).toMatchObject({ slack: { channel: '#sec' } });
    expect(routes?.routes['security']?.email).toBeUndefined();
    expect(warningLines).toEqual([
      "routes.yaml:6:18: route 'security': email is left out because ${ALERT_EMAIL_TO} is not set; set it to one or more addresses, comma-separated",
    ]);
  });

  it('keeps a route whose channels were all left out, with warnings (so rules naming it stay valid)', async () => {
    const { routes, problems, warningLines } = await load(shipped, {});
    expect(problems).toEqual([]);
    expect(routes?.routes['security']).toMatchObject({ name: 'security' });
    expect(routes?.routes['security']?.slack).toBeUndefined();
    expect(warningLines).toEqual([
      "routes.yaml:3:3: route 'security' has no channel left, so alerts routed to it are not delivered",
      "routes.yaml:5:23: route 'security': Slack is left out because ${ALERT_SLACK_CHANNEL} is not set; set it to a channel id (C0123ABCD) or #name (lowercase letters, digits, - and _)",
      "routes.yaml:6:18: route 'security': email is left out because ${ALERT_EMAIL_TO} is not set; set it to one or more addresses, comma-separated",
    ]);
  });

  it('reports problems with file:line:col and gives no routes', async () => {
    const { routes, problemLines } = await load(
      [
        'routes:',
        '  empty: {}',
        '  typo:',
        '    slak: { channel: x }',
        '  bad:',
        "    email: { to: [soc@contoso.com, 'not an address'] }",
        '    severities: [urgent]',
        '    group_wait: 30',
        '    group_interval: 1h',
        '    repeat_interval: 10m',
        '  interp:',
        "    slack: { channel: '${not a var}' }",
        "  bad:name: { slack: { channel: '#x' } }",
      ].join('\n'),
    );
    expect(routes).toBeUndefined();
    expect(problemLines).toEqual([
      "routes.yaml:2:3: route 'empty' has no channel; add slack: { channel: '#security-alerts' } and/or email: { to: soc@example.com }",
      "routes.yaml:4:5: unknown field 'slak' in a route; did you mean 'slack'?",
      expect.stringMatching(
        /^routes\.yaml:7:18: 'routes\.bad\.severities\[0\]' must be one of info, low, medium, high, critical, got a string \('urgent'\)/,
      ),
      "routes.yaml:8:17: '30' has no unit: write 30s",
      "routes.yaml:12:23: route 'interp': '${not a var}' is not a variable reference; write ${NAME} with letters, digits and _",
      "routes.yaml:13:3: route name 'bad:name' must be 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit",
    ]);
  });

  it('reports an invalid address and repeat_interval below group_interval', async () => {
    const { problemLines } = await load(
      [
        'routes:',
        '  bad:',
        "    email: { to: [soc@contoso.com, 'not an address'] }",
        '    group_interval: 1h',
        '    repeat_interval: 10m',
      ].join('\n'),
    );
    expect(problemLines).toEqual([
      "routes.yaml:3:36: route 'bad': 'not an address' is not an email address",
      "routes.yaml:5:22: route 'bad': repeat_interval must be at least group_interval",
    ]);
  });

  it('reports a missing or empty file as a problem', async () => {
    const { dir, remove } = await makeRuleDir({ 'empty.yaml': '# nothing\n' });
    cleanups.push(remove);
    expect((await loadRoutes(join(dir, 'routes.yaml'))).problems[0]?.message).toMatch(
      /cannot read the file \(ENOENT\)/,
    );
    expect((await loadRoutes(join(dir, 'empty.yaml'))).problems[0]?.message).toMatch(/the file is empty/);
  });
});

describe('interpolateVariables', () => {
  it('fills, reports unset names once, and rejects malformed references', () => {
    expect(interpolateVariables('#${A}-${B}', anyVariables({ A: 'x', B: 'y' }))).toEqual({ text: '#x-y' });
    expect(interpolateVariables('${A}${B}${A}', anyVariables({ B: 'y' }))).toEqual({ unset: ['A'] });
    expect(interpolateVariables('${A}', anyVariables({ A: '  ' }))).toEqual({ unset: ['A'] });
    expect(interpolateVariables('${toString}', anyVariables({}))).toEqual({ unset: ['toString'] });
    expect(interpolateVariables('${A', anyVariables({ A: 'x' }))).toEqual({
      invalid: "'${A' has a ${ without its closing }",
    });
    expect(interpolateVariables('${1A}', anyVariables({}))).toHaveProperty('invalid');
    expect(interpolateVariables('plain', anyVariables({}))).toEqual({ text: 'plain' });
  });
});
