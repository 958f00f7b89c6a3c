"""Region table, legacy per-region classes and the S3-compatible drivers (thin configurations)."""

import pytest

import libcloud.storage.drivers.s3 as s3
from libcloud.common.types import LibcloudError
from libcloud.storage.drivers.digitalocean_spaces import DigitalOceanSpacesStorageDriver
from libcloud.storage.drivers.minio import MinIOStorageDriver
from libcloud.storage.drivers.ovh import OvhStorageDriver
from libcloud.storage.drivers.rgw import S3RGWOutscaleStorageDriver, S3RGWStorageDriver
from libcloud.storage.drivers.scaleway import ScalewayStorageDriver
from libcloud.storage.providers import DRIVERS, get_driver
from tests.storage.s3.conftest import KEY, SECRET


def test_every_registered_s3_class_exists_and_presets_its_region():
    for provider, (module, name) in DRIVERS.items():
        if module == "libcloud.storage.drivers.s3":
            cls = get_driver(provider)
            assert cls is getattr(s3, name)
            driver = cls(KEY, SECRET)
            assert driver.connection.host == s3.REGION_TO_HOST_MAP[driver.region_name]
            assert driver.name == "Amazon S3 (%s)" % driver.region_name


def test_legacy_classes_match_upstream_names():
    assert s3.S3EUWestStorageDriver.ex_location_name == "EU"
    assert s3.S3USWestConnection.host == s3.S3_US_WEST_HOST == "s3-us-west-1.amazonaws.com"
    assert s3.S3APNEStorageDriver is s3.S3APNE1StorageDriver
    assert issubclass(s3.S3CNNorthStorageDriver, s3.S3StorageDriver)
    assert s3.S3CNNorthStorageDriver(KEY, SECRET).connection.host == "s3.cn-north-1.amazonaws.com.cn"


def test_region_argument_and_validation():
    driver = s3.S3StorageDriver(KEY, SECRET, region="eu-north-1")
    assert (driver.region_name, driver.connection.host) == ("eu-north-1", "s3.eu-north-1.amazonaws.com")
    assert "me-central-1" in s3.S3StorageDriver.list_regions()
    with pytest.raises(ValueError, match="Invalid or unsupported region"):
        s3.S3StorageDriver(KEY, SECRET, region="mars-1")
    custom = s3.S3StorageDriver(KEY, SECRET, host="objects.example.com", region="eu-west-1")
    assert custom.connection.host == "objects.example.com" and custom.region_name == "eu-west-1"


def test_credentials_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "env-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    driver = s3.S3StorageDriver()
    assert (driver.key, driver.secret) == ("env-key", "env-secret")


def test_compatible_drivers_are_configurations():
    minio = MinIOStorageDriver(KEY, SECRET, host="127.0.0.1", port=9000, secure=False)
    assert (minio.connection.host, minio.connection.port, minio.addressing_style) == ("127.0.0.1", 9000, "path")
    with pytest.raises(LibcloudError):
        MinIOStorageDriver(KEY, SECRET)
    spaces = DigitalOceanSpacesStorageDriver(KEY, SECRET, region="ams3")
    assert spaces.connection.host == "ams3.digitaloceanspaces.com" and spaces.name == "DigitalOcean Spaces (ams3)"
    assert isinstance(spaces.connection, s3.S3Connection)
    assert isinstance(DigitalOceanSpacesStorageDriver(KEY, SECRET, signature_version="4").connection,
                      s3.S3SignatureV4Connection)
    with pytest.raises(LibcloudError):
        DigitalOceanSpacesStorageDriver(KEY, SECRET, region="moon1")
    with pytest.raises(ValueError):
        DigitalOceanSpacesStorageDriver(KEY, SECRET, signature_version="3")
    rgw = S3RGWStorageDriver(KEY, SECRET, host="rgw.local")
    assert (rgw.name, rgw.ex_location_name, rgw.signature_version) == ("Ceph RGW S3 (default)", "default", "2")
    with pytest.raises(LibcloudError):
        S3RGWStorageDriver(KEY, SECRET)
    outscale = S3RGWOutscaleStorageDriver(KEY, SECRET, region="us-east-2")
    assert outscale.connection.host == "osu.us-east-2.outscale.com"
    assert outscale.name == "OUTSCALE Ceph RGW S3 (us-east-2)"
    assert ScalewayStorageDriver(KEY, SECRET, region="pl-waw").connection.host == "s3.pl-waw.scw.cloud"
    assert OvhStorageDriver(KEY, SECRET, region="gra").name == "Ovh Object Storage (gra)"
    with pytest.raises(ValueError):
        ScalewayStorageDriver(KEY, SECRET, region="xx")
    # Two regions at once do not share a host (upstream changed a class attribute).
    assert ScalewayStorageDriver(KEY, SECRET, region="fr-par").connection.host == "s3.fr-par.scw.cloud"


@pytest.mark.parametrize("factory", [
    lambda m: MinIOStorageDriver(KEY, SECRET, host=m.host, port=m.port, secure=False),
    lambda m: S3RGWStorageDriver(KEY, SECRET, host=m.host, port=m.port, secure=False, region="eu-west-1",
                                 signature_version="4"),
    lambda m: S3RGWStorageDriver(KEY, SECRET, host=m.host, port=m.port, secure=False, region="eu-west-1"),
    lambda m: DigitalOceanSpacesStorageDriver(KEY, SECRET, host=m.host, port=m.port, secure=False),
    # (Scaleway signs for "fr-par", which moto wants as a bucket LocationConstraint; Scaleway does not.)
], ids=["minio", "rgw-v4", "rgw-v2", "spaces-v2"])
def test_compatible_drivers_round_trip_on_moto(moto, factory):
    driver = factory(moto)
    bucket = driver.create_container("compat")
    data = b"x" * (9 * 1024 * 1024)  # above one part (8 MiB by default): multipart
    obj = driver.upload_object_via_stream(iter([data]), bucket, "k")
    assert obj.size == len(data) and obj.hash.endswith("-2")
    assert b"".join(driver.download_object_as_stream(driver.get_object("compat", "k"))) == data
    assert [o.name for o in driver.list_container_objects(bucket)] == ["k"]
    assert driver.delete_object(obj) and driver.delete_container(bucket)
