"""An fsspec ``AsyncFileSystem`` over :mod:`libcloud.asyncio` storage drivers (needs the ``async`` extra).

Same paths and info as :class:`~libcloud.storage.filesystem.LibcloudFileSystem`,
but every call is a coroutine on the async driver, so ``asynchronous=True``
code awaits ``fs._cat_file(...)``, ``fs._ls(...)`` and so on, and fsspec's
own async helpers run the multi-path forms (``_cat``, ``_put``, ``_get``,
``_rm``) ``batch_size`` at a time.  With ``asynchronous=False`` (the default)
fsspec gives every coroutine a blocking twin on its I/O thread.  Files opened
with ``open`` are those of the sync filesystem, built from the same arguments.
"""

from __future__ import annotations

import os
from typing import Any, List, Optional

from fsspec.asyn import AsyncFileSystem

from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object
from libcloud.storage.filesystem.core import LibcloudFileSystem
from libcloud.storage.filesystem.paths import FSSPEC_OPTIONS, Info, directory_info, file_info, listing_entries, \
    split_path, strip_protocol
from libcloud.storage.types import ContainerAlreadyExistsError, ContainerDoesNotExistError, ObjectDoesNotExistError

__all__ = ["LibcloudAsyncFileSystem"]


class LibcloudAsyncFileSystem(AsyncFileSystem):
    """``LibcloudAsyncFileSystem(provider="s3", key=..., secret=..., asynchronous=True)``.

    Registered with fsspec as protocol ``libcloud-async``:
    ``fsspec.filesystem("libcloud-async", provider="local", key=ROOT)`` and
    ``libcloud-async://container/key`` URLs find it.

    Arguments are those of :class:`~libcloud.storage.filesystem.LibcloudFileSystem`
    (provider, credentials and driver options) plus fsspec's ``asynchronous``,
    ``loop`` and ``batch_size``.  ``await fs.close()`` closes the driver's sessions.
    """

    # Its own protocol (registered through the ``fsspec.specs`` entry point like the sync
    # one): fsspec maps one class per protocol, and ``libcloud`` stays the sync filesystem.
    protocol = "libcloud-async"
    root_marker = ""

    def __init__(self, provider: Any, key: Any = None, secret: Any = None, **kwargs: Any) -> None:
        fsspec_options = {name: kwargs.pop(name) for name in list(kwargs) if name in FSSPEC_OPTIONS}
        super().__init__(**fsspec_options)
        self._provider, self._key, self._secret, self._options = provider, key, secret, kwargs
        self._async_driver: Any = None
        self._twin: Optional[LibcloudFileSystem] = None

    @classmethod
    def _strip_protocol(cls, path: Any) -> Any:
        return strip_protocol(path)

    @property
    def adriver(self) -> Any:
        """The :mod:`libcloud.asyncio` storage driver (built on first use)."""
        if self._async_driver is None:
            from libcloud.asyncio.storage.providers import get_driver

            credentials = (self._key,) if self._secret is None else (self._key, self._secret)
            self._async_driver = get_driver(self._provider)(*credentials, **self._options)
        return self._async_driver

    async def close(self) -> None:
        """Close the async driver's HTTP sessions."""
        if self._async_driver is not None:
            await self._async_driver.aclose()

    def _container(self, name: str) -> Container:
        return Container(name=name, extra={}, driver=self.adriver.sync_driver)

    def _object(self, container: str, key: str, size: int = 0) -> Object:
        return Object(name=key, size=size, hash=None, extra={}, meta_data={}, container=self._container(container),
                      driver=self.adriver.sync_driver)

    # -- listing ----------------------------------------------------------------------
    async def _objects(self, container: str, prefix: str) -> List[Object]:
        try:
            handle = await self.adriver.get_container(container)
        except ContainerDoesNotExistError:
            raise FileNotFoundError(container) from None
        return [obj async for obj in self.adriver.iterate_container_objects(handle, prefix=prefix or None)]

    async def _ls(self, path: str, detail: bool = True, **kwargs: Any) -> List[Any]:
        path = self._strip_protocol(path)
        if not path:
            entries = [directory_info(c.name) async for c in self.adriver.iterate_containers()]
        else:
            container, key = split_path(path)
            prefix = key + "/" if key else ""
            entries = listing_entries(container, prefix, await self._objects(container, prefix))
            if not entries and key:
                entries = [await self._info(path)]
        return entries if detail else [entry["name"] for entry in entries]

    async def _info(self, path: str, **kwargs: Any) -> Info:
        path = self._strip_protocol(path)
        if not path:
            return directory_info("")
        container, key = split_path(path)
        try:
            if not key:
                await self.adriver.get_container(container)
                return directory_info(container)
            return file_info(container, await self.adriver.get_object(container, key))
        except ContainerDoesNotExistError:
            raise FileNotFoundError(path) from None
        except (ObjectDoesNotExistError, LibcloudError):
            pass  # maybe a prefix of object names (the local driver's folders raise ObjectError)
        if await self._objects(container, key + "/"):
            return directory_info(path)
        raise FileNotFoundError(path)

    # -- content ----------------------------------------------------------------------
    async def _cat_file(self, path: str, start: Optional[int] = None, end: Optional[int] = None,
                        **kwargs: Any) -> bytes:
        info = await self._info(path)
        if info["type"] != "file":
            raise IsADirectoryError(path)
        size = info["size"]
        start = 0 if start is None else (max(0, size + start) if start < 0 else start)
        end = size if end is None else (max(0, size + end) if end < 0 else min(end, size))
        if start >= end:
            return b""
        container, key = split_path(path)
        obj = self._object(container, key, size)
        stream = self.adriver.download_object_range_as_stream(obj, start, end)
        return b"".join([chunk async for chunk in stream])

    async def _pipe_file(self, path: str, value: bytes, mode: str = "overwrite", **kwargs: Any) -> None:
        if mode == "create" and await self._exists(path):
            raise FileExistsError(path)
        container, key = split_path(path)
        try:
            await self.adriver.upload_object_via_stream(iter([bytes(value)]), self._container(container), key)
        except ContainerDoesNotExistError:
            raise FileNotFoundError("no container for %s" % path) from None

    async def _put_file(self, lpath: str, rpath: str, mode: str = "overwrite", **kwargs: Any) -> None:
        if os.path.isdir(lpath):
            return
        if mode == "create" and await self._exists(rpath):
            raise FileExistsError(rpath)
        container, key = split_path(rpath)
        await self.adriver.upload_object(lpath, self._container(container), key)

    async def _get_file(self, rpath: str, lpath: str, **kwargs: Any) -> None:
        info = await self._info(rpath)
        if info["type"] != "file":
            os.makedirs(lpath, exist_ok=True)
            return
        folder = os.path.dirname(lpath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        container, key = split_path(rpath)
        if not await self.adriver.download_object(self._object(container, key, info["size"]), lpath,
                                                  overwrite_existing=True):
            raise OSError("incomplete download of %s; nothing was written" % rpath)

    async def _cp_file(self, path1: str, path2: str, **kwargs: Any) -> None:
        info = await self._info(path1)
        if info["type"] != "file":
            return
        source, target = split_path(path1), split_path(path2)
        stream = self.adriver.download_object_as_stream(self._object(source[0], source[1], info["size"]))
        await self.adriver.upload_object_via_stream(stream, self._container(target[0]), target[1])

    # -- deleting and containers ------------------------------------------------------
    async def _rm_file(self, path: str, **kwargs: Any) -> None:
        container, key = split_path(path)
        try:
            await self.adriver.delete_object(self._object(container, key))
        except (ObjectDoesNotExistError, ContainerDoesNotExistError, IsADirectoryError):
            pass  # a directory name: nothing to delete

    async def _rm(self, path: Any, recursive: bool = False, batch_size: Optional[int] = None,
                  **kwargs: Any) -> None:
        paths = await self._expand_path(path, recursive=recursive)
        keys = [p for p in paths if split_path(p)[1]]
        from fsspec.asyn import _run_coros_in_chunks

        await _run_coros_in_chunks([self._rm_file(p) for p in keys], batch_size=batch_size or self.batch_size,
                                   nofiles=True)
        if recursive:
            for container in [p for p in paths if not split_path(p)[1]]:
                await self._rmdir(container)

    async def _mkdir(self, path: str, create_parents: bool = True, **kwargs: Any) -> None:
        container, key = split_path(path)
        try:
            await self.adriver.create_container(container)
        except ContainerAlreadyExistsError:
            if not key:
                raise FileExistsError(path) from None

    async def _makedirs(self, path: str, exist_ok: bool = False) -> None:
        try:
            await self._mkdir(split_path(path)[0])
        except FileExistsError:
            if not exist_ok and not split_path(path)[1]:
                raise

    async def _rmdir(self, path: str) -> None:
        container, key = split_path(path)
        if key:
            return
        try:
            await self.adriver.delete_container(await self.adriver.get_container(container))
        except ContainerDoesNotExistError:
            raise FileNotFoundError(path) from None

    # -- files --------------------------------------------------------------------------
    def _open(self, path: str, mode: str = "rb", **kwargs: Any) -> Any:
        # Buffered files are synchronous in fsspec: they use the sync filesystem's driver.
        if self._twin is None:
            self._twin = LibcloudFileSystem(self._provider, self._key, self._secret, skip_instance_cache=True,
                                            **self._options)
        return self._twin._open(path, mode, **kwargs)
