"""Storage models (``Object``, ``Container``) and the ``StorageDriver`` base class.

Transfers go through :mod:`libcloud.storage.transfer`; the protected helpers
below (``_save_object``, ``_upload_object``, ...) keep upstream's signatures
because third-party drivers call them.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import warnings
from typing import TYPE_CHECKING, Any, Collection, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Type, Union

from libcloud._core.flow import Flow, run_sync
from libcloud.common.base import BaseDriver, Connection, ConnectionUserAndKey
from libcloud.common.types import LibcloudError
from libcloud.storage.types import ObjectDoesNotExistError
from libcloud.utils import files as _files

if TYPE_CHECKING:
    from libcloud.storage.transfer.progress import ProgressCallback
    from libcloud.storage.transfer.source import HashingSource

__all__ = ["Object", "Container", "StorageDriver", "CHUNK_SIZE", "DEFAULT_CONTENT_TYPE"]

#: Default read size of downloads (upstream's value, sic).
CHUNK_SIZE = 8096

DEFAULT_CONTENT_TYPE = "application/octet-stream"


class Object:
    """An object (blob) in a container."""

    def __init__(
        self,
        name: str,
        size: int,
        hash: Optional[str],
        extra: Optional[Dict[str, Any]],
        meta_data: Optional[Dict[str, Any]],
        container: "Container",
        driver: "StorageDriver",
    ) -> None:
        self.name = name
        self.size = size
        self.hash = hash
        self.container = container
        self.extra = extra or {}
        self.meta_data = meta_data or {}
        self.driver = driver

    def get_cdn_url(self) -> str:
        """A public (CDN or presigned) URL for this object."""
        return self.driver.get_object_cdn_url(obj=self)

    def enable_cdn(self, **kwargs: Any) -> bool:
        """Publish this object on the provider's CDN."""
        return self.driver.enable_object_cdn(self, **kwargs)

    def download(self, destination_path: str, overwrite_existing: bool = False, delete_on_failure: bool = True) -> bool:
        """Download this object to ``destination_path`` (``driver.download_object``)."""
        return self.driver.download_object(self, destination_path, overwrite_existing, delete_on_failure)

    def as_stream(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """This object's content as an iterator of byte chunks."""
        return self.driver.download_object_as_stream(self, chunk_size)

    def download_range(
        self,
        destination_path: str,
        start_bytes: int,
        end_bytes: Optional[int] = None,
        overwrite_existing: bool = False,
        delete_on_failure: bool = True,
    ) -> bool:
        """Download bytes ``start_bytes`` (inclusive) to ``end_bytes`` (exclusive) to a file."""
        return self.driver.download_object_range(
            self, destination_path, start_bytes, end_bytes, overwrite_existing, delete_on_failure
        )

    def range_as_stream(
        self, start_bytes: int, end_bytes: Optional[int] = None, chunk_size: Optional[int] = None
    ) -> Iterator[bytes]:
        """Bytes ``start_bytes`` (inclusive) to ``end_bytes`` (exclusive) as an iterator of chunks."""
        return self.driver.download_object_range_as_stream(self, start_bytes, end_bytes, chunk_size)

    def delete(self) -> bool:
        """Delete this object (``driver.delete_object``)."""
        return self.driver.delete_object(self)

    def __repr__(self) -> str:
        return "<Object: name=%s, size=%s, hash=%s, provider=%s ...>" % (
            self.name,
            self.size,
            self.hash,
            self.driver.name,
        )


class Container:
    """A container (bucket) of objects."""

    def __init__(self, name: str, extra: Optional[Dict[str, Any]], driver: "StorageDriver") -> None:
        self.name = name
        self.extra = extra or {}
        self.driver = driver

    def iterate_objects(self, prefix: Optional[str] = None, ex_prefix: Optional[str] = None) -> Iterator[Object]:
        """Yield the objects of this container, optionally only names starting with ``prefix``."""
        return self.driver.iterate_container_objects(container=self, prefix=prefix, ex_prefix=ex_prefix)

    def list_objects(self, prefix: Optional[str] = None, ex_prefix: Optional[str] = None) -> List[Object]:
        """The objects of this container as a list, optionally only names starting with ``prefix``."""
        return self.driver.list_container_objects(container=self, prefix=prefix, ex_prefix=ex_prefix)

    def get_cdn_url(self) -> str:
        """A public (CDN) URL for this container."""
        return self.driver.get_container_cdn_url(container=self)

    def enable_cdn(self, **kwargs: Any) -> bool:
        """Publish this container on the provider's CDN."""
        return self.driver.enable_container_cdn(self, **kwargs)

    def get_object(self, object_name: str) -> Object:
        """The object ``object_name`` of this container."""
        return self.driver.get_object(container_name=self.name, object_name=object_name)

    def upload_object(self, file_path: str, object_name: str, extra: Optional[Dict[str, Any]] = None, **kwargs: Any) -> Object:
        """Upload the file at ``file_path`` into this container as ``object_name``."""
        return self.driver.upload_object(file_path, self, object_name, extra=extra, **kwargs)

    def upload_object_via_stream(
        self, iterator: Any, object_name: str, extra: Optional[Dict[str, Any]] = None, **kwargs: Any
    ) -> Object:
        """Upload from a file object or iterator of bytes into this container as ``object_name``."""
        return self.driver.upload_object_via_stream(iterator, self, object_name, extra=extra, **kwargs)

    def download_object(
        self, obj: Object, destination_path: str, overwrite_existing: bool = False, delete_on_failure: bool = True
    ) -> bool:
        """Download ``obj`` to ``destination_path`` (``driver.download_object``)."""
        return self.driver.download_object(obj, destination_path, overwrite_existing, delete_on_failure)

    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """``obj``'s content as an iterator of byte chunks."""
        return self.driver.download_object_as_stream(obj, chunk_size)

    def download_object_range(
        self,
        obj: Object,
        destination_path: str,
        start_bytes: int,
        end_bytes: Optional[int] = None,
        overwrite_existing: bool = False,
        delete_on_failure: bool = True,
    ) -> bool:
        """Download a byte range of ``obj`` to a file (``driver.download_object_range``)."""
        return self.driver.download_object_range(
            obj, destination_path, start_bytes, end_bytes, overwrite_existing, delete_on_failure
        )

    def download_object_range_as_stream(
        self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None, chunk_size: Optional[int] = None
    ) -> Iterator[bytes]:
        """A byte range of ``obj`` as an iterator of chunks."""
        return self.driver.download_object_range_as_stream(obj, start_bytes, end_bytes, chunk_size)

    def delete_object(self, obj: Object) -> bool:
        """Delete ``obj``."""
        return self.driver.delete_object(obj)

    def delete(self) -> bool:
        """Delete this (empty) container."""
        return self.driver.delete_container(self)

    def __repr__(self) -> str:
        return "<Container: name=%s, provider=%s>" % (self.name, self.driver.name)


def _check_stream_position(stream: Any) -> None:
    """Ask a stream for its position before anything is sent, so a broken stream fails early.

    Pipes and sockets cannot seek (``ESPIPE``, ``UnsupportedOperation``) and
    are uploaded all the same; any other error (a closed file, a directory)
    is raised.
    """
    seek = getattr(stream, "seek", None)
    if seek is None:
        return
    try:
        seek(0, os.SEEK_CUR)
    except io.UnsupportedOperation:
        return
    except OSError as exc:
        if exc.errno != errno.ESPIPE:
            raise


def _not_implemented(name: str) -> NotImplementedError:
    return NotImplementedError("%s not implemented for this driver" % name)


class StorageDriver(BaseDriver):
    """The base of every storage driver; drivers override the methods they support."""

    connectionCls: Type[Connection] = ConnectionUserAndKey
    name: Any = None
    hash_type = "md5"
    supports_chunked_encoding = False
    #: True: uploads whose content type is neither given nor guessable raise ``AttributeError``.
    strict_mode = False

    # -- containers --------------------------------------------------------
    def iterate_containers(self) -> Iterator[Container]:
        """Yield every container of the account, fetching pages as needed."""
        raise _not_implemented("iterate_containers")

    def list_containers(self) -> List[Container]:
        """Every container of the account, as a list."""
        return list(self.iterate_containers())

    def get_container(self, container_name: str) -> Container:
        """The container ``container_name``; raises ``ContainerDoesNotExistError`` if there is none."""
        raise _not_implemented("get_container")

    def create_container(self, container_name: str) -> Container:
        """Create the container ``container_name``; raises ``ContainerAlreadyExistsError`` if it exists."""
        raise _not_implemented("create_container")

    def delete_container(self, container: Container) -> bool:
        """Delete ``container``; raises ``ContainerIsNotEmptyError`` while it holds objects."""
        raise _not_implemented("delete_container")

    def get_container_cdn_url(self, container: Container) -> str:
        """A public (CDN) URL for ``container``."""
        raise _not_implemented("get_container_cdn_url")

    def enable_container_cdn(self, container: Container) -> bool:
        """Publish ``container`` on the provider's CDN."""
        raise _not_implemented("enable_container_cdn")

    # -- objects -----------------------------------------------------------
    def iterate_container_objects(
        self, container: Container, prefix: Optional[str] = None, ex_prefix: Optional[str] = None
    ) -> Iterator[Object]:
        """Yield the objects of ``container`` (names starting with ``prefix`` if given), fetching pages as needed."""
        raise _not_implemented("iterate_container_objects")

    def list_container_objects(
        self, container: Container, prefix: Optional[str] = None, ex_prefix: Optional[str] = None
    ) -> List[Object]:
        """The objects of ``container`` (names starting with ``prefix`` if given), as a list."""
        return list(self.iterate_container_objects(container, prefix=prefix, ex_prefix=ex_prefix))

    def get_object(self, container_name: str, object_name: str) -> Object:
        """The object ``object_name`` in ``container_name``; raises ``ObjectDoesNotExistError`` if there is none."""
        raise _not_implemented("get_object")

    def get_object_cdn_url(self, obj: Object) -> str:
        """A public URL for ``obj``: a CDN URL, or a presigned URL where the provider signs them."""
        raise _not_implemented("get_object_cdn_url")

    def enable_object_cdn(self, obj: Object) -> bool:
        """Publish ``obj`` on the provider's CDN."""
        raise _not_implemented("enable_object_cdn")

    def download_object(
        self, obj: Object, destination_path: str, overwrite_existing: bool = False, delete_on_failure: bool = True
    ) -> bool:
        """Download ``obj`` to ``destination_path``: a file name, or an existing folder ending in a separator.

        The content goes to a temporary file beside the destination and replaces it only once
        complete and verified; an existing file needs ``overwrite_existing``. Returns True.
        """
        raise _not_implemented("download_object")

    def download_object_as_stream(self, obj: Object, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """``obj``'s content as an iterator of byte chunks of about ``chunk_size`` bytes, never all in memory."""
        raise _not_implemented("download_object_as_stream")

    def download_object_range(
        self,
        obj: Object,
        destination_path: str,
        start_bytes: int,
        end_bytes: Optional[int] = None,
        overwrite_existing: bool = False,
        delete_on_failure: bool = True,
    ) -> bool:
        """Download bytes ``start_bytes`` to ``end_bytes`` of ``obj`` to a file.

        ``start_bytes`` is inclusive, ``end_bytes`` exclusive (None: to the end).
        """
        raise _not_implemented("download_object_range")

    def download_object_range_as_stream(
        self, obj: Object, start_bytes: int, end_bytes: Optional[int] = None, chunk_size: Optional[int] = None
    ) -> Iterator[bytes]:
        """Bytes ``start_bytes`` to ``end_bytes`` of ``obj`` as an iterator of chunks.

        ``start_bytes`` is inclusive, ``end_bytes`` exclusive (None: to the end).
        """
        raise _not_implemented("download_object_range_as_stream")

    def upload_object(
        self,
        file_path: str,
        container: Container,
        object_name: str,
        extra: Optional[Dict[str, Any]] = None,
        verify_hash: bool = True,
        headers: Optional[Dict[str, str]] = None,
    ) -> Object:
        """Upload the file at ``file_path`` to ``container`` as ``object_name``; returns the new object.

        ``extra`` may hold ``content_type`` and ``meta_data``.
        """
        raise _not_implemented("upload_object")

    def upload_object_via_stream(
        self,
        iterator: Any,
        container: Container,
        object_name: str,
        extra: Optional[Dict[str, Any]] = None,
        headers: Optional[Dict[str, str]] = None,
    ) -> Object:
        """Upload from ``iterator`` to ``container`` as ``object_name``, reading the source once.

        ``iterator`` may be a binary or text file object, an iterator or a generator of bytes.
        """
        raise _not_implemented("upload_object_via_stream")

    def delete_object(self, obj: Object) -> bool:
        """Delete ``obj``; raises ``ObjectDoesNotExistError`` if it is already gone."""
        raise _not_implemented("delete_object")

    # -- helpers for drivers (upstream names and signatures) ----------------
    def _normalize_prefix_argument(self, prefix: Optional[str], ex_prefix: Optional[str]) -> Optional[str]:
        if ex_prefix:
            warnings.warn(
                "The ``ex_prefix`` argument is deprecated - please update code to use ``prefix``",
                DeprecationWarning,
                stacklevel=3,
            )
            return ex_prefix
        return prefix

    def _filter_listed_container_objects(self, objects: Iterable[Object], prefix: Optional[str]) -> Iterator[Object]:
        """Client-side prefix filter for drivers whose provider cannot filter."""
        if prefix is not None:
            warnings.warn(
                "Driver %s does not implement native object filtering; falling back to filtering the full "
                "object stream." % type(self).__name__,
                stacklevel=3,
            )
        for obj in objects:
            if prefix is None or obj.name.startswith(prefix):
                yield obj

    def _get_object(
        self,
        obj: Object,
        callback: Any,
        callback_kwargs: Dict[str, Any],
        response: Any,
        success_status_code: Union[None, int, Sequence[int]] = None,
    ) -> Any:
        """Run ``callback(**callback_kwargs)`` if ``response`` succeeded; map 404 to ``ObjectDoesNotExistError``."""
        wanted = 200 if success_status_code is None else success_status_code
        codes: Collection[Any] = wanted if isinstance(wanted, (list, tuple, set, frozenset)) else [wanted]
        status = getattr(response, "status", None)
        if status is None:
            status = response.response.status
        if status in codes:
            return callback(**callback_kwargs)
        if status == 404:
            raise ObjectDoesNotExistError(object_name=obj.name, value="", driver=self)
        raise LibcloudError(value="Unexpected status code: %s" % (status,), driver=self)

    def _save_object(
        self,
        response: Any,
        obj: Object,
        destination_path: str,
        overwrite_existing: bool = False,
        delete_on_failure: bool = True,
        chunk_size: Optional[int] = None,
        partial_download: bool = False,
        *,
        expected_hash: Optional[str] = None,
        callback: Optional[ProgressCallback] = None,
    ) -> bool:
        """Save a streamed response body to ``destination_path`` atomically.

        Returns ``False`` when a full download's size differs from ``obj.size``
        (nothing is written then); raises ``ObjectHashMismatchError`` when
        ``expected_hash`` is given and differs.  ``delete_on_failure`` is kept
        for compatibility: the destination is never left partial.
        """
        return run_sync(
            self._save_object_flow(
                response,
                obj,
                destination_path,
                overwrite_existing,
                delete_on_failure,
                chunk_size,
                partial_download,
                expected_hash=expected_hash,
                callback=callback,
            )
        )

    def _save_object_flow(
        self,
        response: Any,
        obj: Object,
        destination_path: str,
        overwrite_existing: bool = False,
        delete_on_failure: bool = True,
        chunk_size: Optional[int] = None,
        partial_download: bool = False,
        *,
        expected_hash: Optional[str] = None,
        expected_size: Optional[int] = None,
        callback: Optional[ProgressCallback] = None,
        hash_type: Optional[str] = None,
    ) -> Flow[bool]:
        """The flow behind :meth:`_save_object` (reads the body with ``Read`` effects).

        ``expected_hash`` is a hex digest of ``hash_type`` (default: the driver's ``hash_type``).
        """
        # The transfer engine is imported when a transfer starts, not with the driver (import time).
        from libcloud.storage.transfer.download import AtomicFileWriter, copy_body_flow, resolve_destination

        file_path = resolve_destination(destination_path, obj.name, overwrite_existing, driver=self)
        if expected_size is None and not partial_download and obj.size is not None:
            expected_size = int(obj.size)
        writer = AtomicFileWriter(
            file_path,
            hash_type=(hash_type or self.hash_type) if expected_hash is not None else None,
            expected_hash=expected_hash,
            expected_size=expected_size,
            callback=callback,
            object_name=obj.name,
            driver=self,
        )
        with writer:
            yield from copy_body_flow(response, writer, chunk_size or CHUNK_SIZE)
            return writer.commit()

    def _upload_object(
        self,
        object_name: str,
        content_type: Optional[str],
        request_path: str,
        request_method: str = "PUT",
        headers: Optional[Dict[str, str]] = None,
        file_path: Optional[str] = None,
        stream: Any = None,
        chunked: bool = False,
        multipart: bool = False,
    ) -> Dict[str, Any]:
        """Send a file or stream as one request; returns ``{"response", "bytes_transferred", "data_hash"}``.

        The source is read once, through the hasher, so the digest and byte
        count describe what was sent.  ``chunked``/``multipart`` are accepted
        for compatibility (the HTTP layer chunks bodies of unknown length by
        itself).
        """
        headers, body = self._prepare_upload(object_name, content_type, headers, file_path, stream)
        # The reply to an upload is small: read at once (not streamed), so the connection is free again.
        response = self.connection.request(request_path, method=request_method, data=body, headers=headers, raw=True,
                                           stream=False)
        return self._upload_result(response, body)

    def _upload_object_flow(
        self,
        object_name: str,
        content_type: Optional[str],
        request_path: str,
        request_method: str = "PUT",
        headers: Optional[Dict[str, str]] = None,
        file_path: Optional[str] = None,
        stream: Any = None,
        chunked: bool = False,
        multipart: bool = False,
        *,
        callback: Optional[ProgressCallback] = None,
    ) -> Flow[Dict[str, Any]]:
        """The flow behind :meth:`_upload_object` (for the asyncio API), with an optional progress ``callback``."""
        headers, body = self._prepare_upload(object_name, content_type, headers, file_path, stream, callback)
        response = yield self.connection.call(request_path, method=request_method, data=body, headers=headers, raw=True,
                                              stream=False)
        return self._upload_result(response, body)

    def _prepare_upload(
        self,
        object_name: str,
        content_type: Optional[str],
        headers: Optional[Dict[str, str]],
        file_path: Optional[str],
        stream: Any,
        callback: Optional[ProgressCallback] = None,
    ) -> Tuple[Dict[str, str], HashingSource]:
        """The request headers and the hashing body of an upload (nothing is read yet)."""
        # Imported when an upload starts, not with the driver (import time).
        from libcloud.storage.transfer.source import DEFAULT_READ_SIZE, HashingSource, require_iterator, source_size

        headers = dict(headers or {})
        if file_path and not os.path.exists(file_path):
            raise OSError("File %s does not exist" % (file_path,))
        source: Any = file_path
        size: Optional[int] = None
        if stream is not None:
            require_iterator(stream)
            _check_stream_position(stream)
            size = source_size(stream)
            # Looked up on the module at call time: tests patch libcloud.utils.files.read_in_chunks.
            source = iter(_files.read_in_chunks(stream, DEFAULT_READ_SIZE))
        headers["Content-Type"] = self._determine_content_type(content_type, object_name, file_path=file_path)
        return headers, HashingSource(source, self.hash_type, callback=callback, size=size)

    def _upload_result(self, response: Any, body: HashingSource) -> Dict[str, Any]:
        if not response.success():
            raise LibcloudError(value="Object upload failed, Perhaps a timeout?", driver=self)
        body.drain()
        body.progress.finish()
        return {"response": response, "bytes_transferred": body.bytes_read, "data_hash": body.hexdigest()}

    def _determine_content_type(
        self, content_type: Optional[str], object_name: str, file_path: Optional[str] = None
    ) -> str:
        """``content_type``, else the type guessed from the name (``strict_mode``: none guessed raises).

        The guess is ``libcloud.utils.files.guess_file_mime_type``, looked up at call time (as upstream's
        drivers do), so code that replaces it is honoured.
        """
        if content_type:
            return content_type
        name = file_path or object_name
        guessed, _ = _files.guess_file_mime_type(name)
        if not guessed and self.strict_mode:
            raise AttributeError(
                'File content-type could not be guessed for "%s" and no content_type value is provided' % (name,)
            )
        return guessed or DEFAULT_CONTENT_TYPE

    def _hash_buffered_stream(self, stream: Any, hasher: Any, blocksize: int = 65536) -> Tuple[str, int]:
        """Hash the rest of ``stream`` (rewound first when it can seek); returns ``(hexdigest, length)``."""
        if hasattr(stream, "seek"):
            try:
                stream.seek(0)
            except (OSError, ValueError):
                pass  # pipes and sockets cannot rewind; hash what is left
        from libcloud.storage.transfer.source import iter_chunks  # on use: see _save_object_flow

        total = 0
        for chunk in iter_chunks(stream, blocksize):
            hasher.update(chunk)
            total += len(chunk)
        return hasher.hexdigest(), total

    def _get_hash_function(self) -> Any:
        try:
            return hashlib.new(self.hash_type)
        except (ValueError, TypeError):
            raise RuntimeError("Invalid or unsupported hash type: %s" % (self.hash_type,)) from None

    def _validate_start_and_end_bytes(self, start_bytes: int, end_bytes: Optional[int] = None) -> bool:
        if start_bytes < 0:
            raise ValueError("start_bytes must be greater than 0")
        if end_bytes is not None:
            if start_bytes > end_bytes:
                raise ValueError("start_bytes must be smaller than end_bytes")
            if start_bytes == end_bytes:
                raise ValueError("start_bytes and end_bytes can't be the same. end_bytes is non-inclusive")
        return True

    def _get_standard_range_str(
        self, start_bytes: int, end_bytes: Optional[int] = None, end_bytes_inclusive: bool = False
    ) -> str:
        """An HTTP ``Range`` value; ``end_bytes`` is exclusive unless ``end_bytes_inclusive``."""
        value = "bytes=%s-" % (start_bytes,)
        if end_bytes is not None:
            value += str(end_bytes if end_bytes_inclusive else end_bytes - 1)
        return value



if TYPE_CHECKING:
    # The storage mixins (S3 uploads, Swift transfers...) are only mixed into a StorageDriver: the type
    # checker sees that base; at run time it is ``object``, so the drivers' method order stays as written.
    StorageDriverMixin = StorageDriver
else:
    StorageDriverMixin = object
