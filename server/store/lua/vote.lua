-- Records, moves or dedupes one participant's vote on one poll, atomically.
-- KEYS: 1 poll hash, 2 votes hash (participant -> record), 3 counts hash, 4 dirty flag,
--       5 quiz points hash (participant -> points), 6 event leaderboard (sorted set),
--       7 seen set ("participant|client_vote_id" of every vote counted on this poll),
--       8 answers (sorted set: participant by time), kept when the poll hash has answer_index = 1
-- ARGV: 1 participant, 2 client_vote_id, 3 record json {c, v, k}, 4 now (ms),
--       5 the poll's revision the caller checked the value against, 6.. pairs of count field and increment
-- A retry of ANY earlier client_vote_id is a duplicate, not a change: a delayed retry of the
-- first vote must not undo a newer one (latest intent wins). Ids match [A-Za-z0-9_-], so "|"
-- cannot occur in either half.
local poll = KEYS[1]
local state = redis.call('HGET', poll, 'state')
if not state then return {'err', 'poll_not_found'} end
local closes_at = tonumber(redis.call('HGET', poll, 'closes_at') or '0')
-- past its closing time a poll says so, whether or not it was closed yet (a survey closes on time)
if closes_at > 0 and tonumber(ARGV[4]) > closes_at and state ~= 'draft' then return {'err', 'time_up'} end
if state ~= 'open' then return {'err', 'poll_closed'} end
-- the caller's cached definition is older than an edit: it must check the value again
if (redis.call('HGET', poll, 'rev') or '0') ~= ARGV[5] then return {'err', 'stale_definition'} end

local free_fields = redis.call('HGET', poll, 'free_fields') == '1'
if not free_fields then
  for i = 6, #ARGV, 2 do
    if redis.call('HEXISTS', KEYS[3], ARGV[i]) == 0 then return {'err', 'invalid_option'} end
  end
end

local seen = ARGV[1] .. '|' .. ARGV[2]
if redis.call('SISMEMBER', KEYS[7], seen) == 1 then return {'ok', 'duplicate'} end
local previous = redis.call('HGET', KEYS[2], ARGV[1])
local outcome = 'new'
if previous then
  local record = cjson.decode(previous)
  if record.c == ARGV[2] then return {'ok', 'duplicate'} end
  -- a ballot cast before the seen set existed: remember its id too
  redis.call('SADD', KEYS[7], ARGV[1] .. '|' .. record.c)
  if redis.call('HGET', poll, 'locked_votes') == '1' then return {'err', 'already_voted'} end
  for _, pair in ipairs(record.k) do
    local left = redis.call('HINCRBY', KEYS[3], pair[1], -tonumber(pair[2]))
    if free_fields and left <= 0 then redis.call('HDEL', KEYS[3], pair[1]) end
  end
  outcome = 'changed'
end
for i = 6, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('SADD', KEYS[7], seen)
-- the broadcaster reads an open poll's newest answers from here, not the whole votes hash
if redis.call('HGET', poll, 'answer_index') == '1' then redis.call('ZADD', KEYS[8], ARGV[4], ARGV[1]) end
redis.call('SET', KEYS[4], '1')

-- a quiz answer scores once (quiz votes are locked): 0 if wrong, 1000 falling to 500 with time
local correct = redis.call('HGET', poll, 'correct')
if correct then
  local points = 0
  if ARGV[6] == correct then
    local opened = tonumber(redis.call('HGET', poll, 'opened_at'))
    local limit = tonumber(redis.call('HGET', poll, 'time_limit_ms'))
    local elapsed = math.min(math.max(tonumber(ARGV[4]) - opened, 0), limit)
    points = math.floor(1000 - 500 * elapsed / limit + 0.5)
  end
  redis.call('HSET', KEYS[5], ARGV[1], points)
  redis.call('ZINCRBY', KEYS[6], points, ARGV[1])
end
return {'ok', outcome}
