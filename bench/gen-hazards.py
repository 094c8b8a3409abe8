#!/usr/bin/env python3
"""Fills an `anjian init --demo` database with bench data for bench/run-hazards.

usage: bench/gen-hazards.py DB [--enterprises 100000] [--hazards 1000000]
           [--inspections 100000] [--seed 20240601] [--root DIR]

Bench data only: it writes the tables straight with Python's sqlite3 (the server never
writes rows this way). Deterministic for a given seed.

- enterprises: the rows of bench/gen-enterprises.py (it is run with the same seed: valid
  USCCs, regions, sectors, unique names), inserted directly, all active;
- inspections: spread evenly over 2023-01-01 .. 2025-12-31, ids in date order; kinds
  routine 50 %, campaign 15, concentrated 10, supervisory 8, joint 5, cross 2, self 10;
  region_code and sector copied from the enterprise;
- hazards: spread evenly over the same three years (about a third per year), ids in
  found_on order as in a database filled over time; larger enterprises have more
  (weights large 4, medium 2, small 1, micro 0.5); region_code and sector copied from the
  enterprise. Status by age: open (reported / rectifying / awaiting_acceptance, 1:2:1)
  4 % of 2023, 8 % of 2024, 18 % of 2025, voided 0.5 %, the rest closed (about 89 % in
  all); 0.4 % major, each citing a citable item (not low-confidence, not retired) of a
  standard in force on found_on (of the enterprise's sector when there is one); sources
  government 45 %, self-inspection 40 %, other 8 %, complaint 5 %, accident
  investigation 2 %. Deadlines 7..90 days after found_on (major 30..180); a reported
  hazard has none half of the time; closed_at between found_on and the deadline, late
  for 6 %; 20 % of the closed general hazards are fixed on the spot (immediate, no
  deadline). Funds: none for 35 % of the general hazards, else 100..50,000 yuan; major
  10,000..2,000,000 yuan.

No hazard_events, audit rows or attachments are written (the list and the statistics do
not read them). No ANALYZE: the server never runs it, the benchmark measures the query
plans users get.

During generation only: journal_mode=OFF, synchronous=OFF, a large page cache; the
database is put back in WAL mode at the end. Prints one line "GENJSON {...}" with the
counts and the seconds of each step.
"""
import argparse
import bisect
import csv
import datetime
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DAY0 = datetime.date(2023, 1, 1)
DAYS = (datetime.date(2026, 1, 1) - DAY0).days  # 2023..2025: 1096 days
EPOCH = datetime.date(1970, 1, 1)
SHANGHAI_MS = 8 * 3600 * 1000

DESCRIPTIONS = [
    "配电箱未上锁，线路私拉乱接", "消防通道被货物堵塞", "灭火器压力不足，未按期检验",
    "应急照明灯损坏", "安全出口指示标志缺失", "危险化学品未分类存放", "作业人员未佩戴安全帽",
    "有限空间作业未执行审批", "动火作业未办理作业票", "特种作业人员无证上岗",
    "压力表超期未检定", "可燃气体报警器未定期标定", "防护栏杆缺失", "机械设备防护罩缺失",
    "安全警示标志不全", "应急预案未演练", "安全生产责任制未落实到岗位", "隐患排查台账不完整",
    "仓库内违规住人", "电缆沟内积水积油", "储罐区防火堤破损", "车辆未按规定安装卫星定位装置",
    "脚手架搭设不规范", "临时用电未采用三级配电", "粉尘清扫制度未落实", "安全阀未定期校验",
]
LOCATIONS = ["生产车间", "仓库", "配电室", "储罐区", "办公楼", "装卸区", "锅炉房", "井下作业面",
             "施工现场", "停车场", "原料堆场", "控制室"]
CATEGORIES = ["电气安全", "消防安全", "设备设施", "作业环境", "安全管理", "危险化学品", "特种设备",
              "职业健康"]
MEASURES = ["立即停用并更换，落实专人负责", "清理通道，设置禁止堆放标识", "委托有资质单位检验",
            "组织培训，持证上岗", "修订制度并组织演练", "加装防护设施并验收"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国",
         "志强", "海军", "巴特尔", "乌力吉"]
SOURCES = ["government_inspection", "self_inspection", "other", "complaint",
           "accident_investigation"]
SOURCE_CUM = [45, 85, 93, 98, 100]
KINDS = ["routine", "campaign", "concentrated", "supervisory", "joint", "cross", "self"]
KIND_CUM = [50, 65, 75, 83, 88, 90, 100]
SCALE_WEIGHT = {"large": 4.0, "medium": 2.0, "small": 1.0, "micro": 0.5}
OPEN_BY_YEAR = {2023: 0.04, 2024: 0.08, 2025: 0.18}


def day_ms(day_index):
    """Milliseconds of local (Asia/Shanghai) midnight starting day DAY0 + day_index."""
    return ((DAY0 - EPOCH).days + day_index) * 86400000 - SHANGHAI_MS


def date_str(day_index):
    return (DAY0 + datetime.timedelta(days=day_index)).isoformat()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--enterprises", type=int, default=100000)
    ap.add_argument("--hazards", type=int, default=1000000)
    ap.add_argument("--inspections", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--root", default=os.path.join(HERE, ".."))
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    times = {}
    t_all = time.monotonic()

    # Dates as strings, once (1096 of them, and the deadlines reach half a year further).
    dates = [date_str(i) for i in range(DAYS + 200)]
    years = [int(d[:4]) for d in dates]

    db = sqlite3.connect(a.db, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    db.execute("PRAGMA temp_store=MEMORY")
    db.execute("PRAGMA foreign_keys=OFF")
    users = dict(db.execute("SELECT username, id FROM users"))
    creator = users.get("inspector") or users.get("city")
    now_ms = int(time.time() * 1000)

    # ---- enterprises: bench/gen-enterprises.py's rows, inserted directly ----
    t = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "enterprises.csv")
        subprocess.run([sys.executable, os.path.join(HERE, "gen-enterprises.py"),
                        str(a.enterprises), path, "--seed", str(a.seed), "--root", a.root],
                       check=True)
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    times["enterprises_csv_s"] = round(time.monotonic() - t, 2)
    t = time.monotonic()
    created = day_ms(0) - 400 * 86400000
    yes = lambda v: 1 if v == "是" else 0
    db.execute("BEGIN")
    first_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM enterprises").fetchone()[0]
    db.executemany(
        "INSERT INTO enterprises (id, name, uscc, region_code, sector, address, lat, lon, scale,"
        " employees, legal_rep, principal, principal_phone, safety_manager, hazchem,"
        " major_hazard_source, risk_color, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        ((first_id + i, r["name"], r["uscc"], r["region_code"], r["sector"], r["address"],
          float(r["lat"]), float(r["lon"]), r["scale"], int(r["employees"]), r["legal_rep"],
          r["principal"], r["principal_phone"], r["safety_manager"], yes(r["hazchem"]),
          yes(r["major_hazard_source"]), r["risk_color"], created, created)
         for i, r in enumerate(rows)))
    db.execute("COMMIT")
    ents = [(first_id + i, r["region_code"], r["sector"]) for i, r in enumerate(rows)]
    cum, s = [], 0.0
    for r in rows:
        s += SCALE_WEIGHT[r["scale"]]
        cum.append(s)
    del rows
    times["enterprises_insert_s"] = round(time.monotonic() - t, 2)

    # ---- citable standard items, per sector, with their standard's period ----
    items = db.execute(
        "SELECT i.id, s.sector, coalesce(s.effective_on, ''), coalesce(s.repealed_on, '9999')"
        " FROM standard_items i JOIN standards s ON s.id = i.standard_id"
        " WHERE i.citable = 1 AND i.retired = 0 AND i.confidence = 'normal'"
        " ORDER BY i.id").fetchall()
    if not items:
        sys.exit("gen-hazards: no citable standard items (was the database made by init?)")

    def item_for(sector, day):
        on = dates[day]
        ok = [i for i in items if i[2] <= on < i[3]]
        own = [i for i in ok if i[1] == sector]
        pool = own or ok
        return rnd.choice(pool)[0] if pool else None

    item_cache = {}

    # ---- inspections ----
    t = time.monotonic()
    n_ins = a.inspections
    days = sorted(rnd.randrange(DAYS) for _ in range(n_ins))
    picks = rnd.choices(range(len(ents)), cum_weights=cum, k=n_ins)

    def inspections():
        for day, e in zip(days, picks):
            eid, region, sector = ents[e]
            k = bisect.bisect_right(KIND_CUM, rnd.randrange(100))
            at = day_ms(day) + rnd.randrange(8 * 3600000, 18 * 3600000)
            officers = "[]" if KINDS[k] == "self" else json.dumps(
                [{"name": rnd.choice(SURNAMES) + rnd.choice(GIVEN), "cert_no": "15060%05d" % n}
                 for n in (rnd.randrange(10**5), rnd.randrange(10**5))], ensure_ascii=False)
            yield (eid, region, sector, KINDS[k], dates[day], officers, "检查发现问题已当场告知",
                   creator, at, at)

    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO inspections (enterprise_id, region_code, sector, kind, inspected_on,"
        " officers, summary, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        inspections())
    db.execute("COMMIT")
    times["inspections_s"] = round(time.monotonic() - t, 2)

    # ---- hazards ----
    t = time.monotonic()
    n_hz = a.hazards
    days = sorted(rnd.randrange(DAYS) for _ in range(n_hz))
    picks = rnd.choices(range(len(ents)), cum_weights=cum, k=n_hz)
    counts = {"major": 0, "closed": 0, "voided": 0, "reported": 0, "rectifying": 0,
              "awaiting_acceptance": 0}
    r_ = rnd.random

    def hazards():
        for day, e in zip(days, picks):
            eid, region, sector = ents[e]
            found = dates[day]
            start = day_ms(day)
            created_at = start + rnd.randrange(8 * 3600000, 18 * 3600000)
            major = r_() < 0.004
            x = r_()
            p_open = OPEN_BY_YEAR[years[day]]
            if x < 0.005:
                status = "voided"
            elif x < 0.005 + p_open:
                y = r_()
                status = "reported" if y < 0.25 else "rectifying" if y < 0.75 \
                    else "awaiting_acceptance"
            else:
                status = "closed"
            counts[status] += 1
            src = SOURCES[bisect.bisect_right(SOURCE_CUM, rnd.randrange(100))]
            item = None
            if major:
                key = (sector, day)
                if key not in item_cache:
                    item_cache[key] = item_for(sector, day)
                item = item_cache[key]
                if item is None:  # no standard in force that day: a general hazard
                    major = False
                else:
                    counts["major"] += 1
            immediate = 0
            deadline = None
            closed_at = None
            if major:
                span = rnd.randint(30, 180)
                funds = rnd.randint(10000, 2000000) * 100
            else:
                span = rnd.randint(7, 90)
                funds = 0 if r_() < 0.35 else rnd.randint(100, 50000) * 100
            if status == "closed" and not major and r_() < 0.20:
                immediate = 1
                closed_at = created_at + rnd.randrange(600000, 4 * 3600000)
                funds = 0 if r_() < 0.7 else rnd.randint(50, 2000) * 100
            else:
                if not (status == "reported" and r_() < 0.5):
                    deadline = dates[day + span]
                if status == "closed":
                    late = r_() < 0.06
                    took = rnd.randint(1, span) + (rnd.randint(1, 60) if late else 0)
                    closed_at = start + took * 86400000 + rnd.randrange(8 * 3600000,
                                                                         18 * 3600000)
                    closed_at = min(closed_at, now_ms - 3600000)
            if status == "reported":
                funds = 0
            updated_at = closed_at or created_at
            responsible = "" if status == "reported" and deadline is None else \
                rnd.choice(SURNAMES) + rnd.choice(GIVEN)
            yield (eid, region, sector, src, found, rnd.choice(DESCRIPTIONS),
                   rnd.choice(LOCATIONS), rnd.choice(CATEGORIES),
                   "major" if major else "general", item, deadline, responsible,
                   "" if responsible == "" else rnd.choice(MEASURES), funds, immediate, status,
                   "重复登记" if status == "voided" else None, closed_at, creator, created_at,
                   updated_at)

    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO hazards (enterprise_id, region_code, sector, source, found_on,"
        " description, location, category, level, standard_item_id, deadline, responsible,"
        " measures, funds_fen, immediate, status, status_reason, closed_at, created_by,"
        " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        hazards())
    db.execute("COMMIT")
    times["hazards_s"] = round(time.monotonic() - t, 2)

    t = time.monotonic()
    mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    db.close()
    times["wal_s"] = round(time.monotonic() - t, 2)
    times["total_s"] = round(time.monotonic() - t_all, 2)
    out = {"enterprises": len(ents), "enterprise_id_min": first_id,
           "enterprise_id_max": first_id + len(ents) - 1, "inspections": n_ins,
           "hazards": n_hz, "journal_mode": mode, "counts": counts, "times": times}
    print("GENJSON " + json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
