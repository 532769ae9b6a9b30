import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, WorkerConfigError, type WorkerConfig } from '../../src/index.js';

const tenant = {
  AZURE_TENANT_ID: 'contosob2c.onmicrosoft.com',
  AZURE_CLIENT_ID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  AZURE_CLIENT_SECRET: 'sup3r-s3cret-value',
};

function problemsOf(env: Record<string, string | undefined>): WorkerConfigError {
  try {
    parseWorkerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkerConfigError);
    return error as WorkerConfigError;
  }
  throw new Error('expected a WorkerConfigError');
}

describe('parseWorkerConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'worker-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('applies the defaults for a single tenant from AZURE_*', () => {
    const config = parseWorkerConfig(tenant);
    expect(config).toMatchObject({
      redis: { url: 'redis://127.0.0.1:6379', keyPrefix: 'b2c', queuePrefix: 'bull' },
      poll: {
        intervalMs: 60_000,
        failureAlertAfter: 3,
        lagAlertThresholdMs: 30 * 60_000,
        window: { delayMs: 7 * 60_000, overlapMs: 30 * 60_000 },
      },
      rulesDir: 'rules',
      http: { port: 9464 },
      logLevel: 'info',
      workers: ['poll', 'evaluate', 'alerts', 'deliver'],
      graph: { rateLimit: { requests: 5, intervalMs: 10_000 } },
    });
    expect(config.archiveDir).toBeUndefined();
    expect(config.tenants).toEqual([
      {
        name: 'contosob2c.onmicrosoft.com',
        services: ['B2C', 'Core Directory', 'Conditional Access', 'Authentication Methods', 'Invited Users'],
        connection: {
          tenantId: tenant.AZURE_TENANT_ID,
          clientId: tenant.AZURE_CLIENT_ID,
          clientSecret: tenant.AZURE_CLIENT_SECRET,
        },
      },
    ]);
  });

  it('reads durations, lists and switches', () => {
    const config = parseWorkerConfig({
      ...tenant,
      POLL_INTERVAL: '90s',
      POLL_DELAY: '5m',
      POLL_OVERLAP: '1h',
      LAG_ALERT_THRESHOLD: '1h30m',
      ALERT_EMAIL_TO: 'sec@example.com, soc@example.com',
      SMTP_URL: 'smtps://u:p@mail.example.com:465',
      ALERT_EMAIL_FROM: 'B2C alerts <alerts@example.com>',
      GRAPH_RATE_LIMIT: 'off',
      WORKER_QUEUES: 'alerts,deliver',
      B2C_LOGGED_BY_SERVICE: '*',
      ARCHIVE_DIR: '/var/lib/b2c/archive',
    });
    expect(config.poll.intervalMs).toBe(90_000);
    expect(config.poll.window.delayMs).toBe(5 * 60_000);
    expect(config.poll.window.overlapMs).toBe(60 * 60_000);
    expect(config.poll.lagAlertThresholdMs).toBe(90 * 60_000);
    expect(config.alertEmailTo).toEqual(['sec@example.com', 'soc@example.com']);
    expect(config.email).toEqual({
      smtpUrl: 'smtps://u:p@mail.example.com:465',
      from: 'B2C alerts <alerts@example.com>',
    });
    expect(config.graph.rateLimit).toBe(false);
    expect(config.workers).toEqual(['alerts', 'deliver']);
    expect(config.tenants[0]!.services).toBeNull();
    expect(config.archiveDir).toBe('/var/lib/b2c/archive');
  });

  it('reads duration variables in the one duration grammar, and refuses a bare number with the unit to write', () => {
    for (const lag of ['90m', '1h30m', '1.5h'])
      expect(parseWorkerConfig({ ...tenant, LAG_ALERT_THRESHOLD: lag }).poll.lagAlertThresholdMs).toBe(90 * 60_000);
    const config = parseWorkerConfig({
      ...tenant,
      JOB_LOCK_DURATION: '2500ms',
      POLL_DELAY: '0s',
      SHUTDOWN_TIMEOUT: '0.5m',
    });
    expect([config.jobLockMs, config.poll.window.delayMs, config.shutdownTimeoutMs]).toEqual([2500, 0, 30_000]);

    const error = problemsOf({
      ...tenant,
      POLL_INTERVAL: '60',
      POLL_DELAY: '-5m',
      SHUTDOWN_TIMEOUT: '30s1m',
      JOB_LOCK_DURATION: '1s',
    });
    expect(error.problems).toEqual([
      { variable: 'POLL_INTERVAL', message: 'has no unit: write 60s' },
      { variable: 'POLL_DELAY', message: 'cannot be negative: write a duration such as 90m, 1h30m or 1.5h' },
      {
        variable: 'SHUTDOWN_TIMEOUT',
        message: 'repeats a unit or has them out of order: write each unit once, largest first, such as 1h30m',
      },
      { variable: 'JOB_LOCK_DURATION', message: 'is too short; it must be at least 2s' },
    ]);
    expect(error.message).toContain('\n  - POLL_INTERVAL has no unit: write 60s\n');
  });

  it('reads MAX_GROUPS_PER_RULE: 10,000 by default, a whole number from 1 to 1,000,000 otherwise', () => {
    expect(parseWorkerConfig(tenant).maxGroupsPerRule).toBe(10_000);
    expect(parseWorkerConfig({ ...tenant, MAX_GROUPS_PER_RULE: '' }).maxGroupsPerRule).toBe(10_000);
    expect(parseWorkerConfig({ ...tenant, MAX_GROUPS_PER_RULE: ' 50000 ' }).maxGroupsPerRule).toBe(50_000);
    expect(parseWorkerConfig({ ...tenant, MAX_GROUPS_PER_RULE: '1' }).maxGroupsPerRule).toBe(1);
    for (const bad of ['0', '-5', '2.5', '10k', '1e4', '1000001']) {
      expect(problemsOf({ ...tenant, MAX_GROUPS_PER_RULE: bad }).problems, bad).toEqual([
        {
          variable: 'MAX_GROUPS_PER_RULE',
          message:
            'must be the number of groups each rule keeps at most (a rule file may set its own maxGroups), ' +
            'a whole number from 1 to 1000000',
        },
      ]);
    }
  });

  it('reads NAME_LOOKUP_BUDGET: 2 s by default, 0 turns name lookups off', () => {
    expect(parseWorkerConfig(tenant).names).toEqual({ budgetMs: 2000 });
    expect(parseWorkerConfig({ ...tenant, NAME_LOOKUP_BUDGET: '500ms' }).names).toEqual({ budgetMs: 500 });
    expect(parseWorkerConfig({ ...tenant, NAME_LOOKUP_BUDGET: '0s' }).names).toEqual({ budgetMs: 0 });
    expect(problemsOf({ ...tenant, NAME_LOOKUP_BUDGET: 'soon' }).problems.map((p) => p.variable)).toEqual([
      'NAME_LOOKUP_BUDGET',
    ]);
  });

  it('reports every problem at once, each naming its variable, and never echoes a value', () => {
    const secret = 'sup3r-s3cret-value';
    const token = 'not-a-slack-token-8f7e6d';
    const error = problemsOf({
      AZURE_TENANT_ID: 'common',
      AZURE_CLIENT_ID: 'not-a-guid',
      AZURE_CLIENT_SECRET: secret,
      AZURE_CLIENT_CERTIFICATE_PATH: join(dir, 'missing.pem'),
      REDIS_URL: 'http://user:pw-42@redis:6379',
      PORT: 'eighty',
      POLL_INTERVAL: 'often',
      LOG_LEVEL: 'loud',
      SLACK_BOT_TOKEN: token,
      ALERT_EMAIL_TO: 'security team',
      WORKER_QUEUES: 'poll,everything',
      GRAPH_RATE_LIMIT: 'fast',
    });
    const variables = error.problems.map((p) => p.variable);
    expect(new Set(variables)).toEqual(
      new Set([
        'AZURE_TENANT_ID',
        'AZURE_CLIENT_ID',
        'AZURE_CLIENT_CERTIFICATE_PATH',
        'REDIS_URL',
        'PORT',
        'POLL_INTERVAL',
        'LOG_LEVEL',
        'SLACK_BOT_TOKEN',
        'ALERT_EMAIL_TO',
        'WORKER_QUEUES',
        'GRAPH_RATE_LIMIT',
      ]),
    );
    expect(error.code).toBe('WK_ERR_CONFIG');
    const text = `${error.message}\n${JSON.stringify(error.problems)}`;
    for (const value of [secret, token, 'pw-42', 'eighty', 'often', 'loud', 'security team', 'everything', 'fast'])
      expect(text).not.toContain(value);
    for (const variable of variables) expect(error.message).toContain(`  - ${variable} `);
  });

  it('asks for a tenant when none is configured', () => {
    const error = problemsOf({});
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_TENANT_ID',
    ]);
    expect(error.problems.find((p) => p.variable === 'AZURE_TENANT_ID')!.message).toMatch(
      /^is not set; .*TENANTS_FILE/,
    );
    expect(error.problems.find((p) => p.variable === 'AZURE_CLIENT_SECRET')!.message).toMatch(
      /^is not set, nor is AZURE_CLIENT_CERTIFICATE_PATH; set AZURE_CLIENT_CERTIFICATE_PATH to a PEM file/,
    );
  });

  it('reads several tenants from TENANTS_FILE, filling ${VAR} secrets and keeping them out of routeVariables', async () => {
    const file = join(dir, 'tenants.yaml');
    await writeFile(
      file,
      [
        'tenants:',
        '  - name: contoso',
        '    tenantId: contosob2c.onmicrosoft.com',
        '    clientId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        '    clientSecret: ${CONTOSO_GRAPH}',
        '  - name: fabrikam',
        '    tenantId: 11111111-2222-3333-4444-555555555555',
        '    clientId: bbbbbbbb-bbbb-cccc-dddd-eeeeeeeeeeee',
        '    clientSecret: ${FABRIKAM_SECRET}',
        '    cloud: usgov',
        '',
      ].join('\n'),
    );
    const config = parseWorkerConfig({
      TENANTS_FILE: file,
      CONTOSO_GRAPH: 'secret-one',
      FABRIKAM_SECRET: 'secret-two',
      ALERT_SLACK_CHANNEL: '#sec',
      SLACK_BOT_TOKEN: 'xoxb-1',
    });
    expect(config.tenants.map((t) => [t.name, t.connection.clientSecret, t.connection.cloud])).toEqual([
      ['contoso', 'secret-one', undefined],
      ['fabrikam', 'secret-two', 'usgov'],
    ]);
    expect(config.routeVariables.valueOf('ALERT_SLACK_CHANNEL')).toBe('#sec');
    for (const name of ['CONTOSO_GRAPH', 'FABRIKAM_SECRET', 'SLACK_BOT_TOKEN', 'TENANTS_FILE']) {
      expect(config.routeVariables.allows(name)).toBe(false);
      expect(config.routeVariables.valueOf(name)).toBeUndefined();
    }
  });

  it('names the entry and the unset variable of a bad TENANTS_FILE', async () => {
    const file = join(dir, 'tenants.yaml');
    await writeFile(
      file,
      'tenants:\n  - name: contoso\n    tenantId: contosob2c.onmicrosoft.com\n    clientId: nope\n    clientSecret: ${UNSET_SECRET}\n    colour: blue\n  - name: contoso\n    tenantId: contosob2c.onmicrosoft.com\n    clientId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n    clientSecret: x\n  - name: contoso\n    tenantId: contosob2c.onmicrosoft.com\n    clientId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee\n    clientSecret: y\n',
    );
    const error = problemsOf({ TENANTS_FILE: file, AZURE_CLIENT_SECRET: 'also-set' });
    const messages = error.problems.map((p) => `${p.variable} ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'AZURE_CLIENT_SECRET is set as well as TENANTS_FILE; put that tenant in the file, or unset TENANTS_FILE',
        expect.stringMatching(
          /^TENANTS_FILE .*tenants\[0\]\.clientSecret refers to \$\{UNSET_SECRET\}, which is not set/,
        ),
        expect.stringMatching(/^TENANTS_FILE .*tenants\[0\] has an unknown key 'colour'/),
        expect.stringMatching(/^TENANTS_FILE .*tenants\[0\]\.clientId must be the Application \(client\) ID/),
        expect.stringMatching(/^TENANTS_FILE .*tenants\[2\]\.name 'contoso' is used twice/),
      ]),
    );
    expect(JSON.stringify(error.problems)).not.toContain('also-set');
  });

  it('reads AZURE_AUDIT_SERVICES as names separated by commas, or * for every service', () => {
    const services = (env: Record<string, string>) => parseWorkerConfig({ ...tenant, ...env }).tenants[0]!.services;
    const defaults = ['B2C', 'Core Directory', 'Conditional Access', 'Authentication Methods', 'Invited Users'];
    expect(services({})).toEqual(defaults);
    expect(services({ AZURE_AUDIT_SERVICES: '' })).toEqual(defaults);
    expect(services({ AZURE_AUDIT_SERVICES: 'B2C' })).toEqual(['B2C']);
    expect(services({ AZURE_AUDIT_SERVICES: ' B2C , Core Directory,Invited Users ' })).toEqual([
      'B2C',
      'Core Directory',
      'Invited Users',
    ]);
    expect(services({ AZURE_AUDIT_SERVICES: '*' })).toBeNull();
    expect(services({ B2C_LOGGED_BY_SERVICE: 'B2C' })).toEqual(['B2C']);
  });

  it('refuses a bad AZURE_AUDIT_SERVICES, naming the variable and what to write', () => {
    const problem = (value: string, extra: Record<string, string> = {}) =>
      problemsOf({ ...tenant, AZURE_AUDIT_SERVICES: value, ...extra }).problems.map(
        (p) => `${p.variable} ${p.message}`,
      );
    expect(problem('B2C,,Core Directory')).toEqual([
      'AZURE_AUDIT_SERVICES must list service names separated by commas (e.g. B2C,Core Directory), with no empty name',
    ]);
    expect(problem('B2C,b2c')).toEqual(['AZURE_AUDIT_SERVICES names a service twice; name each once']);
    expect(problem('B2C,*')).toEqual(['AZURE_AUDIT_SERVICES may be * alone (every service), not * among names']);
    expect(problem("B2C,'Core Directory'")[0]).toMatch(/^AZURE_AUDIT_SERVICES holds a name that is not a service name/);
    expect(problem(Array.from({ length: 11 }, (_, i) => `S${i}`).join(','))).toEqual([
      'AZURE_AUDIT_SERVICES names 11 services; at most 10, or * for every service',
    ]);
    expect(problem('B2C', { B2C_LOGGED_BY_SERVICE: 'B2C' })).toEqual([
      expect.stringMatching(
        /^AZURE_AUDIT_SERVICES is set as well as the older one-service setting \(B2C_LOGGED_BY_SERVICE/,
      ),
    ]);
  });

  it('reads services per TENANTS_FILE entry, with AZURE_AUDIT_SERVICES as the default of entries without', async () => {
    const file = join(dir, 'tenants.yaml');
    const entry = (name: string, extra: string[] = []) => [
      `  - name: ${name}`,
      '    tenantId: contosob2c.onmicrosoft.com',
      '    clientId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      '    clientSecret: s',
      ...extra,
    ];
    await writeFile(
      file,
      [
        'tenants:',
        ...entry('listed', ['    services: [B2C, Core Directory, Invited Users]']),
        ...entry('text', ['    services: Core Directory']),
        ...entry('every', ["    services: '*'"]),
        ...entry('older', ['    loggedByService: B2C']),
        ...entry('default'),
        '',
      ].join('\n'),
    );
    const read = (env: Record<string, string>) =>
      Object.fromEntries(parseWorkerConfig({ TENANTS_FILE: file, ...env }).tenants.map((t) => [t.name, t.services]));
    expect(read({})).toEqual({
      listed: ['B2C', 'Core Directory', 'Invited Users'],
      text: ['Core Directory'],
      every: null,
      older: ['B2C'],
      default: ['B2C', 'Core Directory', 'Conditional Access', 'Authentication Methods', 'Invited Users'],
    });
    expect(read({ AZURE_AUDIT_SERVICES: 'B2C' })).toMatchObject({
      older: ['B2C'],
      default: ['B2C'],
      text: ['Core Directory'],
    });
  });

  it('names the entry and the field of bad services in TENANTS_FILE', async () => {
    const file = join(dir, 'tenants.yaml');
    const entry = (name: string, services: string) => [
      `  - name: ${name}`,
      '    tenantId: contosob2c.onmicrosoft.com',
      '    clientId: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      '    clientSecret: s',
      services,
    ];
    await writeFile(
      file,
      [
        'tenants:',
        ...entry('empty', "    services: [B2C, '']"),
        ...entry('number', '    services: 5'),
        ...entry('both', '    services: [B2C]\n    loggedByService: B2C'),
        '',
      ].join('\n'),
    );
    const messages = problemsOf({ TENANTS_FILE: file }).problems.map((p) => `${p.variable} ${p.message}`);
    expect(messages).toEqual([
      `TENANTS_FILE (${file}) tenants[0].services must list service names separated by commas (e.g. B2C,Core Directory), with no empty name`,
      `TENANTS_FILE (${file}) tenants[1].services must be a list of service names (e.g. B2C,Core Directory), or * for every service`,
      expect.stringMatching(/^TENANTS_FILE .*tenants\[2\]\.services is set as well as the older one-service setting/),
    ]);
  });

  it('is deep-frozen', () => {
    const config: WorkerConfig = parseWorkerConfig(tenant);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.tenants[0]!.connection)).toBe(true);
    expect(Object.isFrozen(config.poll.window)).toBe(true);
    expect(() => {
      (config.poll as { intervalMs: number }).intervalMs = 1;
    }).toThrow(TypeError);
  });
});
