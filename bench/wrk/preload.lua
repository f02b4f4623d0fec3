-- PUT every key of KEYS (default 50000) in order, wrapping around; run with one thread.
local keys = tonumber(os.getenv("KEYS") or "50000")
local body = string.rep("v", 100)
local headers = { ["Content-Type"] = "application/octet-stream" }
local n = 0
request = function()
  local key = n % keys
  n = n + 1
  return wrk.format("PUT", string.format("/v1/buckets/load/keys/k%08d", key), headers, body)
end
