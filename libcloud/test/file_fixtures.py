"""Loading of test fixture files (``FileFixtures`` and its per-API subclasses)."""

from __future__ import annotations

import os
from typing import Optional

__all__ = [
    "FileFixtures",
    "ComputeFileFixtures",
    "StorageFileFixtures",
    "DNSFileFixtures",
    "LoadBalancerFileFixtures",
    "DRSFileFixtures",
    "ContainerFileFixtures",
    "BackupFileFixtures",
    "OpenStackFixtures",
]

FIXTURES_ROOT = {
    "common": "common/fixtures",
    "compute": "compute/fixtures",
    "storage": "storage/fixtures",
    "loadbalancer": "loadbalancer/fixtures",
    "dns": "dns/fixtures",
    "drs": "drs/fixtures",
    "backup": "backup/fixtures",
    "container": "container/fixtures",
    "openstack": "compute/fixtures/openstack",
}


class FileFixtures:
    """Fixture files of one API type (and optional provider sub-folder)."""

    base_dir: Optional[str] = None

    def __init__(self, fixtures_type: str, sub_dir: str = "") -> None:
        base = self.base_dir or os.path.dirname(os.path.abspath(__file__))
        self.root = os.path.join(base, FIXTURES_ROOT.get(fixtures_type, fixtures_type), sub_dir)

    def load(self, file: str) -> str:
        """The text of ``file``; ``OSError`` naming the path when it does not exist."""
        path = os.path.join(self.root, file)
        if not os.path.exists(path):
            raise OSError(path)
        with open(path, encoding="utf-8") as handle:
            return handle.read()


class ComputeFileFixtures(FileFixtures):
    """Fixtures of compute driver tests."""
    def __init__(self, sub_dir: str = "") -> None:
        super().__init__(fixtures_type="compute", sub_dir=sub_dir)


class StorageFileFixtures(FileFixtures):
    """Fixtures of storage driver tests."""
    def __init__(self, sub_dir: str = "") -> None:
        super().__init__(fixtures_type="storage", sub_dir=sub_dir)


class LoadBalancerFileFixtures(FileFixtures):
    """Fixtures of load balancer driver tests."""
    def __init__(self, sub_dir: str = "") -> None:
        super().__init__(fixtures_type="loadbalancer", sub_dir=sub_dir)


class DNSFileFixtures(FileFixtures):
    """Fixtures of DNS driver tests."""
    def __init__(self, sub_dir: str = "") -> None:
        super().__init__(fixtures_type="dns", sub_dir=sub_dir)


class DRSFileFixtures(FileFixtures):
    """Fixtures of DRS driver tests."""
    def __init__(self, sub_dir: str = "") -> None:
        super().__init__(fixtures_type="drs", sub_dir=sub_dir)


class ContainerFileFixtures(FileFixtures):
    """Fixtures of container driver tests."""
    def __init__(self, sub_dir: str = "") -> None:
        super().__init__(fixtures_type="container", sub_dir=sub_dir)


class BackupFileFixtures(FileFixtures):
    """Fixtures of backup driver tests."""
    def __init__(self, sub_dir: str = "") -> None:
        super().__init__(fixtures_type="backup", sub_dir=sub_dir)


class OpenStackFixtures(FileFixtures):
    """Fixtures of OpenStack tests."""
    def __init__(self, sub_dir: str = "") -> None:
        super().__init__(fixtures_type="openstack", sub_dir=sub_dir)
