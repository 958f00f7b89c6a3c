"""fsspec support: :class:`LibcloudFileSystem`, protocol ``libcloud`` (needs the ``fsspec`` extra).

Registered through fsspec's ``fsspec.specs`` entry point, so
``fsspec.filesystem("libcloud", provider="s3", key=..., secret=...)`` and
``pandas.read_csv("libcloud://bucket/data.csv", storage_options={...})``
find it once libcloud-ng is installed.  :class:`LibcloudAsyncFileSystem` is
the ``AsyncFileSystem`` variant over :mod:`libcloud.asyncio` drivers, registered
the same way as protocol ``libcloud-async``.
"""

from libcloud.storage.filesystem.asyncfs import LibcloudAsyncFileSystem
from libcloud.storage.filesystem.core import LibcloudFileSystem
from libcloud.storage.filesystem.files import LibcloudFile

__all__ = ["LibcloudAsyncFileSystem", "LibcloudFileSystem", "LibcloudFile"]
