"""reStructuredText tables of the benchmark results, for docs/performance.rst.

    python benchmarks/tables.py [--results benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import BENCH_DIR, MiB, rst_table  # noqa: E402


# Row order of the tables (JSON files written with sorted keys lose the run's order).
STORAGE_ORDER = ["ours-up", "ours-up-md5", "ours-up-tuned", "ours-stream", "up-up", "up-stream", "boto3-up",
                 "requests-put", "curl-put", "ours-dl", "ours-dl-single", "ours-dl-crc", "ours-dl-tuned",
                 "ours-dl-crc-single", "up-dl", "boto3-dl", "requests-get", "curl-get"]
ASYNC_ORDER = ["ours-async-head", "ours-threads-head", "upstream-threads-head", "aiobotocore-head",
               "ours-async-get", "ours-threads-get", "upstream-threads-get", "aiobotocore-get"]
SMALL_ORDER = ["libcloud-ng download_object_as_stream", "apache-libcloud 3.9.1 download_object_as_stream",
               "boto3 get_object + Body.read()", "requests.Session.get (raw limit)"]


def _ordered(items: dict, order: list) -> list:
    rank = {key: n for n, key in enumerate(order)}
    return sorted(items.items(), key=lambda item: rank.get(item[0], len(order)))


def storage_tables(data: dict) -> str:
    labels = data["labels"]
    parts = []
    for size, cases in sorted(data["transfers"].items(), key=lambda item: int(item[0])):
        rows = []
        for cid, r in _ordered(cases, STORAGE_ORDER):
            base = r["base_rss_mib"]["median"]
            rows.append((labels[cid], "%.0f" % r["mib_s"]["median"],
                         "%.0f-%.0f" % (r["mib_s"]["min"], r["mib_s"]["max"]),
                         "%.0f" % r["peak_rss_mib"]["max"], "%.0f" % base if base else "-"))
        parts.append("**%d MiB object** (median of %d runs)\n\n" % (int(size) // MiB, data["repeat"])
                     + rst_table(["client", "MiB/s", "min-max", "peak RSS MiB", "RSS before"], rows))
    if data.get("small_gets"):
        rows = [(label, "%.0f" % r["calls_s"]["median"], "%.0f-%.0f" % (r["calls_s"]["min"], r["calls_s"]["max"]))
                for label, r in _ordered(data["small_gets"], SMALL_ORDER)]
        parts.append("**%d sequential GETs of 1 KiB objects** (median of %d runs)\n\n"
                     % (data["small_calls"], data["repeat"]) + rst_table(["client", "calls/s", "min-max"], rows))
    return "\n".join(parts)


def async_tables(data: dict) -> str:
    labels = data["labels"]
    parts = []
    for level in data["levels"]:
        rows = []
        for cid, per in _ordered(data["results"], ASYNC_ORDER):
            r = per[str(level)]
            rows.append((labels[cid].replace("N threads", "%d threads" % level), "%.0f" % r["median"],
                         "%.0f-%.0f" % (r["min"], r["max"])))
        parts.append("**%d in flight** (%d calls, median of %d runs)\n\n" % (level, data["calls"], data["repeat"])
                     + rst_table(["client", "calls/s", "min-max"], rows))
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--results", default=os.path.join(BENCH_DIR, "results"))
    args = parser.parse_args()
    for name, render in (("storage.json", storage_tables), ("storage_download_1gib.json", storage_tables),
                         ("async_gets.json", async_tables)):
        path = os.path.join(args.results, name)
        if os.path.exists(path):
            with open(path) as handle:
                print(render(json.load(handle)))


if __name__ == "__main__":
    main()
