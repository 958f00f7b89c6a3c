"""Backblaze B2 storage (upstream module ``libcloud.storage.drivers.backblaze_b2``).

* :mod:`.connection` - account authorisation as a token source, the API connection;
* :mod:`.errors` - B2's error answers mapped to exceptions;
* :mod:`.driver` - buckets, listings, files, versions;
* :mod:`.upload`, :mod:`.large`, :mod:`.download` - verified transfers;
* :mod:`.parse` - payloads to models.
"""

from libcloud.storage.drivers.backblaze_b2.connection import BackblazeB2AuthConnection, BackblazeB2Connection
from libcloud.storage.drivers.backblaze_b2.driver import BackblazeB2StorageDriver
from libcloud.storage.drivers.backblaze_b2.errors import BackblazeB2Error, BackblazeB2Response

__all__ = [
    "BackblazeB2AuthConnection",
    "BackblazeB2Connection",
    "BackblazeB2Error",
    "BackblazeB2Response",
    "BackblazeB2StorageDriver",
]
