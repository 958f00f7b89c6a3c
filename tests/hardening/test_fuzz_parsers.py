"""Issue 19 item 13: response parsers raise libcloud exceptions on malformed bodies, never raw ones.

Property-based: hypothesis mutates a valid answer of each provider (drops elements or keys, swaps
values for other types, empties lists, truncates the text) and a scripted local server returns it.
The call must either succeed or raise an exception of the package - never a bare ``KeyError``,
``ValueError``, ``TypeError``, ``AttributeError`` or ``IndexError``.  The shared boundary
(``flow.advance`` + ``Response.parse_failure``) makes parser failures ``MalformedResponseError``.

CI runs a fixed, derandomized set of examples; ``LIBCLOUD_FUZZ_EXAMPLES=2000`` runs a long one.
"""

from __future__ import annotations

import copy
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fakes.http_server import LocalServer

SEEDS = Path(__file__).parent / "fuzz_seeds"
DNS_FIXTURES = Path(__file__).parents[1] / "dns" / "fixtures"
EXAMPLES = int(os.environ.get("LIBCLOUD_FUZZ_EXAMPLES", "30"))
RAW = (KeyError, ValueError, TypeError, AttributeError, IndexError)

FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class Answer:
    """What the scripted server sends: the fuzzed body for the first request, 404s after it.

    The 404s end paging loops that a fuzzed continuation token would otherwise start.
    """

    def __init__(self) -> None:
        self.body = b""
        self.content_type = "application/json"
        self.served = 0

    def handle(self, req: Any) -> None:
        self.served += 1
        if self.served > 1:
            req.reply(404, b"", {"Content-Type": "text/plain"})
            return
        req.reply(200, self.body, {"Content-Type": self.content_type})


@pytest.fixture(scope="module")
def scripted():
    answer = Answer()
    with LocalServer() as server:
        server.route("*", answer.handle)
        yield server, answer


# -- mutations ------------------------------------------------------------------------------------
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 10**12), st.floats(allow_nan=False),
                    st.text(max_size=12))
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.text(max_size=5), SCALARS, max_size=3))


def _json_paths(doc: Any, prefix: Tuple[Any, ...] = ()) -> List[Tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(doc, dict):
        for key, value in doc.items():
            paths += _json_paths(value, prefix + (key,))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            paths += _json_paths(value, prefix + (index,))
    return paths


@st.composite
def mutated_json(draw: Any, seed: Any) -> bytes:
    """``seed`` with a few values deleted or replaced by values of other types (or a broken text)."""
    doc = copy.deepcopy(seed)
    for _ in range(draw(st.integers(1, 3))):
        paths = _json_paths(doc)
        path = paths[draw(st.integers(0, len(paths) - 1))]
        if not path:
            doc = draw(VALUES)
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(VALUES)
    text = json.dumps(doc).encode()
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


@st.composite
def mutated_xml(draw: Any, seed: str) -> bytes:
    """``seed`` with elements removed, emptied, duplicated or given other text (or a broken text)."""
    root = ET.fromstring(seed)
    for _ in range(draw(st.integers(1, 3))):
        pairs = [(parent, child) for parent in root.iter() for child in list(parent)]
        if not pairs:
            break
        parent, child = pairs[draw(st.integers(0, len(pairs) - 1))]
        action = draw(st.sampled_from(["remove", "text", "empty", "duplicate"]))
        if action == "remove":
            parent.remove(child)
        elif action == "text":
            child.text = draw(st.text(max_size=10))
            if draw(st.booleans()):
                for grandchild in list(child):
                    child.remove(grandchild)
        elif action == "empty":
            for grandchild in list(child):
                child.remove(grandchild)
            child.text = None
        else:
            parent.append(copy.deepcopy(child))
    text = ET.tostring(root)
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


# -- targets: (build the driver, call the parser, seed, kind) --------------------------------------
def _s3(port: int) -> Callable[[], Any]:
    from libcloud.storage.base import Container
    from libcloud.storage.drivers.s3 import S3StorageDriver

    driver = S3StorageDriver("AKID", "secret", host="127.0.0.1", port=port, secure=False, region="eu-west-1")
    return lambda: driver.list_container_objects(Container("bkt", {}, driver))


def _route53(port: int) -> Callable[[], Any]:
    from libcloud.dns.base import Zone
    from libcloud.dns.drivers.route53 import Route53DNSDriver

    driver = Route53DNSDriver("AKID", "secret", host="127.0.0.1", port=port, secure=False)
    zone = Zone("Z1", "example.com.", "master", None, driver)
    return lambda: driver.list_records(zone)


def _ec2(port: int) -> Callable[[], Any]:
    from libcloud.compute.drivers.ec2 import EC2NodeDriver

    driver = EC2NodeDriver("AKID", "secret", region="us-east-1", host="127.0.0.1", port=port, secure=False)
    return driver.list_nodes


def _azure(port: int) -> Callable[[], Any]:
    from libcloud.storage.base import Container
    from libcloud.storage.drivers.azure_blobs import AzureBlobsStorageDriver

    driver = AzureBlobsStorageDriver("account", "c2VjcmV0", host="127.0.0.1", port=port, secure=False)
    return lambda: driver.list_container_objects(Container("bkt", {}, driver))


def _json_driver(module: str, name: str, *args: Any, method: str = "list_zones") -> Callable[[int], Any]:
    def build(port: int) -> Callable[[], Any]:
        import importlib

        cls = getattr(importlib.import_module(module), name)
        driver = cls(*args, host="127.0.0.1", port=port, secure=False)
        return getattr(driver, method)
    return build


def _load_json(path: Path) -> Any:
    return json.loads(path.read_text())


def _cloudflare_zones() -> Any:
    doc = _load_json(DNS_FIXTURES / "cloudflare" / "zone.json")
    doc["result"] = [doc["result"]]
    doc["result_info"] = {"page": 1, "per_page": 50, "total_pages": 1, "count": 1, "total_count": 1}
    return doc


TARGETS: Dict[str, Tuple[Callable[[int], Callable[[], Any]], Callable[[], Any], str]] = {
    "s3-listing": (_s3, lambda: (SEEDS / "s3_list.xml").read_text(), "xml"),
    "route53-rrsets": (_route53, lambda: (SEEDS / "route53_rrsets.xml").read_text(), "xml"),
    "ec2-instances": (_ec2, lambda: (SEEDS / "ec2_instances.xml").read_text(), "xml"),
    "azure-blobs": (_azure, lambda: (SEEDS / "azure_blobs.xml").read_text(), "xml"),
    "cloudflare-zones": (_json_driver("libcloud.dns.drivers.cloudflare", "CloudFlareDNSDriver", "me@example.com",
                                      "key"), _cloudflare_zones, "json"),
    "digitalocean-domains": (_json_driver("libcloud.dns.drivers.digitalocean", "DigitalOceanDNSDriver", "token"),
                             lambda: _load_json(DNS_FIXTURES / "digitalocean" / "domains_page1.json"), "json"),
    "linode-domains": (_json_driver("libcloud.dns.drivers.linode", "LinodeDNSDriver", "token"),
                       lambda: _load_json(DNS_FIXTURES / "linode" / "domains.json"), "json"),
    "powerdns-zones": (_json_driver("libcloud.dns.drivers.powerdns", "PowerDNSDriver", "key"),
                       lambda: _load_json(DNS_FIXTURES / "powerdns" / "list_zones.json"), "json"),
    "vultr-instances": (_json_driver("libcloud.compute.drivers.vultr", "VultrNodeDriver", "token",
                                     method="list_nodes"),
                        lambda: _load_json(SEEDS / "vultr_instances.json"), "json"),
    "digitalocean-droplets": (_json_driver("libcloud.compute.drivers.digitalocean", "DigitalOceanNodeDriver",
                                           "token", method="list_nodes"),
                              lambda: _load_json(SEEDS / "do_droplets.json"), "json"),
}


def _is_ours(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] == "libcloud"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_malformed_bodies_raise_libcloud_errors(name: str, scripted: Any) -> None:
    server, answer = scripted
    build, seed_of, kind = TARGETS[name]
    call = build(server.port)
    seed = seed_of()
    strategy = mutated_xml(seed) if kind == "xml" else mutated_json(seed)
    answer.content_type = "application/xml" if kind == "xml" else "application/json"
    answer.body = seed.encode() if isinstance(seed, str) else json.dumps(seed).encode()
    answer.served = 0
    try:
        call()  # the seed itself parses (a second page, if asked for, is a 404)
    except Exception as exc:
        assert _is_ours(exc) and not isinstance(exc, RAW), "%s: the seed fails with %r" % (name, exc)

    @FUZZ
    @given(body=st.one_of(strategy, st.binary(max_size=40), st.sampled_from([b"", b"null", b"[]", b"{}",
                                                                             b"<html>portal</html>"])))
    def check(body: bytes) -> None:
        answer.body, answer.served = body, 0
        try:
            call()
        except RAW as exc:
            if not _is_ours(exc):
                raise AssertionError("%s leaked %r for body %r" % (name, exc, body[:300])) from exc
        except Exception as exc:
            assert _is_ours(exc) or isinstance(exc, RAW), "%s raised %r" % (name, exc)

    check()
