import { b2cActivityCatalog } from './activity-catalog.js';
import { directoryActivityCatalog } from './directory-activity-catalog.js';

/**
 * True when `name` is, character for character (case and spaces included), an activity name the
 * catalogues hold: B2C's and the Core Directory's, as Graph writes them. `events --graph` pushes an
 * `--activity` down to Graph only then, since Graph's `eq` may compare case-sensitively.
 */
export function isKnownActivity(name: string): boolean {
  return Object.hasOwn(b2cActivityCatalog, name) || Object.hasOwn(directoryActivityCatalog, name);
}
