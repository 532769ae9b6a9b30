import { describe, expect, it } from 'vitest';
import { directoryAuditsUrl } from '../../src/graph/directory-audits-url.js';
import { maxClauseValueChars } from '../../src/graph/odata-clause.js';
import { AuditClientError, eqAnyClause, targetIdClause } from '../../src/index.js';

const window = { from: Date.parse('2026-01-01T00:00:00Z'), to: Date.parse('2026-01-01T06:00:00.5Z') };

describe('directoryAuditsUrl', () => {
  it('filters on B2C and the window, ascending, with $top', () => {
    const url = directoryAuditsUrl('https://graph.microsoft.com/', window, { service: 'B2C', pageSize: 1000 });
    expect(url.startsWith('https://graph.microsoft.com/v1.0/auditLogs/directoryAudits?$filter=')).toBe(true);
    const params = new URL(url).searchParams;
    expect(params.get('$filter')).toBe(
      "loggedByService eq 'B2C' and activityDateTime ge 2026-01-01T00:00:00.000Z and activityDateTime le 2026-01-01T06:00:00.500Z",
    );
    expect(params.get('$orderby')).toBe('activityDateTime');
    expect(params.get('$top')).toBe('1000');
    expect(url).not.toContain(' ');
    expect(url).toContain('%20and%20');
  });

  it('omits the service clause for null and escapes quotes', () => {
    const all = new URL(directoryAuditsUrl('https://graph.microsoft.us', window, { service: null, pageSize: 50 }));
    expect(all.searchParams.get('$filter')).toBe(
      'activityDateTime ge 2026-01-01T00:00:00.000Z and activityDateTime le 2026-01-01T06:00:00.500Z',
    );
    const quoted = new URL(
      directoryAuditsUrl('https://graph.microsoft.us', window, { service: "O'Brien", pageSize: 50 }),
    );
    expect(quoted.searchParams.get('$filter')).toContain("loggedByService eq 'O''Brien'");
  });
});

describe('directoryAuditsUrl for Core Directory', () => {
  it('quotes a service name with a space and encodes it, one eq clause, never or', () => {
    const url = directoryAuditsUrl('https://graph.microsoft.com', window, {
      service: 'Core Directory',
      pageSize: 1000,
    });
    const filter = new URL(url).searchParams.get('$filter');
    expect(filter).toBe(
      "loggedByService eq 'Core Directory' and activityDateTime ge 2026-01-01T00:00:00.000Z and activityDateTime le 2026-01-01T06:00:00.500Z",
    );
    expect(filter).not.toContain(' or ');
    expect(url).toContain('Core%20Directory');
  });
});

describe('directoryAuditsUrl with clauses and newest first', () => {
  it('ANDs the clauses after its own, escapes their quotes, encodes them, and orders descending', () => {
    const url = directoryAuditsUrl('https://graph.microsoft.com', window, {
      service: 'B2C',
      pageSize: 100,
      descending: true,
      clauses: [eqAnyClause('activityDisplayName', ["It's", 'B & C']), targetIdClause("x' or 1 eq 1 or id eq '")],
    });
    const params = new URL(url).searchParams;
    expect(params.get('$filter')).toBe(
      "loggedByService eq 'B2C' and activityDateTime ge 2026-01-01T00:00:00.000Z and activityDateTime le 2026-01-01T06:00:00.500Z" +
        " and (activityDisplayName eq 'It''s' or activityDisplayName eq 'B & C')" +
        " and targetResources/any(t: t/id eq 'x'' or 1 eq 1 or id eq ''')",
    );
    expect(params.get('$orderby')).toBe('activityDateTime desc');
    // The value's `&` and spaces are encoded: it cannot add or end a query parameter.
    expect([...params.keys()]).toEqual(['$filter', '$orderby', '$top']);
    expect(url).not.toMatch(/[ #]/);
  });

  it('refuses an empty value, a control character and an overlong value', () => {
    expect(() => eqAnyClause('correlationId', [''])).toThrow(AuditClientError);
    expect(() => eqAnyClause('correlationId', ['a\nb'])).toThrow(/no control characters/);
    expect(() => eqAnyClause('correlationId', ['x'.repeat(maxClauseValueChars + 1)])).toThrow(AuditClientError);
    expect(() => eqAnyClause('activityDisplayName', [])).toThrow(AuditClientError);
    expect(eqAnyClause('correlationId', ['a', 'a']).text).toBe("correlationId eq 'a'");
  });
});
