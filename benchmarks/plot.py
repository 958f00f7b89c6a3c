"""PNG plots of the benchmark results for docs/performance.rst (needs matplotlib; optional).

Reads benchmarks/results/storage.json and benchmarks/results/async_gets.json
(written by bench_storage.py and bench_async_gets.py) and writes

* docs/_static/bench_storage_throughput.png - MiB/s by object size, upload and download;
* docs/_static/bench_storage_memory.png - peak RSS by object size;
* docs/_static/bench_async_gets.png - calls per second by calls in flight.

    python benchmarks/plot.py [--results benchmarks/results] [--out docs/_static]
"""

from __future__ import annotations

import argparse
import json
import os
from typing import Any, Dict, List

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def _load(path: str) -> Dict[str, Any]:
    with open(path) as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def _series(storage: Dict[str, Any], field: str) -> Dict[str, List[Any]]:
    """case id -> [(size MiB, median or max)] across sizes."""
    out: Dict[str, List[Any]] = {}
    for size, cases in sorted(storage["transfers"].items(), key=lambda item: int(item[0])):
        for cid, result in cases.items():
            value = result[field]["max" if field == "peak_rss_mib" else "median"]
            out.setdefault(cid, []).append((int(size) / (1024 * 1024), value))
    return out


def plot_storage(storage: Dict[str, Any], out_dir: str, plt: Any) -> List[str]:
    labels = storage["labels"]
    down = {cid for cid in labels if "dl" in cid or "get" in cid}
    written = []
    throughput = _series(storage, "mib_s")
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.2), sharey=False)
    for ax, title, wanted in ((axes[0], "Upload", lambda c: c not in down), (axes[1], "Download", down.__contains__)):
        for cid, points in throughput.items():
            if wanted(cid):
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, marker="o", label=labels[cid])
        ax.set_xscale("log", base=2)
        ax.set_xlabel("object size (MiB)")
        ax.set_ylabel("MiB/s (median)")
        ax.set_title("%s throughput, local S3 server" % title)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=6.5, loc="best")
    fig.suptitle("%s - %s" % (storage["machine"], storage["date"]), fontsize=8)
    fig.tight_layout()
    path = os.path.join(out_dir, "bench_storage_throughput.png")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)

    memory = _series(storage, "peak_rss_mib")
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.2))
    for ax, title, wanted in ((axes[0], "Upload", lambda c: c not in down), (axes[1], "Download", down.__contains__)):
        for cid, points in memory.items():
            if wanted(cid):
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, marker="o", label=labels[cid])
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel("object size (MiB)")
        ax.set_ylabel("peak RSS of the client process (MiB, max of runs)")
        ax.set_title("%s peak memory" % title)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=6.5, loc="best")
    fig.suptitle("%s - %s" % (storage["machine"], storage["date"]), fontsize=8)
    fig.tight_layout()
    path = os.path.join(out_dir, "bench_storage_memory.png")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    return written


def plot_async(gets: Dict[str, Any], out_dir: str, plt: Any) -> str:
    labels = gets["labels"]
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.2))
    for ax, call in ((axes[0], "head"), (axes[1], "get")):
        for cid, per_level in gets["results"].items():
            if not cid.endswith("-" + call):
                continue
            levels = sorted(int(n) for n in per_level)
            ax.plot(levels, [per_level[str(n)]["median"] for n in levels], marker="o", label=labels[cid])
        ax.set_xscale("log", base=2)
        ax.set_xlabel("calls in flight")
        ax.set_ylabel("calls per second (median)")
        ax.set_title("%d small %s calls" % (gets["calls"], "HEAD" if call == "head" else "GET (1 KiB)"))
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7, loc="best")
    fig.suptitle("%s - %s" % (gets["machine"], gets["date"]), fontsize=8)
    fig.tight_layout()
    path = os.path.join(out_dir, "bench_async_gets.png")
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", default=os.path.join(HERE, "results"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "_static"))
    args = parser.parse_args()
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise SystemExit("plot.py needs matplotlib: pip install matplotlib") from exc
    os.makedirs(args.out, exist_ok=True)
    written: List[str] = []
    storage = os.path.join(args.results, "storage.json")
    if os.path.exists(storage):
        written += plot_storage(_load(storage), args.out, plt)
    gets = os.path.join(args.results, "async_gets.json")
    if os.path.exists(gets):
        written.append(plot_async(_load(gets), args.out, plt))
    if not written:
        raise SystemExit("no results in %s: run bench_storage.py / bench_async_gets.py first" % args.results)
    for path in written:
        print("wrote", path)


if __name__ == "__main__":
    main()
