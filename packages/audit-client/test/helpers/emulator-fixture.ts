import { GraphEmulator, Prng, type GraphEmulatorOptions } from '@b2c-alerts/testkit';
import { afterEach } from 'vitest';
import {
  GraphAuditReader,
  VirtualClock,
  createTokenProvider,
  type AuditReaderOptions,
  type TokenProvider,
} from '../../src/index.js';

export const start = Date.parse('2026-03-10T12:00:00Z');

export interface EmulatorFixture {
  clock: VirtualClock;
  emulator: GraphEmulator;
  tokenProvider: TokenProvider;
  /** A reader of the emulator on the fixture's clock, with seeded jitter (the same for every reader). */
  reader(options?: Partial<AuditReaderOptions>): GraphAuditReader;
}

/** A GraphEmulator whose clock is the reader's VirtualClock, and a token provider pointed at it. */
async function startEmulator(options: GraphEmulatorOptions): Promise<EmulatorFixture> {
  const clock = new VirtualClock(start);
  const emulator = await GraphEmulator.start({ now: () => clock.now(), ...options });
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
        ...o,
      });
    },
  };
}

/**
 * For a test file of readers against the emulator: returns the function a test calls to start its
 * emulator (see EmulatorFixture), and closes every emulator it started after each test.
 */
export function useEmulator(): (options?: GraphEmulatorOptions) => Promise<EmulatorFixture> {
  const started: GraphEmulator[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((emulator) => emulator.close()));
  });
  return async (options = {}) => {
    const fixture = await startEmulator(options);
    started.push(fixture.emulator);
    return fixture;
  };
}
