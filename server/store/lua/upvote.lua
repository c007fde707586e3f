-- One upvote per participant per question; a repeat or a retry changes nothing.
-- KEYS: 1 question hash, 2 upvoters set, 3 event's questions sorted set (by upvotes),
--       4 the questions phones see (ranked by shown score, see store/questions.py),
--       5 the participant's upvoted questions (set)
-- ARGV: 1 participant, 2 question id
-- A shown score is upvotes * 2^32 + a tiebreak below 2^32, so one upvote adds 2^32 to it.
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZINCRBY', KEYS[3], 1, ARGV[2])
  redis.call('SADD', KEYS[5], ARGV[2])
  if redis.call('ZSCORE', KEYS[4], ARGV[2]) then redis.call('ZINCRBY', KEYS[4], 4294967296, ARGV[2]) end
end
return tonumber(redis.call('ZSCORE', KEYS[3], ARGV[2]))
