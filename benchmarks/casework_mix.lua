-- SPDX-License-Identifier: MPL-2.0
-- The casework mix for wrk: read case, read plan, append journal note, list my cases.
-- Every request is made as one of the benchmark's caseworkers, over ids of cases that
-- caseworker may see. CASEWORK_DATA names a Lua file (written by casework_load.py) returning
-- { mix = {read_case = w, ...}, users = { {token = "...", cases = { {case, citizen}, ... } } } }.
-- done() prints one line "CASEWORK_RESULT {json}" for the driver to read. wrk counts a
-- response later than --timeout as a timeout, but not a request never answered at all; "sent"
-- is the requests written (at most one per connection more than the responses read).

local data = dofile(os.getenv("CASEWORK_DATA"))
local threads = {}
local counter = 0
local kinds = { "read_case", "read_plan", "append_note", "list_cases" }
local cumulative, total = {}, 0
for _, kind in ipairs(kinds) do
   total = total + (data.mix[kind] or 0)
   cumulative[#cumulative + 1] = { kind, total }
end

local note = '{"kind":"telefonsamtale","body":"Borgeren ringede og fortalte, at det går '
   .. 'bedre med at komme ud af døren om morgenen. Vi aftalte at tale sammen igen om en uge."}'

function setup(thread)
   counter = counter + 1
   thread:set("number", counter)
   threads[#threads + 1] = thread
end

function init(args)
   math.randomseed(number * 7919 + os.time())
   statuses = {}
   sent = 0
end

local function pick_kind()
   local r = math.random() * total
   for _, entry in ipairs(cumulative) do
      if r < entry[2] then
         return entry[1]
      end
   end
   return cumulative[#cumulative][1]
end

function request()
   local user = data.users[math.random(#data.users)]
   local case = user.cases[math.random(#user.cases)]
   local headers = { ["Authorization"] = "Bearer " .. user.token }
   local kind = pick_kind()
   sent = sent + 1
   if kind == "read_case" then
      return wrk.format("GET", "/api/v1/cases/" .. case[1], headers)
   elseif kind == "read_plan" then
      return wrk.format("GET", "/api/v1/citizens/" .. case[2] .. "/plan", headers)
   elseif kind == "append_note" then
      headers["Content-Type"] = "application/json"
      return wrk.format("POST", "/api/v1/cases/" .. case[1] .. "/notes", headers, note)
   end
   return wrk.format("GET", "/api/v1/cases", headers)
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      statuses[status] = (statuses[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local merged, all_sent = {}, 0
   for _, thread in ipairs(threads) do
      all_sent = all_sent + thread:get("sent")
      for status, count in pairs(thread:get("statuses")) do
         merged[status] = (merged[status] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(merged) do
      parts[#parts + 1] = string.format('"%d": %d', status, count)
   end
   local e = summary.errors
   io.write(string.format(
      'CASEWORK_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
         .. '"max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, '
         .. '"timeout": %d, "sent": %d, "statuses": {%s}}\n',
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      latency.max, e.connect, e.read, e.write, e.status, e.timeout, all_sent, table.concat(parts, ", ")
   ))
end
