-- bench/load.lua — the request mix of bench/load for wrk: dashboard and person pages under a
-- session cookie, person lists and new persons through the JSON API under a bearer token.
-- Environment: GVI_SESSION, GVI_TOKEN, GVI_CODES (a file of person codes, one a line),
-- GVI_RESULT (where done() writes the counts, and GVI_RESULT.acked the codes of the persons
-- whose POST was answered 201, read from the answers).  Every answer must be 200, or 201 for a POST;
-- anything else is counted as unexpected.

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("tid", counter)
   table.insert(threads, thread)
end

function init(args)
   created, ok, unexpected, seq = 0, 0, 0, 0
   acked = {}
   statuses = {}
   codes = {}
   for line in io.lines(os.getenv("GVI_CODES")) do
      table.insert(codes, line)
   end
   local session = "gvi_session=" .. os.getenv("GVI_SESSION")
   page_headers = { ["Cookie"] = session }
   local purpose = "operativ GVI-verksamhet"
   api_headers = { ["Authorization"] = "Bearer " .. os.getenv("GVI_TOKEN"),
                   ["X-GVI-Purpose"] = purpose }
   post_headers = { ["Authorization"] = "Bearer " .. os.getenv("GVI_TOKEN"),
                    ["Content-Type"] = "application/json", ["X-GVI-Purpose"] = purpose }
   math.randomseed(tid * 7919)
end

function request()
   local r = math.random(100)
   if r <= 30 then
      return wrk.format("GET", "/", page_headers)
   elseif r <= 55 then
      return wrk.format("GET", "/persons/" .. codes[math.random(#codes)], page_headers)
   elseif r <= 65 then
      return wrk.format("GET", "/persons?page=" .. math.random(6), page_headers)
   elseif r <= 80 then
      return wrk.format("GET", "/api/v1/person?limit=50&offset=" .. math.random(0, 250), api_headers)
   else
      seq = seq + 1
      local body = string.format('{"code": "L-%d-%d", "name": "Last Test %d %d", "birth": "2008", "area": "Kvarnbacken"}',
                                 tid, seq, tid, seq)
      return wrk.format("POST", "/api/v1/person", post_headers, body)
   end
end

function response(status, headers, body)
   if status == 201 then
      created = created + 1
      acked[#acked + 1] = body:match('"code":%s*"([^"]+)"') or "?"
   elseif status == 200 then
      ok = ok + 1
   else
      unexpected = unexpected + 1
      statuses[status] = (statuses[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local c, o, u = 0, 0, 0
   local a = io.open(os.getenv("GVI_RESULT") .. ".acked", "w")
   for _, t in ipairs(threads) do
      for _, code in ipairs(t:get("acked")) do
         a:write(code, "\n")
      end
      c = c + t:get("created")
      o = o + t:get("ok")
      u = u + t:get("unexpected")
   end
   a:close()
   local e = summary.errors
   local f = io.open(os.getenv("GVI_RESULT"), "w")
   f:write(string.format("requests %d\nseconds %.1f\nrps %.0f\np50_ms %.1f\np99_ms %.1f\n" ..
                         "created %d\nok %d\nunexpected %d\nsocket_errors %d\nnon2xx %d\n",
                         summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         c, o, u, e.connect + e.read + e.write + e.timeout, e.status))
   f:close()
end
