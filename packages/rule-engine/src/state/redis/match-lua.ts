import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';

export const matchLua: LuaScript<4, 6, StateReply> = {
  numberOfKeys: 4,
  numberOfArgs: 6,
  lua: `--[[
  Records an event of a rule without an aggregate. Mirrors MemoryStateStore.recordMatch.

  Input:
    KEYS[1] claims
    KEYS[2] throttle times
    KEYS[3] throttle suppressed
    KEYS[4] outcome

    ARGV[1] event id
    ARGV[2] time
    ARGV[3] claim retention
    ARGV[4] throttle forMs (0: none)
    ARGV[5] throttle lateness
    ARGV[6] throttle ttl

  Output:
    {'duplicate'|'suppressed'} or {'alert'|'replayed', carried}
]]
${luaPrelude}
local id, t = ARGV[1], tonumber(ARGV[2])
local _, replayed = claimOrReplay(KEYS[1], KEYS[4], id, t, tonumber(ARGV[3]))
if replayed then return replayed end
local carried = throttled(KEYS[2], KEYS[3], id, t, ARGV[4], ARGV[5], ARGV[6])
if carried < 0 then return { 'suppressed' } end
return remember(KEYS[4], ARGV[3], { 'alert', tostring(carried) })
`,
};
