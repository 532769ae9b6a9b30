import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isAuditClientError, normalize, type AuditEvent, type DirectoryAudit } from '@b2c-alerts/audit-client';
import {
  Evaluator,
  MemoryStateStore,
  formatProblem,
  loadRuleSet,
  type AlertCandidate,
  type RuleSet,
} from '@b2c-alerts/rule-engine';
import { Prng, generateTraffic, incidents } from '@b2c-alerts/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAlert } from '../../src/index.js';
import { renderEmail } from '../../src/render/render-email.js';
import { renderSlackMessage } from '../../src/render/render-slack.js';
import { allStrings } from '../helpers/payload-walk.js';

// Seeded fuzzing from event text to the wire: events whose strings an attacker wrote (long, control and
// format characters, regex-hostile, markup, wrong types) through the shipped rule pack's Evaluator and
// then both renderers. A fixed case count per seed, so a failure replays exactly; the test timeout is
// the hang bound and RSS growth the memory bound.
const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));
const start = Date.UTC(2026, 1, 9);
const batches = 40;
const MB = 1024 * 1024;
const rssBound = 768 * MB;
const retainedBound = 160 * MB;

/** Every `<` event text could smuggle in starts one of these; none may reach a payload unescaped. */
const hostilePieces = [
  '<!channel>',
  '<!here|here>',
  '<@U0123ABC>',
  '<!subteam^S1>',
  '<#C0123|general>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<https://evil.example|click here>',
  '&lt;!channel&gt;',
  '\u0000\u0007\u001b[31m\u0085\r\n',
  '\u202Egnp.exe\u202C\u2066\u2069\u200B\uFEFF\u{E0041}',
  '(a+)+$'.repeat(3),
  '((((((((((((((((((((x',
  '\\',
  '${jndi:ldap://x}',
  '%s%n%x',
  '\uD800',
  '*bold* _it_ ~s~ `code` ```pre```',
  '"\'</td></tr></table>',
];

function hostileText(prng: Prng): string {
  const parts: string[] = [];
  for (let i = prng.range(1, 4); i > 0; i--) parts.push(prng.pick(hostilePieces));
  if (prng.chance(0.2)) parts.push('A'.repeat(prng.range(1000, 50_000)));
  if (prng.chance(0.2)) parts.push(prng.pick(hostilePieces).repeat(prng.range(10, 2000)));
  return parts.join(prng.pick(['', ' ', '\n']));
}

const weirdValues: unknown[] = [null, 0, -1, 1e308, true, [], {}, [['<!channel>']], { '<!here>': '<@U1>' }, ''];

/**
 * A copy of a raw audit with some strings an attacker controls replaced or extended, and sometimes a
 * value of the wrong type. The activity name mostly stays, so rules still match and alerts render.
 */
function hostileAudit(prng: Prng, audit: DirectoryAudit): unknown {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      if (key === 'id' || key === 'activityDateTime' || key === 'activityDisplayName' || key === 'category') {
        return key === 'activityDisplayName' && prng.chance(0.05) ? hostileText(prng) : value;
      }
      if (!prng.chance(0.4)) return value;
      if (prng.chance(0.1)) return prng.pick(weirdValues);
      return prng.chance(0.5) ? `${value}${hostileText(prng)}` : hostileText(prng);
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  const out = walk(audit, '') as Record<string, unknown>;
  if (prng.chance(0.2)) {
    const details = (out['additionalDetails'] as unknown[] | undefined) ?? [];
    out['additionalDetails'] = [
      ...details,
      { key: hostileText(prng), value: prng.pick(weirdValues) },
      prng.pick(weirdValues),
    ];
  }
  return out;
}

/** Some of the pack's rules fire on the planted incidents; the traffic around them is benign. */
function rawBatch(prng: Prng, n: number): DirectoryAudit[] {
  const at = start + n * 3_600_000;
  const traffic = [...generateTraffic({ seed: n + 1, start: at, end: at + 10 * 60_000, eventsPerHour: 600 })];
  const planted = [
    ...incidents.policyKeyDeleted(at + 60_000, { actorUpn: `x${n}@evil.example` }),
    ...incidents.customPolicyBurst(at + 120_000, { count: prng.range(3, 12) }),
    ...incidents.passwordSpray(at + 180_000, { users: prng.range(5, 30) }),
  ];
  return [...traffic, ...planted].sort((a, b) => (a.activityDateTime < b.activityDateTime ? -1 : 1));
}

/** Heap bytes still reachable after a full collection: what the run kept, not what it churned. */
function retainedHeap(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

/** Every `<` of the email's HTML opens one of the renderer's own tags: event text never becomes markup. */
const ownTag = /^<(!DOCTYPE html>|\/?(a|body|br|h2|head|html|meta|p|table|td|th|tr)[\s>])/;

/** Renders one candidate and checks both payloads; true when the alert carried planted hostile text. */
function checkRendered(candidate: AlertCandidate, ruleSet: RuleSet, label: string): boolean {
  const rule = ruleSet.rules.find((r) => r.id === candidate.ruleId);
  expect(rule, label).toBeDefined();
  const alert = buildAlert(candidate, rule!, { ruleSetVersion: ruleSet.version });
  const slack = renderSlackMessage(alert);
  for (const text of allStrings(slack)) {
    expect(text, `${label}: Slack markup from event text`).not.toMatch(/<[!@#]/);
  }
  const email = renderEmail(alert);
  expect(/[\r\n]/.test(email.subject) || email.subject.includes('\u0000'), label).toBe(false);
  for (let i = email.html.indexOf('<'); i !== -1; i = email.html.indexOf('<', i + 1)) {
    const at = email.html.slice(i, i + 16);
    expect(ownTag.test(at), `${label}: unescaped '<' in HTML at ${JSON.stringify(at)}`).toBe(true);
  }
  return /channel|onerror|onload|subteam|jndi/.test(JSON.stringify(alert));
}

describe('hostile event text through the shipped pack and both renderers', () => {
  let ruleSet: RuleSet;
  beforeAll(async () => {
    const loaded = await loadRuleSet(rulesDir);
    expect(loaded.problems.map(formatProblem)).toEqual([]);
    ruleSet = loaded.ruleSet!;
  });

  it(`${batches} batches: no crash, alerts render with no markup from event text`, async () => {
    const prng = new Prng(1212);
    const evaluator = new Evaluator({ ruleSet, store: new MemoryStateStore() });
    const heapBase = retainedHeap();
    const base = process.memoryUsage().rss;
    let rendered = 0;
    let hostile = 0;
    for (let n = 0; n < batches; n++) {
      const events: AuditEvent[] = [];
      for (const raw of rawBatch(prng, n)) {
        try {
          events.push(normalize(hostileAudit(prng, raw) as DirectoryAudit));
        } catch (error) {
          // normalize may refuse a record, but only with the package's typed error.
          expect(isAuditClientError(error), `batch ${n}: ${String(error)}`).toBe(true);
        }
      }
      const candidates = [
        ...(await evaluator.evaluate(events)),
        ...(await evaluator.tick(start + (n + 1) * 3_600_000)),
      ];
      for (const candidate of candidates) {
        if (checkRendered(candidate, ruleSet, `batch ${n} rule ${candidate.ruleId}`)) hostile++;
        rendered++;
      }
    }
    // The fuzzer must reach the renderers with hostile text, not only the matcher.
    expect(rendered).toBeGreaterThan(batches);
    expect(hostile).toBeGreaterThan(batches / 2);
    // The shipped pack's MemoryStateStore keeps about 50 MB of this run's state (ids, counts, first-seen).
    expect(retainedHeap() - heapBase).toBeLessThan(retainedBound);
    expect(process.memoryUsage().rss - base).toBeLessThan(rssBound);
  });
});
