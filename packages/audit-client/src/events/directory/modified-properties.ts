import type { AuditTarget, ModifiedProperty } from '../audit-event.js';
import { textOf } from './directory-values.js';

/** A modified property and the target that carries it. */
export interface FoundProperty {
  target: AuditTarget;
  property: ModifiedProperty;
}

/**
 * The modified properties of an event by name, case-insensitively; the first occurrence wins (a name
 * is logged once per record in every sample we know). Built once per event, in one pass over its targets.
 */
export class ModifiedProperties {
  private readonly byName = new Map<string, FoundProperty>();

  constructor(targets: readonly AuditTarget[]) {
    for (const target of targets) {
      for (const property of target.modified) {
        const key = property.name.toLowerCase();
        if (key !== '' && !this.byName.has(key)) this.byName.set(key, { target, property });
      }
    }
  }

  get size(): number {
    return this.byName.size;
  }

  find(name: string): FoundProperty | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** The property's value as one text: the new one, else the old one (a removal logs only the old). */
  text(name: string): string | undefined {
    const found = this.find(name);
    if (found === undefined) return undefined;
    return textOf(found.property.new) ?? textOf(found.property.old);
  }
}
