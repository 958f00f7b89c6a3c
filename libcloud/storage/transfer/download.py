"""Atomic downloads: stream into a temporary file beside the destination, verify, rename.

The destination is either replaced whole (``os.replace``) or left exactly as
it was: on an exception mid-stream, a size mismatch or a hash mismatch the
temporary file is removed.  Because of that, upstream's ``delete_on_failure``
no longer matters for the destination (it is never partial); it is accepted
for compatibility only.

With ``overwrite_existing=False`` the file is published with a hard link,
which fails if the name exists: an atomic create-if-absent, so of two
downloads to the same new path exactly one wins, and a file that appeared
while the download ran is never replaced.
"""

from __future__ import annotations

import errno
import os
import queue
import secrets
import stat
import tempfile
import threading
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Tuple

from libcloud._core.flow import Flow, Read, ReadInto
from libcloud.common.types import LibcloudError
from libcloud.storage.transfer.hashing import (
    BackgroundHashCounter,
    HashCounter,
    hashes_equal,
    piece_hasher,
)
from libcloud.storage.transfer.progress import Progress, ProgressCallback
from libcloud.storage.transfer.stale import TEMP_PREFIX, TEMP_SUFFIX, sweep_stale_temp_files
from libcloud.storage.transfer.streams import iter_response, verified_chunks
from libcloud.storage.types import ObjectHashMismatchError

__all__ = ["TEMP_PREFIX", "Destination", "resolve_destination", "AtomicFileWriter", "copy_body_flow", "pump_flow",
           "save_chunks", "content_length", "requested_length", "verified_stream"]


# Buffers a sequential download circulates: the one being read, and those queued for
# (or inside) the hashing thread - 4 queued + 1 hashing + 1 reading.
_MAX_BUFFERS = 6


def _default_file_mode() -> int:
    """0o666 minus the process umask, read without racing other threads where possible."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


class Destination(str):
    """A download's target path (a ``str``) that remembers whether it may replace an existing file.

    :func:`resolve_destination` returns one, and :class:`AtomicFileWriter`
    reads ``exclusive`` from it, so every driver's download gets the
    create-if-absent rule without passing a flag through each layer.
    """

    exclusive: bool = False


def resolve_destination(
    destination_path: str, object_name: str, overwrite_existing: bool = False, driver: Any = None
) -> str:
    """The file a download writes to, following upstream's rules.

    A path ending in a separator names an existing folder and the object keeps
    its name inside it (``LibcloudError`` if the folder is missing or the name
    would leave it); an existing file needs ``overwrite_existing``.
    """
    destination_path = os.fspath(destination_path)
    if not os.path.basename(destination_path):
        if not os.path.isdir(destination_path):
            raise LibcloudError(value="Path %s does not exist" % (destination_path,), driver=driver)
        folder = os.path.abspath(destination_path)
        file_path = os.path.abspath(os.path.join(folder, object_name))
        if os.path.commonpath([folder, file_path]) != folder or file_path == folder:
            raise LibcloudError(
                value="Object name %r would be saved outside %s" % (object_name, destination_path), driver=driver
            )
    else:
        file_path = destination_path
    if os.path.exists(file_path) and not overwrite_existing:
        raise _exists_error(file_path, driver)
    # Checked again, atomically, when the file is published (it may appear meanwhile).
    destination = Destination(file_path)
    destination.exclusive = not overwrite_existing
    return destination


_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# Creating, renaming and linking relative to a folder descriptor (POSIX; not Windows).
_DIR_FD_OPS = bool(_O_DIRECTORY) and {os.open, os.unlink, os.rename, os.link} <= os.supports_dir_fd


def _create_temp(folder_fd: int, prefix: str) -> Tuple[int, str]:
    """A new private file ``<prefix><random>.part`` in the folder ``folder_fd``: ``(fd, name)``."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | _O_CLOEXEC
    for _ in range(100):
        name = prefix + secrets.token_hex(6) + TEMP_SUFFIX
        try:
            return os.open(name, flags, 0o600, dir_fd=folder_fd), name
        except FileExistsError:
            continue
    raise FileExistsError("could not create a unique temporary file name beginning with %r" % prefix)


def _exists_error(file_path: str, driver: Any) -> LibcloudError:
    return LibcloudError(value="File %s already exists, but overwrite_existing=False" % (file_path,), driver=driver)


class AtomicFileWriter:
    """Write a file through a same-folder temporary file; publish it with :meth:`commit`.

    ``write`` appends (hashing and counting as it goes); ``pwrite`` writes at
    an offset for parallel ranged downloads, in which case the hash is taken
    from the finished temporary file at commit time.  Use it as a context
    manager: leaving the block without a successful commit removes the
    temporary file and leaves the destination untouched.
    """

    def __init__(
        self,
        final_path: str,
        *,
        hash_type: Optional[str] = None,
        expected_hash: Optional[str] = None,
        expected_size: Optional[int] = None,
        callback: Optional[ProgressCallback] = None,
        object_name: Optional[str] = None,
        driver: Any = None,
        mode: Optional[int] = None,
        fsync: bool = True,
        folder_fd: Optional[int] = None,
    ) -> None:
        #: Publish only if the name is still free (``overwrite_existing=False``).
        self.exclusive = bool(getattr(final_path, "exclusive", False))
        self.final_path = os.fspath(final_path)
        self.hash_type = hash_type or ("md5" if expected_hash is not None else None)
        self.expected_hash = expected_hash
        self.expected_size = expected_size
        self.object_name = object_name if object_name is not None else os.path.basename(self.final_path)
        self.driver = driver
        self.mode = mode
        self.fsync = fsync
        self.progress = Progress(callback, expected_size)
        # Hashing runs on a worker thread, overlapping the network reads.
        self._counter: Any = BackgroundHashCounter(self.hash_type) if self.hash_type else HashCounter(None)
        self._pieces: Any = None  # piece_hasher() once writes go out of order
        self._free_buffers: Optional["queue.LifoQueue[bytearray]"] = None
        self._buffers_made = 0
        self._sequential = True
        self._pwritten = 0
        self._plock = threading.Lock()
        self.fd: Optional[int] = None
        self.temp_path: Optional[str] = None
        # The destination folder, held open: the temporary file is created and renamed
        # relative to it, so swapping a folder on the path for a symlink meanwhile
        # cannot move the file elsewhere.  Given by the caller (then owned by us) or opened here.
        self._folder_fd: Optional[int] = folder_fd
        self._temp_name: Optional[str] = None
        self.committed = False
        self.hexdigest: Optional[str] = None

    # -- lifecycle ---------------------------------------------------------
    def open(self) -> "AtomicFileWriter":
        """Create the temporary file beside the destination; returns self."""
        folder = os.path.dirname(os.path.abspath(self.final_path))
        prefix = TEMP_PREFIX + os.path.basename(self.final_path)[:40] + "."
        if _DIR_FD_OPS:
            if self._folder_fd is None:
                self._folder_fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
            self.fd, self._temp_name = _create_temp(self._folder_fd, prefix)
            self.temp_path = os.path.join(folder, self._temp_name)
        else:
            self.fd, self.temp_path = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=TEMP_SUFFIX)
        # Killed transfers leave their temporary files behind: clear the abandoned ones here.
        sweep_stale_temp_files(folder)
        return self

    def __enter__(self) -> "AtomicFileWriter":
        return self.open() if self.fd is None else self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if not self.committed:
            self.abort()

    def abort(self) -> None:
        """Drop the temporary file; the destination stays as it was."""
        self._stop_hashing()
        self._close()
        if self.temp_path is not None:
            try:
                self._unlink_temp()
            except FileNotFoundError:
                pass
            self.temp_path = None
        self._close_folder()

    def _close_folder(self) -> None:
        if self._folder_fd is not None:
            fd, self._folder_fd = self._folder_fd, None
            os.close(fd)

    def _unlink_temp(self) -> None:
        if self._folder_fd is not None and self._temp_name is not None:
            os.unlink(self._temp_name, dir_fd=self._folder_fd)
        elif self.temp_path is not None:
            os.unlink(self.temp_path)

    def _stop_hashing(self) -> None:
        self._counter.close()
        if self._pieces is not None:
            self._pieces.close()

    def _close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            os.close(fd)

    # -- writing -----------------------------------------------------------
    @property
    def bytes_written(self) -> int:
        """The number of bytes written so far."""
        return self._counter.bytes if self._sequential else self._pwritten

    def write(self, chunk: bytes) -> None:
        """Append ``chunk`` to the temporary file (and hash it when verifying)."""
        if self.fd is None:
            raise ValueError("AtomicFileWriter is not open")
        view = memoryview(chunk)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        self._counter.update(chunk)
        self.progress.advance(len(chunk))

    def take_buffer(self, size: int) -> bytearray:
        """A buffer of ``size`` bytes to read the next chunk into; give it back with :meth:`write_buffer`.

        A few buffers circulate (the chunk being read, those the hashing thread
        still holds), so a download of any length allocates nothing per chunk.
        """
        if self._free_buffers is None:
            self._free_buffers = queue.LifoQueue()
        try:
            buffer: bytearray = self._free_buffers.get_nowait()
        except queue.Empty:
            if self._buffers_made < _MAX_BUFFERS:
                self._buffers_made += 1
                return bytearray(size)
            buffer = self._free_buffers.get()  # every buffer waits to be hashed: wait for one
        if len(buffer) != size:
            buffer = bytearray(size)
        return buffer

    def give_back(self, buffer: bytearray) -> None:
        """Return an unused buffer from :meth:`take_buffer`."""
        if self._free_buffers is not None:
            self._free_buffers.put(buffer)

    def write_buffer(self, buffer: bytearray, length: int) -> None:
        """Append the first ``length`` bytes of a :meth:`take_buffer` buffer (hashed, then handed back)."""
        if self.fd is None:
            raise ValueError("AtomicFileWriter is not open")
        view = memoryview(buffer)[:length]
        rest = view
        while rest:
            written = os.write(self.fd, rest)
            rest = rest[written:]
        self._counter.update_buffer(view, lambda: self.give_back(buffer))
        self.progress.advance(length)

    def pwrite(self, offset: int, chunk: bytes) -> None:
        """Write ``chunk`` at ``offset`` (thread-safe; the order of calls does not matter)."""
        if self.fd is None:
            raise ValueError("AtomicFileWriter is not open")
        if self._sequential:
            with self._plock:
                if self._sequential:
                    if self.hash_type:
                        self._pieces = piece_hasher(self.fd, self.hash_type)
                    self._sequential = False
        view = memoryview(chunk)
        position = offset
        if hasattr(os, "pwrite"):
            while view:
                written = os.pwrite(self.fd, view, position)
                view = view[written:]
                position += written
            with self._plock:
                self._pwritten += len(chunk)
        else:  # pragma: no cover - Windows has no pwrite: seek and write under the lock
            with self._plock:
                os.lseek(self.fd, position, os.SEEK_SET)
                while view:
                    view = view[os.write(self.fd, view):]
                self._pwritten += len(chunk)
        if self._pieces is not None:
            self._pieces.piece_written(offset, chunk)
        self.progress.advance(len(chunk))

    # -- publishing --------------------------------------------------------
    def commit(self) -> bool:
        """Verify and publish.  Returns ``False`` (nothing published) on a size mismatch.

        Raises :class:`ObjectHashMismatchError` when an expected hash was given
        and the content does not match it.
        """
        if self.temp_path is None:
            raise ValueError("AtomicFileWriter is not open")
        try:
            if self.fsync and self.fd is not None:
                os.fsync(self.fd)
            if self.expected_size is not None and int(self.expected_size) != self.bytes_written:
                self.abort()
                return False
            if self._sequential:
                self.hexdigest = self._counter.hexdigest()
            elif self._pieces is not None:
                self.hexdigest = self._pieces.finish(self._pwritten)
            else:
                self.hexdigest = None
            self._close()
            if self.expected_hash is not None and not hashes_equal(self.expected_hash, self.hexdigest):
                raise ObjectHashMismatchError(
                    value="%s hash mismatch: expected %s, downloaded %s"
                    % (self.hash_type, self.expected_hash, self.hexdigest),
                    driver=self.driver,
                    object_name=self.object_name,
                )
            self._chmod_temp(self._final_mode())
            if self.exclusive:
                self._publish_if_absent(self.temp_path)
            else:
                self._rename(self.temp_path, self.final_path)
        except OSError as exc:
            self.abort()
            if exc.errno == errno.ENAMETOOLONG:
                raise LibcloudError("Cannot create %s: the name is too long for the file system"
                                    % (self.final_path,), driver=self.driver) from exc
            raise
        except BaseException:
            self.abort()
            raise
        self.temp_path = None
        self._close_folder()
        self.committed = True
        self.progress.finish()
        return True

    def _chmod_temp(self, mode: int) -> None:
        if self._folder_fd is not None and self._temp_name is not None and os.chmod in os.supports_dir_fd:
            os.chmod(self._temp_name, mode, dir_fd=self._folder_fd)
        else:
            os.chmod(self.temp_path or "", mode)

    def _rename(self, source: str, target: str) -> None:
        """``os.replace`` relative to the held folder (by names), or by paths where that is not possible."""
        if self._folder_fd is not None and self._temp_name is not None:
            os.replace(self._temp_name, os.path.basename(target), src_dir_fd=self._folder_fd,
                       dst_dir_fd=self._folder_fd)
        else:
            os.replace(source, target)

    def _publish_if_absent(self, temp_path: str) -> None:
        """Give the temporary file the final name only if no file has it (atomic), then drop the temp name."""
        try:
            if self._folder_fd is not None and self._temp_name is not None:
                os.link(self._temp_name, os.path.basename(self.final_path), src_dir_fd=self._folder_fd,
                        dst_dir_fd=self._folder_fd, follow_symlinks=False)
            else:
                os.link(temp_path, self.final_path, follow_symlinks=False)
        except FileExistsError:
            raise _exists_error(self.final_path, self.driver) from None
        except OSError:
            # No hard links here (some network and FAT file systems): reserve the name
            # with O_EXCL - that is the atomic step - then move the data over our placeholder.
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            try:
                if self._folder_fd is not None:
                    fd = os.open(os.path.basename(self.final_path), flags, 0o600, dir_fd=self._folder_fd)
                else:
                    fd = os.open(self.final_path, flags, 0o600)
            except FileExistsError:
                raise _exists_error(self.final_path, self.driver) from None
            os.close(fd)
            self._rename(temp_path, self.final_path)
            return
        self._unlink_temp()

    def _final_mode(self) -> int:
        if self.mode is not None:
            return self.mode
        try:  # replacing a file keeps its permissions
            return stat.S_IMODE(os.stat(self.final_path).st_mode)
        except OSError:
            return _default_file_mode()


def pump_flow(body: Any, read_size: int, write: Callable[[bytes], None]) -> Flow[None]:
    """Hand each chunk of ``body`` (read with ``Read`` effects) to ``write``, to the end of the body."""
    while True:
        chunk = yield Read(body, read_size)
        if not chunk:
            return
        write(chunk)


def _read_size(writer: AtomicFileWriter, chunk_size: int) -> int:
    """``chunk_size``, or less when the writer expects fewer bytes than that.

    A new buffer is zero-filled: for a bulk download of small objects, a
    1 MiB buffer per object cost more than reading the object.  One spare
    byte is asked for, so the end (or a longer body than announced) is seen
    without a second buffer.
    """
    if writer.expected_size is None:
        return chunk_size
    left = int(writer.expected_size) - writer.bytes_written
    return max(1, min(chunk_size, left + 1))


def copy_body_flow(body: Any, writer: AtomicFileWriter, chunk_size: int) -> Flow[int]:
    """Stream ``body`` into ``writer``; returns the byte count.

    Bodies that support the ``Read`` effect (streamed ``RawResponse``) are read
    through it, so the async runner can drive the same flow; anything else
    (iterables, readers, upstream-style responses) is iterated directly.
    """
    if hasattr(body, "readinto_sync"):
        # One size for the whole body: some readers restart their iterator when it changes.
        read_size = _read_size(writer, chunk_size)
        while True:
            buffer = writer.take_buffer(read_size)
            count = yield ReadInto(body, buffer)
            if not count:
                writer.give_back(buffer)
                break
            writer.write_buffer(buffer, count)
    elif hasattr(body, "read_sync"):
        yield from pump_flow(body, chunk_size, writer.write)
    else:
        for chunk in iter_response(body, chunk_size):
            writer.write(chunk)
    return writer.bytes_written


def save_chunks(
    chunks: Iterable[bytes],
    final_path: str,
    *,
    expected_size: Optional[int] = None,
    hash_type: Optional[str] = None,
    expected_hash: Optional[str] = None,
    callback: Optional[ProgressCallback] = None,
    object_name: Optional[str] = None,
    driver: Any = None,
    mode: Optional[int] = None,
) -> AtomicFileWriter:
    """Write ``chunks`` atomically to ``final_path``; returns the (committed or not) writer.

    ``writer.committed`` is ``False`` after a size mismatch; exceptions
    (including :class:`ObjectHashMismatchError`) propagate after cleanup.
    """
    writer = AtomicFileWriter(
        final_path,
        hash_type=hash_type,
        expected_hash=expected_hash,
        expected_size=expected_size,
        callback=callback,
        object_name=object_name,
        driver=driver,
        mode=mode,
    )
    with writer:
        for chunk in chunks:
            writer.write(chunk)
        writer.commit()
    return writer


def content_length(headers: Mapping[str, Any], fallback: Optional[int] = None) -> Optional[int]:
    """The response's ``Content-Length`` as a number (``None`` when absent or not a number).

    ``fallback`` (the length the request asked for) stands in for a missing
    ``Content-Length`` when the body is not chunked: a response head cut short
    by a broken connection loses its last headers, and Python's HTTP client
    then reads the (empty) rest as a whole body that nothing else would check.
    """
    try:
        return int(headers["content-length"])
    except (KeyError, TypeError, ValueError):
        pass
    if "chunked" in str(headers.get("transfer-encoding") or "").lower():
        return None  # a chunked body ends with its own marker: a cut one fails to parse
    return fallback


def requested_length(object_size: Any, start: int = 0, end: Optional[int] = None) -> Optional[int]:
    """How many bytes a GET of bytes ``[start, end)`` of an object of ``object_size`` bytes returns."""
    if end is not None:
        return max(0, end - start)
    try:
        return max(0, int(object_size) - start)
    except (TypeError, ValueError):
        return None


def verified_stream(response: Any, chunk_size: Optional[int], read_size: int, hash_type: Optional[str],
                    expected: Optional[str], object_name: str, driver: Any,
                    requested: Optional[int] = None) -> Iterator[bytes]:
    """A download response's body in chunks of ``chunk_size`` (as read when ``None``), checked at the end
    against its ``Content-Length`` and, when ``expected`` is given, its ``hash_type`` digest
    (:func:`~libcloud.storage.transfer.streams.verified_chunks` with the response's own length, or
    ``requested`` when it states none)."""
    return verified_chunks(response, chunk_size, read_size, hash_type=hash_type, expected_hash=expected,
                           expected_size=content_length(response.headers, requested), driver=driver,
                           object_name=object_name)
