-- Sets a question's fields and whether phones see it, atomically with upvotes (upvote.lua).
-- KEYS: 1 question hash, 2 event's questions sorted set (by upvotes), 3 the questions phones see
-- ARGV: 1 question id, 2 '1' shown or '0' not, 3.. field, value pairs
-- Returns 0 for no such question, else 1.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
if ARGV[2] == '1' then
  local upvotes = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]) or '0')
  local created = tonumber(redis.call('HGET', KEYS[1], 'created_at'))
  -- store/questions.py shown_score; '%.0f' keeps every digit (tostring keeps 14)
  local score = upvotes * 4294967296 + 4294967295 - math.floor(created / 1000)
  redis.call('ZADD', KEYS[3], string.format('%.0f', score), ARGV[1])
else
  redis.call('ZREM', KEYS[3], ARGV[1])
end
return 1
