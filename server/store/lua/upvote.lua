-- One upvote per participant per question; a repeat or a retry changes nothing.
-- KEYS: 1 question hash, 2 upvoters set, 3 event's questions sorted set (by upvotes)
-- ARGV: 1 participant, 2 question id
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZINCRBY', KEYS[3], 1, ARGV[2])
end
return tonumber(redis.call('ZSCORE', KEYS[3], ARGV[2]))
