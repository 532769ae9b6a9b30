import { luaPrelude } from './lua-prelude.js';

/**
 * A rule without an aggregate. Mirrors MemoryStateStore.recordMatch.
 * KEYS: claims, throttle times, throttle suppressed, outcome.
 * ARGV: event id, time, claim retention, throttle forMs (0: none), throttle lateness, throttle ttl.
 * Returns {'duplicate'|'suppressed'} or {'alert'|'replayed', carried}.
 */
export const matchLua = `${luaPrelude}
local id, t = ARGV[1], tonumber(ARGV[2])
local _, replayed = claimOrReplay(KEYS[1], KEYS[4], id, t, tonumber(ARGV[3]))
if replayed then return replayed end
local carried = throttled(KEYS[2], KEYS[3], id, t, ARGV[4], ARGV[5], ARGV[6])
if carried < 0 then return { 'suppressed' } end
return remember(KEYS[4], ARGV[3], { 'alert', tostring(carried) })
`;
