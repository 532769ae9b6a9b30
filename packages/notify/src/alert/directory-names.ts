import type { Alert } from './alert.js';
import { sanitizeText } from '../escape/sanitize-text.js';

/** The display name Graph gave an application or service-principal id the alert shows. */
export interface DirectoryName {
  id: string;
  /** Untrusted: whoever may register an application chooses it. */
  name: string;
}

/** Names kept per alert: an alert shows a handful of ids (actor, target, a few fields). */
const maxNames = 10;
/**
 * Long enough for any real application name; short enough that "Name (id)" keeps the id inside the
 * renderers' 300-character values.
 */
const nameLength = 120;
const idLength = 100;

/**
 * The alert with `names` attached, each cleaned (no control, bidi or invisible characters, one line) and
 * bounded, at most 10, one per id. Renderers then show "Name (id)" wherever the alert shows that id; the
 * name is escaped like all event text. Without a usable name the alert is returned as it is.
 */
export function withDirectoryNames(alert: Alert, names: readonly DirectoryName[]): Alert {
  const kept: DirectoryName[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    if (kept.length >= maxNames) break;
    const id = sanitizeText(n.id, { singleLine: true, maxLength: idLength });
    const name = sanitizeText(n.name, { singleLine: true, maxLength: nameLength }).trim();
    if (id === '' || name === '' || name.toLowerCase() === id.toLowerCase() || seen.has(id.toLowerCase())) continue;
    seen.add(id.toLowerCase());
    kept.push({ id, name });
  }
  return kept.length === 0 ? alert : { ...alert, names: kept };
}

/** "Name (value)" when `value` is an id the alert has a name for, else the value as it is. */
export function namer(alert: Pick<Alert, 'names'>): (value: string) => string {
  const byId = new Map((alert.names ?? []).map((n) => [n.id.toLowerCase(), n.name]));
  if (byId.size === 0) return (value) => value;
  return (value) => {
    const name = byId.get(value.toLowerCase());
    return name === undefined ? value : `${name} (${value})`;
  };
}
