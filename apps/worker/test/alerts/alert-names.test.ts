import {
  DirectoryNameResolver,
  VirtualClock,
  createTokenProvider,
  type AuditEvent,
  type NameResolverOptions,
} from '@b2c-alerts/audit-client';
import type { AlertCandidate } from '@b2c-alerts/rule-engine';
import { b2cAppDirectory, EmulatorFixture, type GraphEmulator } from '@b2c-alerts/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { candidate, Pipeline, route, rule, tenant } from '../helpers/alert-pipeline-harness.js';

const web = b2cAppDirectory.servicePrincipals[0]!;
const unknownApp = '0b0b0b0b-0000-4000-8000-000000000001';
const signIns = { ...rule('b2c.signin.password-spray', 'high'), fields: ['details.ApplicationId'] };
const security = route('security', { slack: { channel: '#sec' }, email: { to: ['soc@contoso.test'] } });

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  p: Pipeline;
  graph: GraphEmulator;
  names: DirectoryNameResolver;
  clock: VirtualClock;
}

/**
 * The alerts and deliver stages with name lookups against the Graph emulator (real HTTP, real MSAL),
 * which holds the traffic's apps.
 */
async function start(o: { budgetMs?: number; resolver?: Partial<NameResolverOptions> } = {}): Promise<Setup> {
  const fixture = new EmulatorFixture();
  const graph = await fixture.startWith();
  cleanups.push(fixture.close);
  graph.addApplications(b2cAppDirectory.applications);
  graph.addServicePrincipals(b2cAppDirectory.servicePrincipals);
  const clock = new VirtualClock();
  const names = new DirectoryNameResolver({
    tokenProvider: createTokenProvider({
      tenantId: graph.tenantId,
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      authorityHost: graph.url,
      graphBaseUrl: graph.url,
    }),
    graphBaseUrl: graph.url,
    clock,
    random: () => 0.5,
    ...o.resolver,
  });
  const p = await Pipeline.start({
    rules: [signIns],
    routes: [security],
    names: { resolverFor: (t) => (t === tenant ? names : undefined), budgetMs: o.budgetMs ?? 10_000 },
  });
  cleanups.push(() => p.close());
  p.startWorkers();
  return { p, graph, names, clock };
}

/** A sign-in alert whose event names the B2C app only by its client id (actor.spn, details.ApplicationId). */
function signInAlert(n: number, clientId: string = web.appId): AlertCandidate {
  const event: AuditEvent = {
    id: `B2C_${n}`,
    time: '2026-01-05T10:00:00Z',
    timestamp: Date.parse('2026-01-05T10:00:00Z'),
    activity: 'Validate local account credentials',
    category: 'Authentication',
    actor: { type: 'app', spn: clientId, name: clientId },
    targets: [],
    details: { ApplicationId: clientId },
    ip: '203.0.113.7',
  };
  return { ...candidate(signIns, n, { group: '203.0.113.7' }), event };
}

async function lookups(p: Pipeline, outcome: string): Promise<number> {
  return p.counter(p.metrics.nameLookups, { tenant, outcome });
}

describe('the alerts stage names applications and service principals', () => {
  it('shows "Display Name (id)" in Slack and email, and asks Graph once for two alerts', async () => {
    const { p, graph } = await start();
    await p.addAlert(signInAlert(1));
    await p.slack.waitForMessages(1);
    await p.addAlert(signInAlert(2));
    const messages = await p.slack.waitForMessages(2);
    const mails = await p.smtp.waitForMail(2);
    await p.settle();

    for (const m of messages) {
      expect(m.text).toContain(`Who:* Contoso Web (${web.appId})`);
      expect(JSON.stringify(m.blocks)).toContain(`*details.ApplicationId*\\nContoso Web (${web.appId})`);
    }
    for (const mail of mails) {
      expect(mail.text).toContain(`Who: Contoso Web (${web.appId})`);
      expect(mail.html).toContain(`<td>Contoso Web (${web.appId})</td>`);
    }
    // One GET for the first alert; the second was named from the cache.
    expect(graph.directoryRequests).toHaveLength(1);
    expect(await lookups(p, 'found')).toBe(1);
    expect(await lookups(p, 'cached')).toBe(1);
  });

  it('remembers an id Graph does not know: the alert shows the id, the next alert asks nothing', async () => {
    const { p, graph } = await start();
    await p.addAlert(signInAlert(1, unknownApp));
    const [message] = await p.slack.waitForMessages(1);
    expect(message!.text).toContain(`Who:* ${unknownApp}`);
    expect(message!.text).not.toContain(`(${unknownApp})`);
    expect(graph.directoryRequests.map((r) => r.status)).toEqual([404, 404]);
    await p.addAlert(signInAlert(2, unknownApp));
    await p.slack.waitForMessages(2);
    await p.settle();
    expect(graph.directoryRequests).toHaveLength(2);
    expect(await lookups(p, 'not-found')).toBe(2);
  });

  it('honours Graph’s 429 Retry-After before asking again', async () => {
    const { p, graph, clock } = await start();
    graph.injectDirectoryFaults({ kind: '429', retryAfterSeconds: 2 });
    await p.addAlert(signInAlert(1));
    const [message] = await p.slack.waitForMessages(1);
    expect(message!.text).toContain(`Contoso Web (${web.appId})`);
    expect(graph.directoryRequests.map((r) => r.status)).toEqual([429, 200]);
    expect(clock.sleeps).toContain(2000);
  });

  it('sends the alert with the id alone when Graph fails, and counts it', async () => {
    const { p, graph } = await start({ resolver: { retry: { maxAttempts: 2 } } });
    graph.injectDirectoryFaults({ kind: '503' }, { kind: '500' });
    await p.addAlert(signInAlert(1));
    const [message] = await p.slack.waitForMessages(1);
    const [mail] = await p.smtp.waitForMail(1);
    await p.settle();
    expect(message!.text).toContain(`Who:* ${web.appId}`);
    expect(message!.text).not.toContain('Contoso Web');
    expect(mail!.text).toContain(`Who: ${web.appId}\n`);
    expect(await lookups(p, 'failed')).toBe(1);
    expect(p.failures).toHaveLength(0);
  });

  it('does not hold an alert past NAME_LOOKUP_BUDGET when Graph hangs', async () => {
    const { p, graph } = await start({ budgetMs: 200, resolver: { requestTimeoutMs: 30_000 } });
    graph.injectDirectoryFaults({ kind: 'hang' });
    await p.addAlert(signInAlert(1));
    const [message] = await p.slack.waitForMessages(1);
    expect(message!.text).toContain(`Who:* ${web.appId}`);
    expect(await lookups(p, 'timed-out')).toBe(1);
    expect(graph.directoryRequests.map((r) => r.fault)).toEqual(['hang']);
  });

  it('keeps a hostile display name inert in Slack and email', async () => {
    const { p, graph } = await start();
    graph.addServicePrincipals([
      { ...web, displayName: '<!channel> Contoso <@U0ADMIN> <https://evil.example|login> @here' },
    ]);
    await p.addAlert(signInAlert(1));
    const [message] = await p.slack.waitForMessages(1);
    const [mail] = await p.smtp.waitForMail(1);
    const slack = `${message!.text}${JSON.stringify(message!.blocks)}`;
    expect(slack).toContain(
      `&lt;!channel&gt; Contoso &lt;@U0ADMIN&gt; &lt;https://evil.example|login&gt; @\u2060here (${web.appId})`,
    );
    expect(slack).not.toMatch(/<!channel>|<@U0ADMIN>|<https:\/\/evil|(^|[^\u2060])@here/);
    expect(mail!.html).toContain(`&lt;!channel&gt; Contoso &lt;@U0ADMIN&gt;`);
    expect(mail!.html).not.toMatch(/<!channel>|<https:\/\/evil/);
  });

  it('looks nothing up for an alert that goes to no channel', async () => {
    const { p, graph } = await start();
    p.setRules({ rules: [signIns], routes: [route('security')] });
    await p.addAlert(signInAlert(1));
    await p.settle();
    expect(p.slack.messages).toHaveLength(0);
    expect(graph.directoryRequests).toHaveLength(0);
  });
});
