-- A three-step form flow per connection, as one supporter's browser would walk it:
--   1. GET start_path            (the page that puts the supporter's ZIP in the session)
--   2. POST details_file to path (who the supporter is; "{n}" makes each one new)
--   3. POST send_file to path    (the final send; expect_send is the answer that means done)
-- The session cookie the site sets is kept per connection, so run wrk with as many threads as
-- connections (one connection per thread keeps each flow's steps in order).
-- Arguments: start_path=P path=P details_file=F send_file=F cookie=C expect_send=S
--            [sessions_file=F] [forwarded=1] [prefix=TEXT]
-- sessions_file gives each thread a session made beforehand (line = thread number); a new
-- sessionid in a Set-Cookie replaces it.

local options = {}
local step = 1
local counter = 0
local session = nil
local address = nil
local details_template, send_body = "", ""

local function read_file(path)
   local file = assert(io.open(path, "r"))
   local text = file:read("*a"):gsub("%s+$", "")
   file:close()
   return text
end

function init(args)
   options = parse_args(args)
   details_template = read_file(options.details_file)
   send_body = read_file(options.send_file)
   if options.sessions_file then
      local sessions = read_lines(options.sessions_file)
      session = sessions[((tid or 1) - 1) % #sessions + 1]
   end
end

local function headers_for(post)
   local cookie = options.cookie or ""
   if session then
      cookie = cookie .. "; sessionid=" .. session
   end
   local headers = { ["Cookie"] = cookie }
   if post then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
   end
   if address then
      headers["X-Forwarded-For"] = address
   end
   return headers
end

function request()
   if step == 1 then
      counter = counter + 1
      if options.forwarded == "1" then
         local n = ((tid or 1) * 40503 + counter) % 131072
         address = string.format("198.%d.%d.%d", 18 + math.floor(n / 65536),
            math.floor(n / 256) % 256, n % 256)
      end
      return wrk.format("GET", options.start_path, headers_for(false))
   elseif step == 2 then
      local prefix = options.prefix and (options.prefix .. "-") or ""
      local unique = string.format("%s%d-%d", prefix, tid or 1, counter)
      local body = details_template:gsub("{n}", unique)
      return wrk.format("POST", options.path, headers_for(true), body)
   end
   return wrk.format("POST", options.path, headers_for(true), send_body)
end

function response(status, headers, body)
   local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
   if set_cookie then
      local value = set_cookie:match("sessionid=([^;]+)")
      if value then
         session = value
      end
   end
   local wanted = (step == 3) and tonumber(options.expect_send or "302") or 200
   if status == wanted then
      if step == 3 then
         accepted = accepted + 1
         step = 1
      else
         step = step + 1
      end
   else
      if status < 400 then
         unexpected = unexpected + 1
      end
      note_wrong(string.format("%d:%d", step, status))
      step = 1
   end
end
