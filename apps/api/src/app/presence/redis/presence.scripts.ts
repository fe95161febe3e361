/**
 * The Lua scripts behind RedisPresenceService: every transition of the shared presence
 * state runs as ONE script, so it is atomic across instances.
 *
 * KEYS (each a key-name prefix, so ioredis adds REDIS_KEY_PREFIX to them):
 *   KEYS[1] `presence:`  the presence keys (below)
 *   KEYS[2] `instance:`  heartbeat of each instance (`instance:<id>`, PX)
 *   KEYS[3] `load:`      present while that instance's measured load holds admission back
 *   KEYS[4] `cooldown:`  the placement gate's charges (`cooldown:<user>` = fullAt, see common/charges.ts)
 * Under `presence:`:
 *   u:<user>      hash: ph (q|p), ss (session), in + so (instance and socket of the live
 *                 socket; '' while stalled), la (last action), dl (deadline), cd (cooldown
 *                 end), tk (queue ticket), v (version, +1 per change)
 *   queue         zset user → ticket (FIFO; position = rank + 1)
 *   players       set of playing users (SCARD against MAX_PLAYERS)
 *   stalled       set of tracked users without a live socket
 *   deadlines     zset user → next deadline (AFK of a player, end of a stalled queue place)
 *   on:<inst>     set of users whose live socket is on that instance (for the reaper)
 *   instances     set of instances that ran a tick
 *   seq, qrev     ticket counter; counter of removals from the queue (positions changed)
 *
 * Scripts that notify sockets return a header then 6-field events:
 *   instance, socket, kind, a, b, version
 * kinds: P playing (a = afkAt, b = chargesFullAt), R still playing after a placement or undo
 * (as P; the instance holding the socket sends at most one per tick), Q queued (a = position,
 * b = queue length), A afk (close), S superseded (close), K kicked (notice, afk, close).
 * Deadlines and times are the caller's clock (epoch ms), passed in ARGV.
 *
 * One Redis server (or a primary with replicas): the scripts touch keys they build
 * themselves, which Redis Cluster would refuse.
 */

const COMMON = `
local P, HB, LOAD = KEYS[1], KEYS[2], KEYS[3]
local QUEUE, PLAYERS, STALLED, DEADLINES = P .. 'queue', P .. 'players', P .. 'stalled', P .. 'deadlines'
local function ukey(uid) return P .. 'u:' .. uid end
local function push(out, inst, sock, kind, a, b, v)
  out[#out + 1] = inst; out[#out + 1] = sock; out[#out + 1] = kind
  out[#out + 1] = a; out[#out + 1] = b; out[#out + 1] = v
end
-- header fields, then the events (no unpack(): it is bounded by the Lua C stack)
local function reply(header, out)
  for i = 1, #out do header[#header + 1] = out[i] end
  return header
end
local function bump(uid) return redis.call('HINCRBY', ukey(uid), 'v', 1) end

local function untrack(uid, phase, inst)
  redis.call('DEL', ukey(uid))
  redis.call('ZREM', DEADLINES, uid)
  redis.call('SREM', STALLED, uid)
  if inst ~= '' then redis.call('SREM', P .. 'on:' .. inst, uid) end
  if phase == 'p' then
    redis.call('SREM', PLAYERS, uid)
  else
    redis.call('ZREM', QUEUE, uid)
    redis.call('INCR', P .. 'qrev')
  end
end

-- Admits live entries from the head of the queue while there is room. Entries without a
-- live socket, on an instance whose heartbeat expired or whose load holds admission back
-- are skipped and keep their place. Returns the number admitted. The calling instance's
-- own load verdict is published first (LOAD_TTL_MS; its tick renews it).
local SCAN_LIMIT, LOAD_TTL_MS = 2000, 3000
local function admit(now, afk, max, selfInst, selfOverloaded, out)
  if selfOverloaded == '1' then
    redis.call('SET', LOAD .. selfInst, 1, 'PX', LOAD_TTL_MS)
  else
    redis.call('DEL', LOAD .. selfInst)
  end
  local room = max - redis.call('SCARD', PLAYERS)
  if room <= 0 then return 0 end
  local admitted, skipped, scanned = 0, 0, 0
  local healthy = {}
  healthy[selfInst] = selfOverloaded == '0'
  while room > 0 and scanned < SCAN_LIMIT do
    local batch = redis.call('ZRANGE', QUEUE, skipped, skipped + 99)
    if #batch == 0 then break end
    for _, uid in ipairs(batch) do
      scanned = scanned + 1
      local f = redis.call('HMGET', ukey(uid), 'in', 'so')
      local inst = f[1] or ''
      local ok = false
      if not f[1] then
        redis.call('ZREM', QUEUE, uid) -- an entry without its hash: drop it
        skipped = skipped - 1
      elseif inst ~= '' then
        ok = healthy[inst]
        if ok == nil then
          ok = redis.call('EXISTS', HB .. inst) == 1 and redis.call('EXISTS', LOAD .. inst) == 0
          healthy[inst] = ok
        end
      end
      if ok then
        local deadline = now + afk
        redis.call('ZREM', QUEUE, uid)
        redis.call('SADD', PLAYERS, uid)
        redis.call('HSET', ukey(uid), 'ph', 'p', 'la', now, 'dl', deadline)
        redis.call('ZADD', DEADLINES, deadline, uid)
        push(out, inst, f[2], 'P', deadline, 0, bump(uid))
        admitted = admitted + 1
        room = room - 1
        if room == 0 then break end
      else
        skipped = skipped + 1
      end
    end
  end
  if admitted > 0 then redis.call('INCR', P .. 'qrev') end
  return admitted
end

local function nextDeadline()
  local top = redis.call('ZRANGE', DEADLINES, 0, 0, 'WITHSCORES')
  if #top == 0 then return -1 end
  return tonumber(top[2])
end

local function queuedEvent(out, uid, inst, sock)
  local rank = redis.call('ZRANK', QUEUE, uid)
  if rank then
    push(out, inst, sock, 'Q', rank + 1, redis.call('ZCARD', QUEUE), redis.call('HGET', ukey(uid), 'v'))
  end
end
`;

/**
 * A socket of `uid` opened on `inst`: new user → queued (then admission), a stalled user →
 * restored (same deadline), a live one → superseded by the newer socket; an older session
 * than the one seen → the new socket is superseded at once. `again` (a socket registering
 * again after Redis was unreachable or lost its state) never supersedes a live socket of
 * the user elsewhere: the user moved on, so the returning socket is the one superseded.
 * ARGV: uid, session, inst, sock, now, afk, max, selfOverloaded, again
 * Returns: admitted, superseded, next deadline, events…
 */
export const CONNECT = `${COMMON}
local uid, session, inst, sock = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
local now, afk, max, overloaded, again = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8], ARGV[9]
local k = ukey(uid)
local out = {}
local superseded = 0
local f = redis.call('HMGET', k, 'ph', 'ss', 'in', 'so', 'dl', 'cd')
if f[1] then
  local elsewhere = f[4] ~= '' and (f[4] ~= sock or f[3] ~= inst)
  if session < tonumber(f[2]) or (again == '1' and elsewhere) then
    push(out, inst, sock, 'S', 0, 0, 0)
    return reply({ 0, 1, nextDeadline() }, out)
  end
  local prevInst, prevSock = f[3], f[4]
  redis.call('HSET', k, 'ss', session, 'in', inst, 'so', sock)
  local v = bump(uid)
  if prevSock ~= '' then
    if prevInst ~= inst then redis.call('SREM', P .. 'on:' .. prevInst, uid) end
    if prevSock ~= sock or prevInst ~= inst then
      push(out, prevInst, prevSock, 'S', 0, 0, 0)
      superseded = 1
    end
  else
    redis.call('SREM', STALLED, uid)
    if f[1] == 'q' then
      redis.call('ZREM', DEADLINES, uid)
      redis.call('HDEL', k, 'dl')
    end
  end
  redis.call('SADD', P .. 'on:' .. inst, uid)
  if f[1] == 'p' then
    push(out, inst, sock, 'P', tonumber(f[5]), tonumber(f[6] or '0'), v)
    return reply({ 0, superseded, nextDeadline() }, out)
  end
else
  local ticket = redis.call('INCR', P .. 'seq')
  redis.call('HSET', k, 'ph', 'q', 'ss', session, 'in', inst, 'so', sock, 'tk', ticket, 'v', 1)
  redis.call('ZADD', QUEUE, ticket, uid)
  redis.call('SADD', P .. 'on:' .. inst, uid)
end
local admitted = admit(now, afk, max, inst, overloaded, out)
if redis.call('HGET', k, 'ph') == 'q' then queuedEvent(out, uid, inst, sock) end
return reply({ admitted, superseded, nextDeadline() }, out)
`;

/**
 * The socket closed: if it is still the user's live socket, the user is stalled (a
 * queued place then lasts one AFK window from now; a player keeps the AFK deadline).
 * ARGV: uid, inst, sock, now, afk
 * Returns: stalled (0|1), next deadline
 */
export const DISCONNECT = `${COMMON}
local uid, inst, sock, now, afk = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local k = ukey(uid)
local f = redis.call('HMGET', k, 'ph', 'in', 'so')
if not f[1] or f[2] ~= inst or f[3] ~= sock then return { 0, nextDeadline() } end
redis.call('HSET', k, 'in', '', 'so', '')
bump(uid)
redis.call('SREM', P .. 'on:' .. inst, uid)
redis.call('SADD', STALLED, uid)
if f[1] == 'q' then
  redis.call('HSET', k, 'dl', now + afk)
  redis.call('ZADD', DEADLINES, now + afk, uid)
end
return { 1, nextDeadline() }
`;

/**
 * An accepted pixel (or undo) of a player: the AFK window restarts from `at` (never
 * backwards). The charges are read from the gate's key, not taken from ARGV: parallel
 * placements may report here out of order, the key is always the newest state.
 * ARGV: uid, at, chargesFullAt (unused, see above), afk
 * Returns: events (the R status for the live socket, if any)
 */
export const RECORD_ACTION = `${COMMON}
local uid, at, afk = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[4])
local cooldownUntil = tonumber(redis.call('GET', KEYS[4] .. uid) or '0')
local k = ukey(uid)
local f = redis.call('HMGET', k, 'ph', 'la', 'in', 'so')
if f[1] ~= 'p' then return {} end
local last = math.max(tonumber(f[2]), at)
local deadline = last + afk
redis.call('HSET', k, 'la', last, 'dl', deadline, 'cd', cooldownUntil)
redis.call('ZADD', DEADLINES, deadline, uid)
local v = bump(uid)
local out = {}
if f[4] ~= '' then push(out, f[3], f[4], 'R', deadline, cooldownUntil, v) end
return out
`;

/**
 * Takes the user out of play; a freed playing slot admits the next in line.
 * ARGV: uid, now, afk, max, selfInst, selfOverloaded
 * Returns: tracked (0|1), admitted, events…
 */
export const KICK = `${COMMON}
local uid, now, afk, max, selfInst, overloaded = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], ARGV[6]
local f = redis.call('HMGET', ukey(uid), 'ph', 'in', 'so')
if not f[1] then return { 0, 0 } end
local out = {}
untrack(uid, f[1], f[2])
if f[3] ~= '' then push(out, f[2], f[3], 'K', 0, 0, 0) end
local admitted = 0
if f[1] == 'p' then admitted = admit(now, afk, max, selfInst, overloaded, out) end
return reply({ 1, admitted }, out)
`;

/**
 * The periodic step of every instance, also run at each deadline it knows of:
 * heartbeat (+ this instance's load flag), reaping of dead instances (their users become
 * stalled), expiry of due deadlines (each removed inside this script, so it fires exactly
 * once whichever instance gets there first), admission, and the global counts.
 * ARGV: selfInst, now, afk, max, selfOverloaded, heartbeatTtlMs, expireLimit
 * Returns: resync (1 when this instance's heartbeat had lapsed), reaped, afk, queueExpired,
 *          admitted, playing, queued, stalled, next deadline, events…
 */
export const TICK = `${COMMON}
local selfInst, now, afk, max, overloaded = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local heartbeatTtl, limit = tonumber(ARGV[6]), tonumber(ARGV[7])
local resync = 1 - redis.call('EXISTS', HB .. selfInst)
redis.call('SET', HB .. selfInst, now, 'PX', heartbeatTtl)
redis.call('SADD', P .. 'instances', selfInst)

local out = {}
local reaped = 0
for _, inst in ipairs(redis.call('SMEMBERS', P .. 'instances')) do
  if inst ~= selfInst and redis.call('EXISTS', HB .. inst) == 0 then
    for _, uid in ipairs(redis.call('SMEMBERS', P .. 'on:' .. inst)) do
      local k = ukey(uid)
      local f = redis.call('HMGET', k, 'ph', 'in')
      if f[1] and f[2] == inst then
        redis.call('HSET', k, 'in', '', 'so', '')
        bump(uid)
        redis.call('SADD', STALLED, uid)
        if f[1] == 'q' then
          redis.call('HSET', k, 'dl', now + afk)
          redis.call('ZADD', DEADLINES, now + afk, uid)
        end
        reaped = reaped + 1
      end
    end
    redis.call('DEL', P .. 'on:' .. inst)
    redis.call('SREM', P .. 'instances', inst)
  end
end

local afkCount, queueExpired = 0, 0
for _, uid in ipairs(redis.call('ZRANGEBYSCORE', DEADLINES, '-inf', now, 'LIMIT', 0, limit)) do
  local f = redis.call('HMGET', ukey(uid), 'ph', 'in', 'so')
  if f[1] then
    untrack(uid, f[1], f[2])
    if f[1] == 'p' then afkCount = afkCount + 1 else queueExpired = queueExpired + 1 end
    if f[3] ~= '' then push(out, f[2], f[3], 'A', 0, 0, 0) end
  else
    redis.call('ZREM', DEADLINES, uid)
  end
end
local admitted = admit(now, afk, max, selfInst, overloaded, out)
return reply({ resync, reaped, afkCount, queueExpired, admitted,
  redis.call('SCARD', PLAYERS), redis.call('ZCARD', QUEUE), redis.call('SCARD', STALLED), nextDeadline() }, out)
`;

/**
 * Queue positions of some users, only when the queue lost an entry since `lastRev`.
 * ARGV: lastRev, uid…
 * Returns: rev, queue length, then the 1-based position of each user (0: not queued)
 */
export const POSITIONS = `${COMMON}
local rev = tonumber(redis.call('GET', P .. 'qrev') or '0')
if rev == tonumber(ARGV[1]) then return { rev } end
local out = { rev, redis.call('ZCARD', QUEUE) }
for i = 2, #ARGV do
  local rank = redis.call('ZRANK', QUEUE, ARGV[i])
  out[#out + 1] = rank and rank + 1 or 0
end
return out
`;

/**
 * One user's presence for GET /api/me.
 * ARGV: uid
 * Returns: {} when not tracked, else phase, live (0|1), deadline, cooldownUntil, position, queue length
 */
export const VIEW = `${COMMON}
local uid = ARGV[1]
local f = redis.call('HMGET', ukey(uid), 'ph', 'so', 'dl', 'cd')
if not f[1] then return {} end
local live = (f[2] ~= '') and 1 or 0
if f[1] == 'q' then
  local rank = redis.call('ZRANK', QUEUE, uid)
  return { 'q', live, tonumber(f[3] or '0'), 0, rank and rank + 1 or 0, redis.call('ZCARD', QUEUE) }
end
return { 'p', live, tonumber(f[3] or '0'), tonumber(f[4] or '0'), 0, 0 }
`;

/** The presence hash of one user, for scripts outside presence that read it (the placement gate). */
export const presenceUserKey = (userId: string): string => `presence:u:${userId}`;

/**
 * Lua for scripts outside presence: `playable(key)` is nil when the user whose hash is at
 * `key` (presenceUserKey) holds a playing slot with a live socket, else the status to
 * report with 403 NOT_PLAYING: 'afk', 'stalled' or 'queued'.
 */
export const PLAYABLE_LUA = `
local function playable(key)
  local f = redis.call('HMGET', key, 'ph', 'so')
  if not f[1] then return 'afk' end
  if f[2] == '' then return 'stalled' end
  if f[1] == 'p' then return nil end
  return 'queued'
end
`;
