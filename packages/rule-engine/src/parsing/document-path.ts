/** A place in a parsed document: mapping keys and list indexes from the root. */
export type DocumentPath = ReadonlyArray<string | number>;

/** `match.all[0].fact`: how a path reads in a message. */
export function formatPath(path: DocumentPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
