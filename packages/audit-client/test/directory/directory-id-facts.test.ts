import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { directoryObjectRefs, normalize, type AuditEvent, type DirectoryAudit } from '../../src/index.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as DirectoryAudit;

const appId = 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a';
const spId = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const objectId = '2f8e1c6a-4b3d-4e9f-8a7b-6c5d4e3f2a1b';

function event(o: Partial<AuditEvent>): AuditEvent {
  return {
    id: 'e1',
    time: '2026-03-10T12:00:00Z',
    timestamp: Date.parse('2026-03-10T12:00:00Z'),
    activity: 'Update application',
    category: 'ApplicationManagement',
    actor: {},
    targets: [],
    details: {},
    ...o,
  };
}

describe('directoryObjectRefs', () => {
  it('reads the client id of a B2C token event once, however many facts repeat it', () => {
    const raw = fixture('secops-exchange-token.json');
    expect(directoryObjectRefs(normalize(raw))).toEqual([
      { kind: 'appId', id: 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a' },
    ]);
  });

  it('reads an app actor’s service principal and an application or service principal target, by their type', () => {
    const refs = directoryObjectRefs(
      event({
        actor: { type: 'app', id: spId, appId, name: 'pipeline' },
        target: { id: objectId, type: 'Application' },
      }),
    );
    expect(refs).toEqual([
      { kind: 'anyAppObject', id: appId },
      { kind: 'servicePrincipal', id: spId },
      { kind: 'application', id: objectId },
    ]);
    expect(directoryObjectRefs(event({ target: { id: spId, type: 'ServicePrincipal' } }))).toEqual([
      { kind: 'servicePrincipal', id: spId },
    ]);
  });

  it('leaves out user ids, user targets, N/A and anything that is not a GUID', () => {
    expect(
      directoryObjectRefs(
        event({
          actor: { type: 'user', id: spId, upn: 'admin@contoso.test', spn: 'Contoso Web' },
          target: { id: objectId, type: 'User' },
          details: { ApplicationId: 'N/A', constructor: appId },
        }),
      ),
    ).toEqual([]);
    // `details.constructor` is an own key here; `details.__proto__` and friends never reach the prototype.
    expect(directoryObjectRefs(event({ details: { ApplicationId: `${appId}' or 1 eq 1` } }))).toEqual([]);
  });

  it('takes the list of facts to read, for facts added later', () => {
    const refs = directoryObjectRefs(event({ details: { ResourceAppId: appId } }), [
      { fact: 'details.ResourceAppId', kind: 'appId' },
    ]);
    expect(refs).toEqual([{ kind: 'appId', id: appId }]);
  });
});
