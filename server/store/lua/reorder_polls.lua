-- Puts an event's polls in a new order; the new order must name every poll exactly once.
-- KEYS: 1 event's poll list.  ARGV: the poll ids in their new order
local current = redis.call('LRANGE', KEYS[1], 0, -1)
if #current ~= #ARGV then return 'order_mismatch' end
local wanted = {}
for _, pid in ipairs(ARGV) do
  if wanted[pid] then return 'order_mismatch' end
  wanted[pid] = true
end
for _, pid in ipairs(current) do
  if not wanted[pid] then return 'order_mismatch' end
end
if #ARGV == 0 then return 'ok' end
redis.call('DEL', KEYS[1])
redis.call('RPUSH', KEYS[1], unpack(ARGV))
return 'ok'
