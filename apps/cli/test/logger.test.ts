import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { Capture } from './helpers/capture.js';

describe('createLogger', () => {
  it('writes JSON lines with constant messages and censors secrets by path', () => {
    const out = new Capture();
    const logger = createLogger({ level: 'debug', destination: out });
    logger.info(
      {
        connection: {
          tenantId: 't',
          clientSecret: 'hunter2-secret',
          certificate: { privateKeyPem: '-----BEGIN PRIVATE KEY-----abc' },
        },
      },
      'connecting',
    );
    logger
      .child({ command: 'export' })
      .warn({ headers: { authorization: 'Bearer eyJtoken' }, clientSecret: 'top-level-secret' }, 'request failed');
    logger.debug({ config: { azure: { clientSecret: 'nested-secret' } } }, 'configured');

    const lines = out.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(['connecting', 'request failed', 'configured']);
    expect(lines[0]).toMatchObject({
      service: 'b2c-alerts',
      level: 30,
      connection: { tenantId: 't', clientSecret: '[redacted]', certificate: { privateKeyPem: '[redacted]' } },
    });
    expect(lines[1]).toMatchObject({
      command: 'export',
      headers: { authorization: '[redacted]' },
      clientSecret: '[redacted]',
    });
    expect(out.text).not.toMatch(/hunter2-secret|BEGIN PRIVATE KEY|eyJtoken|top-level-secret|nested-secret/);
  });
});
