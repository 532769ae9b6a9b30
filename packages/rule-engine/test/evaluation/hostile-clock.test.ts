import {
  GraphAuditReader,
  VirtualClock,
  createTokenProvider,
  normalize,
  type AuditReaderOptions,
  type DirectoryAudit,
  type QuarantineItem,
} from '@b2c-alerts/audit-client';
import { emulatorFixture, formatActivityDateTime } from '@b2c-alerts/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { Evaluator, MemoryStateStore } from '../../src/index.js';
import { rule, ruleSet } from '../helpers/rules.js';

const minute = 60_000;
const now = Date.parse('2026-03-10T12:00:00Z');
// Two polls: the first window holds the poisoned record, the second the spray.
const windows = [
  { from: now - 3 * 60 * minute, to: now - 90 * minute },
  { from: now - 90 * minute, to: now },
];

// A password spray from one address: 12 failed sign-ins a minute apart; 3 in 5 minutes alert.
const spray = rule({
  id: 'spray',
  aggregate: { kind: 'count', groupBy: ['ip'], windowMs: 5 * minute, threshold: 3 },
});

function failedSignIn(i: number, time = now - 60 * minute + i * minute): DirectoryAudit {
  return {
    id: `spray-${i}`,
    activityDateTime: formatActivityDateTime(time),
    activityDisplayName: 'Validate local account credentials',
    category: 'Authentication',
    loggedByService: 'B2C',
    result: 'failure',
    operationType: '',
    initiatedBy: { user: { id: 'u', userPrincipalName: `victim${i}@contoso.example`, ipAddress: '203.0.113.9' } },
    additionalDetails: [{ key: 'ClientIpAddress', value: '203.0.113.9' }],
  } as DirectoryAudit;
}

const emulator = emulatorFixture();
afterEach(emulator.close);

/**
 * The spray as the evaluator gets it from the poll path: a real reader over the Graph emulator, one
 * evaluate call per page as the worker makes. A failed sign-in from the spraying address comes in an
 * earlier poll, served dated 2099 (its stored time, which Graph filters on, is in that poll's window).
 */
async function evaluateSprayFromGraph(reader: Partial<AuditReaderOptions>) {
  const clock = new VirtualClock(now);
  const graph = await emulator.startWith({ now: () => clock.now() });
  graph.addEvents([failedSignIn(0, now - 100 * minute)], {
    serveWith: { activityDateTime: '2099-01-01T00:00:00.0000000Z' },
  });
  graph.addEvents(Array.from({ length: 12 }, (_, i) => failedSignIn(i + 1)));
  const quarantined: QuarantineItem[] = [];
  const graphReader = new GraphAuditReader({
    tokenProvider: createTokenProvider({
      tenantId: graph.tenantId,
      clientId: graph.clientId,
      clientSecret: graph.clientSecret,
      authorityHost: graph.url,
      graphBaseUrl: graph.url,
    }),
    graphBaseUrl: graph.url,
    clock,
    onQuarantine: (item) => void quarantined.push(item),
    ...reader,
  });
  const evaluator = new Evaluator({ ruleSet: ruleSet(spray), store: new MemoryStateStore() });
  const alerts = [];
  for (const window of windows) {
    for await (const page of graphReader.readPages(window)) {
      alerts.push(...(await evaluator.evaluate(page.events.map((audit) => normalize(audit)))));
    }
  }
  return { alerts, quarantined };
}

describe('clock poisoning: one record dated 2099 does not silence a spray', () => {
  it('without the window check, the 2099 record becomes the newest time and the spray counts as late', async () => {
    // An allowance wider than the century is the reader as it was: it yields the record.
    const { alerts, quarantined } = await evaluateSprayFromGraph({ clockSkewMs: 100 * 365 * 24 * 60 * minute });
    expect(quarantined).toEqual([]);
    expect(alerts).toEqual([]);
  });

  it('with the default allowance, the reader quarantines the record and the spray alerts', async () => {
    const { alerts, quarantined } = await evaluateSprayFromGraph({});
    expect(quarantined.map((q) => q.reason)).toEqual([
      expect.stringMatching(/^record "spray-0" has activityDateTime "2099-/),
    ]);
    expect(alerts.map((a) => a.ruleId)).toEqual(['spray', 'spray']);
  });
});
