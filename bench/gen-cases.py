#!/usr/bin/env python3
"""Fills an `anjian init --demo` database with law-enforcement cases for bench/run-cases.

usage: bench/gen-cases.py DB [--cases 100000] [--enterprises 100000] [--seed 20240601]
           [--root DIR]

Bench data only: it writes the tables straight with Python's sqlite3 (the server never
writes rows this way: no audit rows, no checks by src/enforce/case.c). Deterministic for a
given seed.

- enterprises: bench/gen-hazards.py is run first with --hazards 0 --inspections 0 (the
  rows of bench/gen-enterprises.py, same seed, inserted directly);
- cases: filed 2023-01-01 .. 2025-12-31 (weekdays five times as likely as weekend days),
  ids in filing order. The party is an enterprise 97 % of the time (enterprises with a
  higher risk colour more often: red 4, orange 2.5, yellow 1.5, blue 1), else a natural
  person (a valid 居民身份证号码). The org is the district bureau of the party's district
  (demo orgs; the city bureau where a district has none); region_code and sector are the
  enterprise's (a person's: the org's district, sector ''). Modes routine 70 %, campaign
  15, concentrated 10, joint 5 (with one or two partner agencies). Sources inspection 60 %
  (an inspection of the enterprise a few days before filing is written too, marked
  referred), complaint 15, referral 10, other 12, accident 3 (persons: no inspection).
  Officers: two of the org's pool of ten {name, cert_no}.
- violations: one (75 %) or two, each citing a citable provision of
  data/provisions/provisions.json that has a fixed fine range (AQSCF-99, -97, -101, -102,
  -105 most often), with an item of the provision when it lists items;
- penalties: one or two, each citing one of the case's provisions: a fine on the unit (a
  person party: on the person) under a rule of that provision for the target and stage
  (initial 80 %), its amount inside the rule's range (inclusive, rounded to 100 or 500
  yuan, never 0); sometimes a second fine on the responsible persons, on the unit under
  the second provision, or a suspension where the rule allows one;
- the workflow: each case gets its whole timeline (investigate, legal review when the
  penalties are heavy — the default 较大数额 thresholds or the org's case_settings — or
  15 % of the others, notify, waive / hearing for heavy ones, an extension when the
  decision would come after 90 days, decide, serve, execute each penalty, close), with
  dates that satisfy the rules of the transitions (working-day periods kept by calendar
  margins); 4 % end not_penalized, 3 % transferred, 0.6 % revoked; 3 % of the fines are
  never paid (the case stays executing), 1 % of the cases stall at a random step. The
  timeline is cut at 2025-12-31: the status is that of the last step on or before it, so
  most 2023/2024 cases are closed and the recent ones are in every open state. Each step
  is a case_events row;
- numbers: the org's pattern (default {org_abbr}应急罚〔{year}〕{seq}号) with a sequence per
  org and filing year in filing order, continuing case_numbers, whose last_seq is left
  at the last number given.

No case_hazards, case_documents, attachments or audit rows are written. No ANALYZE (the
server never runs it). During generation only: journal_mode=OFF, synchronous=OFF; the
database is put back in WAL mode at the end. Prints one line "GENJSON {...}" with the
counts and the seconds of each step.
"""
import argparse
import bisect
import collections
import datetime
import json
import os
import random
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DAY0 = datetime.date(2023, 1, 1)
DAYS = (datetime.date(2026, 1, 1) - DAY0).days  # 2023..2025: 1096 days
REF = DAYS - 1  # 2025-12-31: the day the timelines are cut at
EPOCH = datetime.date(1970, 1, 1)
SHANGHAI_MS = 8 * 3600 * 1000
DEFAULT_PATTERN = "{org_abbr}应急罚〔{year}〕{seq}号"
DEFAULT_LARGE_UNIT_FEN = 3000000  # as src/enforce/case.c
DEFAULT_LARGE_PERSON_FEN = 1000000

MODES = ["routine", "campaign", "concentrated", "joint"]
MODE_CUM = [70, 85, 95, 100]
SOURCES = ["inspection", "complaint", "referral", "other", "accident"]
SOURCE_CUM = [60, 75, 85, 97, 100]
PERSON_SOURCES = ["complaint", "referral", "other"]
PARTNERS = ["市场监督管理局", "公安局", "消防救援大队", "住房和城乡建设局", "交通运输局",
            "自然资源局", "生态环境分局"]
RISK_WEIGHT = {"red": 4.0, "orange": 2.5, "yellow": 1.5, "blue": 1.0}
# How often each provision is cited (only citable ones with a fixed fine range are used).
PROVISION_WEIGHT = {
    "AQSCF-99": 25, "AQSCF-97": 20, "AQSCF-101": 12, "AQSCF-102": 10, "AQSCF-105": 8,
    "AQSCF-104": 5, "AQSCF-94": 5, "AQSCF-98": 3, "AQSCF-103-2": 3, "AQSCF-103-3a": 2,
    "AQSCF-109": 2, "AQSCF-96": 2, "AQSCF-106": 1, "AQSCF-108": 1, "AQSCF-92-1": 0.5,
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "建国",
         "志强", "海军", "巴特尔", "乌力吉", "其其格", "斯琴", "晓东", "文博"]
STREETS = ["鄂尔多斯大街", "伊金霍洛西街", "天骄北路", "达拉特南路", "准格尔北路", "纺织东街",
           "宝日陶亥西街", "铁西路", "建设街", "乌兰木伦路"]
SERVE_METHODS = ["直接送达"] * 16 + ["邮寄送达"] * 3 + ["留置送达"]
REVIEW_OPINION = "经审核，本案事实清楚，证据确凿，适用法律正确，程序合法，拟处罚适当，同意。"
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def day_ms(day_index):
    """Milliseconds of local (Asia/Shanghai) midnight starting day DAY0 + day_index."""
    return ((DAY0 - EPOCH).days + day_index) * 86400000 - SHANGHAI_MS


def date_of(day_index):
    return (DAY0 + datetime.timedelta(days=day_index)).isoformat()


def late_fee(amount, due_day, paid_day):
    """The late fee of 行政处罚法第72条 as src/enforce/case.c case_late_fee()."""
    late = paid_day - due_day
    if late <= 0 or amount <= 0:
        return 0, 0
    if late >= 34:
        return amount, late
    return min(amount, amount * 3 * late // 100), late


def id_number(rnd, area):
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=rnd.randrange(16000))
    body = "%s%s%03d" % (area, birth.strftime("%Y%m%d"), rnd.randrange(1, 1000))
    return body + ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]


def number_text(pattern, abbr, org_name, year, seq):
    out = pattern.replace("{org_abbr}", abbr or org_name).replace("{org_name}", org_name)
    return (out.replace("{year}", str(year)).replace("{seq3}", "%03d" % seq)
            .replace("{seq}", str(seq)))


def load_rules(root):
    """Per citable provision: its fixed-fine rules (stage, target, min, max), its rules
    allowing a suspension (stage, target), its items, title and a short violation text."""
    with open(os.path.join(root, "data", "provisions", "provisions.json"), encoding="utf-8") as f:
        provisions = json.load(f)["provisions"]
    out = {}
    for p in provisions:
        if not p.get("citable") or p["id"] not in PROVISION_WEIGHT:
            continue
        fines, susp = [], []
        for r in p["rules"]:
            if r.get("accident_grade") or r["stage"] in ("accident", "aggravated"):
                continue
            if r.get("basis") == "fixed" and "fine" in r.get("kinds", []) and \
                    r.get("fine_max_fen"):
                fines.append((r["stage"], r["target"], r.get("fine_min_fen") or 0,
                              r["fine_max_fen"]))
            if "suspension" in r.get("kinds", []):
                susp.append((r["stage"], r["target"]))
        if not fines:
            continue
        short = p["violation"].split(";")[0].split("; ")[0].strip()
        out[p["id"]] = {"fines": fines, "susp": susp, "items": p.get("items") or [],
                        "title": p["title"], "short": short}
    if not out:
        sys.exit("gen-cases: no citable provision with a fixed fine in provisions.json")
    return out


def pick_amount(rnd, lo, hi):
    """A fine in [lo, hi] fen, never 0, rounded to 100 yuan (500 above 50,000 yuan), nearer
    the lower end (discretion)."""
    step = 10000 if hi <= 5000000 else 50000
    lo_q = max(lo, step)
    x = lo_q + (hi - lo_q) * rnd.random() ** 1.6
    amount = int(x // step) * step
    if amount < lo_q:
        amount = ((lo_q + step - 1) // step) * step
    if amount > hi:
        amount = hi
    return max(amount, 1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--cases", type=int, default=100000)
    ap.add_argument("--enterprises", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--root", default=os.path.join(HERE, ".."))
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    times = {}
    t_all = time.monotonic()

    # ---- enterprises: bench/gen-hazards.py without hazards or inspections ----
    t = time.monotonic()
    if a.enterprises > 0:
        out = subprocess.run(
            [sys.executable, os.path.join(HERE, "gen-hazards.py"), a.db, "--enterprises",
             str(a.enterprises), "--hazards", "0", "--inspections", "0", "--seed",
             str(a.seed), "--root", a.root], check=True, capture_output=True, text=True)
        if "GENJSON " not in out.stdout:
            sys.exit("gen-cases: bench/gen-hazards.py printed no GENJSON line")
    times["enterprises_s"] = round(time.monotonic() - t, 2)

    rules = load_rules(a.root)
    prov_ids = sorted(rules)
    prov_cum = []
    s = 0.0
    for pid in prov_ids:
        s += PROVISION_WEIGHT[pid]
        prov_cum.append(s)
    # Provisions that can fine a natural person (a person party: no unit fines).
    person_provs = [pid for pid in prov_ids if any(f[1] != "unit" for f in rules[pid]["fines"])]

    db = sqlite3.connect(a.db, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    db.execute("PRAGMA temp_store=MEMORY")
    db.execute("PRAGMA foreign_keys=OFF")
    users = {r[0]: (r[1], r[2]) for r in db.execute("SELECT username, id, display_name FROM users")}
    staff_user = users.get("inspector") or users.get("city")
    head_user = users.get("dongsheng") or users.get("city")
    reviewer = users.get("reviewer") or users.get("city")
    if staff_user is None:
        sys.exit("gen-cases: no demo users (was the database made by init --demo?)")
    creator = staff_user[0]

    orgs = db.execute("SELECT id, name, abbr, kind, region_code FROM orgs ORDER BY id").fetchall()
    city_bureau = next((o for o in orgs if o[3] == "city_bureau"), None)
    bureaus = {o[4]: o for o in orgs if o[3] == "district_bureau"}
    if city_bureau is None and not bureaus:
        sys.exit("gen-cases: no bureau in orgs (was the database made by init --demo?)")
    settings = {r[0]: (r[1], r[2], r[3]) for r in db.execute(
        "SELECT org_id, number_pattern, large_fine_unit_fen, large_fine_person_fen"
        " FROM case_settings")}
    region_names = dict(db.execute("SELECT code, name FROM regions"))
    last_seq = {(r[0], r[1]): r[2] for r in db.execute(
        "SELECT org_id, year, last_seq FROM case_numbers")}
    officers = {}
    for o in orgs:
        pool = []
        for k in range(10):
            pool.append({"name": rnd.choice(SURNAMES) + rnd.choice(GIVEN),
                         "cert_no": "%s%05d" % (o[4][:6], (o[0] * 97 + k * 1009) % 100000)})
        officers[o[0]] = pool

    ents = db.execute(
        "SELECT id, region_code, sector, name, principal, risk_color FROM enterprises"
        " WHERE status = 'active' ORDER BY id").fetchall() if _has_status(db) else db.execute(
        "SELECT id, region_code, sector, name, principal, risk_color FROM enterprises"
        " ORDER BY id").fetchall()
    if not ents:
        sys.exit("gen-cases: no enterprises")
    ent_cum = []
    s = 0.0
    for e in ents:
        s += RISK_WEIGHT.get(e[5], 1.0)
        ent_cum.append(s)
    districts = sorted({e[1][:6] for e in ents})
    district_cum = []
    counts_by_district = collections.Counter(e[1][:6] for e in ents)
    s = 0
    for d in districts:
        s += counts_by_district[d]
        district_cum.append(s)

    def org_for(region):
        return bureaus.get(region[:6]) or city_bureau or next(iter(bureaus.values()))

    # ---- filing days: weekdays five times as likely as weekend days ----
    day_cum = []
    s = 0.0
    for i in range(DAYS):
        s += 1.0 if (DAY0 + datetime.timedelta(days=i)).weekday() < 5 else 0.2
        day_cum.append(s)
    days = sorted(bisect.bisect_right(day_cum, rnd.random() * s) for _ in range(a.cases))
    dates = [date_of(i) for i in range(DAYS + 400)]

    def date_any(day):
        return dates[day] if 0 <= day < len(dates) else date_of(day)

    first_case = db.execute("SELECT coalesce(max(id), 0) + 1 FROM cases").fetchone()[0]
    next_ins = db.execute("SELECT coalesce(max(id), 0) + 1 FROM inspections").fetchone()[0]
    next_viol = db.execute("SELECT coalesce(max(id), 0) + 1 FROM case_violations").fetchone()[0]
    next_pen = db.execute("SELECT coalesce(max(id), 0) + 1 FROM case_penalties").fetchone()[0]

    case_rows, viol_rows, pen_rows, event_rows, ins_rows = [], [], [], [], []
    status_n = collections.Counter()
    stats = collections.Counter()
    t = time.monotonic()
    r_ = rnd.random
    ri = rnd.randint

    for n, day in enumerate(days):
        cid = first_case + n
        # -- the party, the org --
        person = r_() < 0.03
        if person:
            district = districts[bisect.bisect_right(district_cum,
                                                     rnd.randrange(district_cum[-1]))]
            org = org_for(district)
            region, sector, eid = org[4][:6] if org[4] else district, "", None
            pname = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
            id_no = id_number(rnd, district)
            paddr = "%s%s%d号" % (region_names.get(district, ""), rnd.choice(STREETS),
                                 ri(1, 300))
            party_name, principal = pname, pname
        else:
            e = ents[bisect.bisect_right(ent_cum, r_() * ent_cum[-1])]
            eid, region, sector, party_name, principal = e[0], e[1], e[2], e[3], e[4]
            org = org_for(region)
            pname = id_no = None
            paddr = ""
        org_id, org_name, org_abbr = org[0], org[1], org[2]
        pattern, large_unit, large_person = settings.get(
            org_id, (DEFAULT_PATTERN, DEFAULT_LARGE_UNIT_FEN, DEFAULT_LARGE_PERSON_FEN))
        year = int(dates[day][:4])
        seq = last_seq.get((org_id, year), 0) + 1
        last_seq[(org_id, year)] = seq
        number = number_text(pattern, org_abbr, org_name, year, seq)
        mode = MODES[bisect.bisect_right(MODE_CUM, rnd.randrange(100))]
        partners = []
        if mode == "joint":
            dname = region_names.get(region[:6], "")
            partners = [dname + p for p in rnd.sample(PARTNERS, ri(1, 2))]
        source = rnd.choice(PERSON_SOURCES) if person else \
            SOURCES[bisect.bisect_right(SOURCE_CUM, rnd.randrange(100))]
        offs = rnd.sample(officers[org_id], 2)
        offs_json = json.dumps(offs, ensure_ascii=False, separators=(",", ":"))
        created_at = day_ms(day) + rnd.randrange(8 * 3600000, 17 * 3600000)

        # -- violations --
        pool = person_provs if person else None
        nviol = 1 if r_() < 0.75 else 2
        cited = []
        while len(cited) < nviol:
            if pool is not None:
                pid = rnd.choice(pool)
            else:
                pid = prov_ids[bisect.bisect_right(prov_cum, r_() * prov_cum[-1])]
            if pid not in cited:
                cited.append(pid)
        viols = []
        for k, pid in enumerate(cited):
            pr = rules[pid]
            item = rnd.choice(pr["items"]) if pr["items"] else ""
            text = item.split(")", 1)[-1] if item else pr["short"]
            viols.append((pid, item[:200], "%s%s，违反了%s的规定。" % (party_name, text,
                                                                   pr["title"])))
        title_text = viols[0][1].split(")", 1)[-1] if viols[0][1] else rules[cited[0]]["short"]
        title = ("%s涉嫌%s案" % (party_name, title_text))[:200]
        facts = "%s，执法人员对%s依法进行检查，发现其存在%s等违法行为。" % (
            dates[day], party_name, "、".join(v[1].split(")", 1)[-1] if v[1] else
                                             rules[v[0]]["short"] for v in viols))

        # -- penalties --
        pens = []  # [kind, target, target_name, pid, stage, amount]

        def fine_rule(pid, want_target=None, exclude_unit=False):
            fs = [f for f in rules[pid]["fines"]
                  if (want_target is None or f[1] == want_target)
                  and not (exclude_unit and f[1] == "unit")]
            if not fs:
                return None
            init = [f for f in fs if f[0] in ("initial", "any")]
            if init and r_() < 0.8:
                return rnd.choice(init)
            return rnd.choice(fs)

        def name_for(target):
            if person:
                return pname
            if target == "unit":
                return party_name
            if target in ("principal", "investor"):
                return principal or (rnd.choice(SURNAMES) + rnd.choice(GIVEN))
            return rnd.choice(SURNAMES) + rnd.choice(GIVEN)

        f0 = fine_rule(cited[0], exclude_unit=person) if person else \
            (fine_rule(cited[0], "unit") or fine_rule(cited[0]))
        pens.append(["fine", f0[1], name_for(f0[1]), cited[0], f0[0],
                     pick_amount(rnd, f0[2], f0[3])])
        x = r_()
        if len(cited) == 2 and x < 0.6:
            f1 = fine_rule(cited[1], exclude_unit=person) if person else \
                (fine_rule(cited[1], "unit") or fine_rule(cited[1]))
            if f1 is not None:
                pens.append(["fine", f1[1], name_for(f1[1]), cited[1], f1[0],
                             pick_amount(rnd, f1[2], f1[3])])
        elif not person and x < 0.3:
            f1 = fine_rule(cited[0], exclude_unit=True)
            if f1 is not None:
                nm = name_for(f1[1])
                if nm != pens[0][2]:
                    pens.append(["fine", f1[1], nm, cited[0], f1[0],
                                 pick_amount(rnd, f1[2], f1[3])])
        elif not person and x < 0.36 and rules[cited[0]]["susp"]:
            st_, tg = rnd.choice(rules[cited[0]]["susp"])
            pens.append(["suspension", tg, name_for(tg), cited[0], st_, 0])
        heavy = any(p[0] in ("suspension", "license", "closure") or
                    (p[0] == "fine" and p[5] >= (large_unit if (not person and p[1] == "unit")
                                                 else large_person)) for p in pens)

        # -- the timeline: [day, action, from, to, data, note, actor] --
        ev = []
        cur = "filed"
        fields = {}

        def step(d, action, to, data=None, note="", actor="staff"):
            nonlocal cur
            ev.append((d, action, cur, to or cur, data or {}, note, actor))
            if to:
                cur = to

        file_data = {"number": number, "org_id": org_id,
                     "party_type": "person" if person else "enterprise", "party": party_name,
                     "source": source, "mode": mode,
                     "violations": [{"provision_id": v[0], "item": v[1], "description": v[2]}
                                    for v in viols],
                     "penalties": [{"kind": p[0], "target": p[1], "target_name": p[2],
                                    "provision_id": p[3], "stage": p[4], "amount_fen": p[5]}
                                   for p in pens],
                     "filed_on": dates[day]}
        ev.append((day, "file", None, "filed", file_data, "", "staff"))
        d = day + ri(0, 3)
        step(d, "investigate", "investigating", {"status": "investigating"})
        x = r_()
        exec_days = {}
        if x < 0.04:
            d += ri(10, 60)
            fields["closed_on"] = d
            fields["exit_reason"] = "违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚"
            step(d, "not_penalize", "not_penalized", {"closed_on": date_any(d)},
                 fields["exit_reason"], "head")
        elif x < 0.07:
            d += ri(5, 40)
            fields["closed_on"] = d
            fields["transferred_to"] = region_names.get(region[:6], "") + "公安局"
            fields["exit_reason"] = "涉嫌犯罪，依法移送司法机关"
            step(d, "transfer", "transferred", {"closed_on": date_any(d),
                                                 "transferred_to": fields["transferred_to"]},
                 fields["exit_reason"], "head")
        elif x < 0.076:
            d += ri(5, 60)
            fields["exit_reason"] = "立案依据不足，撤销立案"
            step(d, "revoke", "revoked", {}, fields["exit_reason"], "head")
        else:
            review = heavy or r_() < 0.15
            d += ri(10, 45)
            if review:
                fields["review_required"] = 1
                step(d, "submit_review", "legal_review", {"review_required": 1})
                d += ri(2, 10)
                fields["reviewed_on"] = d
                fields["review_opinion"] = REVIEW_OPINION
                step(d, "review_approve", None, {"reviewed_on": date_any(d)}, REVIEW_OPINION,
                     "reviewer")
            d += ri(1, 5)
            fields["notified_on"] = d
            fields["hearing_eligible"] = 1 if heavy else 0
            step(d, "notify", "notified", {"notified_on": date_any(d),
                                           "hearing_eligible": heavy})
            y = r_()
            if heavy and y < 0.2:
                d += ri(1, 4)
                fields["hearing_requested_on"] = d
                step(d, "request_hearing", "hearing", {"hearing_requested_on": date_any(d)})
                d += ri(1, 3)
                hon = d + ri(20, 30)
                fields["hearing_notified_on"] = d
                fields["hearing_on"] = hon
                fields["hearing_place"] = org_name + "听证室"
                step(d, "schedule_hearing", None, {"hearing_on": date_any(hon),
                                                   "hearing_place": fields["hearing_place"]})
                d = hon
                fields["hearing_record"] = "当事人到场陈述申辩，对违法事实无异议，请求从轻处罚。"
                step(d, "record_hearing", None, {}, "")
                d += ri(3, 15)
            elif heavy and y < 0.6:
                d += ri(1, 3)
                fields["rights_waived"] = 1
                step(d, "waive", None, {"rights_waived": 1}, "当事人书面声明放弃陈述、申辩和听证")
                d += ri(1, 7)
            elif heavy:
                d += ri(17, 30)
            else:
                d += ri(3, 12)
            decide_day = d
            if decide_day > day + 90:
                ext_day = day + ri(60, 85)
                need = decide_day - (day + 90)
                fields["extension_days"] = min(90, need + ri(5, 20))
                fields["extension_reason"] = "案情复杂，经负责人批准延长办案期限"
                # the extension comes before the 90 days run out: insert it in date order
                ev.append((ext_day, "extend", None, None, {"days": fields["extension_days"]},
                           fields["extension_reason"], "head"))
            fields["decided_on"] = d
            step(d, "decide", "decided", {"decided_on": date_any(d)}, "", "head")
            late_serve = r_() < 0.03
            d += ri(12, 20) if late_serve else ri(0, 5)
            fields["served_on"] = d
            step(d, "serve", "executing", {"served_on": date_any(d),
                                           "method": rnd.choice(SERVE_METHODS),
                                           "late": late_serve},
                 "当事人拒收，改为邮寄送达" if late_serve else "")
            served = d
            due = served + 15
            last = served
            unpaid = False
            for k, p in enumerate(pens):
                pid_ = next_pen + len(pen_rows) + k  # ids assigned below in this order
                if p[0] == "fine":
                    z = r_()
                    if z < 0.03:
                        unpaid = True
                        continue
                    pd = served + (ri(16, 40) if z < 0.10 else ri(2, 15))
                    fee, late_days = late_fee(p[5], due, pd)
                    exec_days[k] = (pd, p[5] + fee)
                    step(pd, "execute", None, {"penalty_id": pid_, "executed_on": date_any(pd),
                                               "paid_fen": p[5] + fee, "late_fee_fen": fee,
                                               "late_days": late_days})
                else:
                    pd = served + ri(1, 10)
                    exec_days[k] = (pd, None)
                    step(pd, "execute", None, {"penalty_id": pid_, "executed_on": date_any(pd)})
                last = max(last, pd)
            if not unpaid:
                d = last + ri(1, 20)
                fields["closed_on"] = d
                step(d, "close", "closed", {"closed_on": date_any(d)}, "", "head")
        # events in date order (the extension and the executions may interleave)
        ev.sort(key=lambda e: e[0])
        # a stalled case stops at a random step; then the cut at REF
        cut = len(ev)
        if r_() < 0.01 and len(ev) > 1:
            cut = ri(1, len(ev) - 1)
        applied = [e for e in ev[:cut] if e[0] <= REF]
        # the state after the applied steps, from scratch (from/to recomputed in order)
        status = "filed"
        seen = set()
        case_events = []
        executed = set()
        at_prev = created_at
        for e in applied:
            d_, action, _, to, data, note, actor = e
            frm = status if action != "file" else None
            if to is None or action in ("extend",):
                to = status
            if action == "file":
                to = "filed"
            at = max(at_prev + 60000, day_ms(d_) + rnd.randrange(8 * 3600000, 18 * 3600000))
            at_prev = at
            if actor == "head":
                uid, uname = head_user[0], org_abbr + "负责人"
            elif actor == "reviewer":
                uid, uname = reviewer[0], reviewer[1]
            else:
                uid, uname = staff_user[0], offs[0]["name"]
            case_events.append((cid, action, frm, to, uid, uname, at, note,
                                json.dumps(data, ensure_ascii=False, separators=(",", ":"))))
            status = to
            seen.add(action)
            if action == "execute":
                executed.add(data["penalty_id"])
        updated_at = at_prev

        def got(action, key):
            return date_any(fields[key]) if action in seen and key in fields else None

        ext_days = fields.get("extension_days", 0) if "extend" in seen else 0
        row = (cid, org_id, number, year, seq, region, sector,
               "person" if person else "enterprise", eid, pname, id_no, paddr, source, None,
               None, mode, json.dumps(partners, ensure_ascii=False, separators=(",", ":")),
               offs_json, title, facts, "[]", status, dates[day], ext_days,
               fields.get("extension_reason") if ext_days else None,
               1 if "submit_review" in seen else 0,
               reviewer[0] if "review_approve" in seen else None,
               got("review_approve", "reviewed_on"),
               fields.get("review_opinion") if "review_approve" in seen else None,
               got("notify", "notified_on"),
               fields.get("hearing_eligible", 0) if "notify" in seen else 0,
               got("request_hearing", "hearing_requested_on"),
               got("schedule_hearing", "hearing_notified_on"),
               got("schedule_hearing", "hearing_on"),
               fields.get("hearing_place") if "schedule_hearing" in seen else None,
               fields.get("hearing_record") if "record_hearing" in seen else None,
               1 if "waive" in seen else 0,
               got("decide", "decided_on"), got("serve", "served_on"),
               date_any(fields["closed_on"]) if seen & {"close", "not_penalize", "transfer"}
               else None,
               fields.get("exit_reason") if seen & {"not_penalize", "transfer", "revoke"}
               else None,
               fields.get("transferred_to") if "transfer" in seen else None,
               creator, created_at, updated_at)
        case_rows.append(row)
        for k, v in enumerate(viols):
            viol_rows.append((next_viol + len(viol_rows), cid, k + 1, v[0], v[1], v[2]))
        for k, p in enumerate(pens):
            pid_ = next_pen + len(pen_rows)
            ex = exec_days.get(k) if pid_ in executed else None
            pen_rows.append((pid_, cid, k + 1, p[0], p[1], p[2], p[3], p[4], None, p[5],
                             date_any(ex[0]) if ex else None, ex[1] if ex else None,
                             "" if ex else None))
            stats["fines" if p[0] == "fine" else p[0]] += 1
            if p[0] == "fine":
                stats["fine_fen"] += p[5]
        event_rows.extend(case_events)
        if source == "inspection":
            ins_day = day - ri(0, 10)
            ins_at = day_ms(ins_day) + rnd.randrange(8 * 3600000, 17 * 3600000)
            ins_rows.append((next_ins, eid, region, sector, mode, date_any(ins_day), org_id,
                             offs_json, "检查发现违法行为，移送立案查处", 1, number, created_at,
                             creator, ins_at, created_at))
            case_rows[-1] = row[:13] + (next_ins,) + row[14:]
            next_ins += 1
        status_n[status] += 1
        stats["heavy"] += heavy
        stats["persons"] += person
    times["build_s"] = round(time.monotonic() - t, 2)

    # ---- writing ----
    t = time.monotonic()
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO inspections (id, enterprise_id, region_code, sector, kind, inspected_on,"
        " org_id, officers, summary, referred, referral_note, referred_at, created_by,"
        " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", ins_rows)
    db.executemany(
        "INSERT INTO cases (id, org_id, number, year, seq, region_code, sector, party_type,"
        " enterprise_id, person_name, person_id_no, person_address, source, inspection_id,"
        " accident_id, mode, partners, officers, title, facts, evidence, status, filed_on,"
        " extension_days, extension_reason, review_required, reviewed_by, reviewed_on,"
        " review_opinion, notified_on, hearing_eligible, hearing_requested_on,"
        " hearing_notified_on, hearing_on, hearing_place, hearing_record, rights_waived,"
        " decided_on, served_on, closed_on, exit_reason, transferred_to, created_by,"
        " created_at, updated_at) VALUES (" + ",".join("?" * 45) + ")", case_rows)
    db.executemany(
        "INSERT INTO case_violations (id, case_id, seq, provision_id, item, description)"
        " VALUES (?,?,?,?,?,?)", viol_rows)
    db.executemany(
        "INSERT INTO case_penalties (id, case_id, seq, kind, target, target_name, provision_id,"
        " stage, accident_grade, amount_fen, executed_on, paid_fen, execution_note)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", pen_rows)
    db.executemany(
        "INSERT INTO case_events (case_id, action, from_status, to_status, actor_id,"
        " actor_name, at, note, data) VALUES (?,?,?,?,?,?,?,?,?)", event_rows)
    db.executemany(
        "INSERT INTO case_numbers (org_id, year, last_seq) VALUES (?,?,?)"
        " ON CONFLICT (org_id, year) DO UPDATE SET last_seq = excluded.last_seq",
        sorted((k[0], k[1], v) for k, v in last_seq.items()))
    db.execute("COMMIT")
    times["insert_s"] = round(time.monotonic() - t, 2)

    t = time.monotonic()
    mode_ = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    db.close()
    times["wal_s"] = round(time.monotonic() - t, 2)
    times["total_s"] = round(time.monotonic() - t_all, 2)
    by_year = collections.Counter(dates[d_][:4] for d_ in days)
    out = {"cases": len(case_rows), "case_id_min": first_case,
           "case_id_max": first_case + len(case_rows) - 1, "violations": len(viol_rows),
           "penalties": len(pen_rows), "events": len(event_rows),
           "inspections": len(ins_rows), "enterprises": len(ents),
           "by_year": dict(sorted(by_year.items())), "persons": stats["persons"],
           "heavy": stats["heavy"], "fines": stats["fines"], "fine_fen": stats["fine_fen"],
           "suspensions": stats["suspension"], "status": dict(sorted(status_n.items())),
           "journal_mode": mode_, "times": times}
    print("GENJSON " + json.dumps(out, ensure_ascii=False))
    return 0


def _has_status(db):
    return any(r[1] == "status" for r in db.execute("PRAGMA table_info(enterprises)"))


if __name__ == "__main__":
    sys.exit(main())
