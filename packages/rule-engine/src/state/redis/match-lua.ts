import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';

export const matchLua: LuaScript<5, 11, StateReply> = {
  numberOfKeys: 5,
  numberOfArgs: 11,
  lua: `--[[
  Records an event of a rule without an aggregate. Mirrors MemoryStateStore.recordMatch.

  Input:
    KEYS[1] claims
    KEYS[2] throttle times
    KEYS[3] throttle suppressed
    KEYS[4] outcome
    KEYS[5] group index (zset: throttle key -> newest time)

    ARGV[1] event id
    ARGV[2] time
    ARGV[3] claim retention
    ARGV[4] throttle forMs (0: none)
    ARGV[5] throttle lateness
    ARGV[6] throttle ttl
    ARGV[7] max claims
    ARGV[8] max groups (throttle keys)
    ARGV[9] throttle key
    ARGV[10..11] key prefixes of a throttle key's times and suppressed count (the key follows)

  Output:
    {reply, evicted}, the reply {'duplicate'|'suppressed'} or {'alert'|'replayed', carried}
]]
${luaPrelude}
local function run()
local id, t = ARGV[1], tonumber(ARGV[2])
local _, replayed = claimOrReplay(KEYS[1], KEYS[4], id, t, tonumber(ARGV[3]), ARGV[7])
if replayed then return replayed end
local carried = throttled(KEYS[2], KEYS[3], id, t, ARGV[4], ARGV[5], ARGV[6])
if tonumber(ARGV[4]) > 0 then
  track(KEYS[5], ARGV[9], t, tonumber(ARGV[8]), tonumber(ARGV[6]), function(member)
    deleteUnder({ ARGV[10], ARGV[11] }, member)
  end)
end
if carried < 0 then return { 'suppressed' } end
return remember(KEYS[4], ARGV[3], { 'alert', tostring(carried) })
end
return wrapReply(run())
`,
};
