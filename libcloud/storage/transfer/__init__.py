"""The one transfer engine every storage driver uses.

* :mod:`.source` - upload sources (paths, files, BytesIO/StringIO, generators,
  iterators) as one-pass, hashing, bounded-memory chunk streams;
* :mod:`.download` - atomic downloads (same-folder temp file, size and hash
  checks, ``os.replace``);
* :mod:`.multipart` - part planning and windowed concurrent multipart uploads
  with abort on failure;
* :mod:`.ranges` - ranged parallel downloads written with ``os.pwrite``;
* :mod:`.streams` - re-chunking and response-body iteration;
* :mod:`.hashing`, :mod:`.checksums`, :mod:`.progress` - hashers (MD5 and
  friends, CRC32 with combining) and progress callbacks;
* ``offload`` - part checksums computed off the event loop (a small shared pool);
* :mod:`.syncing`, :mod:`.bulk`, :mod:`.endpoints`, :mod:`.listing` - many
  objects at once: ``sync`` and ``transfer_many`` on our threads or any
  ``concurrent.futures`` executor (Dask included), with picklable
  ``DriverSpec`` descriptions of drivers.
"""

from typing import TYPE_CHECKING

from libcloud._core.lazy import lazy_exports

# Each name is imported from its module on first use (PEP 562 ``__getattr__`` below): a driver
# import (``get_driver(Provider.S3)``) should not load the whole transfer engine - hashing
# tables, the atomic writer, ranged downloads, multipart - before a transfer starts.
if TYPE_CHECKING:
    from libcloud.storage.transfer.checksums import (
        Crc32,
        crc32_combine,
        crc32_from_base64,
        crc32_of_parts,
        crc32_to_base64,
    )
    from libcloud.storage.transfer.download import (
        TEMP_PREFIX,
        AtomicFileWriter,
        content_length,
        requested_length,
        copy_body_flow,
        resolve_destination,
        save_chunks,
        verified_stream,
    )
    from libcloud.storage.transfer.hashing import HashCounter, hashes_equal, new_hasher, normalize_hash
    from libcloud.storage.transfer.multipart import DEFAULT_CONCURRENCY, iter_parts, multipart_upload_flow
    from libcloud.storage.transfer.offload import digest_flow
    from libcloud.storage.transfer.progress import Progress, ProgressCallback
    from libcloud.storage.transfer.ranges import RangeSink, copy_range_flow, plan_ranges, ranged_download_flow
    from libcloud.storage.transfer.source import (
        DEFAULT_READ_SIZE,
        HashingSource,
        SizedBody,
        is_path,
        iter_chunks,
        require_iterator,
        source_size,
        to_bytes,
    )
    from libcloud.storage.transfer.streams import check_received, iter_response, limit_chunks, rechunk, \
        verified_chunks, verified_stream_flow

__all__ = [
    "check_received",
    "DriverSpec",
    "ObjectRef",
    "Outcome",
    "Remote",
    "Report",
    "SyncPlan",
    "SyncResult",
    "Task",
    "plan_sync",
    "run_plan",
    "run_tasks",
    "sync",
    "transfer_many",
    "Crc32",
    "crc32_combine",
    "crc32_from_base64",
    "crc32_of_parts",
    "crc32_to_base64",
    "TEMP_PREFIX",
    "AtomicFileWriter",
    "copy_body_flow",
    "resolve_destination",
    "save_chunks",
    "content_length",
    "requested_length",
    "verified_stream",
    "HashCounter",
    "hashes_equal",
    "new_hasher",
    "normalize_hash",
    "DEFAULT_CONCURRENCY",
    "iter_parts",
    "multipart_upload_flow",
    "Progress",
    "ProgressCallback",
    "RangeSink",
    "plan_ranges",
    "ranged_download_flow",
    "copy_range_flow",
    "DEFAULT_READ_SIZE",
    "HashingSource",
    "SizedBody",
    "is_path",
    "iter_chunks",
    "require_iterator",
    "source_size",
    "to_bytes",
    "iter_response",
    "limit_chunks",
    "rechunk",
    "verified_chunks",
    "verified_stream_flow",
    "digest_flow",
]

# module of this package -> the names it defines, each imported on first use.  The bulk modules
# (``endpoints``, ``bulk``, ``syncing``) import libcloud.storage.base, which imports this package:
# they could not be imported here in any case.
_MODULES = {
    "checksums": ("Crc32", "crc32_combine", "crc32_from_base64", "crc32_of_parts", "crc32_to_base64"),
    "download": ("TEMP_PREFIX", "AtomicFileWriter", "content_length", "requested_length", "copy_body_flow",
                 "resolve_destination", "save_chunks", "verified_stream"),
    "hashing": ("HashCounter", "hashes_equal", "new_hasher", "normalize_hash"),
    "multipart": ("DEFAULT_CONCURRENCY", "iter_parts", "multipart_upload_flow"),
    "offload": ("digest_flow",),
    "progress": ("Progress", "ProgressCallback"),
    "ranges": ("RangeSink", "copy_range_flow", "plan_ranges", "ranged_download_flow"),
    "source": ("DEFAULT_READ_SIZE", "HashingSource", "SizedBody", "is_path", "iter_chunks", "require_iterator",
               "source_size", "to_bytes"),
    "streams": ("check_received", "iter_response", "limit_chunks", "rechunk", "verified_chunks",
                "verified_stream_flow"),
    "endpoints": ("DriverSpec", "ObjectRef"),
    "bulk": ("Outcome", "Report", "Task", "run_tasks", "transfer_many"),
    "syncing": ("Remote", "SyncPlan", "SyncResult", "plan_sync", "run_plan", "sync"),
}
__getattr__ = lazy_exports(__name__, _MODULES)
