#!/usr/bin/env python3
"""Independent check of a few daily Beijing AQI values from the UCI multi-site files.

Written separately from hazeplan (exact fractions, no shared code) to give the expected
values of tests/aqi_files.rs. Conventions: hour h of the files is labelled h:00 and is
hour-ending, so day D is the labels D 01:00 .. D+1 00:00; the city's hourly value is the mean
of the stations with a value; a daily mean needs >= 20 valid hours; O3 8-h means need >= 6 of
8 hours; the daily maximum 8-h O3 takes the windows ending 08:00-24:00 and needs >= 14 of
them; CO is in ug/m3 in these files; HJ 633-2012 daily tables, the exact daily concentration
scored unrounded (standards.md 1.2: under HJ 633-2012 the value is scored as reported; only
HJ 633-2026 rounds per GB/T 8170 first). --round-2012 rounds per GB/T 8170 first, as hazeplan
did before (AqiOptions::round_2012).

usage: uci_hand_check.py [--round-2012] DATA_DIR DATE...
"""
import argparse
import csv
import datetime as dt
import glob
import math
from fractions import Fraction as F

I = [0, 50, 100, 150, 200, 300, 400, 500]
T = {
    "PM2.5": [0, 35, 75, 115, 150, 250, 350, 500],
    "PM10": [0, 50, 150, 250, 350, 420, 500, 600],
    "SO2": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "NO2": [0, 40, 80, 180, 280, 565, 750, 940],
    "CO": [0, 20, 40, 140, 240, 360, 480, 600],  # 0.1 mg/m3
    "O3": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "O3_8h": [0, 100, 160, 215, 265, 800],
}


def half_even(x):
    q = math.floor(x)
    r = x - q
    if r > F(1, 2) or (r == F(1, 2) and q % 2 == 1):
        q += 1
    return q


def iaqi(name, c, round_first=False):
    c = c * 10 if name == "CO" else c
    if round_first:
        c = half_even(c)
    bp = T[name]
    if c > bp[-1]:
        return 500
    for k in range(1, len(bp)):
        if c <= bp[k]:
            return I[k - 1] + math.ceil(F(I[k] - I[k - 1]) * (c - bp[k - 1]) / (bp[k] - bp[k - 1]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", help="the uci_beijing_multisite folder")
    ap.add_argument("dates", nargs="+", metavar="DATE", help="YYYY-MM-DD")
    ap.add_argument("--round-2012", action="store_true",
                    help="round per GB/T 8170 before scoring (the old rule)")
    args = ap.parse_args()
    data_dir, dates, rnd = args.data_dir, args.dates, args.round_2012
    cols = ["PM2.5", "PM10", "SO2", "NO2", "CO", "O3"]
    hourly = {}  # label -> pollutant -> list of station values
    for f in sorted(glob.glob(data_dir + "/*.csv")):
        for r in csv.DictReader(open(f)):
            t = dt.datetime(int(r["year"]), int(r["month"]), int(r["day"]), int(r["hour"]))
            for c in cols:
                if r[c] != "NA":
                    v = F(r[c]) / (1000 if c == "CO" else 1)
                    hourly.setdefault(t, {}).setdefault(c, []).append(v)
    city = {t: {c: sum(v) / len(v) for c, v in d.items()} for t, d in hourly.items()}
    for ds in dates:
        day = dt.date.fromisoformat(ds)
        labels = [dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=h) for h in range(1, 25)]
        out = {}
        for c in cols[:5]:
            vals = [city[t][c] for t in labels if t in city and c in city[t]]
            if len(vals) >= 20:
                out[c] = iaqi(c, sum(vals) / len(vals), rnd)
        o3 = [city[t]["O3"] for t in labels if t in city and "O3" in city[t]]
        if len(o3) >= 20:
            out["O3"] = iaqi("O3", max(o3), rnd)
        windows = []
        for t in labels[7:]:
            w = [city[u]["O3"] for u in (t - dt.timedelta(hours=k) for k in range(8))
                 if u in city and "O3" in city[u]]
            if len(w) >= 6:
                windows.append(sum(w) / len(w))
        if len(windows) >= 14:
            out["O3_8h"] = iaqi("O3_8h", max(windows), rnd)
        aqi = max(out.values())
        primary = ";".join(k for k in ["PM2.5", "PM10", "SO2", "NO2", "CO", "O3", "O3_8h"]
                           if out.get(k) == aqi) if aqi > 50 else ""
        print(ds, aqi, primary, out)


if __name__ == "__main__":
    main()
