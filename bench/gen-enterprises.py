#!/usr/bin/env python3
"""Writes a CSV of N synthetic enterprises for `anjian import enterprises`.

usage: bench/gen-enterprises.py N OUT.csv [--seed S] [--root DIR]

Deterministic for a given seed. Every row is valid for the importer:
- uscc: 18 characters, GB 32100 check character (weights 3^(i-1) mod 31), unique;
  "91" (registered by market regulation, enterprise) + the county code + a 9-character
  organisation code derived from the row number;
- region_code: a county, township or zone of data/regions/150600.json (90 % townships and
  zones, 10 % the county itself);
- sector: a code of data/sectors.json;
- risk_color: blue 55 %, yellow 33 %, orange 9 %, red 3 %;
- name: unique (also against the demo enterprises seeded by `init --demo`).
"""
import argparse
import csv
import json
import os
import random
import sys

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]


def uscc_check(body17):
    s = sum(CHARSET.index(c) * w for c, w in zip(body17, WEIGHTS))
    return CHARSET[(31 - s % 31) % 31]


def org_code(n):
    """9 characters of the charset, unique per n (base 31, with a fixed 'MA' prefix)."""
    digits = []
    for _ in range(7):
        n, r = divmod(n, 31)
        digits.append(CHARSET[r])
    if n:
        raise ValueError("row number too large")
    return "MA" + "".join(reversed(digits))


# Approximate centres of the counties (WGS-84), for plausible coordinates.
COUNTY_CENTRE = {
    "150602": (39.82, 109.99), "150603": (39.61, 109.78), "150621": (40.40, 110.04),
    "150622": (39.87, 111.24), "150623": (38.18, 107.48), "150624": (39.10, 107.98),
    "150625": (39.83, 108.74), "150626": (38.60, 108.85), "150627": (39.57, 109.74),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
         "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "文斌", "永胜", "巴特尔", "乌力吉",
         "其其格", "建国", "志强", "海军", "晓东", "红梅", "玉兰", "建华", "宏伟", "春生"]
WORDS = list("鑫通兴旺北辰天润恒泰华盛德宏远丰瑞祥安和新金源达利隆昌汇博嘉信诚宇晟亿龙腾凯鸿元聚富康顺裕海峰永升盈益荣坤泽中")
SECTOR_WORD = {
    "chemical": ["化工", "精细化工", "煤化工", "化学"], "fireworks": ["烟花爆竹"],
    "coal": ["煤业", "矿业", "煤炭"], "metal_nonmetal_mine": ["矿业", "石料", "砂石"],
    "industry_trade": ["冶金", "建材", "机械", "铝业", "硅业"], "city_gas": ["燃气", "天然气"],
    "road_transport": ["运输", "物流", "客运"], "civil_explosives": ["爆破", "民爆器材"],
    "construction": ["建筑工程", "建设", "市政工程"], "fire": ["消防工程", "商贸"],
    "power": ["电力", "能源", "热电"], "other": ["商贸", "实业", "科技"],
}
FORMS = ["有限公司", "有限责任公司", "股份有限公司", "集团有限公司"]
ROADS = ["伊金霍洛西街", "鄂尔多斯大街", "天骄路", "达拉特南路", "准格尔路", "宝日陶亥街",
         "工业园区纬三路", "经二路", "民族东街", "兴胜路", "王府大街", "乌审西街"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), ".."))
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    regions = json.load(open(os.path.join(a.root, "data/regions/150600.json"), encoding="utf-8"))
    by_code = {r["code"]: r for r in regions["regions"]}
    counties = [r["code"] for r in regions["regions"] if r["level"] == "county"]
    subs = [r["code"] for r in regions["regions"] if r["level"] in ("township", "zone")]
    sectors = [s["code"] for s in json.load(
        open(os.path.join(a.root, "data/sectors.json"), encoding="utf-8"))["sectors"]]

    taken_names, taken_uscc = set(), set()
    demo = os.path.join(a.root, "data/demo/enterprises.csv")
    if os.path.exists(demo):
        with open(demo, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                taken_names.add(row[0])
                taken_uscc.add(row[1])

    cols = ["name", "uscc", "region_code", "sector", "address", "lat", "lon", "scale",
            "employees", "legal_rep", "principal", "principal_phone", "safety_manager",
            "hazchem", "major_hazard_source", "risk_color"]
    person = lambda: rnd.choice(SURNAMES) + rnd.choice(GIVEN)
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        serial = 0
        for i in range(a.n):
            region = rnd.choice(counties) if rnd.random() < 0.10 else rnd.choice(subs)
            county = region[:6]
            sector = rnd.choice(sectors)
            county_name = by_code[county]["name"]
            for attempt in range(20):
                name = "鄂尔多斯市" + "".join(rnd.sample(WORDS, 3 if attempt < 10 else 4)) + \
                    rnd.choice(SECTOR_WORD[sector]) + rnd.choice(FORMS)
                if name not in taken_names:
                    break
            else:
                name = "鄂尔多斯市%s第%d%s" % (county_name, i, FORMS[0])
            taken_names.add(name)
            while True:
                body = "91" + county + org_code(serial)
                serial += 1
                uscc = body + uscc_check(body)
                if uscc not in taken_uscc:
                    break
            taken_uscc.add(uscc)
            lat0, lon0 = COUNTY_CENTRE.get(county, (39.6, 109.8))
            lat = round(lat0 + rnd.uniform(-0.25, 0.25), 6)
            lon = round(lon0 + rnd.uniform(-0.3, 0.3), 6)
            scale = rnd.choices(["large", "medium", "small", "micro"], [5, 20, 45, 30])[0]
            employees = {"large": rnd.randint(1000, 20000), "medium": rnd.randint(300, 999),
                         "small": rnd.randint(20, 299), "micro": rnd.randint(1, 19)}[scale]
            phone = rnd.choice(["13", "15", "18", "17"]) + "%09d" % rnd.randrange(10**9) \
                if rnd.random() < 0.85 else "0477-%07d" % rnd.randrange(10**7)
            hazchem = sector in ("chemical", "city_gas", "fireworks") or rnd.random() < 0.05
            major = hazchem and rnd.random() < 0.2
            color = rnd.choices(["blue", "yellow", "orange", "red"], [55, 33, 9, 3])[0]
            sub_name = by_code[region]["name"] if region != county else ""
            address = "%s%s%s%d号" % (county_name, sub_name, rnd.choice(ROADS),
                                     rnd.randint(1, 999))
            w.writerow([name, uscc, region, sector, address, lat, lon, scale, employees,
                        person(), person(), phone, person(), "是" if hazchem else "否",
                        "是" if major else "否", color])
    return 0


if __name__ == "__main__":
    sys.exit(main())
