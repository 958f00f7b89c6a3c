"""Containers and objects with the Local driver: upload, list, ranges, verified download."""

import io
import os
import tempfile

from libcloud.storage.providers import get_driver
from libcloud.storage.types import ObjectDoesNotExistError, Provider

with tempfile.TemporaryDirectory() as root:
    driver = get_driver(Provider.LOCAL)(root)
    container = driver.create_container("reports")
    obj = driver.upload_object_via_stream(io.BytesIO(b"0123456789" * 1000), container, "2026/numbers.txt")
    print("uploaded", obj.name, obj.size, "bytes, md5", obj.hash)
    print("listed", [o.name for o in driver.list_container_objects(container, prefix="2026/")])
    print("bytes 10-19:", b"".join(driver.download_object_range_as_stream(obj, 10, 20)))
    target = os.path.join(root, "copy.txt")
    driver.download_object(obj, target)
    print("downloaded", os.path.getsize(target), "bytes")
    try:
        driver.get_object("reports", "missing.txt")
    except ObjectDoesNotExistError as exc:
        print("missing object:", type(exc).__name__)
