#!/usr/bin/env python3
"""Writes bench/RESULTS.md from the run's metadata and wrk results (bench/run calls it).

usage: bench/report.py META.json RESULTS.jsonl RESULTS.md

Keeps one current result section; the summary line of the result it replaces becomes the
first line of the "History" list (which keeps the earlier lines).
"""
import json
import re
import sys

P99_MAX_MS = 20.0
LIST_MIN_RPS = 5000
POINT_MIN_FRACTION = 0.60
RSS_MAX_MB = 200

SUMMARY_RE = re.compile(r"^<!-- summary: (.*) -->$", re.M)


def fmt_rps(x):
    return "{:,.0f}".format(x)


def ok(b):
    return "met" if b else "**MISSED**"


def main():
    meta_path, res_path, md_path = sys.argv[1:4]
    meta = json.load(open(meta_path))
    runs = {}
    order = []
    for line in open(res_path):
        r = json.loads(line)
        runs[r["label"]] = r
        order.append(r["label"])

    history = []
    try:
        old = open(md_path, encoding="utf-8").read()
        m = SUMMARY_RE.search(old)
        if m:
            history.append(m.group(1))
        hm = re.search(r"^## History\n\n((?:- .*\n?)*)", old, re.M)
        if hm:
            history += [l[2:] for l in hm.group(1).splitlines() if l.startswith("- ")]
    except FileNotFoundError:
        pass

    health = runs.get("healthz")
    rows = []
    verdicts = {}
    for label in order:
        r = runs[label]
        target, met = "", None
        if label == "healthz":
            target = "p99 < 20 ms (reference rate)"
            met = r["p99_ms"] < P99_MAX_MS
        elif label == "point":
            need = POINT_MIN_FRACTION * health["rps"] if health else 0
            frac = r["rps"] / health["rps"] if health else 0
            target = "≥ 60 %% of healthz (≥ %s; got %.0f %%), p99 < 20 ms" % (
                fmt_rps(need), 100 * frac)
            if health:
                target += "; server CPU per request %.0f µs vs healthz %.0f µs (%.0f %%)" % (
                    r["server_cpu_us_per_req"], health["server_cpu_us_per_req"],
                    100 * health["server_cpu_us_per_req"] / r["server_cpu_us_per_req"])
                if health.get("disturbed") or r.get("disturbed"):
                    target += "; one of the two runs was disturbed, the ratio is unreliable"
            met = r["rps"] >= need and r["p99_ms"] < P99_MAX_MS
        else:
            target = "≥ 5,000 req/s, p99 < 20 ms"
            met = r["rps"] >= LIST_MIN_RPS and r["p99_ms"] < P99_MAX_MS
        verdicts[label] = met
        path = re.sub(r"^https?://[^/]+", "", r["url"])
        if label == "point":
            path = "/api/v1/enterprises/{random id}"
        notes = []
        if r["requests"] == 0:
            notes.append("no request completed in %d s" % round(r["measured_s"]))
            verdicts[label] = met = False
        if r["non2xx"] or r["errors"]:
            notes.append("non-2xx %d, socket errors %d (of them timeouts %d)" % (
                r["non2xx"], r["errors"], r["err_timeout"]))
            verdicts[label] = met = False
        if r.get("disturbed"):
            notes.append("disturbed: foreign CPU above %.2f cores in every attempt" %
                         meta["foreign_max"])
        timed = r["requests"] - r["err_timeout"] > 0  # wrk has latencies of these only
        p = lambda x: "%.2f" % x if timed else "–"
        rows.append("| %s | `%s` | %s | %s | %s | %s | %.2f | %s | %.2f / %.2f / %.2f | %.2f | %s | %s%s |" % (
            meta["labels"].get(label, label), path, fmt_rps(r["rps"]), p(r["p50_ms"]),
            p(r["p90_ms"]), p(r["p99_ms"]), r["seq_median_ms"],
            "{:,.0f}".format(r["server_cpu_us_per_req"]) if r["requests"] else "–",
            r["server_cpu_cores"], r["wrk_cpu_cores"], r["foreign_cores"],
            r["load_before"][0], target, ok(met),
            " (" + "; ".join(notes) + ")" if notes else ""))

    rss_ok = meta["rss_kb"] / 1024 < RSS_MAX_MB and meta["hwm_kb"] / 1024 < RSS_MAX_MB
    summary = "%s %s%s: %s rows, import %.1f s (CPU %.1f s); healthz %s, point %s, list red %s req/s (p99 %s ms, alone %s ms); RSS %.0f MB (peak %.0f MB); load before %.2f; %s" % (
        meta["date"], meta["commit"], "+dirty" if meta["src_dirty"] else "",
        "{:,}".format(meta["rows"]), meta["import_s"],
        meta["import_user_s"] + meta["import_sys_s"],
        fmt_rps(runs["healthz"]["rps"]) if "healthz" in runs else "-",
        fmt_rps(runs["point"]["rps"]) if "point" in runs else "-",
        fmt_rps(runs["list_red"]["rps"]) if "list_red" in runs else "-",
        "%.1f" % runs["list_red"]["p99_ms"] if "list_red" in runs else "-",
        "%.1f" % runs["list_red"]["seq_median_ms"] if "list_red" in runs else "-",
        meta["rss_kb"] / 1024, meta["hwm_kb"] / 1024, meta["load_start"][0],
        "all targets met" if all(verdicts.values()) and rss_ok else "targets missed: " +
        ", ".join([k for k, v in verdicts.items() if not v] + ([] if rss_ok else ["rss"])))

    out = []
    w = out.append
    w("# anjian benchmark results\n")
    w("Written by `bench/run` (see that script for what it does); do not edit by hand —")
    w("run `make bench` or `bench/run` again. One current result; earlier runs are one line")
    w("each under History.\n")
    w("<!-- summary: %s -->\n" % summary)
    w("## Current result\n")
    w("- **Date:** %s" % meta["date"])
    w("- **Commit:** `%s`%s" % (meta["commit"], meta["dirty_text"]))
    w("- **Machine:** %s cores (`nproc`), %s; memory %s (`free -h` total); kernel %s" % (
        meta["nproc"], meta["cpu_model"], meta["mem_total"], meta["kernel"]))
    w("- **Shared machine:** other people's test suites may run at the same time. Load "
      "average at the start: %s. Each run records the load average before it and the "
      "\"foreign\" CPU during it (all CPU time of the machine minus the server's and "
      "wrk's, in cores); a run with more than %.2f foreign cores is repeated up to %d "
      "times after a pause and the least disturbed attempt is kept." % (
          " / ".join("%.2f" % x for x in meta["load_start"]), meta["foreign_max"],
          meta["retries"]))
    w("- **Client on the same machine:** wrk (%d threads, %d connections) shares the %s "
      "cores with the server (%s event-loop threads), so the rates are those of server "
      "and client together on 2 cores; the server's own CPU per request is in the table." % (
          meta["wrk_threads"], meta["connections"], meta["nproc"], meta["server_threads"]))
    w("- **Dataset:** %s enterprises generated by `bench/gen-enterprises.py` (seed %s) "
      "plus %d demo enterprises from `init --demo` (ids 1..%d); Dongsheng (150602) "
      "subtree: %s enterprises, of them %s red." % (
          "{:,}".format(meta["rows"]), meta["seed"], meta["demo_rows"], meta["id_max"],
          "{:,}".format(meta["total_region"]), "{:,}".format(meta["total_red"])))
    w("- **Import:** `anjian import enterprises` of the %s-row CSV (%.1f MB) took "
      "**%.1f s** wall (%.0f rows/s; CPU %.1f s user + %.1f s system; load average %.2f "
      "before it); one transaction, an audit row per enterprise; database afterwards "
      "%.1f MB." % ("{:,}".format(meta["rows"]), meta["csv_mb"], meta["import_s"],
                    meta["rows"] / meta["import_s"], meta["import_user_s"],
                    meta["import_sys_s"], meta["load_import"], meta["db_mb"]))
    w("- **Method:** each line is `wrk -t%d -c%d -d%ds --latency` after a %d s warm-up, "
      "authenticated as `city` (whole-city scope) with `Authorization: Bearer` "
      "(`bench/anjian.lua`); the point read asks for a random id in 1..%d on every "
      "request. Latencies are wrk's (client side, including queueing behind the other "
      "connections).\n" % (meta["wrk_threads"], meta["connections"], meta["duration"],
                          meta["warmup"], meta["id_max"]))
    w("Columns: *alone* is the median latency of sequential requests on one keep-alive "
      "connection (no queueing); *server CPU µs/req* is the server's CPU time during the "
      "run divided by the requests completed; CPU cores are averages over the run; *load "
      "before* is the 1-minute load average just before the run.\n")
    w("| what | request | req/s | p50 ms | p90 ms | p99 ms | alone ms | server CPU µs/req | "
      "CPU cores server / wrk / foreign | load before | target | verdict |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |")
    out.extend(rows)
    w("")
    w("Server memory after the runs: VmRSS **%.1f MB**, VmHWM (peak) **%.1f MB** — target "
      "< %d MB: %s.\n" % (meta["rss_kb"] / 1024, meta["hwm_kb"] / 1024, RSS_MAX_MB,
                          ok(rss_ok)))
    if any(len(r["attempts"]) > 1 for r in runs.values()):
        w("Repeated runs (disturbed by other load):\n")
        for label in order:
            r = runs[label]
            if len(r["attempts"]) > 1:
                w("- %s: %s" % (label, "; ".join(
                    "%s req/s, p99 %.1f ms, foreign %.2f cores, load %.2f" % (
                        fmt_rps(a["rps"]), a["p99_ms"], a["foreign_cores"],
                        a["load_before"][0]) for a in r["attempts"])))
        w("")
    if meta.get("notes"):
        w("Notes:\n")
        for n in meta["notes"]:
            w("- " + n)
        w("")
    w("## History\n")
    if history:
        for h in history[:50]:
            w("- " + h)
    else:
        w("(none)")
    w("")
    open(md_path, "w", encoding="utf-8").write("\n".join(out))
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
