-- Reserves a nickname (case-folded) for one participant, only while the event exists: a phone
-- still connected to an erased event must not re-create its nicknames hash.
-- KEYS: 1 event hash, 2 nicknames hash (folded nickname -> participant)
-- ARGV: 1 folded nickname, 2 participant
-- Returns 1 claimed (or theirs already), 0 someone else's, -1 no such event.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local owner = redis.call('HGET', KEYS[2], ARGV[1])
if owner and owner ~= ARGV[2] then return 0 end
if not owner then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
return 1
