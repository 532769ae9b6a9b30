import { EmulatorFixture, Prng, type GraphEmulator, type GraphEmulatorOptions } from '@b2c-alerts/testkit';
import { afterEach } from 'vitest';
import {
  GraphAuditReader,
  VirtualClock,
  createTokenProvider,
  type AuditReaderOptions,
  type TokenProvider,
} from '../../src/index.js';

export const start = Date.parse('2026-03-10T12:00:00Z');

/** An emulator on a virtual clock, and readers of it (testkit's EmulatorFixture runs the emulator). */
export interface ReaderFixture {
  clock: VirtualClock;
  emulator: GraphEmulator;
  tokenProvider: TokenProvider;
  /**
   * A reader of the emulator on the fixture's clock, with seeded jitter (the same for every reader). It
   * reads B2C only unless `services` says otherwise: the tests of paging, retries and faults count
   * requests for one service; the tests of reading several services pass their own.
   */
  reader(options?: Partial<AuditReaderOptions>): GraphAuditReader;
}

/** A GraphEmulator whose clock is the reader's VirtualClock, and a token provider pointed at it. */
async function startEmulator(fixture: EmulatorFixture, options: GraphEmulatorOptions): Promise<ReaderFixture> {
  const clock = new VirtualClock(start);
  const emulator = await fixture.startWith({ now: () => clock.now(), ...options });
  const tokenProvider = createTokenProvider({
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    authorityHost: emulator.url,
    graphBaseUrl: emulator.url,
  });
  return {
    clock,
    emulator,
    tokenProvider,
    reader: (o = {}) => {
      const jitter = new Prng(7);
      return new GraphAuditReader({
        tokenProvider,
        graphBaseUrl: emulator.url,
        clock,
        random: () => jitter.next(),
        services: ['B2C'],
        ...o,
      });
    },
  };
}

/**
 * For a test file of readers against the emulator: returns the function a test calls to start its
 * emulator (see ReaderFixture), and closes every emulator it started after each test.
 */
export function useEmulator(): (options?: GraphEmulatorOptions) => Promise<ReaderFixture> {
  const started: EmulatorFixture[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((fixture) => fixture.close()));
  });
  return async (options = {}) => {
    const fixture = new EmulatorFixture();
    started.push(fixture);
    return startEmulator(fixture, options);
  };
}
