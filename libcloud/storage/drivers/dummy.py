"""An in-memory storage driver for tests and examples (``Provider.DUMMY``).

Objects keep their real content (bytes in memory), so every transfer form
works and goes through the shared transfer engine like a real driver.
"""

from __future__ import annotations

import hashlib
import os
import random
import threading
from typing import Any, Dict, Iterator, List, Optional

from libcloud.common.types import LibcloudError
from libcloud.storage.base import CHUNK_SIZE, Container, Object, StorageDriver
from libcloud.storage.transfer import (
    HashingSource,
    ProgressCallback,
    rechunk,
    require_iterator,
    resolve_destination,
    save_chunks,
)
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerIsNotEmptyError,
    ObjectDoesNotExistError,
)

__all__ = ["DummyFileObject", "DummyIterator", "DummyStorageDriver"]


class DummyFileObject:
    """A read-only file of ``yield_count * chunk_len`` random lower-case letters."""

    def __init__(self, yield_count: int = 5, chunk_len: int = 10) -> None:
        self._yield_count = yield_count
        self._chunk_len = chunk_len
        self._remaining = yield_count * chunk_len

    def _letters(self, count: int) -> bytes:
        return bytes(random.randint(97, 122) for _ in range(count))

    def read(self, size: int = -1) -> bytes:
        count = self._remaining if size is None or size < 0 else min(size, self._remaining)
        self._remaining -= count
        return self._letters(count)

    def __iter__(self) -> Iterator[bytes]:
        while self._remaining:
            yield self.read(self._chunk_len)

    def __len__(self) -> int:
        return self._yield_count * self._chunk_len


class DummyIterator:
    """Iterates over ``data`` and keeps the MD5 of what it yielded."""

    def __init__(self, data: Optional[List[Any]] = None) -> None:
        self.hash = hashlib.md5()
        self._data = list(data or [])
        self._current_item = 0

    def get_md5_hash(self) -> str:
        return self.hash.hexdigest()

    def next(self) -> Any:
        if self._current_item >= len(self._data):
            raise StopIteration
        value = self._data[self._current_item]
        self.hash.update(value.encode("utf-8") if isinstance(value, str) else bytes(value))
        self._current_item += 1
        return value

    __next__ = next

    def __iter__(self) -> "DummyIterator":
        return self

    def __enter__(self) -> "DummyIterator":
        return self

    def __exit__(self, *exc: Any) -> None:
        pass


class DummyStorageDriver(StorageDriver):
    """In-memory containers and objects.

    >>> driver = DummyStorageDriver("key", "secret")
    >>> container = driver.create_container(container_name="test container 1")
    >>> container
    <Container: name=test container 1, provider=Dummy Storage Provider>
    >>> obj = driver.upload_object_via_stream(iter([b"hello"]), container, "greeting")
    >>> b"".join(driver.download_object_as_stream(obj))
    b'hello'
    """

    name = "Dummy Storage Provider"
    website = "http://example.com"

    def __init__(self, api_key: Any, api_secret: Any = None, **kwargs: Any) -> None:
        # No connection: everything lives in this process.
        self.key = api_key
        self.secret = api_secret
        self._lock = threading.RLock()
        self._containers: Dict[str, Dict[str, Any]] = {}

    # -- bookkeeping -------------------------------------------------------
    def get_meta_data(self) -> Dict[str, int]:
        with self._lock:
            entries = list(self._containers.values())
            objects = [obj for entry in entries for obj, _ in entry["objects"].values()]
        return {
            "container_count": len(entries),
            "object_count": len(objects),
            "bytes_used": sum(int(obj.size) for obj in objects),
        }

    def _entry(self, container_name: str) -> Dict[str, Any]:
        try:
            return self._containers[container_name]
        except KeyError:
            raise ContainerDoesNotExistError(value=None, driver=self, container_name=container_name) from None

    def _content(self, obj: Object) -> bytes:
        with self._lock:
            try:
                return self._entry(obj.container.name)["objects"][obj.name][1]  # type: ignore[no-any-return]
            except KeyError:
                raise ObjectDoesNotExistError(value=None, driver=self, object_name=obj.name) from None

    # -- containers --------------------------------------------------------
    def iterate_containers(self) -> Iterator[Container]:
        with self._lock:
            containers = [entry["container"] for entry in self._containers.values()]
        return iter(containers)

    def get_container(self, container_name: str) -> Container:
        with self._lock:
            return self._entry(container_name)["container"]  # type: ignore[no-any-return]

    def get_container_cdn_url(self, container: Container) -> str:
        with self._lock:
            return self._entry(container.name)["cdn_url"]  # type: ignore[no-any-return]

    def create_container(self, container_name: str) -> Container:
        with self._lock:
            if container_name in self._containers:
                raise ContainerAlreadyExistsError(value=None, driver=self, container_name=container_name)
            container = Container(name=container_name, extra={"object_count": 0}, driver=self)
            self._containers[container_name] = {
                "container": container,
                "objects": {},
                "cdn_url": "http://www.test.com/container/%s" % container_name.replace(" ", "_"),
            }
            return container

    def delete_container(self, container: Container) -> bool:
        with self._lock:
            entry = self._entry(container.name)
            if entry["objects"]:
                raise ContainerIsNotEmptyError(value=None, driver=self, container_name=container.name)
            del self._containers[container.name]
        return True

    # -- objects -----------------------------------------------------------
    def iterate_container_objects(
        self, container: Container, prefix: Optional[str] = None, ex_prefix: Optional[str] = None
    ) -> Iterator[Object]:
        prefix = self._normalize_prefix_argument(prefix, ex_prefix)
        with self._lock:
            objects = [obj for obj, _ in self._entry(container.name)["objects"].values()]
        objects.sort(key=lambda obj: obj.name)
        return iter([obj for obj in objects if prefix is None or obj.name.startswith(prefix)])

    def get_object(self, container_name: str, object_name: str) -> Object:
        with self._lock:
            objects = self._entry(container_name)["objects"]
            if object_name not in objects:
                raise ObjectDoesNotExistError(value=None, driver=self, object_name=object_name)
            return objects[object_name][0]  # type: ignore[no-any-return]

    def get_object_cdn_url(self, obj: Object) -> str:
        return self.get_object(obj.container.name, obj.name).meta_data["cdn_url"]  # type: ignore[no-any-return]

    def delete_object(self, obj: Object) -> bool:
        with self._lock:
            objects = self._entry(obj.container.name)["objects"]
            if obj.name not in objects:
                raise ObjectDoesNotExistError(value=None, driver=self, object_name=obj.name)
            del objects[obj.name]
            self._entry(obj.container.name)["container"].extra["object_count"] = len(objects)
        return True

    def upload_object(
        self,
        file_path: str,
        container: Container,
        object_name: str,
        extra: Optional[Dict[str, Any]] = None,
        verify_hash: bool = True,
        headers: Optional[Dict[str, str]] = None,
        *,
        ex_progress_callback: Optional[ProgressCallback] = None,
    ) -> Object:
        if not os.path.exists(file_path):
            raise LibcloudError(value="File %s does not exist" % (file_path,), driver=self)
        return self._store(file_path, container, object_name, extra, ex_progress_callback)

    def upload_object_via_stream(
        self,
        iterator: Any,
        container: Container,
        object_name: str,
        extra: Optional[Dict[str, Any]] = None,
        headers: Optional[Dict[str, str]] = None,
        *,
        ex_progress_callback: Optional[ProgressCallback] = None,
    ) -> Object:
        require_iterator(iterator)
        return self._store(iterator, container, object_name, extra, ex_progress_callback)

    def _store(
        self,
        source: Any,
        container: Container,
        object_name: str,
        extra: Optional[Dict[str, Any]],
        callback: Optional[ProgressCallback],
    ) -> Object:
        self.get_container(container.name)  # fail before reading the source
        reader = HashingSource(source, self.hash_type, callback=callback)
        content = b"".join(reader)
        reader.progress.finish()
        extra = dict(extra or {})
        meta_data = dict(extra.get("meta_data") or {})
        meta_data["cdn_url"] = "http://www.test.com/object/%s" % object_name.replace(" ", "_")
        with self._lock:
            entry = self._entry(container.name)
            obj = Object(
                name=object_name,
                size=len(content),
                hash=reader.hexdigest(),
                extra=extra,
                meta_data=meta_data,
                container=entry["container"],
                driver=self,
            )
            entry["objects"][object_name] = (obj, content)
            entry["container"].extra["object_count"] = len(entry["objects"])
        return obj

    def _slice(self, obj: Object, start_bytes: int, end_bytes: Optional[int]) -> memoryview:
        self._validate_start_and_end_bytes(start_bytes, end_bytes)
        content = self._content(obj)
        end = len(content) if end_bytes is None else end_bytes
        if end > len(content) or start_bytes > len(content):
            raise ValueError("Range %s-%s is beyond the object size %d" % (start_bytes, end_bytes, len(content)))
        return memoryview(content)[start_bytes:end]

    def _chunks(self, data: memoryview, chunk_size: Optional[int]) -> Iterator[bytes]:
        return rechunk((bytes(data[i : i + CHUNK_SIZE * 8]) for i in range(0, len(data), CHUNK_SIZE * 8)),
                       chunk_size or CHUNK_SIZE)

    def download_object(
        self,
        obj: Object,
        destination_path: str,
        overwrite_existing: bool = False,
        delete_on_failure: bool = True,
        *,
        ex_progress_callback: Optional[ProgressCallback] = None,
    ) -> bool:
        return self._save(obj, destination_path, 0, None, overwrite_existing, ex_progress_callback)

    def download_object_range(
        self,
        obj: Object,
        destination_path: str,
        start_bytes: int,
        end_bytes: Optional[int] = None,
        overwrite_existing: bool = False,
        delete_on_failure: bool = True,
        *,
        ex_progress_callback: Optional[ProgressCallback] = None,
    ) -> bool:
        return self._save(obj, destination_path, start_bytes, end_bytes, overwrite_existing, ex_progress_callback)

    def _save(
        self,
        obj: Object,
        destination_path: str,
        start_bytes: int,
        end_bytes: Optional[int],
        overwrite_existing: bool,
        callback: Optional[ProgressCallback],
    ) -> bool:
        data = self._slice(obj, start_bytes, end_bytes)
        whole = start_bytes == 0 and end_bytes is None
        stored = self.get_object(obj.container.name, obj.name)
        file_path = resolve_destination(destination_path, obj.name, overwrite_existing, driver=self)
        writer = save_chunks(
            self._chunks(data, None),
            file_path,
            expected_size=len(data),
            expected_hash=stored.hash if whole else None,
            hash_type=self.hash_type,
            callback=callback,
            object_name=obj.name,
            driver=self,
        )
        return writer.committed

    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        return self._chunks(self._slice(obj, 0, None), chunk_size)

    def download_object_range_as_stream(
        self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None, chunk_size: Optional[int] = None
    ) -> Iterator[bytes]:
        return self._chunks(self._slice(obj, start_bytes, end_bytes), chunk_size)
