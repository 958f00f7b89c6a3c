"""Issue 19 item 7: a server that repeats its continuation token/marker makes every listing raise, not loop.

Each scripted server below answers every page with "more to come, continue
from X" for the same X.  The walkers must stop with ``PagingError`` after a
couple of requests; a cap on the number of requests makes a regression fail
fast instead of hanging the run.
"""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Dict, List

import pytest

from libcloud._core.paginate import PagingError
from libcloud.storage.base import Container
from tests.servers.scripted_api import ScriptedServer

_LIMIT = 20  # requests a looping walker may make before the server refuses


class Looping:
    """A handler wrapper that counts requests and answers 500 after ``_LIMIT`` of them."""

    def __init__(self, reply: Callable[[str, str, Dict[str, List[str]], Any], Any]) -> None:
        self.reply = reply
        self.count = 0

    def __call__(self, method: str, path: str, query: Dict[str, List[str]], body: Any) -> Any:
        self.count += 1
        if self.count > _LIMIT:
            return 500, {"message": "the client is looping"}, {}
        return self.reply(method, path, query, body)


def _xml(text: str) -> Any:
    return 200, text, {"Content-Type": "application/xml"}


S3_OBJECTS = """<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix>
<KeyCount>1</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>true</IsTruncated>
<NextContinuationToken>SAME</NextContinuationToken><NextMarker>SAME</NextMarker>
<Contents><Key>a</Key><LastModified>2024-01-01T00:00:00.000Z</LastModified><ETag>"x"</ETag><Size>1</Size>
<StorageClass>STANDARD</StorageClass></Contents></ListBucketResult>"""

S3_UPLOADS = """<?xml version="1.0" encoding="UTF-8"?>
<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket>
<IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker><NextUploadIdMarker>u</NextUploadIdMarker>
<Upload><Key>k</Key><UploadId>u</UploadId><Initiated>2024-01-01T00:00:00.000Z</Initiated></Upload>
</ListMultipartUploadsResult>"""

S3_PARTS = """<?xml version="1.0" encoding="UTF-8"?>
<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>b</Bucket><Key>k</Key>
<UploadId>u</UploadId><IsTruncated>true</IsTruncated><NextPartNumberMarker>1</NextPartNumberMarker>
<Part><PartNumber>1</PartNumber><ETag>"e"</ETag><Size>5</Size></Part></ListPartsResult>"""

ELB_PAGE = """<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/">
<DescribeLoadBalancersResult><LoadBalancerDescriptions/><NextMarker>SAME</NextMarker>
</DescribeLoadBalancersResult></DescribeLoadBalancersResponse>"""

ROUTE53_ZONE = """<GetHostedZoneResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
<HostedZone><Id>/hostedzone/Z1</Id><Name>example.com.</Name><CallerReference>c</CallerReference>
<ResourceRecordSetCount>3</ResourceRecordSetCount></HostedZone></GetHostedZoneResponse>"""

ROUTE53_SETS = """<ListResourceRecordSetsResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
<ResourceRecordSets><ResourceRecordSet><Name>www.example.com.</Name><Type>A</Type><TTL>60</TTL>
<ResourceRecords><ResourceRecord><Value>10.0.0.1</Value></ResourceRecord></ResourceRecords>
</ResourceRecordSet></ResourceRecordSets><IsTruncated>true</IsTruncated>
<NextRecordName>www.example.com.</NextRecordName><NextRecordType>A</NextRecordType>
<MaxItems>1</MaxItems></ListResourceRecordSetsResponse>"""


def _s3(server: ScriptedServer) -> Any:
    from libcloud.storage.drivers.s3 import S3StorageDriver

    return S3StorageDriver("AKIDEXAMPLE", "secret-key-example", host="127.0.0.1", port=server.port, secure=False,
                           region="eu-west-1")


def test_s3_object_listing_with_a_repeated_token_raises():
    handler = Looping(lambda m, p, q, b: _xml(S3_OBJECTS))
    with ScriptedServer(handler) as server:
        driver = _s3(server)
        with pytest.raises(PagingError):
            driver.list_container_objects(Container("b", {}, driver))
    assert handler.count <= 3


def test_s3_object_listing_with_a_repeated_token_raises_under_asyncio():
    handler = Looping(lambda m, p, q, b: _xml(S3_OBJECTS))

    async def walk(port: int) -> None:
        from libcloud.asyncio.storage.providers import get_driver

        cls = get_driver("s3")
        async with cls("AKIDEXAMPLE", "secret-key-example", host="127.0.0.1", port=port, secure=False,
                       region="eu-west-1") as driver:
            async for _ in driver.iterate_container_objects(Container("b", {}, driver.sync_driver)):
                pass

    with ScriptedServer(handler) as server:
        with pytest.raises(PagingError):
            asyncio.run(walk(server.port))
    assert handler.count <= 3


def test_s3_multipart_upload_listing_with_repeated_markers_raises():
    handler = Looping(lambda m, p, q, b: _xml(S3_UPLOADS))
    with ScriptedServer(handler) as server:
        driver = _s3(server)
        with pytest.raises(PagingError):
            list(driver.ex_iterate_multipart_uploads(Container("b", {}, driver)))
    assert handler.count <= 3


def test_s3_part_listing_with_a_repeated_marker_raises():
    handler = Looping(lambda m, p, q, b: _xml(S3_PARTS))
    with ScriptedServer(handler) as server:
        driver = _s3(server)
        with pytest.raises(PagingError):
            driver.ex_list_multipart_upload_parts(Container("b", {}, driver), "k", "u")
    assert handler.count <= 3


def test_elb_listing_with_a_repeated_marker_raises():
    from libcloud.loadbalancer.drivers.elb import ElasticLBDriver

    handler = Looping(lambda m, p, q, b: _xml(ELB_PAGE))
    with ScriptedServer(handler) as server:
        driver = ElasticLBDriver("AKIDEXAMPLE", "secret-key-example", "us-east-1", host="127.0.0.1",
                                 port=server.port, secure=False)
        with pytest.raises(PagingError):
            driver.list_balancers()
    assert handler.count <= 3


def test_ecs_listing_with_a_repeated_next_token_raises():
    from libcloud.container.drivers.ecs import ElasticContainerDriver

    handler = Looping(lambda m, p, q, b: (200, {"clusterArns": [], "nextToken": "SAME"}, {}))
    with ScriptedServer(handler) as server:
        driver = ElasticContainerDriver("AKID", "secret", "us-east-1", host="127.0.0.1", port=server.port,
                                        secure=False)
        with pytest.raises(PagingError):
            driver.list_clusters()
    assert handler.count <= 3


def test_kubernetes_listing_with_a_repeated_continue_token_raises():
    from libcloud.container.drivers.kubernetes import KubernetesContainerDriver

    handler = Looping(lambda m, p, q, b: (200, {"items": [], "metadata": {"continue": "SAME"}}, {}))
    with ScriptedServer(handler) as server:
        driver = KubernetesContainerDriver(host="127.0.0.1", port=server.port)
        with pytest.raises(PagingError):
            driver.list_clusters()
    assert handler.count <= 3


def test_route53_delete_all_records_with_a_repeated_record_token_raises():
    from libcloud.dns.drivers.route53 import Route53DNSDriver

    def reply(method: str, path: str, query: Dict[str, List[str]], body: Any) -> Any:
        return _xml(ROUTE53_SETS if path.endswith("/rrset") else ROUTE53_ZONE)

    handler = Looping(reply)
    with ScriptedServer(handler) as server:
        driver = Route53DNSDriver("AKIDEXAMPLE", "secret-key-example", host="127.0.0.1", port=server.port,
                                  secure=False)
        zone = driver.get_zone("Z1")
        with pytest.raises(PagingError):
            driver.ex_delete_all_records(zone)
    assert handler.count <= 4
