"""Every example in the documentation runs.

Two kinds: the scripts in docs/examples (shown with ``literalinclude``) and the
``.. code-block:: python`` blocks written in the pages. Each runs in a fresh
interpreter whose sockets may reach 127.0.0.1 only, so an example can use the
embedded drivers and the local test servers but never a real provider. A block
preceded by the comment ``.. test-with: azurite`` runs against the local Azurite
server (its port replaces the documented 10000), one preceded by ``.. test-with: moto``
against the local moto server (its port replaces the documented 5000, moto's own default).
"""

import os
import re
import subprocess
import sys
import textwrap

import pytest

from tests.servers.azurite_server import azurite  # noqa: F401  (fixture)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = os.path.join(ROOT, "docs")
EXAMPLES = os.path.join(DOCS, "examples")

# Prepended to every example: refuse connections (and name lookups) beyond the loopback.
LOCAL_ONLY = '''
import socket as _socket
_LOCAL = ("127.0.0.1", "::1", "localhost")
_real_connect, _real_getaddrinfo = _socket.socket.connect, _socket.getaddrinfo
def _connect(self, address):
    if self.family in (_socket.AF_INET, _socket.AF_INET6) and address[0] not in _LOCAL:
        raise OSError("a documentation example tried to reach %r" % (address[0],))
    return _real_connect(self, address)
def _getaddrinfo(host, *args, **kwargs):
    if host not in _LOCAL and host is not None:
        raise OSError("a documentation example tried to resolve %r" % (host,))
    return _real_getaddrinfo(host, *args, **kwargs)
_socket.socket.connect, _socket.getaddrinfo = _connect, _getaddrinfo
'''

BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. code-block:: python[ \t]*\n((?P=indent)[ \t]+:.*\n)*\n"
                   r"(?P<body>(((?P=indent)[ \t]+.*)?\n)+)", re.M)
NEEDS = re.compile(r"\.\. test-with: (\w+)\s*$")


def _code_blocks():
    blocks = []
    for folder, _, files in os.walk(DOCS):
        if "_build" in folder:
            continue
        for name in sorted(files):
            if not name.endswith(".rst"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            for match in BLOCK.finditer(text):
                before = text[: match.start()].rstrip().rsplit("\n", 1)[-1]
                needs = NEEDS.search(before)
                line = text.count("\n", 0, match.start()) + 1
                blocks.append(pytest.param(textwrap.dedent(match.group("body")), needs.group(1) if needs else None,
                                           id="%s:%d" % (os.path.relpath(path, DOCS), line)))
    return blocks


def _run(source, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "LIBCLOUD_"))}
    # The credential chains must not ask the real metadata addresses from an example.
    env.update(PYTHONPATH=ROOT, HOME=str(tmp_path), NO_GCE_CHECK="true",
               AZURE_POD_IDENTITY_AUTHORITY_HOST="http://127.0.0.1:9")
    script = tmp_path / "example.py"
    script.write_text(LOCAL_ONLY + "\n" + source)
    return subprocess.run([sys.executable, str(script)], cwd=str(tmp_path), env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("name", sorted(f for f in os.listdir(EXAMPLES) if f.endswith(".py")))
def test_example_script_runs(name, tmp_path):
    with open(os.path.join(EXAMPLES, name), encoding="utf-8") as handle:
        out = _run(handle.read(), tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip(), "an example should show what it did"


@pytest.mark.parametrize("source, needs", _code_blocks())
def test_code_block_runs(source, needs, tmp_path, request):
    if needs == "azurite":
        server = request.getfixturevalue("azurite")
        source = source.replace("port=10000", "port=%d" % server.port)
    elif needs == "moto":
        server = request.getfixturevalue("moto")
        source = source.replace("port=5000", "port=%d" % server.port)
    elif needs is not None:
        pytest.fail("unknown test-with server %r" % (needs,))
    out = _run(source, tmp_path)
    assert out.returncode == 0, out.stderr


def test_every_page_block_is_found():
    ids = [param.id for param in _code_blocks()]
    assert len(ids) >= 10
    assert any(i.startswith("drivers/storage/azure_blobs.rst") for i in ids)
    assert any(i.startswith("getting_started.rst") for i in ids)


def test_the_guard_refuses_a_real_provider(tmp_path):
    resolved = _run("import socket\nsocket.create_connection(('api.example.com', 443), timeout=1)\n", tmp_path)
    assert resolved.returncode != 0 and "tried to resolve 'api.example.com'" in resolved.stderr
    direct = _run("import socket\nsocket.socket().connect(('192.0.2.1', 443))\n", tmp_path)
    assert direct.returncode != 0 and "tried to reach '192.0.2.1'" in direct.stderr
