import { networkInterfaces } from 'node:os';
import { isLoopbackHost } from '@b2c-alerts/audit-client';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors/api-error.js';

/** A Host header split into its name (IPv6 bracketed, lower case) and port (undefined: none written). */
export function splitHost(host: string): { name: string; port: number | undefined } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!match) return undefined;
  return {
    name: match[1]!.toLowerCase().replace(/\.$/, ''),
    port: match[2] === undefined ? undefined : Number(match[2]),
  };
}

/** The names a wildcard bind (0.0.0.0, ::) is reached by: this machine's interface addresses. */
function interfaceNames(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined)
    .map((info) => (info.family === 'IPv6' ? `[${info.address.toLowerCase()}]` : info.address));
}

/**
 * Which Host headers the console answers (against DNS rebinding: a site that points its own name at
 * 127.0.0.1 sends its name as Host). Without a token only loopback names (localhost, 127.x.x.x, [::1])
 * with the console's port; with a token also the bound host (each interface address when it is a
 * wildcard) with the port, and `allowedHosts` (a name alone: any port, as behind a proxy; name:port: that one).
 */
export class HostCheck {
  #port: number | undefined;
  readonly #names: Set<string>;
  readonly #anyPort: Set<string>;
  readonly #exact: Set<string>;

  constructor(options: { host: string; port: number; token: boolean; allowedHosts: readonly string[] }) {
    this.#port = options.port === 0 ? undefined : options.port;
    this.#names = new Set();
    this.#anyPort = new Set();
    this.#exact = new Set();
    if (!options.token) return;
    const bound = splitHost(
      options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host,
    );
    if (bound && (bound.name === '0.0.0.0' || bound.name === '[::]')) {
      for (const name of interfaceNames()) this.#names.add(name);
    } else if (bound) this.#names.add(bound.name);
    for (const allowed of options.allowedHosts) {
      const split = splitHost(allowed);
      if (!split) continue;
      if (split.port === undefined) this.#anyPort.add(split.name);
      else this.#exact.add(`${split.name}:${split.port}`);
    }
  }

  /** The port the server listens on, once known (startConsole with port 0). */
  listening(port: number): void {
    this.#port = port;
  }

  allows(host: string): boolean {
    const split = splitHost(host);
    if (!split) return false;
    if (this.#anyPort.has(split.name)) return true;
    if (split.port !== undefined && this.#exact.has(`${split.name}:${split.port}`)) return true;
    if (!isLoopbackHost(split.name) && !this.#names.has(split.name)) return false;
    // The port a browser leaves out is 80; before listening (a bare fetch handler) any port will do.
    return this.#port === undefined || (split.port ?? 80) === this.#port;
  }
}

/** First on every route: a Host the console does not answer to gets 421 `host_not_allowed`. */
export function hostCheckMiddleware(check: HostCheck): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!check.allows(host)) {
      throw new ApiError(
        421,
        'host_not_allowed',
        'host: the console does not answer to this Host name; open it by its own address, or list the name with --allowed-host.',
        { field: 'host' },
      );
    }
    return next();
  };
}
