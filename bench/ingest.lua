-- wrk script: every request is a distinct ~2 KB Messenger webhook (unique mid, 1,000 senders) with a valid
-- X-Hub-Signature-256. HMAC-SHA256 is computed here with LuaJIT's `bit` library. To keep the signer far from
-- being the bottleneck, the constant ~2 KB prefix of the body is hashed once per thread (a SHA-256 "midstate"
-- after the HMAC inner pad); each request then hashes only the last partial block + the varying suffix
-- (2–3 compressions) and the outer hash (2 compressions).
-- Env: BENCH_SECRET, BENCH_PAGE, BENCH_SELFTEST_OUT (file for the signer's own speed), BENCH_JSON_OUT (results).
local bit = require "bit"
local band, bor, bxor, bnot, rshift, lshift, ror, tobit, tohex =
  bit.band, bit.bor, bit.bxor, bit.bnot, bit.rshift, bit.lshift, bit.ror, bit.tobit, bit.tohex
local byte, char, rep, sub, floor = string.byte, string.char, string.rep, string.sub, math.floor

local K = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 }
for i = 1, 64 do K[i] = tobit(K[i]) end
local H0 = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 }
for i = 1, 8 do H0[i] = tobit(H0[i]) end

local W = {}
-- One SHA-256 compression of the 64 bytes of s at 1-based offset off into state H (8 int32s, updated in place).
local function compress(H, s, off)
  for i = 0, 15 do
    local a, b, c, d = byte(s, off + i * 4, off + i * 4 + 3)
    W[i] = bor(lshift(a, 24), lshift(b, 16), lshift(c, 8), d)
  end
  for i = 16, 63 do
    local w15, w2 = W[i - 15], W[i - 2]
    local s0 = bxor(ror(w15, 7), ror(w15, 18), rshift(w15, 3))
    local s1 = bxor(ror(w2, 17), ror(w2, 19), rshift(w2, 10))
    W[i] = tobit(W[i - 16] + s0 + W[i - 7] + s1)
  end
  local a, b, c, d, e, f, g, h = H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8]
  for i = 0, 63 do
    local t1 = tobit(h + bxor(ror(e, 6), ror(e, 11), ror(e, 25)) + bxor(band(e, f), band(bnot(e), g)) + K[i + 1] + W[i])
    local t2 = tobit(bxor(ror(a, 2), ror(a, 13), ror(a, 22)) + bxor(band(a, b), band(a, c), band(b, c)))
    h, g, f, e, d, c, b, a = g, f, e, tobit(d + t1), c, b, a, tobit(t1 + t2)
  end
  H[1], H[2], H[3], H[4] = tobit(H[1] + a), tobit(H[2] + b), tobit(H[3] + c), tobit(H[4] + d)
  H[5], H[6], H[7], H[8] = tobit(H[5] + e), tobit(H[6] + f), tobit(H[7] + g), tobit(H[8] + h)
end

local function copy(H) return { H[1], H[2], H[3], H[4], H[5], H[6], H[7], H[8] } end

-- Finishes a hash whose state H has absorbed `done` bytes; `tail` is the rest of the message. Returns the state.
local function finish(H, tail, done)
  local total = done + #tail
  local bits = total * 8
  local padLen = 64 - ((total + 9) % 64)
  if padLen == 64 then padLen = 0 end
  local hi, lo = floor(bits / 4294967296), bits % 4294967296
  local m = tail .. "\128" .. rep("\0", padLen) ..
    char(band(rshift(hi, 24), 255), band(rshift(hi, 16), 255), band(rshift(hi, 8), 255), band(hi, 255),
         band(rshift(lo, 24), 255), band(rshift(lo, 16), 255), band(rshift(lo, 8), 255), band(lo, 255))
  for off = 1, #m, 64 do compress(H, m, off) end
  return H
end

local function bytes(H)
  local t = {}
  for i = 1, 8 do local x = H[i]; t[i] = char(band(rshift(x, 24), 255), band(rshift(x, 16), 255), band(rshift(x, 8), 255), band(x, 255)) end
  return table.concat(t)
end

local function hex(H)
  local t = {}
  for i = 1, 8 do t[i] = tohex(H[i], 8) end
  return table.concat(t)
end

-- HMAC key schedule: states after the inner (0x36) and outer (0x5c) key blocks.
local function hmacKey(key)
  if #key > 64 then key = bytes(finish(copy(H0), key, 0)) end
  key = key .. rep("\0", 64 - #key)
  local ipad, opad = {}, {}
  for i = 1, 64 do local k = byte(key, i); ipad[i] = char(bxor(k, 0x36)); opad[i] = char(bxor(k, 0x5c)) end
  local Hi, Ho = copy(H0), copy(H0)
  compress(Hi, table.concat(ipad), 1); compress(Ho, table.concat(opad), 1)
  return Hi, Ho
end

-- A prepared message prefix: the inner state after the key block and every whole 64-byte block of `prefix`.
local function prepare(key, prefix)
  local Hi, Ho = hmacKey(key)
  local whole = floor(#prefix / 64) * 64
  for off = 1, whole, 64 do compress(Hi, prefix, off) end
  return { Hi = Hi, Ho = Ho, rest = sub(prefix, whole + 1), done = 64 + whole }
end

-- hex HMAC-SHA256(key, prefix .. suffix) from a prepared prefix.
local function sign(p, suffix)
  local inner = bytes(finish(copy(p.Hi), p.rest .. suffix, p.done))
  return hex(finish(copy(p.Ho), inner, 64))
end

local secret = os.getenv("BENCH_SECRET") or "bench-app-secret-0123456789abcdef"
local page = os.getenv("BENCH_PAGE") or "100200300400"
local started = tostring(os.time() * 1000)
-- Key order keeps everything that varies (mid, sender) at the end, after ~2 KB of constant text.
local filler = rep("Hello from the benchmark, is the shop open on Sunday? ", 40):sub(1, 1900)
local prefix = '{"object":"page","entry":[{"id":"' .. page .. '","time":' .. started .. ',"messaging":[{"recipient":{"id":"' ..
  page .. '"},"timestamp":' .. started .. ',"message":{"text":"' .. filler .. '","mid":"m_'
local prepared = prepare(secret, prefix)

-- Known-answer check (RFC 4231 test case 2) so a broken signer fails loudly instead of measuring 401s.
do
  local p = prepare("Jefe", "")
  local got = sign(p, "what do ya want for nothing?")
  assert(got == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "HMAC self-test failed: " .. got)
end

local counter, tid = 0, 0
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  tid = tonumber(wrk.thread:get("tid")) or 0
  local out = os.getenv("BENCH_SELFTEST_OUT")
  if tid == 1 and out and out ~= "" then
    local n, t0 = 3000, os.clock()
    for i = 1, n do sign(prepared, "self" .. i .. '"},"sender":{"id":"1"}}]}]}') end
    local dt = os.clock() - t0
    local f = io.open(out, "w"); f:write(string.format('{"signs_per_sec": %.0f, "body_bytes": %d}\n', n / dt, #prefix + 60)); f:close()
  end
end

local headers = { ["Content-Type"] = "application/json", ["User-Agent"] = "facebookexternalua" }
local nonce = tostring(math.floor(os.time() % 100000))
function request()
  counter = counter + 1
  local suffix = nonce .. "_" .. tid .. "_" .. counter .. '"},"sender":{"id":"' .. (900000 + counter % 1000) .. '"}}]}]}'
  headers["X-Hub-Signature-256"] = "sha256=" .. sign(prepared, suffix)
  return wrk.format("POST", "/webhooks/meta", headers, prefix .. suffix)
end

function done(summary, latency, requests)
  local out = os.getenv("BENCH_JSON_OUT")
  if not out or out == "" then return end
  local f = io.open(out, "w")
  f:write(string.format('{"requests": %d, "duration_us": %d, "non2xx": %d, "socket_errors": %d, "p50_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
  f:close()
end
