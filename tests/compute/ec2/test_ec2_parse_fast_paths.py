"""Issue 20 item 3: the fast paths of EC2 node parsing give what the general ones give.

Compact answers (AWS) skip the text-stripping walk, indented ones (compatible clouds, upstream's
fixtures) keep it; AWS timestamps are parsed in C with the same result as the general parser.
"""

from __future__ import annotations

from typing import Any

import pytest

from libcloud.compute.drivers.ec2.connection import EC2Response
from libcloud.compute.drivers.ec2.parse import nodes
from libcloud.utils import iso8601

INSTANCE = ("<item><instanceId>i-1</instanceId><instanceState><code>16</code><name>running</name></instanceState>"
            "<placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>"
            "<reason>{reason}</reason><launchTime>2024-01-02T03:04:05.000Z</launchTime>"
            "<ipAddress>54.0.0.1</ipAddress><tagSet><item><key>Name</key><value>web</value></item></tagSet></item>")


def _answer(body: str) -> Any:
    class Raw:
        headers = {"content-type": "text/xml"}
        reason = "OK"
        status_code = 200
        request = None
        encoding = "utf-8"
        content = body.encode("utf-8")
        text = body

        def iter_content(self, *args: Any) -> Any:
            return iter(())

    return EC2Response(Raw(), connection=None).object


def _document(instance: str, indent: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/'
            '2016-11-15/">%s<reservationSet><item><instancesSet>%s%s</instancesSet></item></reservationSet>'
            "</DescribeInstancesResponse>" % (indent, indent, instance))


@pytest.mark.parametrize("reason, expected", [
    ("", None),
    ("User initiated", "User initiated"),
    ("  User initiated\n ", "User initiated"),  # padded value: stripped as before
    ("   ", None),  # whitespace only: empty
])
def test_padded_values_are_stripped_and_compact_ones_kept(reason: str, expected: Any) -> None:
    for indent in ("", "\n  "):
        node = nodes(_answer(_document(INSTANCE.format(reason=reason), indent)), driver=None)[0]
        assert node.extra["reason"] == expected
        assert (node.name, node.extra["availability"], node.public_ips) == ("web", "us-east-1a", ["54.0.0.1"])
        assert node.created_at == iso8601.parse_date("2024-01-02T03:04:05Z")


@pytest.mark.parametrize("text", [
    "2024-01-02T03:04:05.000Z", "2024-01-02T03:04:05Z", "2024-02-29T23:59:59.999Z", "2024-01-02 03:04:05.123Z",
])
def test_the_fast_timestamp_path_matches_the_general_parser(text: str) -> None:
    fast = iso8601.parse_date(text)
    # The general parser alone: a string subclass whose length check sends it past the fast path.
    class Long(str):
        def __len__(self) -> int:
            return 0

    general = iso8601.parse_date(Long(text))
    assert fast == general and fast is not None and fast.utcoffset() == general.utcoffset()  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["2023-02-29T00:00:00.000Z", "2024-W01-2T03:04:05.123Z", "2024-01-02T25:04:05Z"])
def test_invalid_timestamps_still_raise(text: str) -> None:
    with pytest.raises(iso8601.ParseError):
        iso8601.parse_date(text)


@pytest.mark.parametrize("reason", [" User initiated", "User initiated ", "\tUser initiated"])
def test_values_padded_without_line_breaks_are_stripped_too(reason: str) -> None:
    # A document with no line break anywhere: only the space (or tab) scans can tell it is padded.
    node = nodes(_answer(_document(INSTANCE.format(reason=reason)).replace("\n", "")), driver=None)[0]
    assert node.extra["reason"] == "User initiated"


def test_only_default_namespace_declarations_are_dropped() -> None:
    from libcloud.common.aws.connection import _drop_default_xmlns

    body = '<a xmlns="urn:x"><b\nxmlns="urn:y"/><c myxmlns="kept">xmlns="text kept"</c></a>'
    assert _drop_default_xmlns(body) == '<a ><b\n/><c myxmlns="kept">xmlns="text kept"</c></a>'
    assert _drop_default_xmlns("<a/>") == "<a/>"
