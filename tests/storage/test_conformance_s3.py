"""The storage conformance suite on the S3 driver against a real moto server.

Region eu-west-1: in us-east-1 S3 (and moto) answer 200 to re-creating a
bucket you own, for legacy compatibility, so ``ContainerAlreadyExistsError``
cannot be raised there.
"""

import pytest

from tests.storage.s3.conftest import make_driver

from .conformance import *  # noqa: F401,F403


@pytest.fixture(params=["plain", "ranged-downloads"])
def storage_driver(request, moto):
    if request.param == "ranged-downloads":
        # Every full download becomes parallel ranged GETs of 1000 bytes.  (Multipart uploads are
        # covered in tests/storage/s3: their ETag is not the MD5 this suite expects as hash.)
        return make_driver(moto, ex_parallel_download_threshold=1, ex_download_part_size=1000)
    return make_driver(moto)
