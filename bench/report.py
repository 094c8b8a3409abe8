#!/usr/bin/env python3
"""Writes bench/RESULTS.md from a run's metadata and wrk results.

usage: bench/report.py [--section enterprises|hazards] META.json RESULTS.jsonl RESULTS.md

bench/run writes the "enterprises" section (the default), bench/run-hazards the "hazards"
section; bench/run-cases writes its own "cases" section, which this script keeps. Each section lies between "<!-- section: NAME -->" and "<!-- end: NAME -->" and is
rewritten only by its own script: the other section is copied as it is (a file of the
older layout, with the enterprise result only, is taken as the enterprise section). Each
section keeps one current result; the summary line of the result it replaces becomes the
first line of that section's "History" list (which keeps the earlier lines).
"""
import json
import re
import sys

P99_MAX_MS = 20.0
LIST_MIN_RPS = 5000
POINT_MIN_FRACTION = 0.60
RSS_MAX_MB = 200

# bench/run-hazards (the figures)
HZ_LIST_P99_MS = 30.0
HZ_STATS_MAX_MS = 200.0
HZ_STATS_MAX_RATIO = 1.5
HZ_CREATE_MIN_RPS = 2000
HZ_IMPORT_MIN_RPS = 50000

SUMMARY_RE = re.compile(r"^<!-- summary: (.*) -->$", re.M)


def fmt_rps(x):
    return "{:,.0f}".format(x)


def rows_per_s(r, which):
    """Rows per second of bench/import-floor's "import" or "floor" run."""
    return r["rows"] / r[which]["s"] if r[which]["s"] > 0 else 0


def ok(b):
    return "met" if b else "**MISSED**"


SECTION_RE = re.compile(r"^<!-- section: (\w+) -->\n(.*?)^<!-- end: \1 -->\n?", re.M | re.S)
SECTIONS = ["enterprises", "hazards", "cases", "report"]  # "cases": bench/run-cases; "report": bench/run-report


def split_sections(old):
    """The sections of an existing RESULTS.md, by name."""
    found = {m.group(1): m.group(2) for m in SECTION_RE.finditer(old)}
    m = SUMMARY_RE.search(old)
    if not found and m:
        # The layout before sections (the enterprise result only): from its summary on,
        # under the section's heading, its own headings a level down.
        body = re.sub(r"^## (Current result|History)$", r"### \1", old[m.start():], flags=re.M)
        found["enterprises"] = "## Enterprises (`bench/run`)\n\n" + body
    return found


def history_of(text):
    """The History lines of a section, its replaced summary first."""
    history = []
    m = SUMMARY_RE.search(text)
    if m:
        history.append(m.group(1))
    hm = re.search(r"^#{2,3} History\n\n((?:- .*\n?)*)", text, re.M)
    if hm:
        history += [l[2:] for l in hm.group(1).splitlines() if l.startswith("- ")]
    return history


def history_lines(w, history):
    w("### History\n")
    if history:
        for h in history[:50]:
            w("- " + h)
    else:
        w("(none)")
    w("")


def machine_lines(w, meta, script):
    w("- **Date:** %s" % meta["date"])
    w("- **Commit:** `%s`%s" % (meta["commit"], meta["dirty_text"]))
    if meta.get("binary"):
        w("- **Binary:** %s" % meta["binary"])
    w("- **Machine:** %s cores (`nproc`), %s; memory %s (`free -h` total); kernel %s" % (
        meta["nproc"], meta["cpu_model"], meta["mem_total"], meta["kernel"]))
    w("- **Shared machine:** other people's test suites may run at the same time. Load "
      "average at the start: %s. Each run records the load average before it and the "
      "\"foreign\" CPU during it (all CPU time of the machine minus the server's and "
      "%s, in cores); a run with more than %.2f foreign cores is repeated up to %d "
      "times after a pause and the least disturbed attempt is kept." % (
          " / ".join("%.2f" % x for x in meta["load_start"]),
          "the client's (wrk, curl, sqlite3)" if script == "hazards" else "wrk's",
          meta["foreign_max"], meta["retries"]))
    w("- **Client on the same machine:** wrk (%d threads, %d connections) shares the %s "
      "cores with the server (%s event-loop threads), so the rates are those of server "
      "and client together on %s cores; the server's own CPU per request is in the table." % (
          meta["wrk_threads"], meta["connections"], meta["nproc"], meta["server_threads"],
          meta["nproc"]))


def load_runs(res_path):
    runs = {}
    order = []
    for line in open(res_path):
        r = json.loads(line)
        runs[r["label"]] = r
        order.append(r["label"])
    return runs, order


def main():
    args = sys.argv[1:]
    section = "enterprises"
    if args and args[0] == "--section":
        section, args = args[1], args[2:]
    if section not in SECTIONS or len(args) != 3:
        sys.exit(__doc__)
    meta_path, res_path, md_path = args
    meta = json.load(open(meta_path))
    runs, order = load_runs(res_path)
    try:
        old = open(md_path, encoding="utf-8").read()
    except FileNotFoundError:
        old = ""
    sections = split_sections(old)
    history = history_of(sections.get(section, ""))
    render = enterprises_section if section == "enterprises" else hazards_section
    text, summary = render(meta, runs, order, history)
    sections[section] = text

    out = []
    w = out.append
    w("# anjian benchmark results\n")
    w("Written by `bench/run` (enterprises) and `bench/run-hazards` (hazards); see those "
      "scripts for what they do. Do not edit by hand — run `make bench` / `bench/run` or "
      "`make bench-hazards` / `bench/run-hazards` again: each rewrites its own section only. "
      "One current result per section; earlier runs are one line each under its History.\n")
    for name in SECTIONS:
        if name in sections:
            w("<!-- section: %s -->" % name)
            w(sections[name].rstrip("\n") + "\n")
            w("<!-- end: %s -->\n" % name)
    open(md_path, "w", encoding="utf-8").write("\n".join(out))
    print(summary)
    return 0


def enterprises_section(meta, runs, order, history):
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
    w("## Enterprises (`bench/run`)\n")
    w("<!-- summary: %s -->\n" % summary)
    w("### Current result\n")
    machine_lines(w, meta, "enterprises")
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
    history_lines(w, history)
    return "\n".join(out), summary


def hazards_section(meta, runs, order, history):
    g = meta["gen"]
    st = meta["stats_timing"]
    imp = meta["import"]
    verdicts = {}
    rows = []
    for label in order:
        r = runs[label]
        path = re.sub(r"^https?://[^/]+", "", r["url"])
        notes = []
        rate = r["rps"]
        if label == "create":
            n201 = r.get("n201", 0)
            rate = n201 / max(1e-9, r["measured_s"])
            other = {k: v for k, v in r.get("status_counts", {}).items() if k != "201"}
            path = "POST " + path + " (bench/hazards.lua)"
            target = "≥ 2,000 created/s (201 only) with synchronous=FULL"
            met = rate >= HZ_CREATE_MIN_RPS
            notes.append("%s responses 201 of %s; non-201: %s" % (
                "{:,}".format(n201), "{:,}".format(r["requests"]),
                ", ".join("%s× %s" % ("{:,}".format(v), k) for k, v in sorted(other.items()))
                or "none"))
            if r["errors"]:
                notes.append("socket errors %d (of them timeouts %d)" % (
                    r["errors"], r["err_timeout"]))
        elif label == "list_filtered":
            target = "p99 < 30 ms at %d connections" % meta["connections"]
            met = r["p99_ms"] < HZ_LIST_P99_MS
        else:
            target = "(extra; no target of its own)"
            met = None
        if label != "create" and (r["non2xx"] or r["errors"]):
            notes.append("non-2xx %d, socket errors %d (of them timeouts %d)" % (
                r["non2xx"], r["errors"], r["err_timeout"]))
            met = False if met is not None else None
        if r["requests"] == 0:
            notes.append("no request completed in %d s" % round(r["measured_s"]))
            met = False if met is not None else None
        if r.get("disturbed"):
            notes.append("disturbed: foreign CPU above %.2f cores in every attempt" %
                         meta["foreign_max"])
        if met is not None:
            verdicts[label] = met
        timed = r["requests"] - r["err_timeout"] > 0
        p = lambda x: "%.2f" % x if timed else "–"
        rows.append("| %s | `%s` | %s | %s | %s | %s | %.2f | %s | %.2f / %.2f / %.2f | %.2f | %s | %s | %s%s |" % (
            meta["labels"].get(label, label), path, fmt_rps(rate), p(r["p50_ms"]),
            p(r["p90_ms"]), p(r["p99_ms"]), r["seq_median_ms"],
            "{:,.0f}".format(r["server_cpu_us_per_req"]) if r["requests"] else "–",
            r["server_cpu_cores"], r["wrk_cpu_cores"], r["foreign_cores"],
            r["load_before"][0], "%.0f" % r["calib_ms"] if "calib_ms" in r else "–",
            target, ok(met) if met is not None else "–",
            " (" + "; ".join(notes) + ")" if notes else ""))

    stats_time_ok = st["http_best_ms"] < HZ_STATS_MAX_MS
    stats_ratio_ok = st["ratio"] <= HZ_STATS_MAX_RATIO
    verdicts["stats_time"] = stats_time_ok
    verdicts["stats_ratio"] = stats_ratio_ok
    import_rate = imp["rows"] / imp["s"] if imp["state"] == "measured" and imp["s"] > 0 else None
    if import_rate is not None:
        verdicts["import"] = import_rate >= HZ_IMPORT_MIN_RPS
    lf, cr = runs.get("list_filtered"), runs.get("create")
    summary = "%s %s%s: %s hazards / %s enterprises, generated in %.0f s; list p99 %s ms (%s req/s); stats HTTP %.0f ms vs shell %.0f ms (×%.2f); create %s/s (non-201 %s); import %s; RSS %.0f MB (peak %.0f MB); load before %.2f; %s%s" % (
        meta["date"], meta["commit"], "+dirty" if meta["src_dirty"] else "",
        "{:,}".format(g["hazards"]), "{:,}".format(g["enterprises"]), meta["gen_s"],
        "%.1f" % lf["p99_ms"] if lf else "-", fmt_rps(lf["rps"]) if lf else "-",
        st["http_best_ms"], st["shell_literal_best_ms"], st["ratio"],
        fmt_rps(cr.get("n201", 0) / max(1e-9, cr["measured_s"])) if cr else "-",
        "{:,}".format(cr["requests"] - cr.get("n201", 0)) if cr else "-",
        ("%s rows/s" % fmt_rps(import_rate) if import_rate is not None else "not measured") +
        (" (SQLite floor %s rows/s; into a database of enterprises only %s, floor %s)" % (
            fmt_rps(rows_per_s(imp["detail"], "floor")),
            fmt_rps(rows_per_s(imp["migration"], "import")),
            fmt_rps(rows_per_s(imp["migration"], "floor")))
         if imp.get("detail") and imp.get("migration") else ""),
        meta["rss_kb"] / 1024, meta["hwm_kb"] / 1024, meta["load_start"][0],
        "all measured targets met" if all(verdicts.values()) else "targets missed: " +
        ", ".join(k for k, v in verdicts.items() if not v),
        "; disturbed: " + ", ".join(
            [l for l in order if runs[l].get("disturbed")] + (["stats"] if st["disturbed"] else []))
        if any(runs[l].get("disturbed") for l in order) or st["disturbed"] else "")

    out = []
    w = out.append
    w("## Hazards (`bench/run-hazards`)\n")
    w("<!-- summary: %s -->\n" % summary)
    w("### Current result\n")
    machine_lines(w, meta, "hazards")
    c = g["counts"]
    n = g["hazards"]
    pc = lambda k: 100.0 * c[k] / n
    w("- **Dataset:** `init --demo`, then `bench/gen-hazards.py` (seed %s) wrote straight "
      "into the database %s enterprises (ids %d..%d, the rows of `bench/gen-enterprises.py`), "
      "%s inspections and **%s hazards** found 2023-01-01..2025-12-31 (ids in found_on "
      "order): closed %.1f %%, rectifying %.1f %%, reported %.1f %%, awaiting acceptance "
      "%.1f %%, voided %.1f %%; major %s (%.2f %%). Generation took **%.0f s** wall (CPU "
      "%.0f s user + %.0f s system; load average %.2f before it): enterprises %.1f s "
      "(CSV %.1f s + insert %.1f s), inspections %.1f s, hazards %.1f s. Database "
      "afterwards %.0f MB. %s" % (
          meta["seed"], "{:,}".format(g["enterprises"]), g["enterprise_id_min"],
          g["enterprise_id_max"], "{:,}".format(g["inspections"]), "{:,}".format(n),
          pc("closed"), pc("rectifying"), pc("reported"), pc("awaiting_acceptance"),
          pc("voided"), "{:,}".format(c["major"]), pc("major"), meta["gen_s"],
          meta["gen_user_s"], meta["gen_sys_s"], meta["load_gen"],
          g["times"]["enterprises_csv_s"] + g["times"]["enterprises_insert_s"],
          g["times"]["enterprises_csv_s"], g["times"]["enterprises_insert_s"],
          g["times"]["inspections_s"], g["times"]["hazards_s"], meta["db_mb"],
          "No ANALYZE was run (the server never runs it): no sqlite_stat1, the planner "
          "works without statistics as on users' databases." if not meta["stat1"] else
          "**sqlite_stat1 exists** (the planner has statistics users' databases lack)."))
    if "notify_s" in meta:
        w("- **Deadline notifications:** `anjian notify` before serving wrote %s "
          "notifications (every open hazard past or near its deadline, to the enterprise and "
          "its district) in **%.1f s**; the server writes them the same way at start and "
          "once a day (here it then found nothing new)." % (
              "{:,}".format(meta["notify_n"]), meta["notify_s"]))
    w("- **SQLite:** the server links `%s`; the shell is sqlite3 %s." % (
        meta["libsqlite"] or "?", meta["sqlite_shell"]))
    w("- **Method:** wrk lines are `wrk -t%d -c%d -d%ds --latency` after a %d s warm-up, "
      "authenticated as `city` (whole-city scope) with `Authorization: Bearer`; latencies "
      "are wrk's (client side, including queueing behind the other connections). The "
      "creation run POSTs a general hazard (source government_inspection, a random "
      "enterprise of ids %d..%d, found_on in the last 60 days, a deadline) per request "
      "and counts 201 responses only; the list pages' totals are cached per thread by the "
      "server between writes, as for every user.\n" % (
          meta["wrk_threads"], meta["connections"], meta["duration"], meta["warmup"],
          g["enterprise_id_min"], g["enterprise_id_max"]))
    w("Columns: *alone* is the median latency of sequential requests on one keep-alive "
      "connection (no queueing); *server CPU µs/req* is the server's CPU time during the "
      "run divided by the requests completed; CPU cores are averages over the run; *load "
      "before* is the 1-minute load average just before the run; *calib ms* is the CPU time "
      "of a fixed job (the sqlite3 shell summing 1..1,000,000 in memory, best of 3) just "
      "before the run: the speed of a core, which drifts on a shared host without any load "
      "visible to the machine (lower is faster). For the creation run *req/s* is 201 "
      "responses per second.\n")
    w("| what | request | req/s | p50 ms | p90 ms | p99 ms | alone ms | server CPU µs/req | "
      "CPU cores server / wrk / foreign | load before | calib ms | target | verdict |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |")
    out.extend(rows)
    w("")
    w("Filtered list: total %s hazards; the first request (its count not yet cached) took "
      "%.1f ms. Unfiltered first page: total %s, first request %.1f ms. Hazards before the "
      "creation run %s, after %s.\n" % (
          "{:,}".format(meta["total_list"]), meta["first_list_ms"],
          "{:,}".format(meta["total_all"]), meta["first_all_ms"],
          "{:,}".format(meta["hazards_before_create"]),
          "{:,}".format(meta["hazards_after_create"])))
    if "fsync_ms" in meta:
        w("Disk: a 4 KiB write + fdatasync in the database's directory takes %.2f ms (median "
          "of 200, just before the creation run); with synchronous=FULL every COMMIT syncs "
          "the WAL, so one commit per hazard would allow at most about %s hazards/s — "
          "2,000/s needs several hazards per commit (group commit).\n" % (
              meta["fsync_ms"], fmt_rps(1000.0 / max(0.001, meta["fsync_ms"]))))

    w("#### Yearly statistics by region\n")
    w("`%s` as `city`: %d groups, %s hazards found, %s rectified. The same aggregate in "
      "the sqlite3 shell on the same file, while the server was idle: `sql_hazards` of "
      "src/hazard/stats.c as the binary holds it, with the values the server binds for "
      "`city` written literally (%s), `.timer on`, `PRAGMA cache_size=-16000` and "
      "`temp_store=MEMORY` as the server's connections. HTTP: `curl` time_total. "
      "Measured in 6 interleaved rounds (%d requests), each one HTTP request then one "
      "sqlite3 process running each statement twice (the second timed), so that both see "
      "the same speed of the machine; the first round is a warm-up; best of the other "
      "5.\n" % (
          meta["paths"]["stats"], len(meta["stats_groups"]),
          "{:,}".format(meta["stats_total"]["found"]),
          "{:,}".format(meta["stats_total"]["rectified"]),
          ", ".join("?%s = %s" % (k, v) for k, v in sorted(
              meta["plans"]["bind"]["stats"].items(), key=lambda x: int(x[0]))),
          st["http_connects"]))
    w("| measure | best ms | other |")
    w("| --- | ---: | --- |")
    w("| HTTP `GET /api/v1/stats/hazards` (the whole endpoint) | %.1f | median %.1f ms; "
      "by round: %s |" % (st["http_best_ms"], st["http_median_ms"],
                          ", ".join("%.1f" % (1000 * x) for x in st["http_s"])))
    w("| shell: the same counts as one SQL aggregate — the server's WHERE clause "
      "(`sql_hazards` of src/hazard/stats.c, which reads the rows and counts them in C), the "
      "sums of the definitions, GROUP BY banner/district — values literal (**the reference**)"
      " | %.1f | CPU (user+sys) "
      "best %.1f ms; by round: %s |" % (
          st["shell_literal_best_ms"], st["shell_literal_cpu_best_ms"],
          ", ".join("%.1f" % (1000 * x[0]) for x in st["shell_literal"])))
    w("| shell: the same aggregate, values bound (`.parameter set`) | %.1f | CPU best %.1f ms |" % (
        st["shell_bound_best_ms"], st["shell_bound_cpu_best_ms"]))
    w("| shell: the aggregate and the two `sql_inspections` of the endpoint (by region and "
      "for the total) | %.1f | CPU best %.1f ms |" % (
          st["shell_all_best_ms"], st["shell_all_cpu_best_ms"]))
    w("")
    w("- HTTP < 200 ms: %.1f ms — %s" % (st["http_best_ms"], ok(stats_time_ok)))
    w("- HTTP within 1.5× of the shell: %.1f / %.1f = ×%.2f — %s%s" % (
        st["http_best_ms"], st["shell_literal_best_ms"], st["ratio"], ok(stats_ratio_ok),
        " (round by round, the median ratio is ×%.2f)" % st["ratio_paired_median"]
        if "ratio_paired_median" in st else ""))
    w("- foreign CPU during the timings %.2f cores (load %.2f before%s)%s\n" % (
        st["foreign_cores"], st["load_before"][0],
        ", calib %.0f ms" % st["calib_ms"] if "calib_ms" in st else "",
        "; **disturbed** in every attempt" if st["disturbed"] else ""))
    if len(st["attempts"]) > 1:
        w("Attempts (repeated while disturbed; the least disturbed is above): %s\n" % "; ".join(
            "HTTP %.1f ms, shell %.1f ms, ×%.2f, foreign %.2f cores" % (
                a["http_best_ms"], a["shell_literal_best_ms"], a["ratio"], a["foreign_cores"])
            for a in st["attempts"]))

    w("#### Query plans\n")
    w("EXPLAIN QUERY PLAN in the sqlite3 shell of the statements the binary holds, with "
      "the server's values bound (`.parameter set`; unset ones are NULL as the server "
      "leaves them) — the filtered list as `city` (?1..?2 the region 150602 narrowed to "
      "the scope, ?5 rectifying, ?9 general, ?11..?12 2024, ?20 50) and the statistics:\n")
    for k, title in (("list_page", "list page (page_sql[0])"), ("list_count", "list count (count_sql[0])"),
                     ("stats_hazards", "statistics, the reference aggregate (the server's "
                      "`sql_hazards` reads the same index range)"),
                     ("stats_inspections", "statistics, `sql_inspections`")):
        w("%s:\n" % title)
        w("```")
        w(meta["plans"]["plans"][k])
        w("```\n")

    w("#### CSV import\n")
    if import_rate is not None:
        verdict = ok(import_rate >= HZ_IMPORT_MIN_RPS)
        w("`anjian import hazards` of a %s-row CSV from `bench/gen-hazard-csv.py` into the "
          "benchmark database (%s hazards; after the runs, server stopped) took **%.2f s** "
          "wall, the whole command = **%s rows/s** (CPU %.2f s user + %.2f s system; load "
          "%.2f before it) — target ≥ 50,000 rows/s: %s.\n" % (
              "{:,}".format(imp["rows"]), "{:,}".format(imp.get("hazards_before", 0)),
              imp["s"], fmt_rps(import_rate), imp["user_s"], imp["sys_s"], imp["load"],
              verdict))
        if imp.get("detail") and imp.get("migration"):
            w("`bench/import-floor` wrote the same rows again, in the same order, into a byte "
              "copy of the database taken before the import: the sqlite3 shell with the "
              "import's settings (WAL, synchronous=FULL, foreign keys, the bulk cache), one "
              "transaction of two `INSERT … SELECT` (hazards, then their first events), the "
              "triggers firing, the checkpoint at close; no parsing, no checks. That is what "
              "the schema costs on this machine, the floor under any import. The same file "
              "was also imported into a database holding the same enterprises and no "
              "hazards (a bureau moving its ledgers in):\n")
            w("| into | hazards before | import s (user + sys) | import rows/s | "
              "SQLite floor s (user + sys) | floor rows/s | import / floor |")
            w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            for label, r in (("benchmark database", imp["detail"]),
                             ("enterprises only", imp["migration"])):
                w("| %s | %s | %.2f (%.2f + %.2f) | %s | %.2f (%.2f + %.2f) | %s | ×%.2f |" % (
                    label, "{:,}".format(r["hazards_before"]), r["import"]["s"],
                    r["import"]["user_s"], r["import"]["sys_s"],
                    fmt_rps(rows_per_s(r, "import")), r["floor"]["s"], r["floor"]["user_s"],
                    r["floor"]["sys_s"], fmt_rps(rows_per_s(r, "floor")),
                    r["import"]["s"] / r["floor"]["s"]))
            w("")
    else:
        note = imp["note"] or "not measured"
        w(note[0].upper() + note[1:] + ".\n")

    w("Server memory after the runs: VmRSS %.1f MB, VmHWM (peak) %.1f MB.\n" % (
        meta["rss_kb"] / 1024, meta["hwm_kb"] / 1024))
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
        for n_ in meta["notes"]:
            w("- " + n_)
        w("")
    history_lines(w, history)
    return "\n".join(out), summary


if __name__ == "__main__":
    sys.exit(main())
