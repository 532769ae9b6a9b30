import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emulatorFixture } from '@b2c-alerts/testkit';
import type { Job, QueueEvents } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, type AlertJobData, type WorkerApp } from '../../src/index.js';
import { queueNames } from '../../src/queues/queues.js';
import { rulesVersion } from '../../src/rules/rules-version.js';
import { brokenRule, keyDeletedRule, writeRulesDir } from '../helpers/rules-dir.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { waitUntil } from '../helpers/wait-until.js';
import { workerEnv } from '../helpers/worker-env.js';

describe('hot reload of the rules directory', () => {
  const { prefixes, writeRules, createApp, openQueueEvents } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  let rulesDir: string;
  let app: WorkerApp;
  let alertEvents: QueueEvents;

  beforeEach(async () => {
    rulesDir = await writeRules();
    alertEvents = await openQueueEvents(queueNames.alerts);
    app = createApp(
      parseWorkerConfig(workerEnv(emulator.graph, { ...prefixes, rulesDir, extra: { WORKER_QUEUES: 'evaluate' } })),
    );
    await app.start();
  });

  const selfAlerts = async () =>
    (await app.queues.alerts.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter(
      (j: Job<AlertJobData>) => j.data.candidate.ruleId === 'self.rules-rejected',
    );

  it('rejects an invalid set whole on a file change, keeps the last good one, and raises one self-alert', async () => {
    const good = app.rules.current!;
    expect(good.ruleSet.rules.map((r) => r.id).sort()).toEqual([
      'test.keys.policy-key-deleted',
      'test.policies.custom-policy-burst',
    ]);

    await writeFile(join(rulesDir, 'broken.rule.yaml'), brokenRule);
    const [alert] = await waitUntil(async () => {
      const jobs = await selfAlerts();
      return jobs.length > 0 ? jobs : undefined;
    }, [{ emitter: alertEvents, events: ['waiting', 'added'] }]);

    expect(app.rules.current).toBe(good);
    const { candidate, tenant, ruleSetVersion } = alert!.data;
    expect(tenant).toBe('_worker');
    expect(ruleSetVersion).toBe(good.version);
    expect(candidate).toMatchObject({ ruleId: 'self.rules-rejected', severity: 'high', status: 'firing' });
    expect(candidate.title).toContain(`still running ${good.version}`);
    const problems = String(candidate.groupValues['problems']);
    expect(problems).toMatch(new RegExp(`broken\\.rule\\.yaml:4:\\d+: `));
    expect(problems).toMatch(/broken\.rule\.yaml:\d+:\d+: .*no-such-list/);

    // The same breakage, reloaded by SIGHUP, is rejected again without a second alert within the hour.
    const again = await app.reloadRules();
    expect(again).toMatchObject({ outcome: 'rejected', version: good.version });
    expect(again.problems.length).toBeGreaterThanOrEqual(2);
    expect(await selfAlerts()).toHaveLength(1);
    expect(await app.metrics.registry.getSingleMetricAsString('b2c_alerts_rules_reloads_total')).toMatch(
      /outcome="rejected"} [2-9]/,
    );

    // Fixed: the next reload swaps in the new set with a new version.
    await writeFile(
      join(rulesDir, 'broken.rule.yaml'),
      keyDeletedRule.replace('test.keys.policy-key-deleted', 'test.keys.second'),
    );
    const fixed = await app.reloadRules();
    expect(fixed.outcome === 'loaded' || fixed.outcome === 'unchanged').toBe(true);
    expect(app.rules.current!.version).not.toBe(good.version);
    expect(app.rules.current!.ruleSet.rules.map((r) => r.id)).toContain('test.keys.second');
    expect(app.rules.current!.ruleSet.version).toBe(app.rules.current!.version);
  });
});

describe('rulesVersion', () => {
  it('is the git commit of a clean checkout, else the content hash', async () => {
    const dir = await writeRulesDir();
    try {
      expect(await rulesVersion(dir, 'content-hash')).toBe('content-hash');
      const git = (...args: string[]) =>
        execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
          stdio: 'pipe',
        })
          .toString()
          .trim();
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', 'rules');
      const head = git('rev-parse', 'HEAD');
      expect(await rulesVersion(dir, 'content-hash')).toBe(head.slice(0, 12));
      await writeFile(join(dir, 'new.rule.yaml'), 'id: x\n');
      expect(await rulesVersion(dir, 'content-hash')).toBe('content-hash');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
