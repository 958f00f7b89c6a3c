"""libcloud.asyncio multipart upload with MD5 parts (a custom endpoint): parts hashed in the pool vs inline.

On the local S3 bench server, ``upload_object`` of one ``--mib`` MiB file in
8 MiB parts through ``libcloud.asyncio`` (a custom host, so every part
carries ``Content-MD5``), alternating in one run between the part hashes
computed on the event loop (``OFFLOAD_THRESHOLD`` raised out of reach: how
uploads ran before) and in the shared hashing pool (the default).  Medians
of wall-clock MiB/s and of the client's CPU seconds (the bench server shares
the cores, so CPU is reported too).

    python benchmarks/bench_async_upload.py [--mib 128] [--repeat 4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from typing import Dict, List, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

MiB = 1024 * 1024
BUCKET = "bench"


async def _upload(port: int, path: str, key: str) -> Tuple[float, float]:
    from libcloud.asyncio.storage.providers import get_driver

    async with get_driver("s3")("AKIDBENCHMARK", "bench/secret", host="127.0.0.1", port=port, secure=False,
                                region="us-east-1", ex_part_size=8 * MiB) as driver:
        container = await driver.get_container(BUCKET)
        wall, cpu = time.perf_counter(), time.process_time()
        await driver.upload_object(path, container, key)
        return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mib", type=int, default=128)
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args()

    import requests
    from s3_bench_server import Server

    from libcloud.storage.transfer import offload

    size = args.mib * MiB
    path = "/dev/shm/libcloud-bench-upload-%d.bin" % os.getpid()
    with open(path, "wb") as handle:
        handle.write(os.urandom(size))
    modes = (("part hashes on the event loop (before)", 1 << 62), ("part hashes in the pool (after)",
                                                                    offload.OFFLOAD_THRESHOLD))
    runs: Dict[str, List[Tuple[float, float]]] = {label: [] for label, _ in modes}
    try:
        with Server() as server:
            requests.put("%s/%s" % (server.url, BUCKET)).raise_for_status()
            for rep in range(args.repeat):
                for label, threshold in modes:
                    offload.OFFLOAD_THRESHOLD = threshold
                    wall, cpu = asyncio.run(_upload(server.port, path, "up/%d/%d" % (rep, threshold)))
                    runs[label].append((size / MiB / wall, cpu))
                    print("  rep %d  %-42s %6.0f MiB/s  CPU %.2f s" % (rep + 1, label, size / MiB / wall, cpu),
                          flush=True)
    finally:
        os.unlink(path)
    for label, values in runs.items():
        print("%-42s median %6.0f MiB/s  CPU %.2f s" % (label, statistics.median(v[0] for v in values),
                                                       statistics.median(v[1] for v in values)))


if __name__ == "__main__":
    main()
