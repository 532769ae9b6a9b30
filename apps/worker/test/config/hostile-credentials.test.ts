import { describe, expect, it } from 'vitest';
import { parseWorkerConfig, WorkerConfigError } from '../../src/index.js';

const tenant = {
  AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com',
  AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  AZURE_CLIENT_SECRET: 'sup3r-s3cret-value',
};
const email = { ALERT_EMAIL_FROM: 'B2C alerts <alerts@example.com>', ALERT_EMAIL_TO: 'soc@example.com' };
const password = 'hunter2-Pa55word';

function problemsOf(env: Record<string, string | undefined>): WorkerConfigError {
  try {
    parseWorkerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerConfigError);
    return error as WorkerConfigError;
  }
  throw new Error('expected a WorkerConfigError');
}

describe('credentials only over TLS: SMTP_URL', () => {
  it('refuses smtp:// with a user and password for a host off loopback, naming the variable and what to write', () => {
    for (const url of [
      `smtp://alerts:${password}@mail.example.com:587`,
      `smtp://alerts:${password}@10.0.0.25`,
      `smtp://alerts:${password}@[2001:db8::25]:25`,
      `smtp://alerts:${password}@mail.example.com:587?requireTLS=false`,
    ]) {
      const error = problemsOf({ ...tenant, ...email, SMTP_URL: url });
      // ALERT_EMAIL_TO without a usable SMTP_URL adds a second problem for the same variable.
      expect(new Set(error.problems.map((p) => p.variable))).toEqual(new Set(['SMTP_URL']));
      expect(error.problems[0]!.message).toMatch(/not on this machine/);
      expect(error.problems[0]!.message).toMatch(/smtps:\/\//);
      expect(error.problems[0]!.message).toMatch(/requireTLS=true/);
      expect(error.message).not.toContain(password);
      expect(JSON.stringify(error.problems)).not.toContain(password);
    }
  });

  it('accepts smtps://, smtp:// with requireTLS=true, credentials on loopback, and no credentials at all', () => {
    for (const url of [
      `smtps://alerts:${password}@mail.example.com:465`,
      `smtp://alerts:${password}@mail.example.com:587?requireTLS=true`,
      `smtp://alerts:${password}@127.0.0.1:2525`,
      `smtp://alerts:${password}@localhost:25`,
      `smtp://alerts:${password}@[::1]:25`,
      'smtp://relay.internal.example:25',
    ]) {
      expect(parseWorkerConfig({ ...tenant, ...email, SMTP_URL: url }).email?.smtpUrl).toBe(url);
    }
  });
});

describe('credentials only over TLS: REDIS_URL', () => {
  it('refuses redis:// with a password for a host off loopback, naming the variable and what to write', () => {
    for (const url of [`redis://:${password}@redis.example.com:6379`, `redis://default:${password}@10.0.0.6:6379/0`]) {
      const error = problemsOf({ ...tenant, REDIS_URL: url });
      expect(error.problems.map((p) => p.variable)).toEqual(['REDIS_URL']);
      expect(error.problems[0]!.message).toMatch(/rediss:\/\//);
      expect(error.message).not.toContain(password);
      expect(JSON.stringify(error.problems)).not.toContain(password);
    }
  });

  it('accepts rediss:// with a password, a password on loopback, and redis:// without one', () => {
    for (const url of [
      `rediss://:${password}@redis.example.com:6380`,
      `redis://:${password}@127.0.0.1:6379`,
      `redis://default:${password}@localhost:6379`,
      'redis://redis.example.com:6379',
      'redis://127.0.0.1:6379',
    ]) {
      expect(parseWorkerConfig({ ...tenant, REDIS_URL: url }).redis.url).toBe(url);
    }
  });
});
