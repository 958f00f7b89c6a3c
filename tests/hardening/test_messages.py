"""Issue 19 item 16: errors say what to do - an unknown region lists the regions to choose from.

The message keeps upstream's opening words (``Invalid region: ...``), then names the fix.
"""

import pytest

from libcloud.compute.drivers.ec2 import EC2NodeDriver
from libcloud.compute.drivers.rackspace import RackspaceNodeDriver
from libcloud.storage.drivers.cloudfiles import CloudFilesStorageDriver
from libcloud.storage.drivers.s3 import S3StorageDriver


@pytest.mark.parametrize("cls, prefix, known", [
    (EC2NodeDriver, "Invalid region: mars-1", "eu-west-1"),
    (S3StorageDriver, "Invalid or unsupported region: mars-1", "eu-west-1"),
    (RackspaceNodeDriver, "Invalid region: mars-1", "dfw"),
    (CloudFilesStorageDriver, "Invalid region: mars-1", "ord"),
])
def test_unknown_region_names_the_choices(cls, prefix, known):
    with pytest.raises(ValueError) as info:
        cls("key", "secret", region="mars-1")
    text = str(info.value)
    assert text.startswith(prefix)
    assert "region=" in text and known in text
