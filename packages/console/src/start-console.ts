import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { createConsole } from './create-console.js';
import type { ConsoleOptions } from './console-options.js';
import { ConsoleError } from './errors/console-error.js';

export interface RunningConsole {
  /** Where it listens, e.g. http://127.0.0.1:8787/ */
  url: string;
  /** Idempotent: stops listening, ends open connections, closes the engines. */
  close(): Promise<void>;
}

/** Builds the console (createConsole) and listens on its host and port (0: any free port). */
export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const handler = await createConsole(options);
  const server = createAdaptorServer({ fetch: handler.fetch, hostname: options.host ?? '127.0.0.1' }) as Server;
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    handler.close();
    throw new ConsoleError(
      'CONSOLE_ERR_LISTEN',
      `The console could not listen on ${host}:${options.port ?? 0} (${(error as Error).message}); choose another --port or --host.`,
      { cause: error },
    );
  }
  const address = server.address() as AddressInfo;
  handler.listening(address.port);
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${address.port}/`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => handler.close())),
  };
}
