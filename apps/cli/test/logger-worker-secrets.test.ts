import { redactPaths as workerRedactPaths } from '@b2c-alerts/worker';
import { describe, expect, it } from 'vitest';
import { createLogger, redactPaths } from '../src/logger.js';
import { Capture } from './helpers/capture.js';

// `b2c-alerts run` logs the worker through the CLI's logger: it must censor what the worker's does.
describe("createLogger and the worker's secrets", () => {
  it('redacts every path the worker redacts', () => {
    expect(redactPaths).toEqual(expect.arrayContaining(workerRedactPaths));
  });

  it("keeps the worker config's Slack token, SMTP and Redis URLs and tenant secrets out of the output", () => {
    const out = new Capture();
    const logger = createLogger({ level: 'info', destination: out });
    logger.info(
      {
        config: {
          redis: { url: 'redis://:redis-pass-1@cache:6379' },
          slack: { token: 'xoxb-slack-config-token' },
          email: { smtpUrl: 'smtps://mailer:smtp-pass-1@mail.example' },
          tenants: [
            {
              id: 't1',
              connection: {
                clientSecret: 'tenant-secret-1',
                certificate: { privateKeyPem: '-----BEGIN PRIVATE KEY-----tenant' },
              },
            },
          ],
        },
      },
      'worker configured',
    );
    logger.info(
      {
        token: 'xoxb-top-token',
        smtpUrl: 'smtp://u:smtp-pass-2@h',
        SLACK_BOT_TOKEN: 'xoxb-env-token',
        SMTP_URL: 'smtp://u:smtp-pass-3@h',
        REDIS_URL: 'redis://:redis-pass-2@h',
      },
      'environment',
    );
    logger.warn(
      {
        slack: { token: 'xoxb-nested-token' },
        env: {
          SLACK_BOT_TOKEN: 'xoxb-nested-env',
          SMTP_URL: 'smtp://u:smtp-pass-4@h',
          REDIS_URL: 'redis://:redis-pass-3@h',
        },
      },
      'delivery failed',
    );

    const lines = out.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['worker configured', 'environment', 'delivery failed']);
    expect(lines[0]).toMatchObject({
      config: {
        slack: { token: '[redacted]' },
        redis: { url: '[redacted]' },
        email: { smtpUrl: '[redacted]' },
        tenants: [{ id: 't1' }],
      },
    });
    expect(lines[1]).toMatchObject({ token: '[redacted]', SLACK_BOT_TOKEN: '[redacted]', REDIS_URL: '[redacted]' });
    expect(out.text).not.toMatch(/xoxb-|redis-pass|smtp-pass|tenant-secret|BEGIN PRIVATE KEY/);
  });
});
