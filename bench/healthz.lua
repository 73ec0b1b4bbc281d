-- wrk script for GET /healthz: only writes the summary as JSON to BENCH_JSON_OUT.
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
