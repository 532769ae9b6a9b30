import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { failingStage } from '../helpers/failing-stage.js';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { sampleAlert } from '../helpers/sample-alert.js';

/** A deliver queue under a unique BullMQ prefix with `count` dead letters, its worker failing for good until `fixed`. */
async function deliverQueueWithDeadLetters(count: number) {
  const stage = failingStage(
    'b2c-deliver',
    `test-${randomUUID()}`,
    () =>
      new UnrecoverableError(
        'Slack refused posting to Slack channel #gone (channel_not_found): invite the bot. Not retried.',
      ),
  );
  for (let i = 0; i < count; i++) {
    await stage.fail(
      'deliver',
      { alert: sampleAlert(`a${i}`), route: 'security', channel: { kind: 'slack', channel: '#gone' } },
      `dl:a${i}:slack-0123456789abcdef`,
      8,
    );
  }
  return stage;
}

describe('b2c-alerts deadletters', () => {
  it('lists dead letters, newest first, as text and JSON', async () => {
    const { env } = await deliverQueueWithDeadLetters(2);
    const text = await runCliCapture(['deadletters'], env);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+Z {2}b2c-deliver {2}dl:a1:slack-0123456789abcdef {2}slack #gone {2}b2c\.keys\.policy-key-deleted {2}attempts 1$/,
    );
    expect(lines.slice(1, 3)).toEqual([
      '  Policy key deleted',
      '  Slack refused posting to Slack channel #gone (channel_not_found): invite the bot. Not retried.',
    ]);
    expect(lines[3]).toMatch(/ {2}dl:a0:slack-/);
    expect(lines[6]).toBe(
      '2 dead letters; re-drive them with b2c-alerts deadletters --retry [ids...] once the channel works.',
    );

    const json = await runCliCapture(['deadletters', '--json'], env);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.jobId, r.alertId, r.route, r.channel, r.attempts])).toEqual([
      ['dl:a1:slack-0123456789abcdef', 'a1', 'security', 'slack #gone', 1],
      ['dl:a0:slack-0123456789abcdef', 'a0', 'security', 'slack #gone', 1],
    ]);
  });

  it('re-drives the given ids (or all) once the channel works, and reports ids that are not dead letters', async () => {
    const { env, worker, state } = await deliverQueueWithDeadLetters(3);
    state.fixed = true;
    const one = once(worker, 'completed');
    const retried = await runCliCapture(['deadletters', '--retry', 'dl:a0:slack-0123456789abcdef'], env);
    expect(retried).toMatchObject({
      code: 0,
      stdout: 're-driven dl:a0:slack-0123456789abcdef\n1 dead letter re-driven.\n',
    });
    await one;
    expect(state.done).toEqual(['dl:a0:slack-0123456789abcdef']);

    const unknown = await runCliCapture(['deadletters', '--retry', 'dl:a0:slack-0123456789abcdef', 'nope'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('0 dead letters re-driven.\n');
    expect(unknown.stderr).toBe(
      'b2c-alerts: Not dead letters (unknown, or not failed): dl:a0:slack-0123456789abcdef, nope; b2c-alerts deadletters lists them.\n',
    );

    let completed = 0;
    const rest = new Promise<void>((resolve) => worker.on('completed', () => ++completed === 2 && resolve()));
    const all = await runCliCapture(['deadletters', '--retry', '--json'], env);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({
      retried: expect.arrayContaining(['dl:a1:slack-0123456789abcdef', 'dl:a2:slack-0123456789abcdef']),
      notFound: [],
    });
    await rest;
    expect(state.done.sort()).toEqual([
      'dl:a0:slack-0123456789abcdef',
      'dl:a1:slack-0123456789abcdef',
      'dl:a2:slack-0123456789abcdef',
    ]);
    expect((await runCliCapture(['deadletters'], env)).stdout).toBe('No dead letters.\n');
  });

  it('reports an unreachable Redis or a bad REDIS_URL without printing the URL', async () => {
    const down = await runCliCapture(['deadletters'], { REDIS_URL: 'redis://admin:s3cret-pw@127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^b2c-alerts: Cannot read the deliver queue from Redis \(.+\); check REDIS_URL and that Redis is running\.\n$/,
    );
    expect(down.stderr).not.toContain('s3cret');
    const bad = await runCliCapture(['deadletters'], { REDIS_URL: 'http://admin:s3cret-pw@example.com' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('REDIS_URL must be a redis:// or rediss:// URL');
    expect(bad.stderr).not.toContain('s3cret');
  });
});
