import { join } from 'node:path';
import { loadRuleSet, readRouteNames, runReplay, type AlertCandidate, type RuleSet } from '@b2c-alerts/rule-engine';
import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, startConsole, type AlertRecordJson, type RunningConsole } from '../../src/index.js';
import { archiveNow, archiveStart, consoleArchive } from '../helpers/console-archive.js';

const rulesDir = join(import.meta.dirname, '..', '..', '..', '..', 'rules');
let archive: GeneratedArchive;
let withRules: RunningConsole;
let without: RunningConsole;
let ruleSet: RuleSet;

const raisedAt = new Date(archiveNow - 3_600_000).toISOString();
const sampleAlert = (ruleId: string): AlertRecordJson => ({
  id: 'a1',
  ruleId,
  title: 't',
  severity: 'high',
  tenant: 'contosob2c.onmicrosoft.com',
  group: 'g',
  count: 1,
  eventIds: ['e1'],
  firstEventAt: raisedAt,
  lastEventAt: raisedAt,
  raisedAt,
  state: 'routed',
  channels: ['slack'],
  deliveries: [],
});

beforeAll(async () => {
  archive = await consoleArchive();
  const routes = await readRouteNames(join(rulesDir, 'routes.yaml'));
  const loaded = await loadRuleSet(rulesDir, routes.routes === undefined ? {} : { routes: routes.routes });
  expect(loaded.problems).toEqual([]);
  ruleSet = loaded.ruleSet!;
  const firstRule = ruleSet.rules[0]!.id;
  withRules = await startConsole({
    archiveDir: archive.dir,
    rules: { dir: rulesDir },
    clock: { now: () => archiveNow },
    alerts: {
      list: async () => ({ alerts: [sampleAlert(firstRule)], nextCursor: null }),
      get: async (id) => (id === 'a1' ? sampleAlert(firstRule) : undefined),
    },
  });
  without = await startConsole({ archiveDir: archive.dir, clock: { now: () => archiveNow } });
});

afterAll(async () => {
  await withRules?.close();
  await without?.close();
  await archive?.remove();
});

const json = async (base: RunningConsole, path: string, init?: RequestInit) => {
  const res = await fetch(new URL(path, base.url), init);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers' shapes are what the assertions check
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('the rules', () => {
  it('lists every rule of the set with its kind and the alerts of the last 24 h', async () => {
    const { status, body } = await json(withRules, '/api/rules');
    expect(status).toBe(200);
    expect(body.version).toBe(ruleSet.version);
    expect(body.rules.map((r: { id: string }) => r.id)).toEqual(ruleSet.rules.map((r) => r.id));
    expect(body.rules[0].matches24h).toBe(1);
    expect(body.rules[0].lastMatch).toBe(raisedAt);
    expect(body.rules[1].matches24h).toBe(0);
    for (const r of body.rules)
      expect(['match', 'count', 'distinct', 'spike', 'sequence', 'absence', 'new', 'first-seen']).toContain(r.kind);
  });

  it('shows one rule with its file and test cases', async () => {
    const id = 'b2c.api-connectors.api-connector-created';
    const { status, body } = await json(withRules, `/api/rules/${id}`);
    expect(status).toBe(200);
    expect(body.yaml).toContain(`id: ${id}`);
    expect(body.runbook).toContain('Meaning:');
    expect(body.tests[0]).toEqual({
      name: 'fires when an API connector is created',
      expect: [
        {
          count: 1,
          groupValues: { 'actor.name': 'mallory@contosob2c.onmicrosoft.com', 'target.id': 'ApiConnector_loyalty' },
        },
      ],
    });
    expect((await json(withRules, '/api/rules/no.such.rule')).status).toBe(404);
  });

  it('backtests one rule over the archive as replay does', async () => {
    const since = archiveStart;
    const until = archiveNow;
    const expected: AlertCandidate[] = [];
    // A few rules that fire on this archive and one that does not (one replay of the whole set finds them).
    const firing = new Set<string>();
    await runReplay({
      paths: [archive.dir],
      ruleSet,
      since,
      until,
      onAlert: (a) => firing.add(a.ruleId),
      onProblem: () => undefined,
      onNotice: () => undefined,
    });
    const chosen = [
      ...ruleSet.rules.filter((r) => firing.has(r.id)).slice(0, 3),
      ...ruleSet.rules.filter((r) => !firing.has(r.id)).slice(0, 1),
    ];
    for (const rule of chosen) {
      const { status, body } = await json(withRules, `/api/rules/${rule.id}/backtest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ since, until }),
      });
      expect(status).toBe(200);
      const mine: AlertCandidate[] = [];
      const stats = await runReplay({
        paths: [archive.dir],
        ruleSet: { ...ruleSet, rules: [{ ...rule, enabled: true }] },
        since,
        until,
        onAlert: (a) => mine.push(a),
        onProblem: () => undefined,
        onNotice: () => undefined,
      });
      expect(body.scanned).toBe(stats.evaluated);
      expect(body.total).toBe(mine.length);
      expect(body.alerts.map((a: { groupKey: string; count: number }) => [a.groupKey, a.count])).toEqual(
        mine.map((a) => [a.groupKey, a.count]),
      );
      expected.push(...mine);
    }
    expect(expected.length).toBeGreaterThan(0);
  });

  it('runs one backtest at a time: another at once is 503 busy', async () => {
    const handler = await createConsole({
      archiveDir: archive.dir,
      rules: { dir: rulesDir },
      clock: { now: () => archiveNow },
    });
    try {
      const post = () =>
        handler.fetch(
          new Request(`http://127.0.0.1/api/rules/${ruleSet.rules[0]!.id}/backtest`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ since: archiveStart, until: archiveNow }),
          }),
        );
      const [first, second] = await Promise.all([post(), post()]);
      expect(first.status).toBe(200);
      expect(second.status).toBe(503);
      expect(((await second.json()) as { error: { code: string } }).error.code).toBe('busy');
      expect(second.headers.get('retry-after')).toBe('5');
      // Once done, the next one runs.
      expect((await post()).status).toBe(200);
    } finally {
      handler.close();
    }
  });

  it('refuses a bad backtest range naming the field', async () => {
    const id = ruleSet.rules[0]!.id;
    const bad = await json(withRules, `/api/rules/${id}/backtest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ since: 'last tuesday' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('since');
    const unknown = await json(withRules, `/api/rules/${id}/backtest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '7d' }),
    });
    expect(unknown.body.error.field).toBe('from');
  });
});

describe('providers the console does not have', () => {
  it.each([
    ['/api/rules', /--rules DIR/],
    ['/api/alerts', /REDIS_URL/],
    ['/api/health', /REDIS_URL/],
  ])('%s says it is not available and why', async (path, reason) => {
    const { status, body } = await json(without, path);
    expect(status).toBe(200);
    expect(body.available).toBe(false);
    expect(body.reason).toMatch(reason);
  });

  it('gives the alert history when there is one', async () => {
    const list = await json(withRules, '/api/alerts?since=7d');
    expect(list.body).toMatchObject({ available: true, nextCursor: null });
    expect(list.body.alerts[0].id).toBe('a1');
    expect((await json(withRules, '/api/alerts/a1')).body.id).toBe('a1');
    expect((await json(withRules, '/api/alerts/a2')).status).toBe(404);
    expect((await json(withRules, '/api/alerts?colour=red')).body.error.field).toBe('colour');
    expect((await json(withRules, '/api/alerts?since=soon')).body.error.field).toBe('since');
  });
});
