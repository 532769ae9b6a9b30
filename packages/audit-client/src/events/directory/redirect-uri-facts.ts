import type { AuditRedirectUris } from '../audit-event.js';
import { addedItems, listOf, maxUriLength } from './directory-values.js';
import type { ModifiedProperties } from './modified-properties.js';

/** The addresses of an AppAddress value: `[{ "AddressType": 0, "Address": "https://…", … }]`. */
function addresses(value: unknown): string[] {
  const uris: string[] = [];
  for (const item of listOf(value)) {
    const address =
      typeof item === 'string'
        ? item
        : item !== null && typeof item === 'object' && typeof (item as { Address?: unknown }).Address === 'string'
          ? (item as { Address: string }).Address
          : undefined;
    if (address === undefined || address.trim() === '') continue;
    uris.push(address.length > maxUriLength ? `${address.slice(0, maxUriLength - 1)}…` : address);
  }
  return uris;
}

/** The redirect URIs an `AppAddress` change added and removed (old and new are the whole lists). */
export function redirectUriFacts(modified: ModifiedProperties): AuditRedirectUris | undefined {
  const found = modified.find('AppAddress');
  if (found === undefined) return undefined;
  const before = addresses(found.property.old);
  const after = addresses(found.property.new);
  return { added: addedItems(before, after), removed: addedItems(after, before) };
}
