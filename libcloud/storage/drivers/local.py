"""Local filesystem storage (``Provider.LOCAL``): containers are folders under a base path.

Differences from upstream, on purpose:

* object names are confined to their container: ``..`` components, absolute
  names and symlinks leading outside raise ``ObjectError``;
* writes go through the transfer engine (temporary file + ``os.replace``),
  so readers never see a partial object and concurrent writers cannot
  interleave (the last rename wins, whole);
* ``Object.hash`` is the MD5 of the content (upstream hashed the mtime), kept
  in a small in-process cache keyed by inode, size and mtime;
* ranged reads seek instead of reading the whole file;
* locking uses ``fcntl.flock`` (no ``fasteners`` dependency).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections import OrderedDict
from typing import Any, Dict, Iterator, Optional, Tuple

from libcloud._core.pickling import RebuiltOnUnpickle
from libcloud.common.base import Connection
from libcloud.common.types import LibcloudError
from libcloud.storage.base import Container, Object, StorageDriver
from libcloud.storage.drivers import local_paths
from libcloud.storage.in_process import InProcessTransfersMixin
from libcloud.storage.drivers.local_lock import LockLocalStorage, NoOpLockLocalStorage
from libcloud.storage.transfer import (
    TEMP_PREFIX,
    AtomicFileWriter,
    HashingSource,
    ProgressCallback,
    new_hasher,
    resolve_destination,
    save_chunks,
)
from libcloud.storage.types import (
    ContainerAlreadyExistsError,
    ContainerDoesNotExistError,
    ContainerIsNotEmptyError,
    InvalidContainerNameError,
    ObjectDoesNotExistError,
    ObjectError,
)

__all__ = ["LocalStorageDriver", "LockLocalStorage", "NoOpLockLocalStorage"]

#: Folders that never hold objects (upstream's lock/hash folders).
IGNORE_FOLDERS = (".lock", ".hash")

_READ_SIZE = 1024 * 1024
_HASH_CACHE_SIZE = 4096


class _HashCache(RebuiltOnUnpickle):
    """MD5s of files, valid while (inode, size, mtime_ns) are unchanged."""

    # Another process sees other inodes: a copy starts empty, with its own lock.
    _rebuilt_on_unpickle = {"_lock": threading.Lock, "_items": OrderedDict}

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: "OrderedDict[str, Tuple[Tuple[int, int, int], str]]" = OrderedDict()

    @staticmethod
    def identity(st: os.stat_result) -> Tuple[int, int, int]:
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def get(self, path: str, st: os.stat_result) -> Optional[str]:
        with self._lock:
            item = self._items.get(path)
            if item is None or item[0] != self.identity(st):
                return None
            self._items.move_to_end(path)
            return item[1]

    def put(self, path: str, st: os.stat_result, digest: str) -> None:
        with self._lock:
            self._items[path] = (self.identity(st), digest)
            self._items.move_to_end(path)
            while len(self._items) > _HASH_CACHE_SIZE:
                self._items.popitem(last=False)


class LocalStorageDriver(InProcessTransfersMixin, StorageDriver):
    """Storage in local folders: ``key`` is the base path (it must exist)."""

    connectionCls = Connection
    name = "Local Storage"
    website = "http://example.com"
    hash_type = "md5"

    def __init__(
        self,
        key: str,
        secret: Any = None,
        secure: bool = True,
        host: Optional[str] = None,
        port: Optional[int] = None,
        ex_use_locking: bool = True,
        **kwargs: Any,
    ) -> None:
        self.base_path = os.fspath(key)
        self.use_locking = ex_use_locking
        if not os.path.isdir(self.base_path):
            raise LibcloudError("The base path is not a directory")
        self._hashes = _HashCache()
        super().__init__(key=key, secret=secret, secure=secure, host=host, port=port, **kwargs)

    # -- paths -------------------------------------------------------------
    def _get_lock(self, path: str, timeout: float = 5) -> Any:
        if self.use_locking:
            return LockLocalStorage(path, timeout=timeout)
        return NoOpLockLocalStorage(path, timeout=timeout)

    def _check_container_name(self, container_name: Any) -> None:
        if (
            not isinstance(container_name, str)
            or container_name in ("", ".", "..")
            or container_name in IGNORE_FOLDERS
            or "/" in container_name
            or "\\" in container_name
            or "\x00" in container_name
            or container_name.startswith(TEMP_PREFIX)
        ):
            raise InvalidContainerNameError(
                value="Container name cannot contain slashes", driver=self, container_name=container_name
            )

    def _inside(self, path: str, root: str) -> bool:
        real, real_root = os.path.realpath(path), os.path.realpath(root)
        return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)

    def _container_path(self, container_name: str) -> str:
        self._check_container_name(container_name)
        path = os.path.join(self.base_path, container_name)
        if os.path.islink(path) and not self._inside(path, self.base_path):
            raise InvalidContainerNameError(
                value="Container folder is a symlink leading outside the base path",
                driver=self,
                container_name=container_name,
            )
        return path

    def _object_path(self, container_name: str, object_name: Any) -> str:
        """The file of ``object_name``, refusing any name that could leave the container."""
        root = self._container_path(container_name)
        parts = object_name.split("/") if isinstance(object_name, str) else None
        bad = (
            not parts
            or "\x00" in object_name
            or os.path.isabs(object_name)
            or (os.altsep is not None and os.altsep in object_name)
            or (os.sep != "/" and os.sep in object_name)
            or any(part in ("", ".", "..") or part.startswith(TEMP_PREFIX) for part in parts)
            or parts[0] in IGNORE_FOLDERS
        )
        if bad:
            raise ObjectError(
                value="Invalid object name %r: it must be a relative path inside the container "
                "(no '..', '.', empty or absolute parts)" % (object_name,),
                driver=self,
                object_name=object_name,
            )
        problem = local_paths.name_problem(parts or [], root)
        if problem:
            raise ObjectError(value="Invalid object name %r: %s" % (object_name[:80], problem), driver=self,
                              object_name=object_name)
        path = os.path.join(root, *(parts or []))  # never empty here: ``bad`` refused that
        if not self._inside(path, root):
            raise ObjectError(
                value="Object path %r leads outside its container through a symlink" % (object_name,),
                driver=self,
                object_name=object_name,
            )
        return path

    # -- models ------------------------------------------------------------
    def _make_container(self, container_name: str) -> Container:
        path = self._container_path(container_name)
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is None or not os.path.isdir(path):
            raise ContainerDoesNotExistError(value=None, driver=self, container_name=container_name)
        extra = {"creation_time": st.st_ctime, "access_time": st.st_atime, "modify_time": st.st_mtime}
        return Container(name=container_name, extra=extra, driver=self)

    def _file_md5(self, path: str, st: os.stat_result) -> str:
        digest = self._hashes.get(path, st)
        if digest is None:
            hasher = new_hasher(self.hash_type)
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(_READ_SIZE), b""):
                    hasher.update(block)
            digest = hasher.hexdigest()
            self._hashes.put(path, st, digest)
        return digest

    def _make_object(self, container: Container, object_name: str) -> Object:
        path = self._object_path(container.name, object_name)
        if os.path.isdir(path):
            raise ObjectError(value="%r is a folder, not an object" % (object_name,), driver=self, object_name=object_name)
        try:
            st = os.stat(path)
        except OSError:
            raise ObjectDoesNotExistError(value=None, driver=self, object_name=object_name) from None
        extra = {"creation_time": st.st_ctime, "access_time": st.st_atime, "modify_time": st.st_mtime}
        return Object(
            name=object_name,
            size=st.st_size,
            hash=self._file_md5(path, st),
            extra=extra,
            meta_data=None,
            container=container,
            driver=self,
        )

    # -- containers --------------------------------------------------------
    def iterate_containers(self) -> Iterator[Container]:
        for name in sorted(os.listdir(self.base_path)):
            try:
                self._check_container_name(name)
                if os.path.isdir(self._container_path(name)):
                    yield self._make_container(name)
            except (InvalidContainerNameError, ContainerDoesNotExistError):
                continue

    def get_container(self, container_name: str) -> Container:
        return self._make_container(container_name)

    def get_container_cdn_url(self, container: Container, check: bool = False) -> str:
        path = self._container_path(container.name)
        if check and not os.path.isdir(path):
            raise ContainerDoesNotExistError(value=None, driver=self, container_name=container.name)
        return path

    def enable_container_cdn(self, container: Container) -> bool:
        os.makedirs(self._container_path(container.name), exist_ok=True)
        return True

    def create_container(self, container_name: str) -> Container:
        path = self._container_path(container_name)
        try:
            os.mkdir(path)
        except FileExistsError:
            raise ContainerAlreadyExistsError(
                value="Container with this name already exists. The name must be unique among all the "
                "containers in the system",
                driver=self,
                container_name=container_name,
            ) from None
        return self._make_container(container_name)

    def delete_container(self, container: Container) -> bool:
        path = self.get_container_cdn_url(container, check=True)
        for _ in self._iter_names(container.name, path, ""):
            raise ContainerIsNotEmptyError(
                value="Container is not empty", driver=self, container_name=container.name
            )
        with self._get_lock(path):
            shutil.rmtree(path)
        return True

    # -- listing -----------------------------------------------------------
    def _iter_names(self, container_name: str, folder: str, rel: str) -> Iterator[str]:
        """Object names under ``folder`` in lexicographic order (folders sort as ``name/``).

        Depth-first with an explicit stack: a tree thousands of levels deep must not hit the recursion limit.
        """
        root = os.path.join(self.base_path, container_name)
        stack = [iter(self._sorted_entries(folder, rel))]
        while stack:
            entry_rel_dir = next(stack[-1], None)
            if entry_rel_dir is None:
                stack.pop()
                continue
            entry, name, is_dir = entry_rel_dir
            if is_dir:
                stack.append(iter(self._sorted_entries(entry.path, name + "/")))
            elif not entry.is_symlink() or self._inside(entry.path, root):
                yield name

    @staticmethod
    def _sorted_entries(folder: str, rel: str) -> Any:
        """``(entry, name, is_folder)`` of ``folder``'s entries in listing order (folders sort as ``name/``)."""
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError):
            return []
        keyed = []
        for entry in entries:
            if entry.name.startswith(TEMP_PREFIX) or (not rel and entry.name in IGNORE_FOLDERS):
                continue
            if entry.is_dir(follow_symlinks=False):
                keyed.append((entry.name + "/", (entry, rel + entry.name, True)))
            elif entry.is_file(follow_symlinks=True):
                keyed.append((entry.name, (entry, rel + entry.name, False)))
        return [item for _, item in sorted(keyed, key=lambda pair: pair[0])]

    def iterate_container_objects(
        self, container: Container, prefix: Optional[str] = None, ex_prefix: Optional[str] = None
    ) -> Iterator[Object]:
        prefix = self._normalize_prefix_argument(prefix, ex_prefix)
        root = self.get_container_cdn_url(container, check=True)
        start, rel = root, ""
        folder = (prefix or "").rpartition("/")[0]
        if folder:  # walk only the folder the prefix points into
            try:
                start = os.path.dirname(self._object_path(container.name, folder + "/x"))
                rel = folder + "/"
            except ObjectError:
                return
        for name in self._iter_names(container.name, start, rel):
            if prefix and not name.startswith(prefix):
                continue
            try:
                yield self._make_object(container, name)
            except ObjectDoesNotExistError:
                continue  # deleted while listing
            except ObjectError:
                continue  # a file no object name can address (too long or deep): not an object

    def get_object(self, container_name: str, object_name: str) -> Object:
        return self._make_object(self._make_container(container_name), object_name)

    def get_object_cdn_url(self, obj: Object) -> str:
        return self._object_path(obj.container.name, obj.name)

    def enable_object_cdn(self, obj: Object) -> bool:
        path = self.get_object_cdn_url(obj)
        with self._get_lock(path):
            if os.path.exists(path):
                return False
            try:
                with open(path, "x"):
                    pass
            except OSError:
                return False
        return True

    # -- uploads -----------------------------------------------------------
    def _check_source_file(self, file_path: str) -> None:
        if not os.path.isfile(file_path):
            raise FileNotFoundError("File %s does not exist" % (file_path,))

    def _store(self, source: Any, container: Container, object_name: str, extra: Optional[Dict[str, Any]],
               callback: Optional[ProgressCallback]) -> Object:
        path = self._object_path(container.name, object_name)
        root = self.get_container_cdn_url(container, check=True)
        reader = HashingSource(source, self.hash_type, chunk_size=_READ_SIZE, callback=callback)
        folder_fd, created = self._open_parent(root, object_name, create=True)
        try:
            # The temp file is private to this writer; the lock only orders the renames
            # and the hash cache update, so the long copy runs unlocked.
            writer = AtomicFileWriter(path, hash_type=self.hash_type, object_name=object_name, driver=self,
                                      mode=0o664, folder_fd=folder_fd)
            folder_fd = None  # the writer owns (and closes) it now
            with writer:
                for chunk in reader:
                    writer.write(chunk)
                with self._get_lock(path):
                    writer.commit()
                    self._hashes.put(path, os.stat(path), writer.hexdigest or "")
        except BaseException:
            if folder_fd is not None:
                os.close(folder_fd)
            # Folders made for this object go again when the write fails (no empty folders left).
            for made in reversed(created):
                try:
                    os.rmdir(made)
                except OSError:
                    break
            raise
        reader.progress.finish()
        return self._make_object(container, object_name)

    def _open_parent(self, root: str, object_name: str, create: bool) -> Tuple[Optional[int], Any]:
        """The folder of ``object_name`` opened by descriptor (``None`` where the platform cannot), and
        the folders created for it."""
        parts = object_name.split("/")[:-1]
        if not local_paths.DIR_FD_OPS:
            if create:
                os.makedirs(os.path.join(root, *parts), exist_ok=True)
            if not self._inside(os.path.join(root, *parts), root):
                raise self._escape_error(object_name)
            return None, []
        try:
            return local_paths.open_folder(root, parts, create=create)
        except local_paths.PathEscapeError:
            raise self._escape_error(object_name) from None
        except (FileNotFoundError, NotADirectoryError):
            if create:
                raise
            raise ObjectDoesNotExistError(value=None, driver=self, object_name=object_name) from None
        except OSError as exc:
            raise ObjectError(value="Cannot store object %r: %s" % (object_name[:80], exc.strerror), driver=self,
                              object_name=object_name) from exc

    def _escape_error(self, object_name: str) -> ObjectError:
        return ObjectError(value="Object path %r leads outside its container through a symlink" % (object_name,),
                           driver=self, object_name=object_name)

    def delete_object(self, obj: Object) -> bool:
        path = self._object_path(obj.container.name, obj.name)
        with self._get_lock(path):
            try:
                os.unlink(path)
            except FileNotFoundError:
                raise ObjectDoesNotExistError(value=None, driver=self, object_name=obj.name) from None
        self._prune_empty_folders(obj.container.name, os.path.dirname(path))
        return True

    def _prune_empty_folders(self, container_name: str, folder: str) -> None:
        root = os.path.abspath(os.path.join(self.base_path, container_name))
        folder = os.path.abspath(folder)
        while folder != root and folder.startswith(root + os.sep):
            try:
                os.rmdir(folder)
            except OSError:
                return  # not empty (or busy): stop here
            folder = os.path.dirname(folder)

    # -- downloads ---------------------------------------------------------
    def _open_object(self, obj: Object) -> Tuple[Any, os.stat_result, str]:
        path = self._object_path(obj.container.name, obj.name)
        root = self._container_path(obj.container.name)
        try:
            folder_fd, _ = self._open_parent(root, obj.name, create=False)
            if folder_fd is None:
                handle = open(path, "rb")
            else:
                # Opened relative to the checked folder and checked again once open: a folder
                # swapped for a symlink meanwhile cannot make us read outside the container.
                try:
                    fd = local_paths.open_leaf(folder_fd, os.path.basename(path), os.path.realpath(root), path)
                finally:
                    os.close(folder_fd)
                handle = os.fdopen(fd, "rb")
        except local_paths.PathEscapeError:
            raise self._escape_error(obj.name) from None
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectDoesNotExistError(value=None, driver=self, object_name=obj.name) from None
        return handle, os.fstat(handle.fileno()), path

    def _range(self, st: os.stat_result, start_bytes: int, end_bytes: Optional[int]) -> Tuple[int, int]:
        self._validate_start_and_end_bytes(start_bytes, end_bytes)
        end = st.st_size if end_bytes is None else end_bytes
        if end > st.st_size or start_bytes > st.st_size:
            raise ValueError("end_bytes is larger than file size: range %s-%s, object size %d"
                             % (start_bytes, end_bytes, st.st_size))
        return start_bytes, end

    @staticmethod
    def _read_span(handle: Any, start: int, end: int, chunk_size: int) -> Iterator[bytes]:
        with handle:
            handle.seek(start)
            remaining = end - start
            while remaining > 0:
                chunk = handle.read(min(chunk_size, remaining))
                if not chunk:
                    return  # the file shrank underneath us; the size check reports it
                remaining -= len(chunk)
                yield chunk

    def _save(self, obj: Object, destination_path: str, start_bytes: int, end_bytes: Optional[int],
              overwrite_existing: bool, callback: Optional[ProgressCallback]) -> bool:
        # Argument errors first, as upstream: before the destination or the object is looked at.
        self._validate_start_and_end_bytes(start_bytes, end_bytes)
        file_path = resolve_destination(destination_path, obj.name, overwrite_existing, driver=self)
        handle, st, path = self._open_object(obj)
        try:
            start, end = self._range(st, start_bytes, end_bytes)
            whole = start == 0 and end == st.st_size
            expected_hash = self._hashes.get(path, st) if whole else None
        except BaseException:
            handle.close()
            raise
        try:
            writer = save_chunks(
                self._read_span(handle, start, end, _READ_SIZE),
                file_path,
                expected_size=end - start,
                hash_type=self.hash_type,
                expected_hash=expected_hash,
                callback=callback,
                object_name=obj.name,
                driver=self,
            )
        except OSError:
            return False  # upstream: a failed copy returns False
        return writer.committed

    def _stream_range(self, obj: Object, start_bytes: int, end_bytes: Optional[int],
                      chunk_size: int) -> Iterator[bytes]:
        """A generator: like upstream, nothing is opened or checked until the first chunk is asked for."""
        handle, st, _ = self._open_object(obj)
        try:
            start, end = self._range(st, start_bytes, end_bytes)
        except BaseException:
            handle.close()
            raise
        yield from self._read_span(handle, start, end, chunk_size)
