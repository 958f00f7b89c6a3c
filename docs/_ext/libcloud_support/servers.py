"""The drivers CI tests against a real server, and where those tests live.

This table is the one place the fact is kept (the generated tables and the
driver pages read it). ``tests/test_docs_support.py`` checks every entry: the
driver is registered and implemented, and the test file exists and uses the
server's fixture - so an entry cannot outlive its tests.
"""

from __future__ import annotations

from typing import Dict, NamedTuple


class RealServer(NamedTuple):
    """A server a driver's tests run against on the loopback, in CI."""

    server: str  #: the server's name, as shown in the tables
    fixture: str  #: the pytest fixture that starts it
    test_path: str  #: a test module (relative to the repository) that uses the fixture


_MOTO = "moto"
_AZURITE = "Azurite"
_PDNS = "PowerDNS"
_FAKE_GCS = "fake-gcs-server"
_SWIFT = "OpenStack Swift"

#: Registered driver path (``module.Class`` as in ``DRIVERS``) -> the real server its tests use.
REAL_SERVERS: Dict[str, RealServer] = {
    "libcloud.compute.drivers.ec2.EC2NodeDriver": RealServer(_MOTO, "moto", "tests/compute/ec2/test_ec2_moto.py"),
    "libcloud.storage.drivers.s3.S3StorageDriver": RealServer(_MOTO, "moto", "tests/storage/s3/test_s3_moto.py"),
    "libcloud.storage.drivers.minio.MinIOStorageDriver": RealServer(
        _MOTO, "moto", "tests/storage/s3/test_s3_regions_and_compat.py"),
    "libcloud.storage.drivers.rgw.S3RGWStorageDriver": RealServer(
        _MOTO, "moto", "tests/storage/s3/test_s3_regions_and_compat.py"),
    "libcloud.storage.drivers.digitalocean_spaces.DigitalOceanSpacesStorageDriver": RealServer(
        _MOTO, "moto", "tests/storage/s3/test_s3_regions_and_compat.py"),
    "libcloud.storage.drivers.azure_blobs.AzureBlobsStorageDriver": RealServer(
        _AZURITE, "azurite", "tests/storage/azure/conftest.py"),
    "libcloud.dns.drivers.route53.Route53DNSDriver": RealServer(
        _MOTO, "moto", "tests/dns/drivers/route53/test_route53_moto.py"),
    "libcloud.dns.drivers.powerdns.PowerDNSDriver": RealServer(
        _PDNS, "powerdns_server", "tests/dns/drivers/test_powerdns.py"),
    "libcloud.storage.drivers.google_storage.GoogleStorageDriver": RealServer(
        _FAKE_GCS, "fake_gcs", "tests/storage/google/test_google_storage_fake_gcs.py"),
    "libcloud.storage.drivers.cloudfiles.OpenStackSwiftStorageDriver": RealServer(
        _SWIFT, "swift", "tests/storage/test_conformance_swift.py"),
    "libcloud.loadbalancer.drivers.elb.ElasticLBDriver": RealServer(
        _MOTO, "moto", "tests/loadbalancer/test_elb_moto.py"),
    "libcloud.loadbalancer.drivers.alb.ApplicationLBDriver": RealServer(
        _MOTO, "moto", "tests/loadbalancer/test_alb_moto.py"),
    "libcloud.container.drivers.ecs.ElasticContainerDriver": RealServer(
        _MOTO, "moto", "tests/container/test_ecs_moto.py"),
    "libcloud.backup.drivers.ebs.EBSBackupDriver": RealServer(_MOTO, "moto", "tests/backup/test_ebs_moto.py"),
}
