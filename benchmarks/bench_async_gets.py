"""Many small S3 calls in flight: libcloud.asyncio vs upstream libcloud in threads vs aiobotocore.

On the local S3 bench server, ``--calls`` (default 1,000) calls on 1 KiB
objects, with each of ``--concurrency`` (default 1, 8, 64) in flight:

* libcloud-ng, asyncio: ``await driver.get_object(bucket, key)`` (an operation
  flow - one HEAD - run by the async runner on aiohttp) and
  ``await driver.connection.arequest("/bucket/key")`` (the request flow - one
  GET whose 1 KiB XML body is parsed, as for any API answer);
* libcloud-ng, sync, in a ThreadPoolExecutor (same calls, blocking API);
* apache-libcloud 3.9.1 in a ThreadPoolExecutor of ``concurrency`` threads
  (one driver per thread: upstream's ``Connection`` keeps the response of
  the request in flight on itself, so sharing one across threads is unsafe);
* aiobotocore ``head_object`` / ``get_object`` + ``Body.read()`` with
  ``max_pool_connections`` = concurrency (from its own virtualenv, since it
  pins botocore);
* streamed reads (``--kinds stream``): ``download_object_as_stream`` through
  libcloud.asyncio on the event loop, the same pulled through a worker thread
  per chunk (how libcloud.asyncio streamed before stream flows: the "before"
  row, measured in the same run), libcloud-ng and upstream in threads, boto3
  ``get_object`` + ``Body.read()`` in threads (one shared client) and the
  floor: a ``requests.Session`` per thread with a minimal SigV4 signer.

Every client runs in its own process; repeats are interleaved.

    python benchmarks/bench_async_gets.py [--calls 1000] [--concurrency 1,8,64] [--repeat 3]
    python benchmarks/bench_async_gets.py --kinds stream --calls 200 --concurrency 32 --repeat 5
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import platform
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (  # noqa: E402
    BENCH_DIR,
    ROOT,
    emit,
    ensure_upstream_venv,
    print_table,
    run_child,
    save_results,
    spread,
    venv_python,
)

BUCKET = "bench"
KEY, SECRET = "AKIDBENCHMARK", "bench/secret"
AIOBOTOCORE_VENV = os.environ.get("AIOBOTOCORE_VENV", "/tmp/aiobotocore-venv")
OBJECTS = 1000
OBJECT_SIZE = 1024
WARMUP = 64


def xml_blob() -> bytes:
    """A 1 KiB XML document: the connection-level GET parses its body as S3's XML, like any API answer."""
    head, tail = b'<?xml version="1.0" encoding="UTF-8"?>\n<Doc>', b"</Doc>"
    return head + b"x" * (OBJECT_SIZE - len(head) - len(tail)) + tail


def _keys() -> List[str]:
    return ["small/%04d" % i for i in range(OBJECTS)]


# ----------------------------------------------------------------------------------------------
# Children
# ----------------------------------------------------------------------------------------------
def _object(driver: Any, key: str) -> Any:
    """The listed object ``key`` (no HEAD: a stream read is one GET)."""
    from libcloud.storage.base import Container, Object

    return Object(key, OBJECT_SIZE, None, {}, {}, Container(BUCKET, {}, driver), driver)


#: CPU seconds (user + system, every thread of this child) of the measured section.
_MEASURED = {"cpu": 0.0}


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def _start() -> float:
    """Start the measured section (after the warm-up): wall clock returned, CPU clock kept."""
    _MEASURED["cpu"] = _cpu()
    return time.perf_counter()


def _stop(started: float) -> float:
    """End the measured section: its wall seconds (its CPU seconds go to ``_MEASURED``)."""
    seconds = time.perf_counter() - started
    _MEASURED["cpu"] = _cpu() - _MEASURED["cpu"]
    return seconds


def _check(kind: str, result: Any) -> None:
    """Every call really got the object (or its metadata)."""
    if kind == "head":
        size = int(getattr(result, "size", None) or result.get("ContentLength"))
    else:
        body = getattr(result, "body", result)
        size = len(body)
    if size != OBJECT_SIZE:
        raise SystemExit("wrong size %r" % size)


async def _bounded(calls: int, concurrency: int, call: Callable[[str], Any], kind: str) -> float:
    keys = _keys()
    semaphore = asyncio.Semaphore(concurrency)

    async def one(i: int) -> None:
        async with semaphore:
            _check(kind, await call(keys[i % len(keys)]))

    await asyncio.gather(*(one(i) for i in range(WARMUP)))
    started = _start()
    await asyncio.gather(*(one(i) for i in range(calls)))
    return _stop(started)


async def _ours_async(spec: Dict[str, Any]) -> float:
    from libcloud.asyncio.storage.providers import get_driver
    from libcloud.storage.types import Provider

    cls = get_driver(Provider.S3)
    async with cls(KEY, SECRET, host="127.0.0.1", port=spec["port"], secure=False, region="us-east-1") as driver:
        if spec["call"] == "head":
            return await _bounded(spec["calls"], spec["concurrency"],
                                  lambda key: driver.get_object(BUCKET, key), "head")
        if spec["call"] == "stream":
            sync = driver.sync_driver

            async def stream(key: str) -> bytes:
                obj = _object(sync, key)
                if spec.get("via_thread"):  # the old path: each chunk pulled in a worker thread
                    chunks = driver._iterate_in_thread("download_object_as_stream", obj)
                else:
                    chunks = driver.download_object_as_stream(obj)
                return b"".join([chunk async for chunk in chunks])

            return await _bounded(spec["calls"], spec["concurrency"], stream, "get")
        return await _bounded(spec["calls"], spec["concurrency"],
                              lambda key: driver.connection.arequest("/%s/%s" % (BUCKET, key)), "get")


async def _aiobotocore(spec: Dict[str, Any]) -> float:
    from aiobotocore.config import AioConfig
    from aiobotocore.session import get_session

    config = AioConfig(max_pool_connections=spec["concurrency"], s3={"addressing_style": "path"})
    async with get_session().create_client("s3", endpoint_url="http://127.0.0.1:%d" % spec["port"],
                                           aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                                           region_name="us-east-1", config=config) as client:
        if spec["call"] == "head":
            return await _bounded(spec["calls"], spec["concurrency"],
                                  lambda key: client.head_object(Bucket=BUCKET, Key=key), "head")

        async def get(key: str) -> bytes:
            response = await client.get_object(Bucket=BUCKET, Key=key)
            async with response["Body"] as stream:
                return await stream.read()  # type: ignore[no-any-return]

        return await _bounded(spec["calls"], spec["concurrency"], get, "get")


def _threaded(spec: Dict[str, Any]) -> float:
    """libcloud's blocking API (this tree or upstream) in a pool of ``concurrency`` threads."""
    from libcloud.storage.drivers.s3 import S3StorageDriver

    local = threading.local()

    def driver() -> Any:
        if not hasattr(local, "driver"):
            local.driver = S3StorageDriver(KEY, SECRET, host="127.0.0.1", port=spec["port"], secure=False,
                                           region="us-east-1")
        return local.driver

    keys = _keys()

    def one(i: int) -> None:
        key = keys[i % len(keys)]
        if spec["call"] == "head":
            _check("head", driver().get_object(BUCKET, key))
        elif spec["call"] == "stream":
            _check("get", b"".join(driver().download_object_as_stream(_object(driver(), key))))
        else:
            _check("get", driver().connection.request("/%s/%s" % (BUCKET, key)))

    with ThreadPoolExecutor(max_workers=spec["concurrency"]) as pool:
        list(pool.map(one, range(max(WARMUP, spec["concurrency"]))))  # warm every thread's connection
        started = _start()
        list(pool.map(one, range(spec["calls"])))
        return _stop(started)


def _threaded_floor(spec: Dict[str, Any]) -> float:
    """Streamed GETs in ``concurrency`` threads: boto3 ``get_object`` + ``Body.read()``, or the floor
    (one ``requests.Session`` per thread, signed by bench_small_calls' minimal SigV4 signer)."""
    local = threading.local()
    keys = _keys()
    host = "127.0.0.1:%d" % spec["port"]
    if spec["client"] == "boto3-threads":
        import boto3
        from botocore.config import Config

        client = boto3.client("s3", endpoint_url="http://" + host, aws_access_key_id=KEY,
                              aws_secret_access_key=SECRET, region_name="us-east-1",
                              config=Config(max_pool_connections=spec["concurrency"],
                                            s3={"addressing_style": "path"}))

        def get(key: str) -> bytes:  # boto3 clients are thread-safe: one shared, as its docs advise
            return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()  # type: ignore[no-any-return]
    else:
        import requests
        from bench_small_calls import _floor_sign

        def get(key: str) -> bytes:
            if not hasattr(local, "session"):
                local.session = requests.Session()
            path = "/%s/%s" % (BUCKET, key)
            with local.session.get("http://" + host + path, headers=_floor_sign("GET", host, path),
                                   stream=True) as response:
                return b"".join(response.iter_content(64 * 1024))

    def one(i: int) -> None:
        _check("get", get(keys[i % len(keys)]))

    with ThreadPoolExecutor(max_workers=spec["concurrency"]) as pool:
        list(pool.map(one, range(max(WARMUP, spec["concurrency"]))))
        started = _start()
        list(pool.map(one, range(spec["calls"])))
        return _stop(started)


def child(spec: Dict[str, Any]) -> None:
    if spec["client"] in ("boto3-threads", "floor-threads"):
        seconds = _threaded_floor(spec)
    elif spec["client"] == "ours-async":
        seconds = asyncio.run(_ours_async(spec))
    elif spec["client"] == "aiobotocore":
        seconds = asyncio.run(_aiobotocore(spec))
    else:
        seconds = _threaded(spec)
    # CPU per call shows the client's own cost: on a shared machine, wall time also measures the neighbours.
    emit(calls_s=spec["calls"] / seconds, seconds=seconds, cpu_us=_MEASURED["cpu"] / spec["calls"] * 1e6)


# ----------------------------------------------------------------------------------------------
# Parent
# ----------------------------------------------------------------------------------------------
def clients(upstream: str, aiobotocore: str) -> List[Dict[str, Any]]:
    ours = (sys.executable, ROOT)
    return [
        dict(id="ours-async-head", label="libcloud-ng asyncio: await get_object (HEAD flow)", run=ours,
             client="ours-async", call="head"),
        dict(id="ours-threads-head", label="libcloud-ng sync get_object, N threads", run=ours, client="threads",
             call="head"),
        dict(id="upstream-threads-head", label="apache-libcloud 3.9.1 get_object, N threads", run=(upstream, None),
             client="threads", call="head"),
        dict(id="aiobotocore-head", label="aiobotocore head_object", run=(aiobotocore, None), client="aiobotocore",
             call="head"),
        dict(id="ours-async-get", label="libcloud-ng asyncio: await connection.arequest (GET flow)", run=ours,
             client="ours-async", call="get"),
        dict(id="ours-threads-get", label="libcloud-ng sync connection.request GET, N threads", run=ours,
             client="threads", call="get"),
        dict(id="upstream-threads-get", label="apache-libcloud 3.9.1 connection.request GET, N threads",
             run=(upstream, None), client="threads", call="get"),
        dict(id="aiobotocore-get", label="aiobotocore get_object + Body.read()", run=(aiobotocore, None),
             client="aiobotocore", call="get"),
        dict(id="ours-async-stream", label="libcloud-ng asyncio: download_object_as_stream (on the loop)",
             run=ours, client="ours-async", call="stream"),
        dict(id="ours-async-thread-stream", label="libcloud-ng asyncio: stream via worker thread (before)",
             run=ours, client="ours-async", call="stream", via_thread=True),
        dict(id="ours-threads-stream", label="libcloud-ng sync download_object_as_stream, N threads", run=ours,
             client="threads", call="stream"),
        dict(id="upstream-threads-stream", label="apache-libcloud 3.9.1 download_object_as_stream, N threads",
             run=(upstream, None), client="threads", call="stream"),
        dict(id="boto3-threads-stream", label="boto3 get_object + Body.read(), N threads", run=(sys.executable, None),
             client="boto3-threads", call="stream"),
        dict(id="floor-threads-stream", label="requests.Session + minimal SigV4 (floor), N threads",
             run=(sys.executable, None), client="floor-threads", call="stream"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--concurrency", default="1,8,64")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kinds", default="head,get", help="comma separated: head,get,stream")
    parser.add_argument("--out", default=os.path.join(BENCH_DIR, "results", "async_gets.json"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(json.loads(args.child))
        return

    import requests
    from s3_bench_server import Server

    levels = [int(c) for c in args.concurrency.split(",")]
    upstream = ensure_upstream_venv()
    kinds = args.kinds.split(",")
    aiobotocore = (venv_python(AIOBOTOCORE_VENV, ["aiobotocore"], "import aiobotocore")
                   if {"head", "get"} & set(kinds) else "")
    selected = [c for c in clients(upstream, aiobotocore) if c["call"] in kinds]
    runs: Dict[str, Dict[int, List[float]]] = {c["id"]: {n: [] for n in levels} for c in selected}
    cpu: Dict[str, Dict[int, List[float]]] = {c["id"]: {n: [] for n in levels} for c in selected}
    started = time.time()
    with Server() as server:
        session = requests.Session()
        session.put("%s/%s" % (server.url, BUCKET)).raise_for_status()
        blob = xml_blob()
        for key in _keys():
            session.put("%s/%s/%s" % (server.url, BUCKET, key), data=blob).raise_for_status()
        for rep in range(args.repeat):
            for level in levels:
                for case in selected:
                    python, pythonpath = case["run"]
                    spec = {"client": case["client"], "call": case["call"], "port": server.port,
                            "calls": args.calls, "concurrency": level, "via_thread": case.get("via_thread")}
                    line = run_child(python, os.path.abspath(__file__), ["--child", json.dumps(spec)],
                                     pythonpath)[-1]
                    runs[case["id"]][level].append(line["calls_s"])
                    cpu[case["id"]][level].append(line["cpu_us"])
                    print("  rep %d  %3d in flight  %-58s %8.0f calls/s %6.0f us CPU/call"
                          % (rep + 1, level, case["label"], line["calls_s"], line["cpu_us"]), flush=True)
    summary = {cid: {str(n): spread(v) for n, v in per.items()} for cid, per in runs.items()}
    cpu_summary = {cid: {str(n): spread(v) for n, v in per.items()} for cid, per in cpu.items()}
    for level in levels:
        rows = [(c["label"].replace("N threads", "%d threads" % level), summary[c["id"]][str(level)]["median"],
                 "%.0f-%.0f" % (summary[c["id"]][str(level)]["min"], summary[c["id"]][str(level)]["max"]),
                 "%.0f" % cpu_summary[c["id"]][str(level)]["median"])
                for c in selected]
        print_table("\n%d calls on 1 KiB objects, %d in flight (median of %d)" % (args.calls, level, args.repeat),
                    ["client", "calls/s", "spread", "client CPU us/call"], rows)
        for call in [k for k in ("head", "get") if k in kinds]:
            ours = summary["ours-async-%s" % call][str(level)]["median"]
            theirs = summary["upstream-threads-%s" % call][str(level)]["median"]
            boto = summary["aiobotocore-%s" % call][str(level)]["median"]
            print("  %s: libcloud-ng asyncio / upstream threads = %.2fx (target at 64 in flight: >= 2x); "
                  "/ aiobotocore = %.2fx" % (call.upper(), ours / theirs, ours / boto))
        if "stream" in kinds:
            ours = summary["ours-async-stream"][str(level)]["median"]
            median = {cid: per[str(level)]["median"] for cid, per in summary.items()}
            print("  STREAM: libcloud-ng asyncio / upstream threads = %.2fx (target: >= 2x); / via worker thread "
                  "(before) = %.2fx" % (ours / median["upstream-threads-stream"],
                                       ours / median["ours-async-thread-stream"]))
            print("  STREAM: libcloud-ng sync threads / upstream threads = %.2fx (target: >= 1.0x); / boto3 threads "
                  "= %.2fx; / floor threads = %.2fx" % (
                      median["ours-threads-stream"] / median["upstream-threads-stream"],
                      median["ours-threads-stream"] / median["boto3-threads-stream"],
                      median["ours-threads-stream"] / median["floor-threads-stream"]))
    save_results(args.out, {"date": datetime.date.today().isoformat(),
                            "machine": "%s, %d cores, Python %s" % (platform.machine(), os.cpu_count() or 0,
                                                                     platform.python_version()),
                            "calls": args.calls, "repeat": args.repeat, "levels": levels,
                            "labels": {c["id"]: c["label"] for c in selected}, "results": summary,
                            "cpu_us": cpu_summary, "load": os.getloadavg(),
                            "seconds": time.time() - started})
    print("\nresults written to %s" % args.out)


if __name__ == "__main__":
    main()
