-- One broadcaster tick for one live poll, in one round trip: hold (or take) the poll's
-- broadcaster lock, take its dirty flag, and read the poll with its tally when results are due.
-- KEYS: 1 lock, 2 dirty flag, 3 poll hash, 4 counts hash, 5 votes hash, 6 results seq
-- ARGV: 1 this process's holder id, 2 lock ttl (ms), 3 '1' when results are due anyway
-- Returns false when another process holds the lock, else {dirty, poll[, counts, total, seq]}.
-- A poll deleted (or its event erased) after this tick read the live-polls set: write nothing, or
-- the lock and seq keys would outlive the erasure.
if redis.call('EXISTS', KEYS[3]) == 0 then return {0, {}} end
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return false end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local dirty = redis.call('GETDEL', KEYS[2])
local poll = redis.call('HGETALL', KEYS[3])
if not dirty and ARGV[3] ~= '1' then return {0, poll} end
return {dirty and 1 or 0, poll, redis.call('HGETALL', KEYS[4]), redis.call('HLEN', KEYS[5]),
        redis.call('INCR', KEYS[6])}
