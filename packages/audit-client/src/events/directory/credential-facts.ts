import type { AuditCredential } from '../audit-event.js';
import { listOf, maxDerivedItems, maxParsedChars } from './directory-values.js';
import type { ModifiedProperties } from './modified-properties.js';

/** One entry of a KeyDescription list: `[KeyIdentifier=…,KeyType=Password,KeyUsage=Verify,DisplayName=…]`. */
interface KeyEntry {
  /** What the entry is compared by: its key id, else its whole text. */
  identity: string;
  keyId?: string;
  keyType?: string;
  usage?: string;
  displayName?: string;
}

// Each field runs to the next comma or bracket; DisplayName is last and may hold commas (CN=…, O=…).
const keyIdField = /KeyIdentifier=([^,\]]*)/;
const keyTypeField = /KeyType=([^,\]]*)/;
const usageField = /KeyUsage=([^,\]]*)/;
const displayNameField = /DisplayName=([^\]]*)/;

function field(pattern: RegExp, text: string): string | undefined {
  const value = pattern.exec(text)?.[1]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function keyEntries(value: unknown): KeyEntry[] {
  const entries: KeyEntry[] = [];
  for (const item of listOf(value)) {
    if (typeof item !== 'string') continue;
    const text = item.slice(0, maxParsedChars);
    if (!text.includes('KeyIdentifier=') && !text.includes('KeyType=')) continue; // not a key description
    const entry: KeyEntry = { identity: text };
    const keyId = field(keyIdField, text);
    if (keyId !== undefined) {
      entry.keyId = keyId;
      entry.identity = keyId.toLowerCase();
    }
    const keyType = field(keyTypeField, text);
    if (keyType !== undefined) entry.keyType = keyType;
    const usage = field(usageField, text);
    if (usage !== undefined) entry.usage = usage;
    const displayName = field(displayNameField, text);
    if (displayName !== undefined) entry.displayName = displayName;
    entries.push(entry);
  }
  return entries;
}

/** `secret` and `certificate` for the key types the directory logs; any other KeyType as it is. */
function credentialType(keyType: string): string {
  const lower = keyType.toLowerCase();
  if (lower === 'password' || lower === 'symmetric') return 'secret';
  if (lower.includes('x509') || lower.includes('cert')) return 'certificate';
  return keyType;
}

/**
 * The credential change of an event that logs `KeyDescription` (`Update application – Certificates and
 * secrets management `, `Add service principal credentials`, `Remove service principal credentials`):
 * the old and new lists of keys, compared by key id. Creating an app logs `[]` → `[]`: nothing added.
 */
export function credentialFacts(modified: ModifiedProperties): AuditCredential | undefined {
  const found = modified.find('KeyDescription');
  if (found === undefined) return undefined;
  const before = keyEntries(found.property.old);
  const after = keyEntries(found.property.new);
  const beforeIds = new Set(before.map((entry) => entry.identity));
  const afterIds = new Set(after.map((entry) => entry.identity));
  const added = after.filter((entry) => !beforeIds.has(entry.identity));
  const removed = before.filter((entry) => !afterIds.has(entry.identity));
  const credential: AuditCredential = {
    added: Math.min(added.length, maxDerivedItems),
    removed: Math.min(removed.length, maxDerivedItems),
  };
  const described = added[0] ?? removed[0];
  if (described?.keyType !== undefined) {
    credential.type = credentialType(described.keyType);
    credential.keyType = described.keyType;
  }
  if (described?.keyId !== undefined) credential.keyId = described.keyId;
  if (described?.usage !== undefined) credential.usage = described.usage;
  if (described?.displayName !== undefined) credential.displayName = described.displayName;
  // First only when the old list is logged and empty (`[]`); an old value we cannot read proves nothing.
  if (added.length > 0 && Array.isArray(found.property.old)) credential.first = before.length === 0;
  return credential;
}
