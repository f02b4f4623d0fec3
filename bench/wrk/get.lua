-- GET a random key of KEYS (default 50000) in bucket "load".
local keys = tonumber(os.getenv("KEYS") or "50000")
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  return wrk.format("GET", string.format("/v1/buckets/load/keys/k%08d", math.random(0, keys - 1)))
end
