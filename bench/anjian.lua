-- wrk script for bench/run.
--   ANJIAN_TOKEN     bearer token sent on every request (optional)
--   ANJIAN_ID_MAX    when set, each request asks for /api/v1/enterprises/{random 1..N}
--                    (the path given on the wrk command line is then ignored)
-- done() prints one line "BENCHJSON {...}" with the exact percentiles (microseconds) for
-- bench/wrk-run.py to read.

local token = os.getenv("ANJIAN_TOKEN")
local id_max = tonumber(os.getenv("ANJIAN_ID_MAX") or "")

if token ~= nil and token ~= "" then
	wrk.headers["Authorization"] = "Bearer " .. token
end

local threads = {}
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("tid", counter)
	table.insert(threads, thread)
end

function init(args)
	-- Each wrk thread has its own Lua state: seed each one differently.
	math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
	for _ = 1, 10 do math.random() end
end

if id_max ~= nil then
	function request()
		return wrk.format("GET", "/api/v1/enterprises/" .. math.random(1, id_max))
	end
end

function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format(
		'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
		'"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,' ..
		'"p50_us":%d,"p75_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
		summary.requests, summary.duration, summary.bytes,
		e.connect, e.read, e.write, e.status, e.timeout,
		latency:percentile(50), latency:percentile(75), latency:percentile(90),
		latency:percentile(99), latency.max, latency.mean))
end
