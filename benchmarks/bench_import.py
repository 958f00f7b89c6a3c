"""Import + first call in a new process: this tree, upstream 3.9.1 and boto3.

Each run is a fresh interpreter that imports the library, builds an S3
driver (client) for the local S3 bench server and makes one ``get_object``
(boto3: ``head_object``) of a 1 KiB object. Every side uses this
interpreter and its installed dependencies; upstream's package alone is put
on ``PYTHONPATH`` (a link into its virtualenv), so that the row compares the
libraries and not two environments.  The child reports the wall time
from its first line to the answer and its CPU time; the interpreter's own
start-up (the same for every side) is left out.  Repeats are interleaved;
the table shows medians.

Every side imports from compiled bytecode, as an installed package does
(``pip install`` writes the ``.pyc`` files): upstream's virtualenv and
the site-packages have theirs, and this tree's are compiled before the
runs.  Without that, a shell with ``PYTHONDONTWRITEBYTECODE=1`` would
make this tree's side compile every module from source in every child
(about 0.1 s) and the row would time the compiler, not the import.

    python benchmarks/bench_import.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from typing import Any, Dict, List, Optional

_T0 = time.perf_counter()
_CPU0 = os.times()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import BENCH_DIR, ROOT, emit, ensure_upstream_venv, print_table, run_child, save_results  # noqa: E402

BUCKET, KEY = "bench", "import-probe"
ACCESS, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def child(side: str, port: int) -> None:
    """Import, build, call once; report the seconds since this module started."""
    if side == "boto3":
        import boto3
        from botocore.config import Config

        client = boto3.client("s3", endpoint_url="http://127.0.0.1:%d" % port, aws_access_key_id=ACCESS,
                              aws_secret_access_key=SECRET, region_name="us-east-1",
                              config=Config(s3={"addressing_style": "path"}))
        size = client.head_object(Bucket=BUCKET, Key=KEY)["ContentLength"]
    else:
        from libcloud.storage.providers import get_driver
        from libcloud.storage.types import Provider

        driver = get_driver(Provider.S3)(ACCESS, SECRET, host="127.0.0.1", port=port, secure=False)
        size = driver.get_object(BUCKET, KEY).size
    seconds = time.perf_counter() - _T0
    cpu = os.times()
    if int(size) != 1024:
        raise SystemExit("wrong size %r" % size)
    emit(seconds=seconds, cpu_s=cpu.user + cpu.system - _CPU0.user - _CPU0.system)


def _upstream_package_only() -> str:
    """A folder holding only upstream's ``libcloud`` package (a link into its virtualenv)."""
    import subprocess

    out = subprocess.run([ensure_upstream_venv(), "-c", "import libcloud, os; print(os.path.dirname(libcloud.__file__))"],
                         capture_output=True, text=True, check=True, cwd="/tmp")
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".cache", "upstream-package-only")
    folder = os.path.abspath(folder)
    os.makedirs(folder, exist_ok=True)
    link = os.path.join(folder, "libcloud")
    if not os.path.islink(link):
        os.symlink(out.stdout.strip(), link)
    return folder


def main(argv: Optional[List[str]] = None) -> Dict[str, Any]:
    """Start the server, run the sides interleaved, print and save the medians."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--child", default="")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out", default=os.path.join(BENCH_DIR, "results", "import.json"))
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.port)
        return {}
    import compileall

    import requests
    import s3_bench_server

    # Installed packages import from .pyc files; make this tree's side do the same (see the docstring).
    compileall.compile_dir(os.path.join(ROOT, "libcloud"), quiet=1)

    # Every side runs on this interpreter and its site-packages (requests, urllib3...): upstream's package
    # alone is put on PYTHONPATH, so the row compares the libraries, not two environments' dependencies.
    sides = [("ours", sys.executable, ROOT), ("upstream", sys.executable, _upstream_package_only()),
             ("boto3", sys.executable, "")]
    runs: Dict[str, List[Dict[str, Any]]] = {side: [] for side, _, _ in sides}
    with s3_bench_server.Server() as server:
        session = requests.Session()
        session.put("%s/%s" % (server.url, BUCKET)).raise_for_status()
        session.put("%s/%s/%s" % (server.url, BUCKET, KEY), data=b"x" * 1024).raise_for_status()
        for _ in range(args.repeat):
            for side, python, pythonpath in sides:
                line = run_child(python, os.path.abspath(__file__), ["--child", side, "--port", str(server.port)],
                                 pythonpath or None)[-1]
                runs[side].append(line)
    labels = {"ours": "libcloud-ng (this tree)", "upstream": "apache-libcloud 3.9.1", "boto3": "boto3"}
    medians = {side: {key: statistics.median(r[key] for r in rs) for key in ("seconds", "cpu_s")}
               for side, rs in runs.items()}
    print_table("Import + first get_object in a new process (median of %d)" % args.repeat,
                ["client", "seconds", "CPU s"],
                [(labels[s], "%.3f" % m["seconds"], "%.3f" % m["cpu_s"]) for s, m in medians.items()])
    ratio = medians["ours"]["seconds"] / medians["upstream"]["seconds"]
    print("libcloud-ng / upstream = %.2fx the time (target: <= 1.0x): %s" % (ratio, "met" if ratio <= 1 else "MISSED"))
    result = {"date": datetime.date.today().isoformat(), "repeat": args.repeat, "labels": labels,
              "medians": medians, "load": os.getloadavg()}
    save_results(args.out, result)
    return result


if __name__ == "__main__":
    main()
