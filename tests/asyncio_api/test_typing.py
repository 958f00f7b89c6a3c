"""A type checker sees the coroutine return types of the async drivers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("mypy")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SNIPPET = textwrap.dedent('''
    from libcloud.asyncio.compute.providers import get_driver
    from libcloud.asyncio.dns.providers import get_driver as get_dns_driver
    from libcloud.asyncio.storage.providers import get_driver as get_storage_driver

    async def main() -> None:
        compute = get_driver("dummy")("key")
        reveal_type(await compute.list_nodes())
        reveal_type(compute.list_sizes())
        storage = get_storage_driver("local")("/tmp")
        reveal_type(await storage.list_containers())
        reveal_type(storage.iterate_containers())
        dns = get_dns_driver("dummy")("key", "secret")
        reveal_type(await dns.list_zones())
''')


def test_reveal_types(tmp_path):
    path = tmp_path / "snippet.py"
    path.write_text(SNIPPET)
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--follow-imports=silent", "--ignore-missing-imports", "--no-error-summary",
         "--cache-dir", str(tmp_path / ".mypy_cache"), str(path)],
        cwd=ROOT, env=dict(os.environ, MYPYPATH=ROOT), capture_output=True, text=True, timeout=300,
    )
    revealed = [line.split("Revealed type is ", 1)[1].strip('"') for line in out.stdout.splitlines()
                if "Revealed type is" in line]
    assert revealed == [
        "list[libcloud.compute.models.Node]",
        "typing.Coroutine[Any, Any, list[libcloud.compute.models.NodeSize]]",
        "list[libcloud.storage.base.Container]",
        "typing.AsyncIterator[libcloud.storage.base.Container]",
        "list[libcloud.dns.base.Zone]",
    ], out.stdout + out.stderr
