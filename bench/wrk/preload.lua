-- PUT every key of KEYS (default 50000) once, in order, then only ask for liveness until the run
-- ends; run with one thread. done() reports how many keys were written.
local keys = tonumber(os.getenv("KEYS") or "50000")
local body = string.rep("v", 100)
local headers = { ["Content-Type"] = "application/octet-stream" }
local n = 0
local thread_ref

function setup(thread)
  thread_ref = thread
end

request = function()
  if n >= keys then
    return wrk.format("GET", "/actuator/health/liveness")
  end
  local key = n
  n = n + 1
  wrk.thread:set("written", n)
  return wrk.format("PUT", string.format("/v1/buckets/load/keys/k%08d", key), headers, body)
end

function done(summary, latency, requests)
  local written = thread_ref:get("written") or 0
  io.write(string.format("preload: %d of %d keys written\n", written, keys))
end
