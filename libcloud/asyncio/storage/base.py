"""``AsyncStorageDriver``: the storage API as coroutines and async iterators."""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, Dict, Iterator, List, Optional

from libcloud.asyncio._driver import AsyncDriver, documented_from
from libcloud.storage.base import Container, Object, StorageDriver

__all__ = ["AsyncStorageDriver"]


def _bridge_async_iterable(source: Any, loop: asyncio.AbstractEventLoop) -> Iterator[bytes]:
    """A sync iterator over an async iterable, for a worker thread (pulls on the loop)."""
    iterator = source.__aiter__()
    while True:
        future = asyncio.run_coroutine_threadsafe(_anext_or_none(iterator), loop)
        chunk = future.result()
        if chunk is None:
            return
        yield chunk


async def _anext_or_none(iterator: Any) -> Any:
    try:
        return await iterator.__anext__()
    except StopAsyncIteration:
        return None


@documented_from(StorageDriver)
class AsyncStorageDriver(AsyncDriver):
    """Every ``StorageDriver`` method, awaitable; listings and streams are async iterators."""

    async def list_containers(self) -> List[Container]:
        return await self._call("list_containers")

    def iterate_containers(self) -> AsyncIterator[Container]:
        return self._iterate("iterate_containers")

    async def get_container(self, container_name: str) -> Container:
        return await self._call("get_container", container_name)

    async def create_container(self, container_name: str, **kwargs: Any) -> Container:
        return await self._call("create_container", container_name, **kwargs)

    async def delete_container(self, container: Container) -> bool:
        return await self._call("delete_container", container)

    async def list_container_objects(self, container: Container, prefix: Optional[str] = None,
                                     **kwargs: Any) -> List[Object]:
        return await self._call("list_container_objects", container, prefix, **kwargs)

    def iterate_container_objects(self, container: Container, prefix: Optional[str] = None,
                                  ex_prefix: Optional[str] = None) -> AsyncIterator[Object]:
        return self._iterate("iterate_container_objects", container, prefix, ex_prefix)

    async def get_object(self, container_name: str, object_name: str) -> Object:
        return await self._call("get_object", container_name, object_name)

    async def get_object_cdn_url(self, obj: Object, **kwargs: Any) -> str:
        return await self._call("get_object_cdn_url", obj, **kwargs)

    async def get_container_cdn_url(self, container: Container, **kwargs: Any) -> str:
        return await self._call("get_container_cdn_url", container, **kwargs)

    async def enable_container_cdn(self, container: Container, **kwargs: Any) -> bool:
        return await self._call("enable_container_cdn", container, **kwargs)

    async def enable_object_cdn(self, obj: Object, **kwargs: Any) -> bool:
        return await self._call("enable_object_cdn", obj, **kwargs)

    async def upload_object(self, file_path: str, container: Container, object_name: str,
                            extra: Optional[Dict[str, Any]] = None, verify_hash: bool = True,
                            headers: Optional[Dict[str, str]] = None, **kwargs: Any) -> Object:
        return await self._call("upload_object", file_path, container, object_name,
                                extra=extra, verify_hash=verify_hash, headers=headers, **kwargs)

    async def upload_object_via_stream(self, iterator: Any, container: Container, object_name: str,
                                       extra: Optional[Dict[str, Any]] = None,
                                       headers: Optional[Dict[str, str]] = None, **kwargs: Any) -> Object:
        """Upload from a file, bytes iterator or generator - or an async iterable of bytes."""
        if hasattr(iterator, "__aiter__") and not getattr(self._driver, "_uploads_async_sources", False):
            # A driver whose upload reads its source synchronously: run the upload in a worker
            # thread that pulls each chunk from the async iterable on this loop.  (S3 and its
            # multipart-capable relatives pull the parts on the loop themselves.)
            bridged = _bridge_async_iterable(iterator, asyncio.get_running_loop())
            return await self._call_in_thread(
                "upload_object_via_stream", bridged, container, object_name, extra=extra, headers=headers, **kwargs)
        return await self._call("upload_object_via_stream", iterator, container, object_name,
                                extra=extra, headers=headers, **kwargs)

    async def download_object(self, obj: Object, destination_path: str, overwrite_existing: bool = False,
                              delete_on_failure: bool = True, **kwargs: Any) -> bool:
        return await self._call("download_object", obj, destination_path,
                                overwrite_existing, delete_on_failure, **kwargs)

    async def download_object_range(self, obj: Object, destination_path: str, start_bytes: int,
                                    end_bytes: Optional[int] = None, overwrite_existing: bool = False,
                                    delete_on_failure: bool = True, **kwargs: Any) -> bool:
        return await self._call("download_object_range", obj, destination_path,
                                start_bytes, end_bytes, overwrite_existing, delete_on_failure, **kwargs)

    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None,
                                  **kwargs: Any) -> AsyncIterator[bytes]:
        return self._iterate("download_object_as_stream", obj, chunk_size, **kwargs)

    def download_object_range_as_stream(self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None,
                                        chunk_size: Optional[int] = None, **kwargs: Any) -> AsyncIterator[bytes]:
        return self._iterate("download_object_range_as_stream", obj, start_bytes, end_bytes, chunk_size, **kwargs)

    async def delete_object(self, obj: Object) -> bool:
        return await self._call("delete_object", obj)

    async def list_regions(self) -> List[str]:
        return await self._call("list_regions")
