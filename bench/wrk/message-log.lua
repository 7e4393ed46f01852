-- POST .../quota/log-message with an API key, for bench/message-log. Every answer's status is counted, so a run that
-- answered 401, 403, 429 or 503 shows it instead of passing for throughput; the first body of each status other than
-- 202 is kept and printed, so the reason is read, not guessed.
--   BENCH_PATH  the realm's log-message path, BENCH_KEY  the API key (sent as "Authorization: Bearer <key>"),
--   BENCH_OUT   a file to which done() appends one JSON line: requests, req/s, p50/p99 (ms), socket errors, statuses.
-- Each request logs a record of its own (thread and sequence number in the content), about 150 bytes of JSON.
local path = os.getenv("BENCH_PATH")
local headers = {
  ["Authorization"] = "Bearer " .. os.getenv("BENCH_KEY"),
  ["Content-Type"] = "application/json",
}

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

statuses = {}
samples = {}
local sequence = 0

request = function()
  sequence = sequence + 1
  local body = string.format('{"model": "bench-model", "research_model": false, "messages": [{"role": "user",'
    .. ' "content": "bench thread %d message %d"}, {"role": "assistant", "content": "ok"}]}', id, sequence)
  return wrk.format("POST", path, headers, body)
end

response = function(status, _, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if status ~= 202 and samples[key] == nil then
    samples[key] = string.sub(body or "", 1, 300)
  end
end

done = function(summary, latency, _)
  local total, bodies = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
    for status, body in pairs(thread:get("samples")) do bodies[status] = bodies[status] or body end
  end
  local keys = {}
  for status in pairs(total) do table.insert(keys, status) end
  table.sort(keys)
  local histogram = {}
  for _, status in ipairs(keys) do
    table.insert(histogram, string.format('"%s": %d', status, total[status]))
    io.write(string.format("  status %s: %d\n", status, total[status]))
    if bodies[status] then io.write(string.format("    first body: %s\n", bodies[status])) end
  end
  local errors = summary.errors
  local socket = errors.connect + errors.read + errors.write + errors.timeout
  local seconds = summary.duration / 1e6
  local out = io.open(os.getenv("BENCH_OUT"), "a")
  out:write(string.format('{"requests": %d, "rps": %.1f, "p50_ms": %.3f, "p99_ms": %.3f, "socket_errors": %d,'
    .. ' "statuses": {%s}}\n', summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, socket, table.concat(histogram, ", ")))
  out:close()
end
