-- Keeps the insights a worker made for an event, unless the event was erased meanwhile, and ends its
-- "a worker is making them" flag (a job queued meanwhile stays queued).
-- KEYS: 1 the event hash, 2 the event's insights, 3 its "a job is running" flag
-- ARGV: 1 the insights as JSON ({digest, made_at, insights})
-- Returns 1 when kept, 0 when the event is gone.
redis.call('DEL', KEYS[3])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1
