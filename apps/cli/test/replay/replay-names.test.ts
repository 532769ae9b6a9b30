import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualClock, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { b2cAppDirectory, emulatorFixture, incidents } from '@b2c-alerts/testkit';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { Capture } from '../helpers/capture.js';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { testDirWith } from '../helpers/write-files.js';

const t0 = Date.parse('2026-03-02T00:00:00Z');
const web = b2cAppDirectory.servicePrincipals[0]!;
const webRegistration = b2cAppDirectory.applications[0]!;

const sprayRule = [
  'id: t.auth.spray',
  'title: spray fired',
  'severity: high',
  'description: replay names test rule.',
  'match:',
  '  all:',
  '    - { fact: activity, operator: equal, value: Validate local account credentials }',
  '    - { fact: result, operator: equal, value: failure }',
  'aggregate: { kind: distinct, groupBy: ip, field: details.LocalAccountUsername, window: 10m, threshold: 10 }',
  '',
].join('\n');

/** The origin of a loopback port that was free a moment ago and has nothing listening now. */
async function deadOrigin(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const jsonl = (items: DirectoryAudit[]) => items.map((a) => `${JSON.stringify(a)}\n`).join('');

describe('b2c-alerts replay --resolve-names', () => {
  const emulator = emulatorFixture({ rateLimit: false });
  beforeAll(emulator.start);
  beforeEach(() => {
    emulator.graph.addApplications(b2cAppDirectory.applications);
    emulator.graph.addServicePrincipals(b2cAppDirectory.servicePrincipals);
  });

  async function files(): Promise<string> {
    return testDirWith(
      { 'rules/spray.rule.yaml': sprayRule, 'events.jsonl': jsonl(incidents.passwordSpray(t0, { users: 12 })) },
      'cli-replay-names-',
    );
  }

  it('shows the display names of the alert’s application ids, in text and in JSONL', async () => {
    const dir = await files();
    const sent = emulator.graph.directoryRequests.length;
    const text = await runCliCapture(
      ['replay', `${dir}/events.jsonl`, '--rules', `${dir}/rules`, '--resolve-names'],
      emulator.env,
    );
    expect(text.code, text.stderr).toBe(0);
    const line = text.stdout.trim();
    expect(line).toContain('t.auth.spray');
    expect(line).toContain(`names=["Contoso Web (${web.appId})","Contoso Web (${webRegistration.id})"]`);
    expect(text.stderr).toContain(
      '2 application and service-principal ids looked up in Graph: 2 named, 0 not found, 0 failed',
    );

    const json = await runCliCapture(
      ['replay', `${dir}/events.jsonl`, '--rules', `${dir}/rules`, '--resolve-names', '--format', 'jsonl'],
      emulator.env,
    );
    const alert = JSON.parse(json.stdout.trim()) as { names: Array<{ id: string; name: string }> };
    expect(alert.names).toEqual([
      { id: web.appId, name: 'Contoso Web' },
      { id: webRegistration.id, name: 'Contoso Web' },
    ]);
    // Each run asked for each id once: the client id by appId, the actor's object id in its second form.
    expect(emulator.graph.directoryRequests.length - sent).toBe(2 * 3);
  });

  it('stays offline without the flag, and prints ids only', async () => {
    const dir = await files();
    const sent = emulator.graph.directoryRequests.length;
    const run = await runCliCapture(['replay', `${dir}/events.jsonl`, '--rules', `${dir}/rules`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('t.auth.spray');
    expect(run.stdout).not.toContain('names=');
    expect(run.stderr).not.toContain('looked up in Graph');
    expect(emulator.graph.directoryRequests.length).toBe(sent);
  });

  it('refuses the flag without the tenant’s credentials, before reading anything, and says what to set', async () => {
    const dir = await files();
    const run = await runCliCapture(['replay', `${dir}/events.jsonl`, '--rules', `${dir}/rules`, '--resolve-names']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--resolve-names looks application and service-principal names up in Microsoft Graph');
    expect(run.stderr).toContain('AZURE_TENANT_ID');
    expect(run.stderr).toContain('without --resolve-names');
  });

  it('prints the alerts with ids when Graph cannot be reached, and says so', async () => {
    const dir = await files();
    // Tokens from the emulator; Graph at a port nothing listens on. Backoff runs on a virtual clock.
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['replay', `${dir}/events.jsonl`, '--rules', `${dir}/rules`, '--resolve-names'], {
      env: { ...emulator.env, GRAPH_BASE_URL: await deadOrigin(), LOG_LEVEL: 'silent' },
      stdout,
      stderr,
      clock: new VirtualClock(),
    });
    expect(code).toBe(0);
    expect(stdout.text).toContain('t.auth.spray');
    expect(stdout.text).not.toContain('names=');
    expect(stderr.text).toMatch(
      /0 named, 0 not found, 2 failed; the failed ones show as ids \(first failure: network error/,
    );
  });

  it('quotes and escapes a hostile display name on the terminal', async () => {
    const dir = await files();
    emulator.graph.addServicePrincipals([{ ...web, displayName: 'Evil\u001b[31m App\u202e"] x=["' }]);
    const run = await runCliCapture(
      ['replay', `${dir}/events.jsonl`, '--rules', `${dir}/rules`, '--resolve-names'],
      emulator.env,
    );
    expect(run.code).toBe(0);
    expect(run.stdout.includes('\u001b') || run.stdout.includes('\u202e')).toBe(false);
    expect(run.stdout).toContain(`names=["Evil\\u001b[31m App\\u202E\\"] x=[\\" (${web.appId})"`);
  });
});
