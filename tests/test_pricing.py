"""libcloud.pricing: lookup order, caching, size and image prices (no network)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import libcloud
from libcloud import pricing
from libcloud._pricing import files as pricing_files
from libcloud._pricing.errors import InvalidPricingDataError, PricingLookupError

REPO_DATA = Path(libcloud.__file__).resolve().parent.parent / "data" / "pricing.json"

TEST_DATA = {
    "updated": 1700000000,
    "compute": {
        "foo": {"1": 1.0, "2": 2.0},
        "bar": {"1": 3.0, "2": 4.0},
        "osc_test": {"small": "0.230"},
        "regional": {"m1": {"us-east-1": 0.1, "eu-west-1": "0.12"}},
    },
    "storage": {"blob": {"1": 0.5}},
}


@pytest.fixture(autouse=True)
def isolated_pricing(tmp_path, monkeypatch):
    """A fresh HOME (no user pricing files) and empty caches around every test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(pricing, "CACHE_ALL_PRICING_DATA", False)
    pricing.invalidate_pricing_cache()
    yield home
    pricing.invalidate_pricing_cache()


def write_pricing(path: Path, data=None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(TEST_DATA if data is None else data))
    return path


@pytest.fixture
def test_file(tmp_path) -> Path:
    return write_pricing(tmp_path / "pricing_test.json")


# -- module surface -------------------------------------------------------------

def test_public_names():
    assert pricing.__all__ == [
        "get_pricing", "get_size_price", "get_image_price", "set_pricing", "clear_pricing_data",
        "download_pricing_file",
    ]
    assert pricing.DEFAULT_FILE_URL_S3_BUCKET == "https://libcloud-pricing-data.s3.amazonaws.com/pricing.json"
    assert pricing.DEFAULT_FILE_URL_GIT.startswith("https://git.apache.org/")
    assert pricing.VALID_PRICING_DRIVER_TYPES == ["compute", "storage"]
    assert pricing.CACHE_ALL_PRICING_DATA is False
    assert pricing.JSONDecodeError is ValueError
    assert pricing.CURRENT_DIRECTORY == os.path.dirname(os.path.abspath(pricing.__file__))
    assert pricing.CUSTOM_PRICING_FILE_PATH.endswith(os.path.join(".libcloud", "pricing.json"))


def test_bundled_file_is_the_real_price_list():
    path = Path(pricing.DEFAULT_PRICING_FILE_PATH)
    assert path.is_file()
    data = json.loads(path.read_bytes())
    assert data["updated"] == 1740936978
    assert len(data["compute"]) == 54
    assert data["storage"] == {}


def test_bundled_path_falls_back_to_the_source_checkout():
    # Not installed: libcloud.data is not importable, the file sits beside the package.
    if REPO_DATA.is_file():
        assert Path(pricing_files.bundled_pricing_file_path()) in (REPO_DATA, Path(pricing.DEFAULT_PRICING_FILE_PATH))


# -- lookup order ---------------------------------------------------------------

def test_lookup_order_with_a_temporary_home(isolated_pricing, tmp_path):
    home = isolated_pricing
    assert pricing.get_pricing_file_path() == pricing.DEFAULT_PRICING_FILE_PATH

    legacy = write_pricing(home / ".libcloud" / "pricing.json")
    assert pricing.get_pricing_file_path() == str(legacy)

    user = write_pricing(home / ".libcloud_data" / "pricing.json")
    assert pricing.get_pricing_file_path() == str(user)

    explicit = write_pricing(tmp_path / "explicit.json")
    assert pricing.get_pricing_file_path(str(explicit)) == str(explicit)
    assert pricing.get_pricing_file_path(explicit) == str(explicit)

    assert [label for label, _ in pricing.get_pricing_file_candidates()] == ["user", "legacy user", "bundled"]


def test_a_folder_named_pricing_json_is_skipped(isolated_pricing):
    (isolated_pricing / ".libcloud_data" / "pricing.json").mkdir(parents=True)
    assert pricing.get_pricing_file_path() == pricing.DEFAULT_PRICING_FILE_PATH


def test_reassigned_custom_path_is_honoured(tmp_path, monkeypatch):
    custom = write_pricing(tmp_path / "elsewhere" / "pricing.json")
    monkeypatch.setattr(pricing, "CUSTOM_PRICING_FILE_PATH", str(custom))
    assert pricing.get_pricing_file_path() == str(custom)


def test_get_pricing_reads_the_user_file_first(isolated_pricing):
    write_pricing(isolated_pricing / ".libcloud_data" / "pricing.json",
                  {"updated": 1, "compute": {"vps_net": {"1": 9.5}}})
    write_pricing(isolated_pricing / ".libcloud" / "pricing.json", {"updated": 1, "compute": {"vps_net": {"1": 1.5}}})
    assert pricing.get_size_price("compute", "vps_net", "1") == 9.5


def test_bundled_prices_are_used_by_default():
    data = json.loads(Path(pricing.DEFAULT_PRICING_FILE_PATH).read_bytes())
    expected = data["compute"]["ec2_linux"]["t3.small"]["us-east-1"]
    assert pricing.get_size_price("compute", "ec2_linux", "t3.small", region="us-east-1") == expected
    assert pricing.get_size_price("compute", "vps_net", "1") == data["compute"]["vps_net"]["1"]


# -- get_pricing and its cache ---------------------------------------------------

def test_get_pricing_caches_only_the_requested_driver(test_file):
    table = pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))
    assert table == {"1": 1.0, "2": 2.0}
    assert "foo" in pricing.PRICING_DATA["compute"]
    assert "bar" not in pricing.PRICING_DATA["compute"]
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file)) is table
    # Without a path the cached table answers, as upstream.
    assert pricing.get_pricing("compute", "foo") is table


def test_cache_all_caches_every_table(test_file):
    pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file), cache_all=True)
    assert set(pricing.PRICING_DATA["compute"]) == set(TEST_DATA["compute"])
    assert pricing.PRICING_DATA["storage"] == {"blob": {"1": 0.5}}


def test_module_flag_caches_all(test_file, monkeypatch):
    monkeypatch.setattr(pricing, "CACHE_ALL_PRICING_DATA", True)
    pricing.get_pricing("compute", "bar", pricing_file_path=str(test_file))
    assert "foo" in pricing.PRICING_DATA["compute"]


def test_set_pricing_never_writes_into_the_parsed_file(test_file):
    pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file), cache_all=True)
    pricing.set_pricing("compute", "new", {"x": 1})
    again = pricing_files.load_pricing_file(test_file)
    assert "new" not in again["compute"]


def test_explicit_path_is_honoured_on_a_cache_hit(test_file, tmp_path):
    other = write_pricing(tmp_path / "other.json", {"updated": 2, "compute": {"foo": {"1": 42.0}}})
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))["1"] == 1.0
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(other))["1"] == 42.0
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))["1"] == 1.0


def test_explicit_path_beats_a_table_set_by_hand(test_file):
    pricing.set_pricing("compute", "foo", {"1": 7.0})
    assert pricing.get_pricing("compute", "foo")["1"] == 7.0
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))["1"] == 1.0


def test_each_file_is_parsed_once(test_file, monkeypatch):
    calls = []
    real_parse = pricing_files.parse_pricing_bytes

    def counting_parse(raw, source, strict=False):
        calls.append(source)
        return real_parse(raw, source, strict=strict)

    monkeypatch.setattr(pricing_files, "parse_pricing_bytes", counting_parse)
    for name in ("foo", "bar", "osc_test"):
        pricing.get_pricing("compute", name, pricing_file_path=str(test_file))
    pricing.invalidate_module_pricing_cache("compute", "foo")
    pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))
    assert calls == [str(test_file)]


def test_a_replaced_file_is_parsed_again(test_file):
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))["1"] == 1.0
    replacement = test_file.with_name("new.json")
    write_pricing(replacement, {"updated": 3, "compute": {"foo": {"1": 5.0, "padding": 123456.0}}})
    os.replace(replacement, test_file)
    pricing.invalidate_module_pricing_cache("compute", "foo")
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))["1"] == 5.0


def test_invalid_driver_type():
    with pytest.raises(AttributeError, match="Invalid driver type: nope"):
        pricing.get_pricing("nope", "foo")


def test_missing_file_raises_oserror():
    with pytest.raises(OSError):
        pricing.get_pricing("compute", "bar", pricing_file_path="inexistent.json")


def test_unknown_driver_raises_keyerror(test_file):
    with pytest.raises(KeyError):
        pricing.get_pricing("compute", "unknown", pricing_file_path=str(test_file))
    with pytest.raises(KeyError):
        pricing.get_size_price("compute", "unknown_driver", "1")


def test_corrupt_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"compute": {"foo": ')
    with pytest.raises(InvalidPricingDataError, match="bad.json is not valid JSON") as info:
        pricing.get_pricing("compute", "foo", pricing_file_path=str(bad))
    assert isinstance(info.value, pricing.JSONDecodeError)


def test_wrong_shape_local_file(tmp_path):
    bad = write_pricing(tmp_path / "list.json", [1, 2])
    with pytest.raises(InvalidPricingDataError, match="top level"):
        pricing.get_pricing("compute", "foo", pricing_file_path=str(bad))


def test_set_pricing_and_invalidation():
    pricing.set_pricing("compute", "foo", {"1": 1})
    pricing.set_pricing("storage", "bar", {"1": 2})
    assert pricing.get_pricing("compute", "foo") == {"1": 1}
    pricing.invalidate_module_pricing_cache("compute", "foo")
    assert "foo" not in pricing.PRICING_DATA["compute"]
    pricing.invalidate_module_pricing_cache("compute", "never-cached")
    assert "bar" in pricing.PRICING_DATA["storage"]
    pricing.clear_pricing_data()
    assert pricing.PRICING_DATA == {"compute": {}, "storage": {}}


def test_invalidate_after_replacing_the_user_file(isolated_pricing):
    user = isolated_pricing / ".libcloud_data" / "pricing.json"
    write_pricing(user, {"updated": 1, "compute": {"vps_net": {"1": 1.25}}})
    assert pricing.get_size_price("compute", "vps_net", "1") == 1.25
    write_pricing(user, {"updated": 2, "compute": {"vps_net": {"1": 2.5}}})
    assert pricing.get_size_price("compute", "vps_net", "1") == 1.25  # cached until invalidated
    pricing.invalidate_pricing_cache()
    assert pricing.get_size_price("compute", "vps_net", "1") == 2.5


def test_invalidate_forgets_parsed_files_even_when_the_file_looks_unchanged(test_file):
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))["1"] == 1.0
    st = test_file.stat()
    # Same size, same mtime: only invalidation can tell that the content changed.
    test_file.write_text(test_file.read_text().replace('"1": 1.0', '"1": 9.0'))
    os.utime(test_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert test_file.stat().st_size == st.st_size
    pricing.invalidate_pricing_cache()
    assert pricing.get_pricing("compute", "foo", pricing_file_path=str(test_file))["1"] == 9.0


# -- get_size_price -------------------------------------------------------------

def test_size_price_flat_and_string_prices():
    pricing.PRICING_DATA["compute"]["foo"] = {2: 2, "3": 3, "s": "0.230"}
    assert pricing.get_size_price("compute", "foo", 2) == 2.0
    assert pricing.get_size_price("compute", "foo", "3") == 3.0
    assert pricing.get_size_price("compute", "foo", "s") == 0.23
    assert pricing.get_size_price("compute", "foo", "missing") is None


def test_size_price_region_keyed(test_file):
    pricing.get_pricing("compute", "regional", pricing_file_path=str(test_file))
    assert pricing.get_size_price("compute", "regional", "m1", region="us-east-1") == 0.1
    assert pricing.get_size_price("compute", "regional", "m1", region="eu-west-1") == 0.12
    assert pricing.get_size_price("compute", "regional", "m1", region="mars-1") is None
    assert pricing.get_size_price("compute", "regional", "m9", region="us-east-1") is None


def test_region_keyed_table_without_region_is_a_clear_error(test_file):
    pricing.get_pricing("compute", "regional", pricing_file_path=str(test_file))
    with pytest.raises(PricingLookupError, match=r"per region \(us-east-1, eu-west-1\); pass region="):
        pricing.get_size_price("compute", "regional", "m1")


def test_flat_table_with_region_is_a_clear_error():
    pricing.set_pricing("compute", "foo", {"1": 1.0})
    with pytest.raises(PricingLookupError, match="not per region") as info:
        pricing.get_size_price("compute", "foo", "1", region="us-east-1")
    # Upstream raised TypeError here: old except clauses still catch it.
    assert isinstance(info.value, TypeError)


def test_real_region_keyed_table_without_region():
    with pytest.raises(PricingLookupError, match="'ec2_linux'"):
        pricing.get_size_price("compute", "ec2_linux", "t3.small")


# -- get_image_price ------------------------------------------------------------

GCE_IMAGES = {
    "RHEL": {"description": "RHEL7", "4vcpu or less": {"price": 0.06}, "6vcpu or more": {"price": 0.13}},
    "RHEL with Update Services": {"4vcpu or less": {"price": 0.11}, "6vcpu or more": {"price": 0.22}},
    "SLES": {"any": {"price": 0.09}, "f1": {"price": 0.02}, "g1": {"price": 0.03}},
    "SLES for SAP": {"1-2vcpu": {"price": 0.17}, "3-4vcpu": {"price": 0.34}, "6vcpu or more": {"price": 0.41}},
    "SQL Server": {"enterprise": {"price": 0.399}, "standard": {"price": 0.1645}, "web": {"price": 0.011}},
    "Windows Server": {"any": {"price": 0.046}, "f1": {"price": 0.008}, "g1": {"price": 0.017}},
}


@pytest.fixture
def gce_images():
    pricing.set_pricing("compute", "gce_images", GCE_IMAGES)


@pytest.mark.parametrize("image, size, cores, expected", [
    ("debian-10-buster-v20220519", "c2d-standard-4", 4, 0),
    ("rhel-7-v20220519", "n2d-highcpu-2", 2, 0.06),
    ("rhel-8-v20220519", "n2-standard-8", 8, 0.13),
    ("rhel-8-v20220519", "custom-5", 5, 0),  # between the tiers: unpriced
    ("rhel-8-sap-v20220519", "n2-standard-4", 4, 0.11),
    ("sles-15-sp1-sap-v20220126", "n2d-highcpu-2", 2, 0.17),
    ("sles-15-sp1-sap-v20220126", "n2-standard-4", 3, 0.34),
    ("sles-15-sp1-sap-v20220126", "n2-standard-16", 16, 0.41),
    ("sles-15-v20220126", "n2-standard-8", 8, 0.09),  # SLES is a flat fee
    ("sles-15-v20220126", "f1-micro", 1, 0.02),
    ("windows-server-2012-r2-dc-core-v20220513", "n2d-highcpu-2", 2, 0.046 * 2),
    ("windows-server-2019-dc-v20220513", "g1-small", 1, 0.017),
    ("sql-2012-standard-windows-2012-r2-dc-v20220513", "n2d-highcpu-2", 2, 0.1645),
    ("sql-2019-enterprise-windows-2019-dc-v20220513", "n2-standard-8", 8, 0.399),
])
def test_gce_image_prices(gce_images, image, size, cores, expected):
    assert pricing.get_image_price("gce_images", image, size, cores) == pytest.approx(expected)


def test_image_price_of_other_drivers_is_zero(gce_images):
    assert pricing.get_image_price("ec2_linux", "rhel-7") == 0


def test_image_price_without_size_name(gce_images):
    assert pricing.get_image_price("gce_images", "windows-server-2019", cores=4) == pytest.approx(0.046 * 4)


def test_image_price_with_bundled_data():
    bundled = json.loads(Path(pricing.DEFAULT_PRICING_FILE_PATH).read_bytes())["compute"]["gce_images"]
    price = pricing.get_image_price("gce_images", "sql-2016-web-windows-2016-dc", "n1-standard-2", 2)
    assert price == bundled["SQL Server"]["web"]["price"]
