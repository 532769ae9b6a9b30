import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkerConfig, redactPaths, WorkerConfigError } from '../../src/index.js';

const tenant = {
  AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com',
  AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  AZURE_CLIENT_SECRET: 'sup3r-s3cret-value',
  TENANT_NAME: 'contoso',
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

describe('the console the worker serves (CONSOLE_PORT)', () => {
  it('is off unless CONSOLE_PORT is set; on loopback over ARCHIVE_DIR/<tenant> by default', () => {
    expect(parseWorkerConfig({ ...tenant, ARCHIVE_DIR: '/data/archive' }).console).toBeUndefined();
    expect(parseWorkerConfig({ ...tenant, ARCHIVE_DIR: '/data/archive', CONSOLE_PORT: '8787' }).console).toEqual({
      port: 8787,
      host: '127.0.0.1',
      archiveDir: join('/data/archive', 'contoso'),
      archiveDefaulted: true,
    });
    expect(parseWorkerConfig({ ...tenant, CONSOLE_PORT: '0', CONSOLE_ARCHIVE: '/x' }).console).toMatchObject({
      port: 0,
      archiveDir: '/x',
      archiveDefaulted: false,
    });
  });

  it('names the variable: a bad port, no archive, a host beyond loopback without a token, a short token', () => {
    expect(problemsOf({ ...tenant, CONSOLE_PORT: 'http' }).map((p) => p.variable)).toEqual(['CONSOLE_PORT']);
    expect(problemsOf({ ...tenant, CONSOLE_PORT: '0' }).map((p) => p.variable)).toEqual(['CONSOLE_ARCHIVE']);
    expect(
      problemsOf({ ...tenant, CONSOLE_PORT: '0', CONSOLE_ARCHIVE: '/x', CONSOLE_HOST: '0.0.0.0' }).map(
        (p) => p.variable,
      ),
    ).toEqual(['CONSOLE_TOKEN']);
    const short = problemsOf({ ...tenant, CONSOLE_PORT: '0', CONSOLE_ARCHIVE: '/x', CONSOLE_TOKEN: 'tiny-token' });
    expect(short.map((p) => p.variable)).toEqual(['CONSOLE_TOKEN']);
    expect(JSON.stringify(short)).not.toContain('tiny-token');
    const token = 'f'.repeat(32);
    expect(
      parseWorkerConfig({
        ...tenant,
        CONSOLE_PORT: '0',
        CONSOLE_ARCHIVE: '/x',
        CONSOLE_HOST: '0.0.0.0',
        CONSOLE_TOKEN: token,
      }).console?.token,
    ).toBe(token);
    expect(redactPaths).toContain('CONSOLE_TOKEN');
    expect(redactPaths).toContain('config.console.token');
  });
});
