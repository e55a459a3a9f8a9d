-- Shared by every scenario (the harness puts it in front of the scenario's own script).
-- Each thread counts the answers it expected and the ones it did not; done() adds them up and
-- prints one JSON line the harness reads, with latency percentiles in milliseconds.

local threads = {}
accepted = 0
unexpected = 0
uncached = 0
-- What the wrong answers were, "status" or "step:status", counted per thread (a few kinds).
wrong = ""

-- Note one answer the scenario did not want, so a failed run says what came back.
function note_wrong(what)
   if #wrong < 200 then
      wrong = wrong .. what .. " "
   end
end

function setup(thread)
   table.insert(threads, thread)
   thread:set("tid", #threads)
end

-- key=value arguments after `--` on the wrk command line.
function parse_args(args)
   local options = {}
   for _, arg in ipairs(args) do
      local key, value = arg:match("^([%w_]+)=(.*)$")
      if key then
         options[key] = value
      end
   end
   return options
end

function read_lines(path)
   local lines = {}
   for line in io.lines(path) do
      if line ~= "" then
         table.insert(lines, line)
      end
   end
   return lines
end

function done(summary, latency, requests)
   local total_accepted, total_unexpected, total_uncached = 0, 0, 0
   local kinds = {}
   for _, thread in ipairs(threads) do
      for what in (thread:get("wrong") or ""):gmatch("%S+") do
         kinds[what] = (kinds[what] or 0) + 1
      end
      total_accepted = total_accepted + (thread:get("accepted") or 0)
      total_unexpected = total_unexpected + (thread:get("unexpected") or 0)
      total_uncached = total_uncached + (thread:get("uncached") or 0)
   end
   local errors = summary.errors
   local wrong_parts = {}
   for what, count in pairs(kinds) do
      table.insert(wrong_parts, string.format('"%s": %d', what, count))
   end
   table.sort(wrong_parts)
   io.write(string.format(
      'BENCH_JSON {"duration_s": %.3f, "requests": %d, "bytes": %d, ' ..
      '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
      '"p50_ms": %.3f, "p95_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, ' ..
      '"accepted": %d, "unexpected": %d, "uncached": %d, "wrong": {%s}}\n',
      summary.duration / 1e6, summary.requests, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency:percentile(50) / 1000, latency:percentile(95) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      total_accepted, total_unexpected, total_uncached, table.concat(wrong_parts, ", ")))
end
