-- GET scenario: cycles through the paths in paths_file (one per line), each thread starting at
-- a different place so the connections do not all ask for the same page at once.
-- Arguments: paths_file=FILE [cookie=NAME=VALUE; ...] [expect=STATUS[,STATUS...]]
-- Without expect, wrk's own rule applies (4xx and 5xx are errors) and no response hook is
-- installed, so the cheapest scenarios pay nothing for the check.

local paths = {}
local headers = {}
local position = 0

function init(args)
   local options = parse_args(args)
   paths = read_lines(options.paths_file)
   if options.cookie then
      headers["Cookie"] = options.cookie
   end
   position = ((tid or 1) * 7919) % #paths
   if options.expect then
      local expected = {}
      for status in options.expect:gmatch("%d+") do
         expected[tonumber(status)] = true
      end
      response = function(status, headers, body)
         if expected[status] then
            accepted = accepted + 1
         elseif status < 400 then
            unexpected = unexpected + 1
         end
      end
   end
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position], headers)
end
