-- Opens a survey until closes_at: its polls take answers at each phone's own pace (state 'open',
-- the survey's closes_at, which vote.lua enforces) without being the event's live poll. Opening an
-- open survey again moves its closing time.
-- KEYS: 1 event hash, 2 survey hash, 3.. the survey's poll hashes (in the order of ARGV 4..)
-- ARGV: 1 survey id, 2 now (ms), 3 closes_at (ms), 4.. the poll ids
-- Returns 'ok', or a refusal: event_not_found, survey_not_found, poll_not_found, poll_live,
-- poll_in_survey (open in another survey). A quiz never gets here (domain/surveys.py refuses it).
if redis.call('EXISTS', KEYS[1]) == 0 then return 'event_not_found' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'survey_not_found' end
local sid, now, closes_at = ARGV[1], ARGV[2], ARGV[3]
local live = redis.call('HGET', KEYS[1], 'live_poll') or ''
for i = 3, #KEYS do
  local pid = ARGV[i + 1]
  local poll = redis.call('HMGET', KEYS[i], 'state', 'survey')
  if not poll[1] then return 'poll_not_found' end
  if pid == live then return 'poll_live' end
  if poll[1] == 'open' and poll[2] ~= sid then return 'poll_in_survey' end
end
for i = 3, #KEYS do
  redis.call('HSET', KEYS[i], 'state', 'open', 'opened_at', now, 'closes_at', closes_at, 'survey', sid)
end
redis.call('HSET', KEYS[2], 'state', 'open', 'opened_at', now, 'closes_at', closes_at)
redis.call('HDEL', KEYS[2], 'closed_at')
-- the event's open surveys, read with the event by every phone's state (store/phone_state.py)
local open = cjson.decode(redis.call('HGET', KEYS[1], 'open_surveys') or '[]')
local kept = {}
for _, entry in ipairs(open) do
  if entry.id ~= sid and tonumber(entry.closes_at) > tonumber(now) then table.insert(kept, entry) end
end
local ids = {}
for i = 4, #ARGV do table.insert(ids, ARGV[i]) end
table.insert(kept, {id = sid, opened_at = tonumber(now), closes_at = tonumber(closes_at), poll_ids = ids})
redis.call('HSET', KEYS[1], 'open_surveys', cjson.encode(kept))
return 'ok'
