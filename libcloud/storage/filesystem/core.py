"""An fsspec filesystem over any libcloud storage driver (protocol ``libcloud``).

Paths are ``container/key``; containers are the top-level directories and
deeper directories are implied by ``/`` in object names (object stores have
no empty directories).  Transfers reuse the transfer engine through
:func:`~libcloud.storage.transfer.bulk.copy_one`: ``put`` uploads files
(multipart above the driver's threshold), ``get`` downloads atomically, and
the multi-file forms of ``put``/``get``/``copy``/``rm`` run their files
``concurrency`` at a time instead of one by one.

The instance describes its driver with a :class:`DriverSpec`, so it pickles
(fsspec rebuilds it from its arguments) and works on Dask workers.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

from fsspec.spec import AbstractFileSystem

from libcloud.common.types import LibcloudError
from libcloud.storage.base import Object, StorageDriver
from libcloud.storage.filesystem.files import LibcloudFile
from libcloud.storage.filesystem.paths import (
    FSSPEC_OPTIONS,
    Info,
    directory_info,
    file_info,
    listing_entries,
    split_path,
    strip_protocol,
)
from libcloud.storage.transfer.bulk import DEFAULT_BULK_CONCURRENCY, copy_one
from libcloud.storage.transfer.endpoints import DriverSpec, ObjectRef, as_spec, container_of, object_of
from libcloud.storage.types import ContainerAlreadyExistsError, ContainerDoesNotExistError, ObjectDoesNotExistError

__all__ = ["LibcloudFileSystem"]

class LibcloudFileSystem(AbstractFileSystem):
    """``fsspec.filesystem("libcloud", provider="s3", key=..., secret=..., region=...)``.

    ``provider`` is any storage provider name of
    :func:`libcloud.storage.providers.get_driver`; ``key``/``secret`` and
    the other keywords (``host``, ``port``, ``secure``, ``region``, ...) go
    to the driver's constructor.  ``provider="local", key=ROOT`` serves a
    folder.  ``driver=`` uses an existing driver instead (it is described by
    :func:`~libcloud.storage.transfer.endpoints.as_spec` when pickled).
    """

    protocol = "libcloud"
    root_marker = ""

    def __init__(self, provider: Any = None, key: Any = None, secret: Any = None, *,
                 driver: Optional[StorageDriver] = None, concurrency: int = DEFAULT_BULK_CONCURRENCY,
                 **kwargs: Any) -> None:
        fsspec_options = {name: kwargs.pop(name) for name in list(kwargs) if name in FSSPEC_OPTIONS}
        super().__init__(**fsspec_options)
        if driver is None:
            if provider is None:
                raise ValueError("pass provider= (and its credentials) or driver=")
            credentials = (key,) if secret is None else (key, secret)
            self._store: Any = DriverSpec.of(provider, *credentials, **kwargs)
        else:
            self._store = driver
        self.concurrency = concurrency
        self._collecting = threading.local()

    def __reduce__(self) -> Any:
        # fsspec rebuilds instances from their arguments; a live driver travels as its spec.
        options = dict(self.storage_options)
        if options.get("driver") is not None:
            spec = as_spec(self._store)
            if isinstance(spec, DriverSpec):
                return _from_spec, (spec, self.concurrency)
            options["driver"] = spec  # a driver that pickles travels as it is
        return _rebuild, (type(self), self.storage_args, options)

    @property
    def driver(self) -> StorageDriver:
        """The storage driver (built on first use in each process)."""
        store = self._store
        return store.driver() if isinstance(store, DriverSpec) else store

    # -- paths ----------------------------------------------------------------------
    @classmethod
    def _strip_protocol(cls, path: Any) -> Any:
        return strip_protocol(path)

    def split_path(self, path: str) -> Tuple[str, str]:
        """``"box/a/b.txt"`` -> ``("box", "a/b.txt")``."""
        return split_path(path)

    def _ref(self, path: str, info: Optional[Info] = None) -> ObjectRef:
        container, key = self.split_path(path)
        if not key:
            raise IsADirectoryError(path)
        if info and info.get("type") == "file":
            return ObjectRef(self._store, container, key, info["size"], info.get("hash"), info.get("mtime"))
        return ObjectRef(self._store, container, key)

    # -- listing --------------------------------------------------------------------
    def _objects(self, container: str, prefix: str) -> Iterator[Object]:
        driver = self.driver
        try:
            handle = driver.get_container(container)
        except ContainerDoesNotExistError:
            raise FileNotFoundError(container) from None
        return iter(driver.iterate_container_objects(handle, prefix=prefix or None))

    def ls(self, path: str, detail: bool = True, **kwargs: Any) -> List[Any]:
        """The entries directly under ``path`` (containers at the root)."""
        path = self._strip_protocol(path)
        if not path:
            entries = [directory_info(c.name) for c in self.driver.iterate_containers()]
        else:
            entries = self._children(path)
        return entries if detail else [entry["name"] for entry in entries]

    def _children(self, path: str) -> List[Info]:
        container, key = self.split_path(path)
        prefix = key + "/" if key else ""
        entries = listing_entries(container, prefix, self._objects(container, prefix))
        if not entries and key:
            return [self.info(path)]  # a file lists as itself; a missing path raises
        return entries

    def find(self, path: str, maxdepth: Optional[int] = None, withdirs: bool = False, detail: bool = False,
             **kwargs: Any) -> Any:
        """Every file below ``path`` from one listing of its prefix (``maxdepth`` walks instead)."""
        path = self._strip_protocol(path)
        container, key = self.split_path(path)
        if maxdepth is not None or not container:
            return super().find(path, maxdepth=maxdepth, withdirs=withdirs, detail=detail, **kwargs)
        prefix = key + "/" if key else ""
        found: Dict[str, Info] = {}
        try:
            objects = list(self._objects(container, prefix))
        except FileNotFoundError:
            objects = []
        for obj in objects:
            if not obj.name.startswith(prefix) or obj.name == prefix:
                continue
            found["%s/%s" % (container, obj.name.rstrip("/"))] = file_info(container, obj)
            if withdirs:
                parts = obj.name[len(prefix):].split("/")[:-1]
                for depth in range(1, len(parts) + 1):
                    name = "%s/%s%s" % (container, prefix, "/".join(parts[:depth]))
                    found.setdefault(name, directory_info(name))
        if withdirs and found and path:
            found.setdefault(path, directory_info(path))
        if not found and key and self.isfile(path):
            found[path] = self.info(path)
        names = sorted(found)
        return {name: found[name] for name in names} if detail else names

    def info(self, path: str, **kwargs: Any) -> Info:
        """Size and type of a file, directory or container (``FileNotFoundError`` when absent)."""
        path = self._strip_protocol(path)
        if not path:
            return directory_info("")
        container, key = self.split_path(path)
        driver = self.driver
        if not key:
            try:
                driver.get_container(container)
            except ContainerDoesNotExistError:
                raise FileNotFoundError(path) from None
            return directory_info(container)
        try:
            return file_info(container, driver.get_object(container, key))
        except ContainerDoesNotExistError:
            raise FileNotFoundError(path) from None
        except (ObjectDoesNotExistError, LibcloudError):
            pass  # not an object: maybe a "directory" (a prefix of object names)
        if next(self._objects(container, key + "/"), None) is not None:
            return directory_info(path)
        raise FileNotFoundError(path)

    def modified(self, path: str) -> datetime:
        """When the object was last written."""
        mtime = self.info(path).get("mtime")
        if mtime is None:
            raise NotImplementedError("the provider gives no time for %s" % path)
        return datetime.fromtimestamp(mtime, tz=timezone.utc)

    # -- containers as directories ------------------------------------------------
    def mkdir(self, path: str, create_parents: bool = True, **kwargs: Any) -> None:
        """Create a container; deeper directories exist as soon as an object is under them."""
        container, key = self.split_path(path)
        if not container:
            raise ValueError("no container in %r" % path)
        if key and not create_parents:
            self.info(container)  # the container must exist
            return
        try:
            self.driver.create_container(container)
        except ContainerAlreadyExistsError:
            if not key:
                raise FileExistsError(path) from None

    def makedirs(self, path: str, exist_ok: bool = False) -> None:
        """Create the container of ``path`` when it does not exist."""
        container, key = self.split_path(path)
        if not container:
            return
        try:
            self.mkdir(container)
        except FileExistsError:
            if not exist_ok and not key:
                raise

    def rmdir(self, path: str) -> None:
        """Delete an empty container (deeper directories vanish with their last object)."""
        container, key = self.split_path(path)
        if key:
            return
        driver = self.driver
        try:
            driver.delete_container(driver.get_container(container))
        except ContainerDoesNotExistError:
            raise FileNotFoundError(path) from None

    # -- reading and writing --------------------------------------------------------
    def _open(self, path: str, mode: str = "rb", block_size: Any = None, autocommit: bool = True,
              cache_options: Optional[dict] = None, **kwargs: Any) -> LibcloudFile:
        if "x" in mode and self.exists(path):
            raise FileExistsError(path)
        return LibcloudFile(self, path, mode, block_size=block_size or "default", autocommit=autocommit,
                            cache_options=cache_options, **kwargs)

    def read_range(self, path: str, start: int, end: int, details: Optional[Info] = None) -> bytes:
        """Bytes ``start`` to ``end`` (exclusive) of an object, one ranged request."""
        ref = self._ref(path, details)
        size = ref.size
        if size is not None:
            end = min(end, size)
        if start >= end:
            return b""
        return b"".join(self.driver.download_object_range_as_stream(object_of(ref), start, end))

    def cat_file(self, path: str, start: Optional[int] = None, end: Optional[int] = None, **kwargs: Any) -> bytes:
        """An object's content, or a range of it (negative offsets count from the end)."""
        path = self._strip_protocol(path)
        if start is None and end is None:
            ref = self._ref(path)
            try:
                return b"".join(self.driver.download_object_as_stream(object_of(ref)))
            except (ObjectDoesNotExistError, ContainerDoesNotExistError):
                raise FileNotFoundError(path) from None
        info = self.info(path)
        size = info["size"]
        start = 0 if start is None else (max(0, size + start) if start < 0 else start)
        end = size if end is None else (max(0, size + end) if end < 0 else end)
        return self.read_range(path, start, end, info)

    def upload_stream(self, path: str, chunks: Iterable[bytes]) -> Object:
        """Upload ``chunks`` as the object at ``path`` (the engine's streamed, multipart upload)."""
        container, key = self.split_path(path)
        if not key:
            raise IsADirectoryError(path)
        driver = self.driver
        return driver.upload_object_via_stream(iter(chunks), container_of(driver, container), key)

    def pipe_file(self, path: str, value: bytes, mode: str = "overwrite", **kwargs: Any) -> None:
        """Write ``value`` as the object at ``path`` (``mode="create"``: fail if it exists)."""
        if mode == "create" and self.exists(path):
            raise FileExistsError(path)
        self._translate(lambda: self.upload_stream(path, [bytes(value)]), path)

    def _translate(self, action: Callable[[], Any], path: str) -> Any:
        try:
            return action()
        except ContainerDoesNotExistError:
            raise FileNotFoundError("no container for %s" % path) from None
        except ObjectDoesNotExistError:
            raise FileNotFoundError(path) from None

    # -- transfers: single files, then many at once ----------------------------------
    def _pending(self) -> Optional[List[Callable[[], Any]]]:
        return getattr(self._collecting, "jobs", None)

    def _run_or_collect(self, job: Callable[[], Any]) -> None:
        jobs = self._pending()
        if jobs is None:
            job()
        else:
            jobs.append(job)  # run later with the others, `concurrency` at a time

    def _batched(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        # fsspec's put/get/copy expand paths and call put_file/get_file/cp_file per file;
        # those calls are collected here and then run concurrently.
        if self._pending() is not None:
            method(*args, **kwargs)
            return
        self._collecting.jobs = []
        try:
            method(*args, **kwargs)
            jobs = self._collecting.jobs
        finally:
            self._collecting.jobs = None
        self._run_all(jobs)

    def _run_all(self, jobs: List[Callable[[], Any]]) -> None:
        if len(jobs) <= 1:
            for job in jobs:
                job()
            return
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="libcloud-fs") as pool:
            for result in [pool.submit(job) for job in jobs]:
                result.result()  # the first error is raised, as a sequential loop would

    def put_file(self, lpath: str, rpath: str, callback: Any = None, mode: str = "overwrite",
                 **kwargs: Any) -> None:
        """Upload one local file through the engine (folders need no object)."""
        if os.path.isdir(lpath):
            return
        if mode == "create" and self.exists(rpath):
            raise FileExistsError(rpath)
        ref = self._ref(rpath)
        self._run_or_collect(lambda: self._translate(lambda: copy_one(lpath, ref), rpath))

    def get_file(self, rpath: str, lpath: str, callback: Any = None, outfile: Any = None, **kwargs: Any) -> None:
        """Download one object atomically to ``lpath`` (a directory becomes a local folder)."""
        if os.path.isdir(lpath) and self.isdir(rpath):
            return
        if outfile is not None:
            outfile.write(self.cat_file(rpath))
            return
        if self.isdir(rpath):
            os.makedirs(lpath, exist_ok=True)
            return
        ref = self._ref(rpath)
        self._run_or_collect(lambda: self._translate(lambda: copy_one(ref, lpath), rpath))

    def cp_file(self, path1: str, path2: str, **kwargs: Any) -> None:
        """Copy one object (streamed through this process; directories need no copy)."""
        if self.isdir(path1):
            return
        source, target = self._ref(path1), self._ref(path2)
        self._run_or_collect(lambda: self._translate(lambda: copy_one(source, target), path1))

    def put(self, lpath: Any, rpath: Any, recursive: bool = False, **kwargs: Any) -> None:
        """fsspec's ``put``, with the files uploaded ``concurrency`` at a time."""
        self._batched(super().put, lpath, rpath, recursive=recursive, **kwargs)

    def get(self, rpath: Any, lpath: Any, recursive: bool = False, **kwargs: Any) -> None:
        """fsspec's ``get``, with the files downloaded ``concurrency`` at a time."""
        self._batched(super().get, rpath, lpath, recursive=recursive, **kwargs)

    def copy(self, path1: Any, path2: Any, recursive: bool = False, **kwargs: Any) -> None:
        """fsspec's ``copy``, with the objects copied ``concurrency`` at a time."""
        self._batched(super().copy, path1, path2, recursive=recursive, **kwargs)

    # -- deleting -------------------------------------------------------------------
    def _delete_key(self, path: str) -> bool:
        container, key = self.split_path(path)
        driver = self.driver
        obj = Object(name=key, size=0, hash=None, extra={}, meta_data={},
                     container=container_of(driver, container), driver=driver)
        try:
            return bool(driver.delete_object(obj))
        except (ObjectDoesNotExistError, ContainerDoesNotExistError, IsADirectoryError):
            return False  # a "directory" name (the local driver's folders too): nothing to delete

    def rm_file(self, path: str) -> None:
        """Delete one object."""
        if not self._delete_key(path):
            raise FileNotFoundError(path)

    def rm(self, path: Any, recursive: bool = False, maxdepth: Optional[int] = None) -> None:
        """Delete objects (``concurrency`` at a time); ``recursive`` on a bare container removes it too."""
        paths = self.expand_path(path, recursive=recursive, maxdepth=maxdepth)
        keys = [p for p in paths if self.split_path(p)[1]]
        if keys:
            with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="libcloud-fs") as pool:
                list(pool.map(self._delete_key, keys))
        if recursive:
            for container in [p for p in paths if not self.split_path(p)[1]]:
                self.rmdir(container)

    def invalidate_cache(self, path: Optional[str] = None) -> None:
        """Nothing is cached: listings are always fresh."""
        return None


def _rebuild(cls: type, args: Tuple[Any, ...], options: Dict[str, Any]) -> LibcloudFileSystem:
    return cls(*args, **options)


def _from_spec(spec: DriverSpec, concurrency: int) -> LibcloudFileSystem:
    return LibcloudFileSystem(driver=spec.driver(), concurrency=concurrency, skip_instance_cache=True)
