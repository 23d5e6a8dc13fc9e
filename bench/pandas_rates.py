#!/usr/bin/python3
"""Reference for `make bench`: the two headline rates of reform (online_rate and the 766
ontime_rate per commune and month) computed with pandas from the same canonical CSV exports.

Usage: pandas_rates.py OUT.csv FILE.csv...   (Debian python3-pandas; local time Asia/Ho_Chi_Minh)

Latest state per dossier_code by updated_at then file order; statuses 1 and 3 excluded; a
pre-2025 unit code is NOT remapped (the benchmark inputs carry 2025 codes only), bad rows are
dropped. It is a timing reference, not a second implementation of every rule.
"""
import sys

import pandas as pd

TZ = "Asia/Ho_Chi_Minh"
COLS = ["dossier_code", "unit_code", "channel", "status", "received_at", "due_at", "finished_at",
        "returned_at", "updated_at"]


def ts(s):
    return pd.to_datetime(s, errors="coerce", utc=True)


def main():
    out, files = sys.argv[1], sys.argv[2:]
    frames = []
    for i, f in enumerate(files):
        df = pd.read_csv(f, usecols=COLS, dtype=str, keep_default_na=False)
        df["file_order"] = i
        frames.append(df)
    d = pd.concat(frames, ignore_index=True)
    d["row"] = range(len(d))
    for c in ["received_at", "finished_at", "returned_at", "updated_at"]:
        d[c] = ts(d[c].where(d[c] != ""))
    due = d["due_at"].where(d["due_at"] != "")
    d["due_at"] = pd.to_datetime(due, errors="coerce", format="%Y-%m-%d").dt.tz_localize(TZ) \
        + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
    d["status"] = pd.to_numeric(d["status"], errors="coerce")
    d["channel"] = pd.to_numeric(d["channel"], errors="coerce")
    d = d.dropna(subset=["received_at", "status", "channel"])
    d = d.sort_values(["updated_at", "file_order", "row"], na_position="first")
    d = d.drop_duplicates("dossier_code", keep="last")
    d = d[~d["status"].isin([1, 3])]
    d["F"] = d["finished_at"].fillna(d["returned_at"])
    term = d["status"].isin([7, 8, 9, 10])
    d.loc[term, "F"] = d.loc[term, "F"].fillna(d.loc[term, "updated_at"])
    local_recv = d["received_at"].dt.tz_convert(TZ)
    months = pd.period_range(local_recv.min().tz_localize(None).to_period("M"),
                             local_recv.max().tz_localize(None).to_period("M"), freq="M")
    rows = []
    for m in months:
        start = pd.Timestamp(m.start_time).tz_localize(TZ)
        end = pd.Timestamp((m + 1).start_time).tz_localize(TZ)
        recv = d[(d["received_at"] >= start) & (d["received_at"] < end)]
        g = recv.groupby("unit_code")
        received = g.size()
        online = recv[recv["channel"] == 2].groupby("unit_code").size()
        proc = d[(d["received_at"] < end) & (d["F"].isna() | (d["F"] >= start))]
        late = proc["due_at"].notna() & (proc["F"] > proc["due_at"])
        fin_in = proc["F"].notna() & (proc["F"] >= start) & (proc["F"] < end)
        open_end = proc["F"].isna() | (proc["F"] >= end)
        ontime = (fin_in & ~late) | (open_end & (proc["due_at"].isna() | (proc["due_at"] >= end)))
        pg = proc.assign(ontime=ontime).groupby("unit_code")["ontime"].agg(["size", "sum"])
        r = pd.DataFrame({"received": received, "online": online}).join(pg, how="outer").fillna(0)
        r["online_rate"] = (100 * r["online"] / r["received"]).round(2)
        r["ontime_rate"] = (100 * r["sum"] / r["size"]).round(2)
        r["period"] = str(m)
        rows.append(r[["period", "online_rate", "ontime_rate"]])
    pd.concat(rows).reset_index(names="unit_code").sort_values(["period", "unit_code"]).to_csv(out, index=False)


if __name__ == "__main__":
    main()
