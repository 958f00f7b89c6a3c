"""Running the real ``libcloud`` console entry (``python -m libcloud``) in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Optional

import libcloud

REPO = str(Path(libcloud.__file__).resolve().parent.parent)

# Settings the tests must not inherit from the machine running them.
_SCRUB_PREFIXES = ("AWS_", "LIBCLOUD_", "AZURE_", "PDNS_", "DIGITALOCEAN_", "LINODE_", "VULTR_", "GOOGLE_", "GCE_",
                   "GS_", "CLOUDSDK_", "OS_", "B2_", "DIMENSIONDATA_")


def clean_env(home: Path, **extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if "proxy" not in k.lower() and not k.startswith(_SCRUB_PREFIXES)}
    # The AWS chain must never ask the real metadata address from a test (no packet leaves the machine).
    env.update(HOME=str(home), PYTHONPATH=REPO, PYTHONUNBUFFERED="1", AWS_EC2_METADATA_DISABLED="true",
               NO_GCE_CHECK="true", AZURE_POD_IDENTITY_AUTHORITY_HOST="http://127.0.0.1:9")
    env.update(extra)
    return env


def run_cli(home: Path, *args: str, input: Optional[str] = None, cwd: Optional[Path] = None,
            **env_extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "libcloud", *args], env=clean_env(home, **env_extra),
                          capture_output=True, text=True, check=False, timeout=180, input=input,
                          cwd=str(cwd or home))


def run_json(home: Path, *args: str, **kwargs: Any) -> Any:
    """Run with ``--output json``; assert success and return the parsed output."""
    done = run_cli(home, "--output", "json", *args, **kwargs)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_clean_error(done: subprocess.CompletedProcess, code: int, *fragments: str) -> None:
    """Failed with ``code``, a one-line-ish message on stderr and no traceback."""
    assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert "libcloud" in done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, done.stderr
