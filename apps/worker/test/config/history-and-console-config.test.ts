import { describe, expect, it } from 'vitest';
import { parseWorkerConfig, WorkerConfigError } from '../../src/index.js';

const tenant = {
  AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com',
  AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  AZURE_CLIENT_SECRET: 'sup3r-s3cret-value',
};

function problemsOf(env: Record<string, string | undefined>): ReadonlyArray<{ variable: string; message: string }> {
  try {
    parseWorkerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerConfigError);
    return (error as WorkerConfigError).problems;
  }
  throw new Error('expected a WorkerConfigError');
}

describe('alert history and console settings', () => {
  it('keeps the history 90 days and 500000 entries by default; both can be set', () => {
    expect(parseWorkerConfig(tenant).history).toEqual({ retentionMs: 90 * 24 * 3_600_000, maxEntries: 500_000 });
    expect(
      parseWorkerConfig({ ...tenant, ALERT_HISTORY_RETENTION: '30d', ALERT_HISTORY_MAX_ENTRIES: '10000' }).history,
    ).toEqual({ retentionMs: 30 * 24 * 3_600_000, maxEntries: 10_000 });
    expect(
      problemsOf({ ...tenant, ALERT_HISTORY_RETENTION: 'forever', ALERT_HISTORY_MAX_ENTRIES: '-1' }).map(
        (p) => p.variable,
      ),
    ).toEqual(['ALERT_HISTORY_RETENTION', 'ALERT_HISTORY_MAX_ENTRIES']);
    expect(problemsOf({ ...tenant, ALERT_HISTORY_RETENTION: '5m' })[0]?.message).toMatch(/too short/);
  });

  it('reads CONSOLE_URL: https, or http on loopback, without a trailing slash', () => {
    expect(parseWorkerConfig(tenant).consoleUrl).toBeUndefined();
    expect(parseWorkerConfig({ ...tenant, CONSOLE_URL: 'https://alerts.contoso.test/' }).consoleUrl).toBe(
      'https://alerts.contoso.test',
    );
    expect(parseWorkerConfig({ ...tenant, CONSOLE_URL: 'http://127.0.0.1:8080/console' }).consoleUrl).toBe(
      'http://127.0.0.1:8080/console',
    );
    for (const bad of [
      'http://alerts.contoso.test',
      'javascript:alert(1)',
      'https://user:pw@alerts.contoso.test',
      'https://alerts.contoso.test/?x=1',
      'https://alerts.contoso.test/#/',
      'alerts.contoso.test',
    ]) {
      const problems = problemsOf({ ...tenant, CONSOLE_URL: bad });
      expect(problems.map((p) => p.variable)).toEqual(['CONSOLE_URL']);
      expect(problems[0]!.message).not.toContain(bad);
    }
  });
});
