import { GraphEmulator, type GraphEmulatorOptions } from '@b2c-alerts/testkit';
import { GraphAuditReader, VirtualClock, createTokenProvider, type AuditReaderOptions, type TokenProvider } from '../../src/index.js';
import { seededRandom } from './seeded-random.js';

export const start = Date.parse('2026-03-10T12:00:00Z');

export interface EmulatorFixture {
  clock: VirtualClock;
  emulator: GraphEmulator;
  tokenProvider: TokenProvider;
  reader(options?: Partial<AuditReaderOptions>): GraphAuditReader;
}

/** A GraphEmulator whose clock is the reader's VirtualClock, and a token provider pointed at it. */
export async function startEmulator(options: GraphEmulatorOptions = {}): Promise<EmulatorFixture> {
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
    reader: (o = {}) => new GraphAuditReader({ tokenProvider, graphBaseUrl: emulator.url, clock, random: seededRandom(7), ...o }),
  };
}
