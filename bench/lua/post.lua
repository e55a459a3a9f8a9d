-- POST scenario: one form submission per request. The body template is url-encoded by the
-- harness; every "{n}" in it becomes a value unique to this request (thread and counter), so each
-- submission comes from a new supporter. One CSRF cookie and token serve every request.
-- Arguments: path=PATH body_file=FILE cookie=COOKIE expect=STATUS[,STATUS...] [forwarded=1]
--            [prefix=TEXT] (told apart runs of the same scenario, such as warm-up and measured)
-- With forwarded=1 each request carries its own X-Forwarded-For address from 198.18.0.0/15
-- (the range set aside for benchmarks), as if it came from a different supporter through the
-- load balancer; the site must then trust one proxy (TRUSTED_PROXY_COUNT=1).

local path = "/"
local body_template = ""
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local expected = {}
local counter = 0
local forwarded = false
local prefix = ""

function init(args)
   local options = parse_args(args)
   path = options.path
   local file = assert(io.open(options.body_file, "r"))
   body_template = file:read("*a"):gsub("%s+$", "")
   file:close()
   if options.cookie then
      headers["Cookie"] = options.cookie
   end
   if options.referer then
      headers["Referer"] = options.referer
   end
   forwarded = options.forwarded == "1"
   prefix = options.prefix and (options.prefix .. "-") or ""
   for status in (options.expect or "200"):gmatch("%d+") do
      expected[tonumber(status)] = true
   end
end

function request()
   counter = counter + 1
   local unique = string.format("%s%d-%d", prefix, tid or 1, counter)
   local body = body_template:gsub("{n}", unique)
   if forwarded then
      local address = ((tid or 1) * 40503 + counter) % 131072
      headers["X-Forwarded-For"] = string.format(
         "198.%d.%d.%d", 18 + math.floor(address / 65536), math.floor(address / 256) % 256,
         address % 256)
   end
   return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
   if expected[status] then
      accepted = accepted + 1
   else
      if status < 400 then
         -- A form shown again (200) or a redirect elsewhere: the submission was not taken.
         unexpected = unexpected + 1
      end
      note_wrong(tostring(status))
   end
end
