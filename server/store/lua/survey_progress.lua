-- Records where one participant is in an open survey, or that they finished it. O(1) per call and
-- one small record per participant whatever a phone sends: a position is an index of the survey's
-- polls, and finishing again changes nothing (the ticket, a place in the finishing order, is kept).
-- KEYS: 1 survey hash, 2 progress hash (participant -> record), 3 finishers list
-- ARGV: 1 participant, 2 now (ms), 3 'position' or 'finish', 4 the position (for 'position')
-- Returns {'ok', record json} or {'err', code}.
local survey = redis.call('HMGET', KEYS[1], 'state', 'closes_at', 'size')
if not survey[1] then return {'err', 'survey_not_found'} end
if survey[1] ~= 'open' then return {'err', 'survey_closed'} end
local now = tonumber(ARGV[2])
if now > tonumber(survey[2]) then return {'err', 'time_up'} end
local raw = redis.call('HGET', KEYS[2], ARGV[1])
local record = raw and cjson.decode(raw) or {p = 0, m = 0, s = now}
if ARGV[3] == 'position' then
  local position = tonumber(ARGV[4])
  if position >= tonumber(survey[3]) then return {'err', 'invalid_position'} end
  record.p = position
  record.m = math.max(record.m, position)
elseif not record.f then
  record.t = redis.call('RPUSH', KEYS[3], ARGV[1])
  record.f = now
end
raw = cjson.encode(record)
redis.call('HSET', KEYS[2], ARGV[1], raw)
return {'ok', raw}
