#!/usr/bin/env python3
"""Writes a hazard ledger (隐患台账) CSV of N synthetic rows for `anjian import hazards`.

usage: bench/gen-hazard-csv.py N OUT.csv --db DB [--seed S] [--until YYYY-MM-DD]
                               [--by-name] [--crlf] [--bom]

Reads the enterprises and the standards catalog from DB (an `anjian init --demo`
database, or one with more enterprises imported) so that every row is valid:
- the enterprise by its unified social credit code (--by-name: by its name, as the
  ledger export does; only names held by one enterprise are used);
- found_on between 2024-01-01 and --until (default 2025-12-31), written as Excel writes
  dates half the time (2024/3/5);
- 95 % general hazards, 5 % major ones citing a citable item of a standard of the
  enterprise's sector in force on found_on (enterprises of sectors without such an item
  only get general hazards);
- statuses: 已登记 30 %, 整改中 20 %, 待验收 10 %, 已销号 40 %; closed ones have a
  销号日期 after found_on and not after --until; major ones past 已登记 have the
  five-part plan (responsible, measures, funds > 0, deadline, contingency).
Deterministic for a given seed and database.
"""
import argparse
import csv
import datetime as dt
import random
import sqlite3
import sys

HEADER = ["统一社会信用代码", "隐患来源", "发现日期", "隐患描述", "隐患部位", "隐患类别", "隐患等级",
          "判定标准条目", "整改期限", "整改责任人", "整改措施", "整改资金（元）", "应急预案", "状态",
          "销号日期"]
SOURCES = [("企业自查", 45), ("政府检查", 40), ("举报投诉", 8), ("事故调查", 2), ("其他", 5)]
STATUSES = [("已登记", 30), ("整改中", 20), ("待验收", 10), ("已销号", 40)]
PLACES = ["储罐区", "装卸站台", "配电室", "生产车间", "仓库", "锅炉房", "控制室", "井下采区",
          "皮带运输巷", "厂区道路", "办公楼", "消防泵房", "危化品库", "施工现场", "脚手架"]
CATEGORIES = ["设备设施", "安全管理", "作业环境", "人员操作", "消防安全", "用电安全", "特种设备"]
PROBLEMS = ["可燃气体报警器失效", "安全出口堵塞", "灭火器过期未更换", "防护栏缺失", "电气线路私拉乱接",
            "安全警示标志缺失", "特种作业人员未持证上岗", "应急照明损坏", "压力表未定期校验",
            "劳动防护用品配备不足", "安全培训记录不全", "通风设施运行不正常", "临边防护不到位"]
MEASURES = ["立即停用并更换", "清理通道并设置警示", "更换合格器材", "按规范整改并复查",
            "组织专项培训并考核", "委托有资质单位检测"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘于蒋蔡余"
GIVEN = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "文斌",
         "永胜", "巴特尔", "乌力吉", "建国", "志强", "海军", "晓东", "红梅"]


def weighted(rnd, pairs):
    return rnd.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def in_force(eff, rep, on):
    return (eff is None or eff <= on) and (rep is None or on < rep)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--db", required=True)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--until", default="2025-12-31")
    ap.add_argument("--by-name", action="store_true")
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--bom", action="store_true")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    db = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    ents = db.execute("SELECT uscc, name, sector FROM enterprises WHERE status = 'active'"
                      " ORDER BY id").fetchall()
    if a.by_name:
        count = {}
        for _, name, _ in ents:
            count[name] = count.get(name, 0) + 1
        ents = [e for e in ents if count[e[1]] == 1]
    if not ents:
        sys.exit("no active enterprises in %s" % a.db)
    items = {}
    for iid, sector, eff, rep in db.execute(
            "SELECT i.id, s.sector, s.effective_on, s.repealed_on FROM standard_items i"
            " JOIN standards s ON s.id = i.standard_id WHERE i.citable AND NOT i.retired"
            " AND i.confidence = 'normal'"
            " ORDER BY i.id"):
        items.setdefault(sector, []).append((iid, eff, rep))
    first = dt.date(2024, 1, 1)
    last = dt.date.fromisoformat(a.until)
    span = (last - first).days

    def person():
        return rnd.choice(SURNAMES) + rnd.choice(GIVEN)

    def excel(d):
        return "%d/%d/%d" % (d.year, d.month, d.day) if rnd.random() < 0.5 else d.isoformat()

    header = ["企业名称" if a.by_name else HEADER[0]] + HEADER[1:]
    with open(a.out, "w", encoding="utf-8-sig" if a.bom else "utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n" if a.crlf else "\n")
        w.writerow(header)
        for _ in range(a.n):
            uscc, name, sector = rnd.choice(ents)
            found = first + dt.timedelta(days=rnd.randrange(span + 1))
            on = found.isoformat()
            cite = [i for i in items.get(sector, []) if in_force(i[1], i[2], on)]
            major = bool(cite) and rnd.random() < 0.05
            status = weighted(rnd, STATUSES)
            deadline = found + dt.timedelta(days=rnd.randint(7, 90))
            planned = status != "已登记" or rnd.random() < 0.5
            closed = ""
            if status == "已销号":
                closed = excel(found + dt.timedelta(days=rnd.randint(0, (last - found).days)))
            row = [name if a.by_name else uscc, weighted(rnd, SOURCES), excel(found),
                   "%s%s" % (rnd.choice(PLACES), rnd.choice(PROBLEMS)), rnd.choice(PLACES),
                   rnd.choice(CATEGORIES), "重大事故隐患" if major else "一般隐患",
                   str(rnd.choice(cite)[0]) if major else "",
                   excel(deadline) if planned else "", person() if planned else "",
                   rnd.choice(MEASURES) if planned else "",
                   ("%d.%02d" % (rnd.randint(1, 500000), rnd.randrange(100)))
                   if planned and (major or rnd.random() < 0.6) else "",
                   "见专项应急预案" if planned and major else "", status, closed]
            w.writerow(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
