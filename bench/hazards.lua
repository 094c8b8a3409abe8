-- wrk script for bench/run-hazards: every request records a hazard (POST /api/v1/hazards).
--   ANJIAN_TOKEN        bearer token (a user whose scope holds every enterprise: `city`)
--   ANJIAN_ENT_MIN/MAX  the enterprise id of each hazard is random in MIN..MAX
--   ANJIAN_FOUND_EPOCH  found_on is the UTC date of this instant (seconds) minus 0..
--   ANJIAN_FOUND_DAYS   ..DAYS-1 days (random), i.e. a date in the past
-- Each hazard: level general, source government_inspection, a description, a location and
-- a deadline 30 days after found_on. Statuses are counted per response (wrk itself counts
-- only those above 399): done() prints "BENCHJSON {...}" like bench/anjian.lua, with
-- "n201" and "status_counts" added.

local token = os.getenv("ANJIAN_TOKEN")
local ent_min = tonumber(os.getenv("ANJIAN_ENT_MIN") or "1")
local ent_max = tonumber(os.getenv("ANJIAN_ENT_MAX") or "1")
local epoch = tonumber(os.getenv("ANJIAN_FOUND_EPOCH") or "") or (os.time() - 86400)
local days = tonumber(os.getenv("ANJIAN_FOUND_DAYS") or "60")

if token ~= nil and token ~= "" then
	wrk.headers["Authorization"] = "Bearer " .. token
end
wrk.headers["Content-Type"] = "application/json"

local descriptions = {
	"配电箱未上锁，线路私拉乱接", "消防通道被货物堵塞", "灭火器压力不足，未按期检验",
	"应急照明灯损坏", "安全出口指示标志缺失", "作业人员未佩戴安全帽", "防护栏杆缺失",
	"可燃气体报警器未定期标定", "临时用电未采用三级配电", "安全警示标志不全",
}

local threads = {}
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("tid", counter)
	table.insert(threads, thread)
end

function init(args)
	math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
	for _ = 1, 10 do math.random() end
	statuses = {}
end

function request()
	local found = epoch - math.random(0, days - 1) * 86400
	local body = string.format(
		'{"enterprise_id":%d,"source":"government_inspection","found_on":"%s",' ..
		'"description":"%s（压测）","location":"生产车间","level":"general","deadline":"%s"}',
		math.random(ent_min, ent_max), os.date("!%Y-%m-%d", found),
		descriptions[math.random(1, #descriptions)], os.date("!%Y-%m-%d", found + 30 * 86400))
	return wrk.format("POST", "/api/v1/hazards", nil, body)
end

function response(status, headers, body)
	statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
	local all = {}
	for _, t in ipairs(threads) do
		local s = t:get("statuses") or {}
		for k, v in pairs(s) do all[k] = (all[k] or 0) + v end
	end
	local parts = {}
	for k, v in pairs(all) do table.insert(parts, string.format('"%d":%d', k, v)) end
	local e = summary.errors
	io.write(string.format(
		'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
		'"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,' ..
		'"p50_us":%d,"p75_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
		'"n201":%d,"status_counts":{%s}}\n',
		summary.requests, summary.duration, summary.bytes,
		e.connect, e.read, e.write, e.status, e.timeout,
		latency:percentile(50), latency:percentile(75), latency:percentile(90),
		latency:percentile(99), latency.max, latency.mean,
		all[201] or 0, table.concat(parts, ",")))
end
