import type { LuaScript } from './define-scripts.js';
import { luaPrelude, type StateReply } from './lua-prelude.js';

export const matchLua: LuaScript<5, 12, StateReply> = {
  numberOfKeys: 5,
  numberOfArgs: 12,
  lua: `--[[
  Records an event of a rule without an aggregate. Mirrors MemoryStateStore.recordMatch.

  Input:
    KEYS[1..5], ARGV[1..10] the record head (recordHead in the prelude); its groups are the rule's
      throttle keys (ARGV[10] the throttle key)
    ARGV[11..12] key prefixes of a throttle key's times and suppressed count (the key follows)

  Output:
    {reply, evicted}, the reply {'duplicate'|'suppressed'} or {'alert'|'replayed', carried}
]]
${luaPrelude}
local function run()
local h = recordHead()
local _, replayed = claimOrReplay(h)
if replayed then return replayed end
local carried = throttled(h, h.id, h.t)
if tonumber(h.throttleFor) > 0 then
  track(h.index, h.group, h.t, h.maxGroups, tonumber(h.throttleTtl), function(member)
    deleteUnder({ ARGV[11], ARGV[12] }, member)
  end)
end
if carried < 0 then return { 'suppressed' } end
return remember(h, { 'alert', tostring(carried) })
end
return wrapReply(run())
`,
};
