-- bench/search.lua - wrk script for the catalogue search benchmark
-- (bench/run.sh, bench_search).  Usage:
--
--   wrk ... -s bench/search.lua URL -- PATHS_FILE
--
-- PATHS_FILE holds one request path per line (already URL-encoded, e.g.
-- /api/v1/procedures?q=khai%20sinh).  Every connection sends them in turn,
-- each wrk thread starting at a different place in the list.  done()
-- prints one line that bench/run.sh parses:
--
--   bench-latency-us p50 N p90 N p99 N max N requests N

local threads = 0

function setup(thread)
   thread:set("thread_id", threads)
   threads = threads + 1
end

local paths = {}
local i = 0

function init(args)
   local file = args[1]
   if not file then
      error("search.lua: give the file of paths after --")
   end
   for line in io.lines(file) do
      if line ~= "" then
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      error("search.lua: no paths in " .. file)
   end
   i = ((thread_id or 0) * 101) % #paths
end

function request()
   i = i % #paths + 1
   return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
   io.write(string.format("bench-latency-us p50 %d p90 %d p99 %d max %d requests %d\n",
                          latency:percentile(50), latency:percentile(90),
                          latency:percentile(99), latency.max, summary.requests))
end
