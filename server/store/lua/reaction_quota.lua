-- What one participant sent to an event (reactions and bytes), kept within its caps.
-- KEYS: 1 the event's reaction quota hash (participant -> reactions sent, participant:bytes -> bytes),
--       2 the event hash (nothing is kept for an event being erased)
-- ARGV: 1 participant, 2 bytes of this reaction, 3 "take" or "give_back", 4 most reactions, 5 most bytes
-- take: 1 when taken, 0 when the participant sent as many reactions as allowed, -1 when the bytes
-- would pass the cap; give_back (a reaction refused after all): 1. Both: -2 when the event is gone.
if redis.call('EXISTS', KEYS[2]) == 0 then return -2 end
local count_field, bytes_field = ARGV[1], ARGV[1] .. ':bytes'
if ARGV[3] == 'give_back' then
  redis.call('HINCRBY', KEYS[1], count_field, -1)
  redis.call('HINCRBY', KEYS[1], bytes_field, -tonumber(ARGV[2]))
  return 1
end
local count = tonumber(redis.call('HGET', KEYS[1], count_field) or '0')
local used = tonumber(redis.call('HGET', KEYS[1], bytes_field) or '0')
if count >= tonumber(ARGV[4]) then return 0 end
if used + tonumber(ARGV[2]) > tonumber(ARGV[5]) then return -1 end
redis.call('HINCRBY', KEYS[1], count_field, 1)
redis.call('HINCRBY', KEYS[1], bytes_field, ARGV[2])
return 1
