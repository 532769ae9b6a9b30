import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { emulatorEnv, emulatorFixture, generateTraffic, selfSignedCertificate } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/env.js';
import { runCli } from '../src/index.js';
import { Capture } from './helpers/capture.js';

const secret = 'env-test-secret-value-9f8e7d';

async function run(
  env: Record<string, string>,
  args = ['export', '--since', '1h', '--out', join(tmpdir(), 'never-written')],
) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { env, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('environment validation', () => {
  let dir: string;
  let pemFile: string;
  let keyPem: string;
  let certPem: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-env-'));
    ({ privateKeyPem: keyPem, certificatePem: certPem } = selfSignedCertificate(dir));
    pemFile = join(dir, 'client.pem');
    await writeFile(pemFile, `${certPem}${keyPem}`); // certificate first: order must not matter
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const emulator = emulatorFixture();
  afterAll(emulator.close);

  it('lists every bad variable at once, with what to set, and exits 2 without echoing the secret', async () => {
    const result = await run({
      AZURE_TENANT_ID: 'common',
      AZURE_CLIENT_SECRET: secret,
      AZURE_CLIENT_CERTIFICATE_PATH: pemFile,
      AZURE_CLOUD: 'mars',
      AZURE_AUTHORITY_HOST: 'not a url',
      GRAPH_BASE_URL: 'http://graph.example.com',
      LOG_LEVEL: 'loud',
    });
    expect(result.code).toBe(2);
    const lines = result.stderr
      .split('\n')
      .filter((l) => l.startsWith('  - '))
      .map((l) => l.slice(4).split(' ')[0]);
    expect(lines.sort()).toEqual(
      [
        'AZURE_AUTHORITY_HOST',
        'AZURE_CLIENT_CERTIFICATE_PATH',
        'AZURE_CLIENT_ID',
        'AZURE_CLOUD',
        'AZURE_TENANT_ID',
        'GRAPH_BASE_URL',
        'LOG_LEVEL',
      ].sort(),
    );
    expect(result.stderr).toMatch(/AZURE_CLIENT_ID is not set; set it to the Application \(client\) ID/);
    expect(result.stderr).toMatch(/AZURE_CLOUD must be one of public, usgov, usgov-dod, china/);
    expect(result.stderr).toMatch(/GRAPH_BASE_URL uses plain http to graph\.example\.com; use https/);
    expect(result.stderr).toMatch(/AZURE_CLIENT_CERTIFICATE_PATH and AZURE_CLIENT_SECRET are both set/);
    expect(result.stderr).toMatch(/LOG_LEVEL must be one of/);
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).toBe('');
  });

  it('asks for a credential when there is none, and explains an unusable certificate file', async () => {
    const base = {
      AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com',
      AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    };
    const none = await run({ ...base, AZURE_CLIENT_SECRET: '  ' }); // blank counts as unset
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/AZURE_CLIENT_SECRET is not set, nor is AZURE_CLIENT_CERTIFICATE_PATH/);

    const missing = await run({ ...base, AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'nope.pem') });
    expect(missing.stderr).toMatch(/AZURE_CLIENT_CERTIFICATE_PATH points to .*nope\.pem, which does not exist/);

    await writeFile(join(dir, 'cert-only.pem'), certPem);
    const certOnly = await run({ ...base, AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'cert-only.pem') });
    expect(certOnly.stderr).toMatch(
      /cert-only\.pem, which lacks a private key \(-----BEGIN PRIVATE KEY-----\); put the private key and the certificate in one PEM file/,
    );

    const { privateKey } = await import('node:crypto').then((c) =>
      c.generateKeyPairSync('rsa', { modulusLength: 2048 }),
    );
    const otherKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await writeFile(join(dir, 'mismatch.pem'), `${otherKey}${certPem}`);
    const mismatch = await run({ ...base, AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'mismatch.pem') });
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/AZURE_CLIENT_CERTIFICATE_PATH names a file whose private key does not belong to/);
    expect(mismatch.stderr).not.toContain(otherKey.split('\n')[1]!);
  });

  it('splits a PEM file into private key and certificate, and defaults the rest', async () => {
    const config = await loadConfig({
      AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com',
      AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      AZURE_CLIENT_CERTIFICATE_PATH: pemFile,
      AZURE_CLOUD: 'usgov',
    });
    expect(config.connection.certificate?.privateKeyPem.trim()).toBe(keyPem.trim());
    expect(config.connection.certificate?.certificatePem.trim()).toBe(certPem.trim());
    expect(config.connection.clientSecret).toBeUndefined();
    expect(config.connection.cloud).toBe('usgov');
    expect(config).toMatchObject({
      services: ['B2C', 'Core Directory', 'Conditional Access', 'Authentication Methods', 'Invited Users'],
      logLevel: 'info',
    });
    expect(Object.isFrozen(config.connection)).toBe(true);

    const all = await loadConfig({
      AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com',
      AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      AZURE_CLIENT_SECRET: secret,
      AZURE_AUDIT_SERVICES: '*',
    });
    expect(all.services).toBeNull();
  });

  it('signs in with the certificate from AZURE_CLIENT_CERTIFICATE_PATH and never prints the key', async () => {
    const clock = new VirtualClock(Date.parse('2026-11-27T12:00:00Z'));
    const graph = await emulator.startWith({ certificatePem: certPem, now: () => clock.now() });
    const traffic = [
      ...generateTraffic({
        seed: 3,
        start: clock.now() - 2 * 3_600_000,
        end: clock.now() - 10 * 60_000,
        eventsPerHour: 300,
      }),
    ];
    graph.addEvents(traffic);
    const stdout = new Capture();
    const stderr = new Capture();
    const env = { ...emulatorEnv(graph, { certificatePath: pemFile }), LOG_LEVEL: 'trace' };
    const code = await runCli(['export', '--since', '2h', '--out', join(dir, 'archive'), '--json'], {
      env,
      stdout,
      stderr,
      clock,
    });
    expect(stderr.text.split('\n').filter((l) => l.includes('"level":50'))).toEqual([]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.text)).toMatchObject({ status: 'completed', events: traffic.length });
    for (const keyLine of keyPem.split('\n').filter((l) => l.length > 40)) {
      expect(stdout.text + stderr.text).not.toContain(keyLine);
    }
  });
});
