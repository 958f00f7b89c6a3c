"""XML parsing of S3 answers, with and without namespaces (own fixtures, written for these tests)."""

import xml.etree.ElementTree as ET

import pytest

from libcloud.storage.base import Container
from libcloud.storage.drivers.s3 import parse
from libcloud.storage.drivers.s3.connection import error_code_and_message

NS = ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'


def _xml(text, namespaced=True):
    return ET.XML(text.replace("{NS}", NS if namespaced else ""))


V1_PAGE = """<ListBucketResult{NS}><Name>b</Name><Marker></Marker><IsTruncated>true</IsTruncated>
<Contents><Key>k1</Key><LastModified>2020-01-02T03:04:05.000Z</LastModified><ETag>"0cc175b9c0f1b6a831c399e269772661"</ETag>
<Size>1</Size><Owner><ID>o1</ID><DisplayName>me</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>
<Contents><Key>k2</Key><ETag>"abc-2"</ETag><Size>12</Size></Contents></ListBucketResult>"""

V2_LAST = """<ListBucketResult{NS}><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>"""
V2_MORE = """<ListBucketResult{NS}><IsTruncated>true</IsTruncated><NextContinuationToken>tok+/=</NextContinuationToken>
<Contents><Key>z</Key><Size>0</Size><ETag>"d41d8cd98f00b204e9800998ecf8427e"</ETag></Contents></ListBucketResult>"""


@pytest.mark.parametrize("namespaced", [True, False])
def test_objects_and_next_tokens(namespaced):
    driver = object()
    container = Container("b", None, None)
    root = _xml(V1_PAGE, namespaced)
    objects = parse.to_objects(root, container, driver)
    assert [(o.name, o.size, o.hash) for o in objects] == [("k1", 1, "0cc175b9c0f1b6a831c399e269772661"),
                                                           ("k2", 12, "abc-2")]
    assert objects[0].meta_data == {"owner": {"id": "o1", "display_name": "me"}}
    assert objects[0].extra["storage_class"] == "STANDARD"
    assert parse.objects_next_token(root, objects) == "k2"  # v1 without NextMarker: the last key
    assert parse.objects_next_token(_xml(V2_LAST, namespaced), []) is None
    more = _xml(V2_MORE, namespaced)
    assert parse.objects_next_token(more, parse.to_objects(more, container, driver)) == "tok+/="


def test_buckets_uploads_and_parts():
    root = _xml("""<ListAllMyBucketsResult{NS}><Buckets><Bucket><Name>a</Name><CreationDate>2021-01-01</CreationDate>
    </Bucket><Bucket><Name>b</Name><CreationDate>2022-01-01</CreationDate><BucketRegion>eu-west-1</BucketRegion>
    </Bucket></Buckets></ListAllMyBucketsResult>""")
    containers = parse.to_containers(root, None)
    assert [(c.name, c.extra.get("region")) for c in containers] == [("a", None), ("b", "eu-west-1")]
    assert parse.containers_next_token(root) is None
    uploads = _xml("""<ListMultipartUploadsResult{NS}><IsTruncated>true</IsTruncated><NextKeyMarker>k</NextKeyMarker>
    <NextUploadIdMarker>u2</NextUploadIdMarker><Upload><Key>k</Key><UploadId>u1</UploadId>
    <Initiator><DisplayName>ini</DisplayName></Initiator><Owner><DisplayName>own</DisplayName></Owner>
    <Initiated>2020-01-01T00:00:00Z</Initiated></Upload></ListMultipartUploadsResult>""")
    assert parse.multipart_uploads(uploads) == [("k", "u1", "2020-01-01T00:00:00Z", "ini", "own")]
    assert parse.multipart_uploads_next_markers(uploads) == ("k", "u2")
    parts = _xml("""<ListPartsResult{NS}><IsTruncated>false</IsTruncated><Part><PartNumber>1</PartNumber>
    <ETag>"e1"</ETag><Size>5</Size></Part></ListPartsResult>""")
    assert parse.parts(parts) == ([(1, "e1", 5)], None)


def test_complete_answers_and_errors():
    ok = _xml("""<CompleteMultipartUploadResult{NS}><ETag>"abc-3"</ETag></CompleteMultipartUploadResult>""")
    assert parse.complete_etag(ok) == ("abc-3", None)
    failed = ET.XML("<Error><Code>InternalError</Code><Message>try again</Message></Error>")
    assert parse.complete_etag(failed) == (None, "InternalError: try again")
    assert error_code_and_message(b"<Error><Code>NoSuchKey</Code><Message>gone</Message></Error>") == \
        ("NoSuchKey", "gone")
    assert error_code_and_message("not xml") == (None, None)
    assert error_code_and_message("") == (None, None)


def test_documents_we_send_and_etag_helpers():
    assert parse.location_constraint_xml("eu-west-1") == \
        b"<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"
    body = ET.XML(parse.complete_multipart_xml([(1, '"a"'), (2, "b")]))
    assert [(p.findtext("PartNumber"), p.findtext("ETag")) for p in body] == [("1", '"a"'), ("2", '"b"')]
    assert parse.is_md5_etag('"0cc175b9c0f1b6a831c399e269772661"')
    assert not parse.is_md5_etag("0cc175b9c0f1b6a831c399e269772661-2")
    headers = {"content-length": "3", "etag": '"x"', "x-amz-meta-a": "1", "content-type": "t/p"}
    obj = parse.headers_to_object("n", Container("b", None, None), headers, None)
    assert (obj.size, obj.hash, obj.meta_data, obj.extra["content_type"]) == (3, "x", {"a": "1"}, "t/p")
    with pytest.raises(KeyError):
        parse.headers_to_object("n", None, {}, None)
