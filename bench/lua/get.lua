-- GET scenario: cycles through the paths in paths_file (one per line), each thread starting at
-- a different place so the connections do not all ask for the same page at once.
-- Arguments: paths_file=FILE [cookie=NAME=VALUE; ...] [cookies_file=FILE]
--            [expect=STATUS[,STATUS...]] [hit_header=NAME] [stride=N]
-- cookies_file gives each thread its own Cookie header (line = thread number), for several
-- logged-in sessions; run wrk with one connection per thread then.
-- stride=N starts thread t at path (t - 1) * N, so threads walk disjoint parts of a long list.
-- hit_header=NAME counts answers without that header as "uncached" (the page cache marks
-- its hits), so a run shows how many pages were rendered rather than served from the cache.
-- Without expect or hit_header no response hook is installed, so the cheapest scenarios pay
-- nothing for the check.

local paths = {}
local headers = {}
local position = 0

function init(args)
   local options = parse_args(args)
   paths = read_lines(options.paths_file)
   if options.cookie then
      headers["Cookie"] = options.cookie
   end
   if options.cookies_file then
      local cookies = read_lines(options.cookies_file)
      headers["Cookie"] = cookies[((tid or 1) - 1) % #cookies + 1]
   end
   if options.stride then
      position = (((tid or 1) - 1) * tonumber(options.stride)) % #paths
   else
      position = ((tid or 1) * 7919) % #paths
   end
   local expected = nil
   if options.expect then
      expected = {}
      for status in options.expect:gmatch("%d+") do
         expected[tonumber(status)] = true
      end
   end
   local hit_header = options.hit_header
   if expected or hit_header then
      response = function(status, headers, body)
         if expected then
            if expected[status] then
               accepted = accepted + 1
            else
               if status < 400 then
                  unexpected = unexpected + 1
               end
               note_wrong(tostring(status))
            end
         end
         if hit_header and headers[hit_header] == nil then
            uncached = uncached + 1
         end
      end
   end
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position], headers)
end
