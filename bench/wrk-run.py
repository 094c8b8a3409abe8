#!/usr/bin/env python3
"""One measured wrk run for bench/run, with a check for disturbance by other processes.

usage: bench/wrk-run.py --label L --url URL --server-pid PID --out FILE.jsonl
           [--duration 15] [--warmup 3] [--connections 64] [--threads 2]
           [--retries 2] [--foreign-max 0.25] [--quiet-wait 60]
           [--script anjian.lua] [--post-hazards]

The environment passes ANJIAN_TOKEN and ANJIAN_ID_MAX to bench/anjian.lua (the default
script). --script names another wrk script of bench/ (it must print the same BENCHJSON
line); --post-hazards is for bench/hazards.lua: the sequential requests are then POSTs of
hazards as that script makes them (from ANJIAN_ENT_MIN/MAX, ANJIAN_FOUND_EPOCH/DAYS), each
expected to answer 201.

Each attempt:
1. waits until the server is idle (its CPU < 5 % of a core; a slow endpoint leaves a
   backlog of requests behind a wrk run) and, up to --quiet-wait seconds, until the rest
   of the machine is quiet (foreign CPU <= --foreign-max over 2 s), then times a fixed
   CPU-bound job ("calib_ms", calibrate(): the speed of a core, which can drift on a
   shared host without any load visible in /proc/stat);
2. times 20 sequential requests on one keep-alive connection (the latency of a request
   alone, without the queueing of 64 connections);
3. a warm-up wrk run (discarded), waits for the server to be idle again, then the
   measured run. Around the measured run it reads /proc/stat (all CPU time of the
   machine), /proc/PID/stat of the server and the CPU time of wrk (getrusage of
   children); "foreign" CPU is the machine's user+nice+system+steal time minus the
   server's and wrk's, in cores (interrupt and softirq time, mostly the loopback traffic
   itself, is reported apart).
An attempt with foreign CPU above --foreign-max cores is repeated (after a pause) up to
--retries times; the least disturbed attempt is reported. Appends one JSON object per
call to --out.
"""
import argparse
import http.client
import json
import random
import statistics
import urllib.parse
import os
import resource
import subprocess
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")
HERE = os.path.dirname(os.path.abspath(__file__))


def proc_stat():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal guest guest_nice
    user, nice, system, idle, iowait, irq, softirq, steal = (v + [0] * 8)[:8]
    return {"busy": user + nice + system + steal, "irq": irq + softirq,
            "idle": idle + iowait}


def pid_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])  # utime, stime (fields 14, 15)


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


CALIBRATION_SQL = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
                   " WHERE x < 1000000) SELECT sum(x) FROM c;")


def calibrate():
    """CPU time (ms, best of 3) of a fixed job: the sqlite3 shell summing 1..1,000,000 in
    memory. The speed of a core can drift on a shared host without any load visible in
    /proc/stat; this shows it next to each run."""
    best = None
    for _ in range(3):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(["sqlite3", ":memory:", CALIBRATION_SQL], capture_output=True, check=True)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000
        best = t if best is None else min(best, t)
    return round(best, 1)


def wrk_cmd(a, duration, latency):
    cmd = ["wrk", "-t", str(a.threads), "-c", str(a.connections), "-d", "%ds" % duration,
           "--timeout", "10s", "-s", os.path.join(HERE, a.script)]
    if latency:
        cmd.append("--latency")
    return cmd + [a.url]


def foreign_idle(pid, seconds=2.0):
    """Foreign CPU (cores) while our server is idle, just before a run."""
    s0, p0, t0 = proc_stat(), pid_ticks(pid), time.monotonic()
    time.sleep(seconds)
    s1, p1, t1 = proc_stat(), pid_ticks(pid), time.monotonic()
    return (s1["busy"] - s0["busy"] - (p1 - p0)) / HZ / (t1 - t0)


def wait_server_idle(pid, limit=180.0):
    """Seconds waited until the server used < 5 % of a core over 0.5 s."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        p0 = pid_ticks(pid)
        time.sleep(0.5)
        if (pid_ticks(pid) - p0) / HZ < 0.025:
            break
    return round(time.monotonic() - t0, 1)


def wait_quiet(a):
    """Samples foreign CPU (2 s each) until it is <= --foreign-max or --quiet-wait passed."""
    t0 = time.monotonic()
    while True:
        f = foreign_idle(a.server_pid)
        if f <= a.foreign_max or time.monotonic() - t0 >= a.quiet_wait:
            return round(f, 3), round(time.monotonic() - t0, 1)


def hazard_body():
    """A hazard as bench/hazards.lua posts it."""
    e = os.environ
    found = int(e.get("ANJIAN_FOUND_EPOCH") or time.time() - 86400) - \
        random.randrange(int(e.get("ANJIAN_FOUND_DAYS") or 60)) * 86400
    day = lambda t: time.strftime("%Y-%m-%d", time.gmtime(t))
    return json.dumps({
        "enterprise_id": random.randint(int(e["ANJIAN_ENT_MIN"]), int(e["ANJIAN_ENT_MAX"])),
        "source": "government_inspection", "found_on": day(found),
        "description": "应急照明灯损坏（压测）", "location": "生产车间", "level": "general",
        "deadline": day(found + 30 * 86400)}, ensure_ascii=False).encode()


def sequential(a, n=20):
    """Latencies (ms) of n requests (at least 5 and for at most about 5 s) one after the
    other on one keep-alive connection."""
    u = urllib.parse.urlsplit(a.url)
    token = os.environ.get("ANJIAN_TOKEN")
    id_max = os.environ.get("ANJIAN_ID_MAX")
    hdrs = {"Authorization": "Bearer " + token} if token else {}
    if a.post_hazards:
        hdrs["Content-Type"] = "application/json"
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    out = []
    t_start = time.monotonic()
    for i in range(n + 2):
        if len(out) >= 5 and time.monotonic() - t_start > 5:
            break  # a slow endpoint: 5 samples are enough
        path = u.path + ("?" + u.query if u.query else "")
        if id_max:
            path = "/api/v1/enterprises/%d" % random.randint(1, int(id_max))
        body = hazard_body() if a.post_hazards else None
        t = time.perf_counter()
        c.request("POST" if body else "GET", path, body=body, headers=hdrs)
        r = c.getresponse()
        text = r.read()
        if r.status != (201 if body else 200):
            sys.exit("%s %s answered %d: %s" % ("POST" if body else "GET", path, r.status,
                                                 text[:300].decode(errors="replace")))
        if i >= 2:  # the first two warm the connection and the statement cache
            out.append((time.perf_counter() - t) * 1000)
    c.close()
    return {"seq_median_ms": round(statistics.median(out), 3), "seq_min_ms": round(min(out), 3),
            "seq_max_ms": round(max(out), 3)}


def attempt(a):
    rec = {"server_busy_wait_s": wait_server_idle(a.server_pid)}
    rec["foreign_idle_cores"], rec["quiet_wait_s"] = wait_quiet(a)
    rec["load_before"] = loadavg()
    rec["calib_ms"] = calibrate()
    rec.update(sequential(a))
    w = subprocess.run(wrk_cmd(a, a.warmup, False), capture_output=True, text=True)
    if w.returncode != 0:
        sys.exit("wrk warm-up failed: %s%s" % (w.stdout, w.stderr))
    rec["warmup_backlog_s"] = wait_server_idle(a.server_pid)
    s0, p0, c0, t0 = proc_stat(), pid_ticks(a.server_pid), children_cpu(), time.monotonic()
    r = subprocess.run(wrk_cmd(a, a.duration, True), capture_output=True, text=True)
    s1, p1, c1, t1 = proc_stat(), pid_ticks(a.server_pid), children_cpu(), time.monotonic()
    if r.returncode != 0:
        sys.exit("wrk failed: %s%s" % (r.stdout, r.stderr))
    line = [l for l in r.stdout.splitlines() if l.startswith("BENCHJSON ")]
    if not line:
        sys.exit("no BENCHJSON line from wrk:\n" + r.stdout + r.stderr)
    m = json.loads(line[0][len("BENCHJSON "):])
    wall = t1 - t0
    server_cpu = (p1 - p0) / HZ
    wrk_cpu = c1 - c0
    busy = (s1["busy"] - s0["busy"]) / HZ
    rec.update(m)
    rec.update({
        "measured_s": round(m["duration_us"] / 1e6, 2),
        "rps": m["requests"] / (m["duration_us"] / 1e6),
        "p50_ms": m["p50_us"] / 1000, "p90_ms": m["p90_us"] / 1000,
        "p99_ms": m["p99_us"] / 1000, "max_ms": m["max_us"] / 1000,
        "errors": m["err_connect"] + m["err_read"] + m["err_write"] + m["err_timeout"],
        "non2xx": m["err_status"],
        "wall_s": round(wall, 2),
        "server_cpu_cores": round(server_cpu / wall, 3),
        "wrk_cpu_cores": round(wrk_cpu / wall, 3),
        "irq_cores": round((s1["irq"] - s0["irq"]) / HZ / wall, 3),
        "foreign_cores": round(max(0.0, busy - server_cpu - wrk_cpu) / wall, 3),
        "server_cpu_us_per_req": round(server_cpu * 1e6 / max(1, m["requests"]), 1),
        "wrk_text": r.stdout,
    })
    return rec


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--server-pid", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--duration", type=int, default=15)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--retries", type=int, default=2)
    ap.add_argument("--foreign-max", type=float, default=0.25)
    ap.add_argument("--pause", type=int, default=20)
    ap.add_argument("--quiet-wait", type=int, default=60)
    ap.add_argument("--script", default="anjian.lua")
    ap.add_argument("--post-hazards", action="store_true")
    a = ap.parse_args()

    attempts = []
    for i in range(a.retries + 1):
        rec = attempt(a)
        attempts.append(rec)
        print("  %-12s %9.0f req/s  p50 %6.2f  p90 %6.2f  p99 %6.2f ms  alone %.2f ms  "
              "server %.2f wrk %.2f foreign %.2f cores  load %.2f%s" % (
                  a.label, rec["rps"], rec["p50_ms"], rec["p90_ms"], rec["p99_ms"],
                  rec["seq_median_ms"],
                  rec["server_cpu_cores"], rec["wrk_cpu_cores"], rec["foreign_cores"],
                  rec["load_before"][0],
                  "  (non-2xx %d, errors %d)" % (rec["non2xx"], rec["errors"])
                  if rec["non2xx"] or rec["errors"] else ""), flush=True)
        if rec["foreign_cores"] <= a.foreign_max:
            break
        if i < a.retries:
            print("  disturbed (foreign CPU %.2f cores > %.2f): pausing %d s and running again"
                  % (rec["foreign_cores"], a.foreign_max, a.pause), flush=True)
            time.sleep(a.pause)
    best = min(attempts, key=lambda r: r["foreign_cores"])
    out = dict(best)
    out["label"] = a.label
    out["url"] = a.url
    out["disturbed"] = best["foreign_cores"] > a.foreign_max
    out["attempts"] = [{k: r[k] for k in ("rps", "p99_ms", "foreign_cores", "load_before")}
                       for r in attempts]
    with open(a.out, "a") as f:
        f.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
