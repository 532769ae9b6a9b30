import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { incidents } from '@b2c-alerts/testkit';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { failingStage } from '../helpers/failing-stage.js';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { sampleAlert } from '../helpers/sample-alert.js';

describe('b2c-alerts deadletters with failed evaluate jobs', () => {
  it('lists deliveries and evaluate jobs with their queue, newest first, and re-drives an evaluate job', async () => {
    const prefix = `test-${randomUUID()}`;
    const deliver = failingStage(
      'b2c-deliver',
      prefix,
      () => new UnrecoverableError('Slack refused posting to #gone (channel_not_found).'),
    );
    const evaluate = failingStage(
      'b2c-evaluate',
      prefix,
      () =>
        new Error(
          'The state store failed during the match script; check that Redis is reachable, then retry the batch (retries are safe).',
        ),
    );
    const { env } = deliver; // both stages share the prefix

    await deliver.fail(
      'deliver',
      { alert: sampleAlert('a0'), route: 'security', channel: { kind: 'slack', channel: '#gone' } },
      'dl:a0:slack-0123456789abcdef',
    );
    await evaluate.fail(
      'evaluate',
      { tenant: 'contoso', events: incidents.policyKeyDeleted(Date.parse('2026-01-12T08:00:00Z')) },
      'ev:contoso:0123abcd',
    );

    const text = await runCliCapture(['deadletters'], env);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    // Newest first: the evaluate job failed last.
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z {2}b2c-evaluate {2}ev:contoso:0123abcd {2}attempts 1$/);
    expect(lines.slice(1, 3)).toEqual([
      '  2 audit events of contoso',
      '  The state store failed during the match script; check that Redis is reachable, then retry the batch (retries are safe).',
    ]);
    expect(lines[3]).toMatch(
      /^\S+ {2}b2c-deliver {2}dl:a0:slack-0123456789abcdef {2}slack #gone {2}b2c\.keys\.policy-key-deleted {2}attempts 1$/,
    );
    expect(lines[6]).toBe(
      '2 dead letters; re-drive them with b2c-alerts deadletters --retry [ids...] once the cause is fixed.',
    );

    const json = JSON.parse((await runCliCapture(['deadletters', '--json'], env)).stdout) as Array<
      Record<string, unknown>
    >;
    expect(json.map((r) => [r.queue, r.jobId])).toEqual([
      ['b2c-evaluate', 'ev:contoso:0123abcd'],
      ['b2c-deliver', 'dl:a0:slack-0123456789abcdef'],
    ]);
    expect(json[0]).toMatchObject({
      name: 'evaluate',
      tenant: 'contoso',
      summary: '2 audit events of contoso',
      attempts: 1,
    });

    evaluate.state.fixed = true;
    const completed = once(evaluate.worker, 'completed');
    const retried = await runCliCapture(['deadletters', '--retry', 'ev:contoso:0123abcd'], env);
    expect(retried).toMatchObject({ code: 0, stdout: 're-driven ev:contoso:0123abcd\n1 dead letter re-driven.\n' });
    await completed;
    expect(evaluate.state.done).toEqual(['ev:contoso:0123abcd']);
    // The delivery stays a dead letter until its channel works.
    const left = JSON.parse((await runCliCapture(['deadletters', '--json'], env)).stdout) as Array<
      Record<string, unknown>
    >;
    expect(left.map((r) => r.jobId)).toEqual(['dl:a0:slack-0123456789abcdef']);
  });
});
