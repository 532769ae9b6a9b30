import { describe, expect, it } from 'vitest';
import { ODataFilterError, parseActivityTime } from '../../src/index.js';
import { parseAuditFilter } from '../../src/graph-emulator/odata-filter.js';

const t = (s: string) => parseActivityTime(s)!;

describe('parseAuditFilter', () => {
  it('parses the filter our reader sends', () => {
    const f = parseAuditFilter(
      "loggedByService eq 'B2C' and activityDateTime ge 2026-01-01T00:00:00.0000000Z and activityDateTime le 2026-01-01T01:00:00.1234567Z",
    );
    expect(f.equals).toEqual([{ property: 'loggedByService', value: 'B2C' }]);
    expect(f.from).toEqual({ time: t('2026-01-01T00:00:00Z'), inclusive: true });
    expect(f.to).toEqual({ time: { ms: Date.parse('2026-01-01T01:00:00.123Z'), ticks: 4567 }, inclusive: true });
  });

  it('accepts gt/lt (exclusive), eq (both bounds), parentheses and escaped quotes', () => {
    const f = parseAuditFilter(
      "(activityDateTime gt 2026-01-01T00:00:00Z) and (activityDateTime lt 2026-01-02T00:00:00Z and activityDisplayName eq 'It''s')",
    );
    expect(f.from).toEqual({ time: t('2026-01-01T00:00:00Z'), inclusive: false });
    expect(f.to).toEqual({ time: t('2026-01-02T00:00:00Z'), inclusive: false });
    expect(f.equals).toEqual([{ property: 'activityDisplayName', value: "It's" }]);
    const eq = parseAuditFilter('activityDateTime eq 2026-01-01T00:00:00+00:00');
    expect(eq.from).toEqual({ time: t('2026-01-01T00:00:00Z'), inclusive: true });
    expect(eq.to).toEqual(eq.from);
  });

  it('parses or-groups, initiator paths and the targetResources lambda, and a time bound ANDed beside them', () => {
    const f = parseAuditFilter(
      "loggedByService eq 'B2C' and activityDateTime ge 2026-01-01T00:00:00Z and (activityDisplayName eq 'A' or activityDisplayName eq 'O''B') and initiatedBy/user/id eq 'u' and targetResources/any(t: t/id eq 'x')",
    );
    expect(f.from).toEqual({ time: t('2026-01-01T00:00:00Z'), inclusive: true });
    expect(f.equals).toEqual([{ property: 'loggedByService', value: 'B2C' }]);
    expect(f.conditions).toEqual([
      {
        kind: 'or',
        items: [
          { kind: 'eq', path: ['activityDisplayName'], value: 'A' },
          { kind: 'eq', path: ['activityDisplayName'], value: "O'B" },
        ],
      },
      { kind: 'eq', path: ['initiatedBy', 'user', 'id'], value: 'u' },
      { kind: 'any-target', property: 'id', value: 'x' },
    ]);
    expect(parseAuditFilter("initiatedBy/app/appId eq 'x' or id eq 'y' and result eq 'z'").conditions).toEqual([
      {
        kind: 'or',
        items: [
          { kind: 'eq', path: ['initiatedBy', 'app', 'appId'], value: 'x' },
          {
            kind: 'and',
            items: [
              { kind: 'eq', path: ['id'], value: 'y' },
              { kind: 'eq', path: ['result'], value: 'z' },
            ],
          },
        ],
      },
    ]);
  });

  it('keeps the tightest of several bounds', () => {
    const f = parseAuditFilter(
      'activityDateTime ge 2026-01-01T00:00:00Z and activityDateTime gt 2026-01-01T00:00:00Z and activityDateTime le 2026-01-03T00:00:00Z and activityDateTime le 2026-01-02T00:00:00Z',
    );
    expect(f.from).toEqual({ time: t('2026-01-01T00:00:00Z'), inclusive: false });
    expect(f.to).toEqual({ time: t('2026-01-02T00:00:00Z'), inclusive: true });
  });

  it.each([
    [
      'createdDateTime ge 2026-01-01T00:00:00Z',
      "Invalid filter clause: Could not find a property named 'createdDateTime' on type 'microsoft.graph.directoryAudit'",
    ],
    [
      "activityDateTime ge '2026-01-01T00:00:00Z'",
      /incompatible types.*'Edm\.DateTimeOffset' and 'Edm\.String'.*'GreaterThanOrEqual'/,
    ],
    ['activityDateTime ge 2026-13-01T00:00:00Z', /DateTimeOffset text/],
    ["activityDateTime ge 2026-01-01T00:00:00Z or category eq 'x'", /'or' over activityDateTime is not supported/],
    ["loggedByService eq 'B2C' or loggedByService eq 'Core Directory'", /'or' over loggedByService/],
    ["initiatedBy/app/servicePrincipalName eq 'x'", /'initiatedBy\/app\/servicePrincipalName' is not supported/],
    ["targetResources/any(t: t/type eq 'User')", /'targetResources\/type' is not supported/],
    ["targetResources/any(t: t/id ne 'x')", /Operator 'ne' is not supported/],
    ["targetResources/any(t: x/id eq 'x')", /Syntax error/],
    ["loggedByService eq 'B2C')", /unbalanced '\)'/],
    ["loggedByService ne 'B2C'", /Operator 'ne' is not supported/],
    ['loggedByService eq B2C', /incompatible types/],
    ["startswith(activityDisplayName, 'Issue')", /Syntax error/],
    ["loggedByService eq 'B2C", /unterminated string literal/],
    ["(loggedByService eq 'B2C'", /unbalanced/],
    ['', /empty/],
    ["initiatedBy eq 'x'", /not supported/],
  ])('refuses %j', (filter, message) => {
    expect(() => parseAuditFilter(filter)).toThrow(ODataFilterError);
    expect(() => parseAuditFilter(filter)).toThrow(message);
  });
});

describe('parseActivityTime', () => {
  it('reads up to 7 fractional digits and zone offsets exactly', () => {
    expect(t('2019-09-14T18:13:17.0618117Z')).toEqual({ ms: Date.parse('2019-09-14T18:13:17.061Z'), ticks: 8117 });
    expect(t('2021-08-31T08:54:05.64932Z')).toEqual({ ms: Date.parse('2021-08-31T08:54:05.649Z'), ticks: 3200 });
    expect(t('2026-01-01T02:00:00+02:00')).toEqual({ ms: Date.parse('2026-01-01T00:00:00Z'), ticks: 0 });
    expect(parseActivityTime('2026-01-01')).toBeUndefined();
    expect(parseActivityTime('2026-01-01T00:00:00')).toBeUndefined();
  });
});
