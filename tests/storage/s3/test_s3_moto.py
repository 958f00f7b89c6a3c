"""The S3 driver against a real moto server: every StorageDriver method, errors, listings, presigning."""

import hashlib
import io

import pytest
import requests

from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container
from libcloud.storage.drivers.s3 import S3MultipartUpload
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerIsNotEmptyError,
    ObjectDoesNotExistError,
)
from tests.storage.s3.conftest import make_driver


def _md5(data):
    return hashlib.md5(data).hexdigest()


def test_container_lifecycle_and_errors(s3):
    assert s3.list_containers() == []
    created = s3.create_container("bucket-one")
    assert created.name == "bucket-one"
    with pytest.raises(ContainerAlreadyExistsError) as info:
        s3.create_container("bucket-one")
    assert info.value.container_name == "bucket-one"
    assert [c.name for c in s3.iterate_containers()] == ["bucket-one"]
    assert s3.list_containers()[0].extra["creation_date"]
    assert s3.get_container("bucket-one").name == "bucket-one"
    s3.upload_object_via_stream(iter([b"x"]), created, "k")
    with pytest.raises(ContainerIsNotEmptyError):
        s3.delete_container(created)
    s3.delete_object(s3.get_object("bucket-one", "k"))
    assert s3.delete_container(created) is True
    with pytest.raises(ContainerDoesNotExistError):
        s3.get_container("bucket-one")
    with pytest.raises(ContainerDoesNotExistError):
        s3.delete_container(created)


def test_us_east_1_creates_without_location_constraint(moto):
    driver = make_driver(moto, region="us-east-1")
    driver.create_container("virginia")
    assert [c.name for c in driver.list_containers()] == ["virginia"]


def test_missing_object_and_missing_bucket_are_told_apart(s3, bucket):
    with pytest.raises(ObjectDoesNotExistError) as info:
        s3.get_object(bucket.name, "nope")
    assert info.value.object_name == "nope"
    with pytest.raises(ContainerDoesNotExistError) as info:
        s3.get_object("no-such-bucket", "nope")
    assert info.value.container_name == "no-such-bucket"
    ghost = Container("no-such-bucket", None, s3)
    with pytest.raises(ContainerDoesNotExistError):
        list(s3.iterate_container_objects(ghost))
    with pytest.raises(ContainerDoesNotExistError):
        s3.upload_object_via_stream(io.BytesIO(b"data"), ghost, "k")


def test_listing_walks_every_page_in_both_api_versions(s3, bucket):
    names = ["dir/%02d" % i for i in range(7)] + ["other/x", "top"]
    for name in names:
        s3.upload_object_via_stream(iter([name.encode()]), bucket, name)
    for version in (2, 1):
        s3.list_objects_version = version
        s3.list_objects_page_size = 2  # 5 pages for 9 objects
        assert [o.name for o in s3.iterate_container_objects(bucket)] == sorted(names)
        assert [o.name for o in s3.list_container_objects(bucket, prefix="dir/")] == names[:7]
        listed = s3.list_container_objects(bucket, prefix="top")
        assert (listed[0].size, listed[0].hash) == (3, _md5(b"top"))
        assert listed[0].extra["last_modified"]


@pytest.mark.parametrize("kind", ["generator", "bytesio", "stringio", "text_generator", "file"])
def test_stream_uploads_from_every_source(s3, bucket, tmp_path, kind):
    data = ("h\u00e9llo w\u00f6rld " * 1000).encode("utf-8")
    path = tmp_path / "src"
    path.write_bytes(data)
    sources = {
        "generator": lambda: (data[i:i + 333] for i in range(0, len(data), 333)),
        "bytesio": lambda: io.BytesIO(data),
        "stringio": lambda: io.StringIO(data.decode("utf-8")),
        "text_generator": lambda: iter([data.decode("utf-8")]),
        "file": lambda: open(path, "rb"),
    }
    source = sources[kind]()
    obj = s3.upload_object_via_stream(source, bucket, "obj-" + kind, extra={"meta_data": {"colour": "blue"},
                                                                           "content_type": "text/plain"})
    assert (obj.size, obj.hash) == (len(data), _md5(data))
    fetched = s3.get_object(bucket.name, "obj-" + kind)
    assert fetched.meta_data == {"colour": "blue"}
    assert fetched.extra["content_type"] == "text/plain"
    assert b"".join(s3.download_object_as_stream(fetched, chunk_size=1000)) == data


def test_upload_object_sets_storage_class_acl_and_headers(s3, bucket, tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(b"{}")
    obj = s3.upload_object(str(path), bucket, "a.json", extra={"acl": "public-read"},
                           headers={"Cache-Control": "max-age=60"}, ex_storage_class="standard_ia")
    assert obj.extra == {"acl": "public-read"}
    head = s3.get_object(bucket.name, "a.json")
    assert head.extra["content_type"] == "application/json"
    assert head.extra["cache_control"] == "max-age=60"
    assert head.extra["storage_class"] == "STANDARD_IA"
    with pytest.raises(ValueError):
        s3.upload_object(str(path), bucket, "b", ex_storage_class="platinum")


def test_keys_with_special_characters_round_trip(s3, bucket):
    names = ["sp ace", "plus+sign", "uni\u00e7\u00f8de", "a//double", "q?mark&amp=1", "~tilde", "pct%20"]
    for name in names:
        s3.upload_object_via_stream(iter([name.encode()]), bucket, name)
    assert sorted(o.name for o in s3.list_container_objects(bucket)) == sorted(names)
    for name in names:
        obj = s3.get_object(bucket.name, name)
        assert b"".join(s3.download_object_as_stream(obj)) == name.encode()
        assert s3.delete_object(obj) is True


def test_presigned_url_serves_the_object_until_it_is_deleted(s3, bucket):
    obj = s3.upload_object_via_stream(iter([b"presigned"]), bucket, "dir/file name.txt")
    url = s3.get_object_cdn_url(obj)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=86400" in url
    assert requests.get(url, timeout=30).content == b"presigned"
    short = s3.get_object_cdn_url(obj, ex_expiry=0.5)
    assert "X-Amz-Expires=1800" in short
    s3.delete_object(obj)
    assert requests.get(url, timeout=30).status_code == 404


def test_multipart_extensions_list_and_clean_up(s3, bucket):
    first = s3._initiate_multipart(bucket, "pending/one")
    s3._initiate_multipart(bucket, "pending/two")
    uploads = list(s3.ex_iterate_multipart_uploads(bucket))
    assert sorted(u.key for u in uploads) == ["pending/one", "pending/two"]
    assert all(isinstance(u, S3MultipartUpload) for u in uploads)
    assert first in {u.id for u in uploads}
    assert [u.key for u in s3.ex_iterate_multipart_uploads(bucket, prefix="pending/t")] == ["pending/two"]
    s3.ex_cleanup_all_multipart_uploads(bucket)
    assert list(s3.ex_iterate_multipart_uploads(bucket)) == []
    with pytest.raises(LibcloudError):
        s3.ex_list_multipart_upload_parts(bucket, "pending/one", first)


def test_upstream_multipart_helpers(s3, bucket):
    upload_id = s3._initiate_multipart(bucket, "helpers")
    chunks, md5, size = s3._upload_multipart_chunks(bucket, "helpers", upload_id, iter([b"a" * 10, b"b"]))
    assert (chunks[0][0], md5, size) == (1, _md5(b"a" * 10 + b"b"), 11)
    assert s3.ex_list_multipart_upload_parts(bucket, "helpers", upload_id) == [(1, chunks[0][1], 11)]
    etag = s3._commit_multipart(bucket, "helpers", upload_id, chunks)
    assert etag.endswith("-1")
    assert s3.get_object(bucket.name, "helpers").size == 11
