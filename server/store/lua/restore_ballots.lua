-- Writes restored ballots into a poll a restore has just made (a draft: nobody can vote on it),
-- with what vote.lua would have kept beside them: the counts, the seen set, the answers' time
-- index, quiz points and the leaderboard, and the moderation state of open answers.
-- KEYS: 1 poll hash, 2 votes hash, 3 counts hash, 4 dirty flag, 5 quiz points hash,
--       6 event leaderboard, 7 seen set, 8 answers (sorted set), 9 moderation hash
-- ARGV: 1 JSON [{p: participant, r: record (a Ballot's JSON), c: its vote id, t: answered at (ms),
--       k: [[count field, amount], ...], s: quiz points or absent, m: moderation state or absent}]
-- The caller checked every row first (one row per participant and poll): a refusal here means the
-- poll is no longer the restore's draft, and nothing of the batch is written.
local poll = KEYS[1]
if redis.call('HGET', poll, 'state') ~= 'draft' then return 'poll_not_draft' end
local rows = cjson.decode(ARGV[1])
for _, row in ipairs(rows) do
  if redis.call('HEXISTS', KEYS[2], row.p) == 1 then return 'duplicate_participant' end
end
local indexed = redis.call('HGET', poll, 'answer_index') == '1'
for _, row in ipairs(rows) do
  redis.call('HSET', KEYS[2], row.p, row.r)
  for _, pair in ipairs(row.k) do
    redis.call('HINCRBY', KEYS[3], pair[1], pair[2])
  end
  redis.call('SADD', KEYS[7], row.p .. '|' .. row.c)
  if indexed then redis.call('ZADD', KEYS[8], row.t, row.p) end
  if row.s ~= nil and row.s ~= cjson.null then
    redis.call('HSET', KEYS[5], row.p, row.s)
    redis.call('ZINCRBY', KEYS[6], row.s, row.p)
  end
  if row.m ~= nil and row.m ~= cjson.null then redis.call('HSET', KEYS[9], row.c, row.m) end
end
redis.call('SET', KEYS[4], '1')
return 'ok'
