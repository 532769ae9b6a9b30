/** A console location: the path of the hash (`#/events`, `#/alerts/<id>`) and its query. */
export interface Route {
  /** Decoded path segments, e.g. ['alerts', 'a1']; empty for `#/`. */
  path: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, '');
  const q = body.indexOf('?');
  const pathPart = q === -1 ? body : body.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : body.slice(q + 1));
  const path = pathPart
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { path, query };
}

export function buildHash(path: string[], query?: URLSearchParams): string {
  const qs = query?.toString() ?? '';
  return `#/${path.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}
