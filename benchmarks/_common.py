"""Shared plumbing of the benchmarks: the upstream virtualenv, child processes, results and tables.

Every measured client runs in a child process of its own, so that its peak
RSS (``ru_maxrss``) is its own and imports of one side never leak into the
other.  A child prints one JSON object per line; the parent collects them.

This module must import on a bare Python (the children in other virtualenvs
import it too), so it uses the standard library only.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import quote

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.path.join(ROOT, "benchmarks")
UPSTREAM_VENV = os.environ.get("UPSTREAM_VENV", "/tmp/upstream-venv")
UPSTREAM_VERSION = "3.9.1"
MiB = 1024 * 1024


def venv_python(venv: str, packages: Sequence[str] = (), probe: str = "", expect: str = "") -> str:
    """The python of ``venv`` (created on first use), with ``packages`` pip-installed when ``probe`` fails.

    ``probe`` is Python code printing something; if it fails or does not
    print ``expect`` (when given), ``packages`` are installed.
    """
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    if packages:
        out = subprocess.run([python, "-c", probe or "pass"], capture_output=True, text=True, cwd="/tmp",
                             env=clean_env(None))
        if out.returncode != 0 or (expect and out.stdout.strip() != expect):
            subprocess.run([python, "-m", "pip", "install", "-q", *packages], check=True, env=clean_env(None))
    return python


def ensure_upstream_venv(extra: Sequence[str] = ()) -> str:
    """The python of a virtualenv holding apache-libcloud 3.9.1 (plus ``extra`` packages)."""
    python = venv_python(UPSTREAM_VENV, ["apache-libcloud==%s" % UPSTREAM_VERSION],
                         "import libcloud; print(libcloud.__version__)", UPSTREAM_VERSION)
    for package in extra:
        module = package.split("=")[0].split("<")[0].split(">")[0].replace("-", "_")
        venv_python(UPSTREAM_VENV, [package], "import %s" % module)
    return python


def clean_env(pythonpath: Optional[str]) -> Dict[str, str]:
    """The environment for a child: no inherited PYTHONPATH (or exactly ``pythonpath``), no debug logging."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LIBCLOUD_DEBUG")}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return env


def run_child(python: str, script: str, args: Sequence[str], pythonpath: Optional[str] = None,
              timeout: float = 900) -> List[Dict[str, Any]]:
    """Run ``python script args`` (from /tmp, so no source tree is importable by accident).

    Returns the JSON objects the child printed, one per line; raises with the
    child's stderr when it fails.
    """
    out = subprocess.run([python, script, *args], env=clean_env(pythonpath), cwd="/tmp", capture_output=True,
                         text=True, check=False, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError("child failed (%s %s %s):\n%s" % (python, os.path.basename(script), " ".join(args),
                                                              out.stderr[-4000:]))
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def emit(**fields: Any) -> None:
    """Child side: print one JSON result line (flushed at once)."""
    print(json.dumps(fields), flush=True)


def peak_rss_mib(pid: str = "self") -> float:
    """Peak resident set size (``VmHWM``) of this process or of ``pid``, in MiB.

    Not ``getrusage().ru_maxrss``: Linux carries the high-water mark of the
    pre-exec memory over an ``exec``, and Python starts children with
    ``vfork``, so a child's ``ru_maxrss`` starts at its *parent's* peak.
    ``VmHWM`` belongs to the process's own address space.
    """
    with open("/proc/%s/status" % pid) as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def rss_mib(pid: str = "self") -> float:
    """Current resident set size (``VmRSS``) in MiB."""
    with open("/proc/%s/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return 0.0


def run_polled(args: Sequence[str], interval: float = 0.005) -> float:
    """Run a program to completion, polling its ``VmHWM``; returns that peak in MiB."""
    import time

    proc = subprocess.Popen(list(args))
    peak = 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, peak_rss_mib(str(proc.pid)))
        except (OSError, ValueError):
            pass  # exited (or became a zombie) between poll() and the read
        time.sleep(interval)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, list(args))
    return peak


def spread(values: Iterable[float]) -> Dict[str, float]:
    """Median, minimum and maximum of ``values``."""
    data = sorted(values)
    return {"median": statistics.median(data), "min": data[0], "max": data[-1], "n": len(data)}


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                out: Any = None) -> str:
    """Print (and return) an aligned text table; numbers are right-aligned."""
    out = out or sys.stdout
    cells = [[str(h) for h in headers]] + [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) if rows else False
               for i in range(len(headers))]
    lines = [title]
    for n, row in enumerate(cells):
        lines.append("  ".join(c.rjust(w) if numeric[i] else c.ljust(w)
                               for i, (c, w) in enumerate(zip(row, widths, strict=False))).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    text = "\n".join(lines) + "\n"
    out.write(text + "\n")
    out.flush()
    return text


def rst_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """The same table as a reStructuredText simple table (for docs/performance.rst)."""
    cells = [[str(h) for h in headers]] + [[_fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    rule = "  ".join("=" * w for w in widths)
    lines = [rule, "  ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=False)).rstrip(), rule]
    for row in cells[1:]:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)).rstrip())
    lines.append(rule)
    return "\n".join(lines) + "\n"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "%.1f" % value if abs(value) >= 10 else "%.2f" % value
    return str(value)


def save_results(path: str, payload: Dict[str, Any]) -> None:
    """Write a run's results as JSON (read by plot.py)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as handle:
        json.dump(payload, handle, indent=1)


def floor_sign(method: str, host: str, path: str, query: Sequence[Tuple[str, str]], service: str, access: str,
               secret: str) -> Dict[str, str]:
    """A minimal SigV4 signer (empty payload, region us-east-1): what any client computes per request (the floor)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload = hashlib.sha256(b"").hexdigest()
    canonical_query = "&".join("%s=%s" % (quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in sorted(query))
    canonical = ("%s\n%s\n%s\nhost:%s\nx-amz-content-sha256:%s\nx-amz-date:%s\n\nhost;x-amz-content-sha256;x-amz-date"
                 "\n%s" % (method, path, canonical_query, host, payload, amz_date, payload))
    scope = "%s/us-east-1/%s/aws4_request" % (day, service)
    key = ("AWS4" + secret).encode()
    for part in (day, "us-east-1", service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    to_sign = "AWS4-HMAC-SHA256\n%s\n%s\n%s" % (amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest())
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return {"x-amz-date": amz_date, "x-amz-content-sha256": payload,
            "Authorization": "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
                             "Signature=%s" % (access, scope, signature)}
