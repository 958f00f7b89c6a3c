"""Object storage throughput, peak memory and small-call rate, side by side in one run.

On the local S3 bench server (:mod:`s3_bench_server`, data on /dev/shm) this
compares, for each object size:

* libcloud-ng (this tree): ``upload_object`` (with CRC32 checksums as on
  AWS, with Content-MD5 as on other endpoints, and one tuned row),
  ``upload_object_via_stream``, ``download_object`` of an object that has
  only an MD5 ETag and of one whose CRC32 the server kept (defaults, one
  GET, and one tuned row);
* apache-libcloud 3.9.1 (its own virtualenv): the same calls;
* boto3 ``upload_file`` / ``download_file`` with the default ``TransferConfig``;
* the raw limit of ``requests.Session`` (one streamed PUT, one streamed GET);
* ``curl`` (``-T`` upload, ``-o`` download).

Each measurement is one fresh child process doing one transfer, so its peak
RSS (``ru_maxrss``; for curl, of the waited-for curl) is that transfer's own.
Repeats are interleaved round-robin so that a busy moment on the shared
machine hits every client alike.  Then ``--small-gets`` sequential GETs of
1 KiB objects over one driver/client: calls per second.

    python benchmarks/bench_storage.py                 # quick: 16 and 256 MiB
    python benchmarks/bench_storage.py --full          # 16, 256 and 1024 MiB
    python benchmarks/bench_storage.py --sizes 64 --repeat 5 --only ours
    python benchmarks/bench_storage.py --sizes 1024 --repeat 7 --small-gets 0 \
        --cases ours-dl-crc-single,ours-dl-crc,requests-get,curl-get

Results go to benchmarks/results/storage.json (read by plot.py).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import platform
import shutil
import sys
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (  # noqa: E402
    BENCH_DIR,
    MiB,
    ROOT,
    emit,
    ensure_upstream_venv,
    peak_rss_mib,
    rss_mib,
    run_polled,
    print_table,
    run_child,
    save_results,
    spread,
)

BUCKET = "bench"
KEY, SECRET = "AKIDBENCHMARK", "bench/secret"
SCRATCH = os.path.join("/dev/shm" if os.access("/dev/shm", os.W_OK) else "/tmp", "s3bench-files")
TUNED = {"part": 16 * MiB, "concurrency": 8}


# ----------------------------------------------------------------------------------------------
# Child side: one operation, one JSON line.
# ----------------------------------------------------------------------------------------------
def _file_chunks(path: str, size: int = MiB) -> Any:
    handle = open(path, "rb")
    return iter(lambda: handle.read(size), b"")


class _GeneratorReader:
    """A read-only, non-seekable file object over a generator of chunks (how boto3 takes a stream)."""

    def __init__(self, chunks: Any) -> None:
        self._chunks = chunks
        self._rest = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._rest) < size:
            chunk = next(self._chunks, b"")
            if not chunk:
                break
            self._rest += chunk
        if size < 0:
            size = len(self._rest)
        data, self._rest = self._rest[:size], self._rest[size:]
        return data

    def seekable(self) -> bool:
        return False


def _libcloud_driver(port: int, kwargs: Dict[str, Any]) -> Any:
    from libcloud.storage.drivers.s3 import S3StorageDriver

    return S3StorageDriver(KEY, SECRET, host="127.0.0.1", port=port, secure=False, region="us-east-1", **kwargs)


def _boto3_client(port: int) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url="http://127.0.0.1:%d" % port, aws_access_key_id=KEY,
                        aws_secret_access_key=SECRET, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}))


def _transfer(spec: Dict[str, Any]) -> Tuple[float, Optional[float]]:
    """Run one transfer; returns its duration in seconds (set-up excluded) and curl's peak RSS."""
    port, op, key, path = spec["port"], spec["op"], spec["key"], spec["path"]
    url = "http://127.0.0.1:%d/%s/%s" % (port, BUCKET, key)
    if op.startswith("libcloud."):
        driver = _libcloud_driver(port, spec.get("kwargs") or {})
        container = driver.get_container(BUCKET)
        call = op.split(".", 1)[1]
        if call == "download_object":
            obj = driver.get_object(BUCKET, key)
            started = time.perf_counter()
            if not driver.download_object(obj, path, overwrite_existing=True):
                raise SystemExit("download_object returned False")
            return time.perf_counter() - started, None
        started = time.perf_counter()
        if call == "upload_object":
            driver.upload_object(path, container, key, **(spec.get("call_kwargs") or {}))
        else:
            driver.upload_object_via_stream(_file_chunks(path), container, key, **(spec.get("call_kwargs") or {}))
        return time.perf_counter() - started, None
    if op.startswith("boto3."):
        client = _boto3_client(port)
        client.head_bucket(Bucket=BUCKET)  # connect and load the service model before timing
        started = time.perf_counter()
        if op == "boto3.upload_file":
            client.upload_file(path, BUCKET, key)
        elif op == "boto3.upload_fileobj":  # the generator row: a non-seekable reader over the same chunks
            client.upload_fileobj(_GeneratorReader(_file_chunks(path)), BUCKET, key)
        else:
            client.download_file(BUCKET, key, path)
        return time.perf_counter() - started, None
    if op.startswith("requests."):
        import requests

        session = requests.Session()
        session.head("http://127.0.0.1:%d/%s" % (port, BUCKET)).raise_for_status()
        started = time.perf_counter()
        if op == "requests.put":
            with open(path, "rb") as handle:
                session.put(url, data=handle).raise_for_status()
        else:
            with session.get(url, stream=True) as response, open(path, "wb") as out:
                response.raise_for_status()
                for chunk in response.iter_content(MiB):
                    out.write(chunk)
        return time.perf_counter() - started, None
    if op.startswith("curl."):
        args = ["curl", "-sS", "-f", "-o", path if op == "curl.get" else "/dev/null", url]
        if op == "curl.put":
            args[1:1] = ["-T", path]
        started = time.perf_counter()
        peak = run_polled(args)
        return time.perf_counter() - started, peak
    raise SystemExit("unknown op %s" % op)


def _cpu_with_children() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def child_transfer(spec: Dict[str, Any]) -> None:
    base = rss_mib()
    cpu = _cpu_with_children()
    seconds, program_peak = _transfer(spec)
    # CPU seconds of the client (curl's own for curl rows), set-up included: wall time shares the machine.
    emit(seconds=seconds, mib_s=spec["size"] / MiB / seconds, cpu_s=_cpu_with_children() - cpu,
         peak_rss_mib=program_peak if program_peak is not None else peak_rss_mib(),
         base_rss_mib=0.0 if program_peak is not None else base)


def child_small_gets(spec: Dict[str, Any]) -> None:
    """``spec['calls']`` sequential GETs of the small objects, over one driver/client."""
    port, calls, keys = spec["port"], spec["calls"], spec["keys"]
    op = spec["op"]
    if op == "libcloud":
        driver = _libcloud_driver(port, {})
        objects = sorted(driver.list_container_objects(driver.get_container(BUCKET), prefix="small/"),
                         key=lambda o: o.name)
        assert len(objects) == len(keys), (len(objects), len(keys))

        def get(i: int) -> bytes:
            return b"".join(driver.download_object_as_stream(objects[i % len(objects)]))
    elif op == "boto3":
        client = _boto3_client(port)

        def get(i: int) -> bytes:
            return client.get_object(Bucket=BUCKET, Key=keys[i % len(keys)])["Body"].read()  # type: ignore
    else:
        import requests

        session = requests.Session()
        prefix = "http://127.0.0.1:%d/%s/" % (port, BUCKET)

        def get(i: int) -> bytes:
            response = session.get(prefix + keys[i % len(keys)])
            response.raise_for_status()
            return response.content
    for i in range(50):  # warm up: connection, caches
        get(i)
    started = time.perf_counter()
    for i in range(calls):
        if len(get(i)) != spec["object_size"]:
            raise SystemExit("short body")
    seconds = time.perf_counter() - started
    emit(calls_s=calls / seconds, seconds=seconds, peak_rss_mib=peak_rss_mib())


# ----------------------------------------------------------------------------------------------
# Parent side.
# ----------------------------------------------------------------------------------------------
class Side:
    """Where a client runs: which python and PYTHONPATH."""

    def __init__(self, name: str, python: str, pythonpath: Optional[str]) -> None:
        self.name, self.python, self.pythonpath = name, python, pythonpath


def cases(ours: Side, upstream: Side, main: Side) -> List[Dict[str, Any]]:
    """Every measured transfer: label, side, op, direction and driver tuning."""
    tuned = {"ex_part_size": TUNED["part"], "ex_concurrency": TUNED["concurrency"]}
    tuned_dl = {"ex_download_part_size": TUNED["part"], "ex_download_concurrency": TUNED["concurrency"]}
    t = "%d MiB x %d" % (TUNED["part"] // MiB, TUNED["concurrency"])
    aws = {"ex_upload_checksum_algorithm": "CRC32"}  # what the driver does on AWS hosts
    return [
        dict(id="ours-up", label="libcloud-ng upload_object (AWS defaults: 8 MiB x 4, CRC32)", side=ours,
             op="libcloud.upload_object", dir="up", kwargs=aws, group="ours"),
        dict(id="ours-up-md5", label="libcloud-ng upload_object (custom-endpoint defaults: Content-MD5)",
             side=ours, op="libcloud.upload_object", dir="up", group="ours"),
        dict(id="ours-up-tuned", label="libcloud-ng upload_object (TUNED %s, CRC32)" % t, side=ours,
             op="libcloud.upload_object", dir="up", kwargs=dict(tuned, **aws), group="ours"),
        dict(id="ours-stream", label="libcloud-ng upload_object_via_stream (AWS defaults, CRC32)", side=ours,
             op="libcloud.upload_object_via_stream", dir="up", kwargs=aws, group="ours"),
        dict(id="up-up", label="apache-libcloud 3.9.1 upload_object", side=upstream,
             op="libcloud.upload_object", dir="up", group="upstream"),
        dict(id="up-stream", label="apache-libcloud 3.9.1 upload_object_via_stream", side=upstream,
             op="libcloud.upload_object_via_stream", dir="up", group="upstream"),
        dict(id="boto3-up", label="boto3 upload_file (default TransferConfig)", side=main,
             op="boto3.upload_file", dir="up", group="boto3"),
        dict(id="boto3-stream", label="boto3 upload_fileobj (a generator behind a non-seekable reader)",
             side=main, op="boto3.upload_fileobj", dir="up", group="boto3"),
        dict(id="requests-put", label="requests.Session PUT (raw limit)", side=main, op="requests.put", dir="up",
             group="raw"),
        dict(id="curl-put", label="curl -T", side=main, op="curl.put", dir="up", group="raw"),
        dict(id="ours-dl", label="libcloud-ng download_object, MD5 object (defaults: 16 MiB x 4 from 64 MiB)",
             side=ours, op="libcloud.download_object", dir="down", group="ours"),
        dict(id="ours-dl-single", label="libcloud-ng download_object, MD5 object (one GET)",
             side=ours, op="libcloud.download_object", dir="down", kwargs={"ex_download_concurrency": 1},
             group="ours"),
        dict(id="ours-dl-crc", label="libcloud-ng download_object, CRC32 object (defaults: 16 MiB x 4)",
             side=ours, op="libcloud.download_object", dir="down", seed="crc", group="ours"),
        dict(id="ours-dl-tuned", label="libcloud-ng download_object, CRC32 object (TUNED %s)" % t, side=ours,
             op="libcloud.download_object", dir="down", kwargs=tuned_dl, seed="crc", group="ours"),
        dict(id="ours-dl-crc-single", label="libcloud-ng download_object, CRC32 object (one GET)",
             side=ours, op="libcloud.download_object", dir="down", kwargs={"ex_download_concurrency": 1},
             seed="crc", group="ours"),
        dict(id="up-dl", label="apache-libcloud 3.9.1 download_object", side=upstream,
             op="libcloud.download_object", dir="down", group="upstream"),
        dict(id="boto3-dl", label="boto3 download_file (default TransferConfig)", side=main,
             op="boto3.download_file", dir="down", group="boto3"),
        dict(id="requests-get", label="requests.Session GET, streamed (raw limit)", side=main, op="requests.get",
             dir="down", group="raw"),
        dict(id="curl-get", label="curl -o", side=main, op="curl.get", dir="down", group="raw"),
    ]


def make_source(size: int) -> str:
    path = os.path.join(SCRATCH, "src-%d" % size)
    if not (os.path.exists(path) and os.path.getsize(path) == size):
        block = os.urandom(MiB)
        with open(path, "wb") as out:
            for n in range(0, size, MiB):  # distinct blocks, cheap to make
                out.write(hashlib.sha256(b"%d" % n).digest() + block[32:min(MiB, size - n)])
    return path


def _file_crc32(path: str) -> str:
    import base64
    import zlib

    crc = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(8 * MiB), b""):
            crc = zlib.crc32(block, crc)
    return base64.b64encode(crc.to_bytes(4, "big")).decode("ascii")


def run_transfers(port: int, sizes: Sequence[int], repeat: int, selected: List[Dict[str, Any]],
                  session: Any) -> Dict[str, Any]:
    results: Dict[str, Any] = {}
    for size in sizes:
        source = make_source(size)
        # Two copies of the object to download: one with only an MD5 ETag (a plain PUT, as old clients
        # store it) and one with a CRC32 kept by the server (as AWS SDKs since 2025 and libcloud-ng's
        # multipart uploads store it).  Unverifying clients read either at the same speed.
        seeds = {"md5": "seed/%d" % size, "crc": "seed-crc/%d" % size}
        crc_header = {"x-amz-checksum-crc32": _file_crc32(source)}
        for kind, seed in seeds.items():
            with open(source, "rb") as handle:
                session.put("http://127.0.0.1:%d/%s/%s" % (port, BUCKET, seed), data=handle,
                            headers=crc_header if kind == "crc" else None).raise_for_status()
        runs: Dict[str, List[Dict[str, Any]]] = {c["id"]: [] for c in selected}
        for rep in range(repeat):
            for case in selected:
                side: Side = case["side"]
                key = "up/%s" % case["id"] if case["dir"] == "up" else seeds[case.get("seed", "md5")]
                path = source if case["dir"] == "up" else os.path.join(SCRATCH, "dl-%s" % case["id"])
                spec = {"op": case["op"], "port": port, "key": key, "path": path, "size": size,
                        "kwargs": case.get("kwargs")}
                line = run_child(side.python, os.path.abspath(__file__), ["--child", _json(spec)],
                                 side.pythonpath)[-1]
                verify(port, session, case, key, path, size)
                runs[case["id"]].append(line)
                print("  %4d MiB  rep %d  %-66s %8.1f MiB/s  peak RSS %7.1f MiB"
                      % (size // MiB, rep + 1, case["label"], line["mib_s"], line["peak_rss_mib"]), flush=True)
        for seed in seeds.values():
            session.delete("http://127.0.0.1:%d/%s/%s" % (port, BUCKET, seed))
        results[str(size)] = {cid: {"mib_s": spread(r["mib_s"] for r in rs),
                                    "peak_rss_mib": spread(r["peak_rss_mib"] for r in rs),
                                    "cpu_s": spread(r["cpu_s"] for r in rs),
                                    "base_rss_mib": spread(r["base_rss_mib"] for r in rs)}
                              for cid, rs in runs.items()}
    return results


def verify(port: int, session: Any, case: Dict[str, Any], key: str, path: str, size: int) -> None:
    """The transfer really happened: the stored object (upload) or the file (download) has every byte."""
    if case["dir"] == "up":
        url = "http://127.0.0.1:%d/%s/%s" % (port, BUCKET, key)
        head = session.head(url, headers={"x-amz-checksum-mode": "ENABLED"})
        head.raise_for_status()
        if int(head.headers["Content-Length"]) != size:
            raise SystemExit("%s stored %s bytes, expected %d" % (case["label"], head.headers["Content-Length"],
                                                                   size))
        stored_crc = head.headers.get("x-amz-checksum-crc32")
        full_object = head.headers.get("x-amz-checksum-type") == "FULL_OBJECT"  # COMPOSITE: a CRC of part CRCs
        if stored_crc and full_object and stored_crc != _file_crc32(path):
            raise SystemExit("%s stored CRC32 %s, the file's is %s" % (case["label"], stored_crc, _file_crc32(path)))
        session.delete(url)
    else:
        got = os.path.getsize(path)
        os.unlink(path)
        if got != size:
            raise SystemExit("%s downloaded %d bytes, expected %d" % (case["label"], got, size))


def run_small_gets(port: int, calls: int, repeat: int, keys: List[str], sides: Dict[str, Side],
                   object_size: int) -> Dict[str, Any]:
    rows = [("libcloud-ng download_object_as_stream", "ours", "libcloud"),
            ("apache-libcloud 3.9.1 download_object_as_stream", "upstream", "libcloud"),
            ("boto3 get_object + Body.read()", "main", "boto3"),
            ("requests.Session.get (raw limit)", "main", "requests")]
    runs: Dict[str, List[Dict[str, Any]]] = {label: [] for label, _, _ in rows}
    for _ in range(repeat):
        for label, side_name, op in rows:
            side = sides[side_name]
            spec = {"op": op, "port": port, "calls": calls, "keys": keys, "object_size": object_size}
            line = run_child(side.python, os.path.abspath(__file__), ["--small", _json(spec)], side.pythonpath)[-1]
            runs[label].append(line)
            print("  small GETs  %-52s %8.0f calls/s" % (label, line["calls_s"]), flush=True)
    return {label: {"calls_s": spread(r["calls_s"] for r in rs), "peak_rss_mib": spread(r["peak_rss_mib"] for r in rs)}
            for label, rs in runs.items()}


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


def report(results: Dict[str, Any], selected: List[Dict[str, Any]], small: Dict[str, Any]) -> None:
    labels = {c["id"]: c["label"] for c in selected}
    for size, per_case in results["transfers"].items():
        mib = int(size) // MiB
        rows = []
        for cid, r in per_case.items():
            base = r["base_rss_mib"]["median"]
            rows.append((labels[cid], r["mib_s"]["median"], "%.0f-%.0f" % (r["mib_s"]["min"], r["mib_s"]["max"]),
                         "%.2f" % r["cpu_s"]["median"] if "cpu_s" in r else "-",
                         r["peak_rss_mib"]["max"], "%.1f" % base if base else "-"))
        print_table("\n%d MiB object (median of %d; spread = min-max)" % (mib, results["repeat"]),
                    ["client", "MiB/s", "spread", "CPU s", "peak RSS MiB", "RSS before MiB"], rows)
        print("(peak RSS: the maximum over the runs; RSS before: after imports and driver set-up)")
        targets(per_case, int(size))
    if small:
        rows = [(label, r["calls_s"]["median"], "%.0f-%.0f" % (r["calls_s"]["min"], r["calls_s"]["max"]))
                for label, r in small.items()]
        print_table("\n%d sequential GETs of 1 KiB objects (median of %d)" % (results["small_calls"],
                                                                             results["repeat"]),
                    ["client", "calls/s", "spread"], rows)


def targets(per_case: Dict[str, Any], size: int) -> None:
    """The issue's targets, reported (never asserted)."""
    def med(cid: str, field: str = "mib_s") -> Optional[float]:
        entry = per_case.get(cid)
        return entry[field]["median"] if entry else None

    lines = []
    for cid, part, conc in (("ours-up", 8 * MiB, 4), ("ours-up-tuned", TUNED["part"], TUNED["concurrency"]),
                            ("ours-dl", 16 * MiB, 4), ("ours-dl-crc", 16 * MiB, 4),
                            ("ours-dl-tuned", TUNED["part"], TUNED["concurrency"])):
        if cid in per_case:
            peak = per_case[cid]["peak_rss_mib"]["max"]
            budget = 64 + part * conc / MiB
            lines.append("  peak RSS %-14s %6.1f MiB vs target 64 + %d = %d MiB: %s"
                         % (cid, peak, part * conc // MiB, budget, "met" if peak <= budget else "MISSED"))
    curl = med("curl-get")
    for cid in ("ours-dl", "ours-dl-single", "ours-dl-crc", "ours-dl-tuned", "ours-dl-crc-single"):
        if curl and med(cid):
            ratio = med(cid) / curl  # type: ignore[operator]
            lines.append("  download %-14s %.0f%% of curl (target >= 85%%): %s"
                         % (cid, 100 * ratio, "met" if ratio >= 0.85 else "MISSED"))
    boto = med("boto3-up")
    for cid in ("ours-up", "ours-up-md5", "ours-up-tuned"):
        if boto and med(cid):
            ratio = med(cid) / boto  # type: ignore[operator]
            lines.append("  upload   %-14s %.2fx boto3 upload_file (target >= 1.0x): %s"
                         % (cid, ratio, "met" if ratio >= 1 else "MISSED"))
    boto_stream = med("boto3-stream")
    if boto_stream and med("ours-stream"):
        ratio = med("ours-stream") / boto_stream  # type: ignore[operator]
        peak = per_case["ours-stream"]["peak_rss_mib"]["max"]
        lines.append("  upload   ours-stream    %.2fx boto3 upload_fileobj (target >= 1.5x, <= 128 MB): %s, peak %.0f MiB"
                     % (ratio, "met" if ratio >= 1.5 and peak <= 128 else "MISSED", peak))
    if lines:
        print("targets at %d MiB:\n%s" % (size // MiB, "\n".join(lines)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="16,256", help="object sizes in MiB (comma separated)")
    parser.add_argument("--full", action="store_true", help="sizes 16,256,1024 (the issue's 1 GiB run)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small-gets", type=int, default=2000, help="sequential 1 KiB GETs (0: skip)")
    parser.add_argument("--only", default="", help="comma separated groups: ours,upstream,boto3,raw")
    parser.add_argument("--cases", default="", help="comma separated case ids (e.g. ours-dl-crc-single,curl-get)")
    parser.add_argument("--out", default=os.path.join(BENCH_DIR, "results", "storage.json"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--small", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child or args.small:
        import json

        (child_transfer if args.child else child_small_gets)(json.loads(args.child or args.small))
        return

    import requests
    from s3_bench_server import Server

    sizes = [int(s) * MiB for s in ("16,256,1024" if args.full else args.sizes).split(",")]
    groups = set(filter(None, args.only.split(","))) or {"ours", "upstream", "boto3", "raw"}
    sides = {"ours": Side("ours", sys.executable, ROOT),
             "upstream": Side("upstream", ensure_upstream_venv(), None),
             "main": Side("main", sys.executable, None)}
    wanted = set(filter(None, args.cases.split(",")))
    selected = [c for c in cases(sides["ours"], sides["upstream"], sides["main"])
                if c["group"] in groups and (not wanted or c["id"] in wanted)]
    os.makedirs(SCRATCH, exist_ok=True)
    started = time.time()
    try:
        with Server() as server:
            session = requests.Session()
            session.put("%s/%s" % (server.url, BUCKET)).raise_for_status()
            print("bench server on %s; clients: %d; sizes: %s MiB; repeat %d"
                  % (server.url, len(selected), ",".join(str(s // MiB) for s in sizes), args.repeat), flush=True)
            transfers = run_transfers(server.port, sizes, args.repeat, selected, session)
            small: Dict[str, Any] = {}
            if args.small_gets:
                keys = ["small/%04d" % i for i in range(200)]
                blob = os.urandom(1024)
                for key in keys:
                    session.put("%s/%s/%s" % (server.url, BUCKET, key), data=blob).raise_for_status()
                small = run_small_gets(server.port, args.small_gets, args.repeat, keys, sides, len(blob))
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    results = {"date": datetime.date.today().isoformat(), "machine": "%s, %d cores, Python %s"
               % (platform.machine(), os.cpu_count() or 0, platform.python_version()),
               "repeat": args.repeat, "small_calls": args.small_gets, "seconds": time.time() - started,
               "labels": {c["id"]: c["label"] for c in selected}, "transfers": transfers, "small_gets": small}
    report(results, selected, small)
    save_results(args.out, results)
    print("\nresults written to %s" % args.out)


if __name__ == "__main__":
    main()
