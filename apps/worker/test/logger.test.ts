import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseWorkerConfig } from '../src/index.js';
import { createLogger } from '../src/logger.js';

describe('createLogger', () => {
  it('redacts the config secrets by path and writes constant messages as JSON', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = parseWorkerConfig({
      AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com',
      AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      AZURE_CLIENT_SECRET: 'client-secret-1234',
      REDIS_URL: 'redis://:redis-pass-5678@127.0.0.1:6379',
      SLACK_BOT_TOKEN: 'xoxb-slack-9012',
      SMTP_URL: 'smtp://u:smtp-pass-3456@127.0.0.1:25',
      ALERT_EMAIL_FROM: 'alerts@example.com',
    });
    const logger = createLogger({ level: 'info', destination });
    logger.info({ config }, 'configuration');
    logger.info({ request: { headers: { authorization: 'Bearer token-7890' } } }, 'request');
    const text = lines.join('');
    for (const secret of ['client-secret-1234', 'redis-pass-5678', 'xoxb-slack-9012', 'smtp-pass-3456', 'token-7890'])
      expect(text).not.toContain(secret);
    const first = JSON.parse(lines[0]!) as {
      msg: string;
      service: string;
      config: { tenants: Array<{ connection: { clientId: string; clientSecret: string } }> };
    };
    expect(first).toMatchObject({ msg: 'configuration', service: 'worker' });
    expect(first.config.tenants[0]!.connection).toEqual({
      tenantId: 'contosob2c.onmicrosoft.com',
      clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      clientSecret: '[redacted]',
    });
  });
});
