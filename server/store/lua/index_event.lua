-- Builds an event's per-participant and shown-questions indexes from what it holds: once, for an
-- event stored before they existed (from then on every write keeps them). Atomic, so nothing
-- written meanwhile is missed; O(questions + upvotes + reactions), a few ms per thousand.
-- KEYS: 1 event hash, 2 the indexes flag, 3 event's questions sorted set (by upvotes),
--       4 event's reactions sorted set, 5 the questions phones see (ranked)
-- ARGV: 1 the event's key prefix "hetki:{EVENT}:", 2.. the question states phones see
-- The per-question and per-participant keys are built from the prefix as store/keys.py builds
-- them (all in the event's hash slot); tests/test_phone_state.py checks both agree.
-- Returns 0 when the event is gone (erasure wins: nothing is written), else 1.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local prefix = ARGV[1]
local shown = {}
for i = 2, #ARGV do shown[ARGV[i]] = true end
local function own(participant, what) return prefix .. 'participant:' .. participant .. ':' .. what end

local ranked = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
for i = 1, #ranked, 2 do
  local qid, upvotes = ranked[i], tonumber(ranked[i + 1])
  local question = prefix .. 'question:' .. qid
  local fields = redis.call('HMGET', question, 'participant', 'created_at', 'state')
  if fields[1] then
    local created = tonumber(fields[2])
    redis.call('ZADD', own(fields[1], 'questions'), fields[2], qid)
    if shown[fields[3]] then
      local score = upvotes * 4294967296 + 4294967295 - math.floor(created / 1000)
      redis.call('ZADD', KEYS[5], string.format('%.0f', score), qid)
    end
    for _, voter in ipairs(redis.call('SMEMBERS', question .. ':upvoters')) do
      redis.call('SADD', own(voter, 'upvoted'), qid)
    end
  end
end

local rids = redis.call('ZRANGE', KEYS[4], 0, -1, 'WITHSCORES')
for i = 1, #rids, 2 do
  local participant = redis.call('HGET', prefix .. 'reaction:' .. rids[i], 'participant')
  if participant then redis.call('ZADD', own(participant, 'reactions'), rids[i + 1], rids[i]) end
end
redis.call('SET', KEYS[2], '1')
return 1
