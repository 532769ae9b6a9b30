import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';
import { recordPrelude } from './record-prelude.js';

export const matchLua: LuaScript<5, 12, StateReply> = {
  numberOfKeys: 5,
  numberOfArgs: 12,
  lua: `--[[
  Records an event of a rule without an aggregate. Mirrors MemoryStateStore.recordMatch.

  Input:
    KEYS[1..5], ARGV[1..10] the record head and the throttle (recordPrelude); its groups are the
      rule's throttle keys (ARGV[7] the throttle key)
    ARGV[11..12] key prefixes of a throttle key's times and suppressed count (the key follows)

  Output:
    {reply, evicted}, the reply {'duplicate'|'suppressed'} or {'alert'|'replayed', carried}
]]
${luaPrelude}
${recordPrelude}
local function run()
local id, t, _, g, index, maxGroups = recordHead()
local _, replayed = claimOrReplay()
if replayed then return replayed end
local carried = throttled(id, t)
-- Its groups are its throttle keys, kept as long as the throttle's state (ARGV[8] forMs, ARGV[10] ttl).
if tonumber(ARGV[8]) > 0 then
  track(index, g, t, maxGroups, tonumber(ARGV[10]), function(member)
    deleteUnder({ ARGV[11], ARGV[12] }, member)
  end)
end
if carried < 0 then return { 'suppressed' } end
return remember({ 'alert', tostring(carried) })
end
return wrapReply(run())
`,
};
