-- One request, described by environment variables, so every scenario of bench/run shares this script:
--   BENCH_METHOD (GET/POST), BENCH_PATH, BENCH_BODY (form or JSON), BENCH_CONTENT_TYPE, BENCH_AUTH (header value),
--   BENCH_KEYS (API keys separated by spaces: each request sends the next as "Authorization: Bearer <key>", so a
--   scenario spreads over many rows of the key table instead of one hot row).
-- done() writes the scenario's throughput and latency percentiles as one JSON line to BENCH_OUT.
-- An empty variable means "not set": an empty Authorization header would be a request of its own kind.
local function env(name)
  local value = os.getenv(name)
  if value == nil or value == "" then return nil end
  return value
end
local method = env("BENCH_METHOD") or "GET"
local path = env("BENCH_PATH") or "/"
local body = env("BENCH_BODY")
local headers = {}
if env("BENCH_AUTH") then headers["Authorization"] = env("BENCH_AUTH") end
if env("BENCH_CONTENT_TYPE") then headers["Content-Type"] = env("BENCH_CONTENT_TYPE") end
local keys = {}
for key in (env("BENCH_KEYS") or ""):gmatch("%S+") do table.insert(keys, "Bearer " .. key) end

-- Each thread starts at another place in the key list, so the threads do not present the same key at once.
local threads = 0
function setup(thread)
  thread:set("first", threads * 7)
  threads = threads + 1
end

local turn = nil
request = function()
  if #keys > 0 then
    turn = ((turn or first or 0) % #keys) + 1
    headers["Authorization"] = keys[turn]
  end
  return wrk.format(method, path, headers, body)
end

done = function(summary, latency, requests)
  local out = io.open(os.getenv("BENCH_OUT"), "a")
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  local p = {}
  for _, q in ipairs({50, 75, 90, 95, 99, 99.9}) do
    table.insert(p, string.format('"p%s": %.3f', tostring(q):gsub("%.", "_"), latency:percentile(q) / 1000))
  end
  out:write(string.format('{"scenario": "%s", "requests": %d, "rps": %.1f, "errors": %d, %s}\n',
    os.getenv("BENCH_SCENARIO"), summary.requests, summary.requests / seconds, errors, table.concat(p, ", ")))
  out:close()
end
