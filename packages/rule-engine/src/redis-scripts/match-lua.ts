import { luaPrelude } from './lua-prelude.js';

/**
 * A rule without an aggregate. Mirrors MemoryStateStore.recordMatch.
 * KEYS: claims, throttle times, throttle suppressed.
 * ARGV: event id, time, claim retention, throttle forMs (0: none), throttle lateness, throttle ttl.
 */
export const matchLua = `${luaPrelude}
local id, t = ARGV[1], tonumber(ARGV[2])
if claim(KEYS[1], id, t, tonumber(ARGV[3])) == 'duplicate' then return { 'duplicate' } end
local carried = throttled(KEYS[2], KEYS[3], id, t, ARGV[4], ARGV[5], ARGV[6])
if carried < 0 then return { 'suppressed' } end
return { 'alert', tostring(carried) }
`;
