"""Every row of the performance table (issue 20) in one run, side by side, with its target.

Runs the benchmarks below one after the other (each interleaves its own
clients and reports medians), then prints one table - ours, upstream 3.9.1,
boto3 and the floor for each workload - with the ratio each target is about
and whether it is met.  Nothing is asserted.

===========================================  ======================================================
rows                                         benchmark (and its arguments here)
===========================================  ======================================================
1 GiB download / uploads (CRC32, MD5,        ``bench_storage.py --sizes 1024 --small-gets 0``
generator)
``get_object`` (HEAD), GET 4 KiB             ``bench_small_calls.py`` (one connection)
200 streamed GETs, threads and asyncio       ``bench_async_gets.py --kinds stream --calls 200 --concurrency 32``
EC2 ``list_nodes``, S3 and Route53 listings  ``bench_listings.py``
import + first call                          ``bench_import.py``
===========================================  ======================================================

    python benchmarks/bench_table.py [--repeat 3] [--mib 1024] [--only storage,small,streams,listings,import]

Results: ``results/table.json`` (the rows) next to each benchmark's own JSON.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from typing import Any, Dict, List, Optional

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import BENCH_DIR, print_table, rst_table, save_results  # noqa: E402

RESULTS = os.path.join(BENCH_DIR, "results")
STORAGE_CASES = ("ours-dl,up-dl,boto3-dl,curl-get,ours-up,ours-up-md5,up-up,boto3-up,curl-put,"
                 "ours-stream,up-stream,boto3-stream")


def _run(script: str, args: List[str]) -> None:
    command = [sys.executable, os.path.join(BENCH_DIR, script), *args]
    print("\n$ python benchmarks/%s %s" % (script, " ".join(args)), flush=True)
    subprocess.run(command, check=True)


def _load(name: str) -> Dict[str, Any]:
    with open(os.path.join(RESULTS, name)) as handle:
        return json.load(handle)


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return a / b if a and b else None


def _row(workload: str, unit: str, ours: Optional[float], upstream: Optional[float], boto3: Optional[float],
         floor: Optional[float], target: str, ratio: Optional[float], minimum: float, lower_is_better: bool = False,
         extra: str = "") -> Dict[str, Any]:
    """One table row; ``ratio`` is what ``target`` is about, met when >= ``minimum`` (<= for lower-is-better)."""
    def fmt(value: Optional[float]) -> str:
        if value is None:
            return "-"
        return "%.3f" % value if value < 10 else "{:,.0f}".format(value)

    met = ratio is not None and (ratio <= minimum if lower_is_better else ratio >= minimum)
    return {"workload": workload, "unit": unit, "ours": fmt(ours) + extra, "upstream": fmt(upstream),
            "boto3": fmt(boto3), "floor": fmt(floor), "target": target,
            "ratio": None if ratio is None else round(ratio, 2), "met": met}


def storage_rows(mib: int) -> List[Dict[str, Any]]:
    """Rows from bench_storage: the 1 GiB download and the three uploads."""
    data = _load("table_storage.json")["transfers"][str(mib * 1024 * 1024)]

    def med(cid: str, field: str = "mib_s") -> Optional[float]:
        entry = data.get(cid)
        return entry[field]["median"] if entry else None

    def peak(cid: str) -> Optional[float]:
        entry = data.get(cid)
        return entry["peak_rss_mib"]["max"] if entry else None

    size = "%d MiB" % mib if mib != 1024 else "1 GiB"
    dl_peak = peak("ours-dl") or 0
    gen_peak = peak("ours-stream") or 0
    rows = [
        _row("download %s to file" % size, "MiB/s", med("ours-dl"), med("up-dl"), med("boto3-dl"), med("curl-get"),
             ">= 1.1x curl, <= 64 MB", _ratio(med("ours-dl"), med("curl-get")), 1.1,
             extra=", %.0f MB" % dl_peak),
        _row("upload %s from file, AWS default (CRC32)" % size, "MiB/s", med("ours-up"), med("up-up"),
             med("boto3-up"), med("curl-put"), ">= 1.5x boto3", _ratio(med("ours-up"), med("boto3-up")), 1.5),
        _row("upload %s from file, custom endpoint (MD5)" % size, "MiB/s", med("ours-up-md5"), med("up-up"),
             med("boto3-up"), med("curl-put"), ">= 1.0x boto3", _ratio(med("ours-up-md5"), med("boto3-up")), 1.0),
        _row("upload %s from a generator" % size, "MiB/s", med("ours-stream"), med("up-stream"),
             med("boto3-stream"), None, ">= 1.5x boto3, <= 128 MB", _ratio(med("ours-stream"), med("boto3-stream")),
             1.5, extra=", %.0f MB" % gen_peak),
    ]
    if dl_peak > 64:
        rows[0]["met"] = False
    if gen_peak > 128:
        rows[3]["met"] = False
    return rows


def small_rows() -> List[Dict[str, Any]]:
    """Rows from bench_small_calls: one connection, calls per second."""
    m = _load("table_small.json")["medians"]

    def per_s(side: str, call: str) -> Optional[float]:
        return m[side][call + "_per_s"] if side in m else None

    head = [per_s(s, "get_object") for s in ("ours", "upstream", "boto3", "floor")]
    get = [per_s(s, "get_4k") for s in ("ours", "upstream", "boto3", "floor")]
    get_vs_upstream = _ratio(get[0], get[1])
    row_get = _row("GET 4 KiB, one connection", "calls/s", get[0], get[1], get[2], get[3],
                   ">= 0.9x floor, >= 1.1x upstream", _ratio(get[0], get[3]), 0.9)
    row_get["met"] = row_get["met"] and (get_vs_upstream or 0) >= 1.1
    row_get["target"] += " (%.2fx)" % (get_vs_upstream or 0)
    return [_row("get_object (HEAD), one connection", "calls/s", head[0], head[1], head[2], head[3],
                 ">= 0.9x floor", _ratio(head[0], head[3]), 0.9), row_get]


def stream_rows() -> List[Dict[str, Any]]:
    """Rows from bench_async_gets --kinds stream: 200 streamed GETs, 32 in flight."""
    data = _load("table_streams.json")
    results = data["results"]

    def med(cid: str) -> Optional[float]:
        entry = results.get(cid)
        return entry["32"]["median"] if entry else None

    cpu = data.get("cpu_us", {})

    def cpu_note(cid: str) -> str:
        ours, theirs = cpu.get(cid), cpu.get("upstream-threads-stream")
        if not ours or not theirs:
            return ""
        return "CPU/call %.0f us vs upstream's %.0f us" % (ours["32"]["median"], theirs["32"]["median"])

    upstream = med("upstream-threads-stream")
    rows = [
        _row("200 streamed GETs on 32 threads", "calls/s", med("ours-threads-stream"), upstream,
             med("boto3-threads-stream"), med("floor-threads-stream"), ">= 1.0x upstream",
             _ratio(med("ours-threads-stream"), upstream), 1.0),
        _row("the same through libcloud.asyncio", "calls/s", med("ours-async-stream"), upstream, None, None,
             ">= 2x upstream's threads", _ratio(med("ours-async-stream"), upstream), 2.0),
    ]
    rows[0]["note"], rows[1]["note"] = cpu_note("ours-threads-stream"), cpu_note("ours-async-stream")
    return rows


def listing_rows() -> List[Dict[str, Any]]:
    """Rows from bench_listings: EC2 list_nodes (seconds), S3 and Route53 listings (items per second)."""
    data = _load("listings.json")
    medians, counts = data["medians"], data["counts"]
    rows = []
    if "ec2" in medians:
        wall = {s: v["wall"] for s, v in medians["ec2"].items()}
        rows.append(_row("EC2 list_nodes, %s instances" % "{:,}".format(counts["ec2"]), "s", wall.get("ours"),
                         wall.get("upstream"), wall.get("boto3"), wall.get("floor"), ">= 3x upstream",
                         _ratio(wall.get("upstream"), wall.get("ours")), 3.0))
    for workload, label in (("s3", "S3 listing, %s keys"), ("route53", "Route53 record listing, %s records")):
        if workload in medians:
            rate = {s: counts[workload] / v["wall"] for s, v in medians[workload].items()}
            rows.append(_row(label % "{:,}".format(counts[workload]), "items/s", rate.get("ours"),
                             rate.get("upstream"), rate.get("boto3"), rate.get("floor"), ">= 0.6x floor",
                             _ratio(rate.get("ours"), rate.get("floor")), 0.6))
    return rows


def import_rows() -> List[Dict[str, Any]]:
    """The row from bench_import: seconds from a new process's first line to its first answer."""
    m = _load("table_import.json")["medians"]
    return [_row("import + first call (new process)", "s", m["ours"]["seconds"], m["upstream"]["seconds"],
                 m["boto3"]["seconds"], None, "<= upstream", _ratio(m["ours"]["seconds"], m["upstream"]["seconds"]),
                 1.0, lower_is_better=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mib", type=int, default=1024, help="object size of the transfer rows")
    parser.add_argument("--only", default="storage,small,streams,listings,import")
    parser.add_argument("--report-only", action="store_true", help="rebuild the table from the saved results")
    args = parser.parse_args()
    only = args.only.split(",")
    repeat = str(args.repeat)
    started = time.time()
    load_before = os.getloadavg()
    if not args.report_only:
        if "storage" in only:
            _run("bench_storage.py", ["--sizes", str(args.mib), "--repeat", repeat, "--small-gets", "0",
                                      "--cases", STORAGE_CASES, "--out", os.path.join(RESULTS, "table_storage.json")])
        if "small" in only:
            _run("bench_small_calls.py", ["--repeat", repeat, "--out", os.path.join(RESULTS, "table_small.json")])
        if "streams" in only:
            _run("bench_async_gets.py", ["--kinds", "stream", "--calls", "200", "--concurrency", "32", "--repeat",
                                         repeat, "--out", os.path.join(RESULTS, "table_streams.json")])
        if "listings" in only:
            _run("bench_listings.py", ["--repeat", repeat])
        if "import" in only:
            _run("bench_import.py", ["--repeat", str(max(5, args.repeat)),
                                     "--out", os.path.join(RESULTS, "table_import.json")])
    rows: List[Dict[str, Any]] = []
    for name, build in (("storage", lambda: storage_rows(args.mib)), ("small", small_rows),
                        ("streams", stream_rows), ("listings", listing_rows), ("import", import_rows)):
        if name in only:
            try:
                rows.extend(build())
            except (OSError, KeyError) as exc:  # a benchmark that did not run (yet)
                print("(no %s results: %r)" % (name, exc))
    headers = ["workload", "unit", "ours", "upstream 3.9.1", "boto3", "floor", "target", "ratio", "met"]
    cells = [[r["workload"], r["unit"], r["ours"], r["upstream"], r["boto3"], r["floor"], r["target"],
              "-" if r["ratio"] is None else "%.2fx" % r["ratio"], "yes" if r["met"] else "NO"] for r in rows]
    notes = ["%s: %s" % (r["workload"], r["note"]) for r in rows if r.get("note")]
    command = "python benchmarks/bench_table.py " + " ".join(sys.argv[1:])
    print_table("\nIssue 20's table, one run (%s; load %.1f before, %.1f after)"
                % (command.strip(), load_before[0], os.getloadavg()[0]), headers, cells)
    print("\n".join(notes) + "\n" if notes else "")
    print(rst_table(headers, cells))
    save_results(os.path.join(RESULTS, "table.json"),
                 {"date": datetime.date.today().isoformat(), "command": command.strip(),
                  "machine": "%s, %d cores, Python %s" % (platform.machine(), os.cpu_count() or 0,
                                                         platform.python_version()),
                  "load_before": load_before, "load_after": os.getloadavg(), "seconds": time.time() - started,
                  "rows": rows})


if __name__ == "__main__":
    main()
